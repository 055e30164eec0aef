// The service's "now": the wall clock, except while a demo replays — then stream time runs
// `speed` times faster from the demo's origin in the past until it catches up with the wall
// clock. Deadlines, escalation sweeps, "last 24 hours" and the dashboard's countdowns all read
// this clock, so an accelerated demo behaves like a real day compressed.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace yuqing {

class ServiceClock {
 public:
  static int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // From now on stream time starts at `origin_ms` (≤ the wall clock) and runs `speed`×.
  void StartDemo(int64_t origin_ms, double speed) {
    wall_start_ms_.store(WallMs());
    origin_ms_.store(origin_ms);
    speed_milli_.store(static_cast<int64_t>(speed * 1000));
  }

  int64_t NowMs() const {
    const int64_t wall = WallMs();
    const int64_t speed_milli = speed_milli_.load();
    if (speed_milli == 0) return wall;
    const int64_t stream = origin_ms_.load() + (wall - wall_start_ms_.load()) * speed_milli / 1000;
    return std::min(wall, stream);
  }

 private:
  std::atomic<int64_t> wall_start_ms_{0};
  std::atomic<int64_t> origin_ms_{0};
  std::atomic<int64_t> speed_milli_{0};  // 0: wall clock
};

}  // namespace yuqing
