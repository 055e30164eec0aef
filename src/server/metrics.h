// The service's counters for /metrics (Prometheus text exposition format 0.0.4): items in per
// source, per stage (from the pipeline's own StageStats), queue depths, deliveries, and HTTP
// requests with a latency histogram. Cheap to update from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace yuqing {

class Metrics {
 public:
  void CountItemsIn(const std::string& source, uint64_t n);
  void CountItemsStored(uint64_t n) {
    items_stored_ += n;
    items_total_ += static_cast<int64_t>(n);
  }
  // Items in the store (set at start, then kept by stores and retention deletions).
  void SetItemsTotal(int64_t n) { items_total_ = n; }
  void CountItemsDeleted(int64_t n) { items_total_ -= n; }
  int64_t items_total() const { return items_total_; }
  void CountDeadLettered(uint64_t n) { dead_lettered_ += n; }
  void CountIncidentEvents(uint64_t n) { incident_events_ += n; }
  void SetStageStats(std::vector<StageStats> stats);
  void SetQueueDepth(const std::string& queue, int64_t depth);
  void SetDeliveries(int64_t delivered, int64_t pending, int64_t failed);
  // `route` is the pattern ("/api/items/{id}"), never the raw path: bounded label values.
  void ObserveRequest(const std::string& route, int status, double seconds);

  std::string Render() const;
  uint64_t items_stored() const { return items_stored_; }

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  std::atomic<uint64_t> items_stored_{0}, dead_lettered_{0}, incident_events_{0};
  std::atomic<int64_t> items_total_{0};
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> items_in_;
  std::vector<StageStats> stages_;
  std::map<std::string, int64_t> queues_;
  int64_t delivered_ = 0, pending_ = 0, failed_ = 0;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t request_count_ = 0;
  double request_seconds_ = 0;
};

}  // namespace yuqing
