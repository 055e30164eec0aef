// The demo source of `yuqing serve --demo`: replays a bundled sample of real items (data/demo/)
// accelerated. The sample's first item is placed `span` before the wall clock and stream time
// runs `speed`× from there (ServiceClock::StartDemo), so the items, a map and incidents appear
// within the first minute, and the last item lands at the real "now". Ids get a per-run prefix
// so a second demo on the same data folder is new data, not duplicates.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/service_clock.h"

namespace yuqing {

class Service;

class DemoSource {
 public:
  // Reads and orders the sample; a bad record is an error naming file and line (the sample
  // is ours and must be clean).
  static Result<std::unique_ptr<DemoSource>> Load(const std::string& path);

  // Sets the clock's demo origin and speed, then feeds items into the service as stream time
  // reaches them, until done or `stop`.
  void Run(Service& service, ServiceClock& clock, double speed, const std::atomic<bool>& stop);

  size_t size() const { return records_.size(); }

 private:
  struct Record {
    int64_t offset_ms;  // after the sample's first item
    std::string json;   // the item, to be re-timed
  };
  std::vector<Record> records_;
};

}  // namespace yuqing
