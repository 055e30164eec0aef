// Live updates for Server-Sent Events: the pipeline publishes item and incident summaries; each
// connected client has a bounded queue (a slow client loses old events, never blocks the
// pipeline) and reads what is new. Events carry the region codes they concern so each client
// gets only its jurisdiction's.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace yuqing {

struct LiveEvent {
  std::string type;                       // "item" | "incident"
  std::string json;                       // the data line
  std::vector<std::string> region_codes;  // whom it concerns; empty: national only
};

class EventHub {
 public:
  class Subscription {
   public:
    // Waits up to `wait_ms` for the next event; nothing when none came or the hub closed.
    std::optional<LiveEvent> Next(int wait_ms);
    bool closed() const;

   private:
    friend class EventHub;
    EventHub* hub_ = nullptr;
    std::deque<LiveEvent> queue_;
  };

  std::shared_ptr<Subscription> Subscribe();
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);
  void Publish(const LiveEvent& event);
  void Close();  // wakes every subscriber; Next returns nothing from then on
  size_t subscribers() const;

 private:
  static constexpr size_t kQueueLimit = 256;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<Subscription>> subscriptions_;
  bool closed_ = false;
};

}  // namespace yuqing
