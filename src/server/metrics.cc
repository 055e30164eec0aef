#include "server/metrics.h"

#include <fmt/format.h>

namespace yuqing {
namespace {

// Label values escaped as the exposition format wants: backslash, quote, newline.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::CountItemsIn(const std::string& source, uint64_t n) {
  std::lock_guard lock(mutex_);
  items_in_[source] += n;
}

void Metrics::SetStageStats(std::vector<StageStats> stats) {
  std::lock_guard lock(mutex_);
  stages_ = std::move(stats);
}

void Metrics::SetQueueDepth(const std::string& queue, int64_t depth) {
  std::lock_guard lock(mutex_);
  queues_[queue] = depth;
}

void Metrics::SetDeliveries(int64_t delivered, int64_t pending, int64_t failed) {
  std::lock_guard lock(mutex_);
  delivered_ = delivered;
  pending_ = pending;
  failed_ = failed;
}

void Metrics::ObserveRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  ++request_count_;
  request_seconds_ += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP yuqing_items_in_total Items accepted into the inbox, by source.\n";
  out += "# TYPE yuqing_items_in_total counter\n";
  for (const auto& [source, n] : items_in_) {
    out += fmt::format("yuqing_items_in_total{{source=\"{}\"}} {}\n", Label(source), n);
  }
  out += "# HELP yuqing_items_stored_total Analysed items written to the store.\n";
  out += "# TYPE yuqing_items_stored_total counter\n";
  out += fmt::format("yuqing_items_stored_total {}\n", items_stored_.load());
  out += "# HELP yuqing_items Items in the store.\n";
  out += "# TYPE yuqing_items gauge\n";
  out += fmt::format("yuqing_items {}\n", items_total_.load());
  out += "# HELP yuqing_dead_letters_total Records set aside for a person to look at.\n";
  out += "# TYPE yuqing_dead_letters_total counter\n";
  out += fmt::format("yuqing_dead_letters_total {}\n", dead_lettered_.load());
  out += "# HELP yuqing_incident_events_total Detector events (opened, updated, ...).\n";
  out += "# TYPE yuqing_incident_events_total counter\n";
  out += fmt::format("yuqing_incident_events_total {}\n", incident_events_.load());
  out += "# HELP yuqing_stage_items_total Items that entered each analysis stage.\n";
  out += "# TYPE yuqing_stage_items_total counter\n";
  for (const StageStats& stage : stages_) {
    out += fmt::format("yuqing_stage_items_total{{stage=\"{}\"}} {}\n", Label(stage.name),
                       stage.items);
  }
  out += "# HELP yuqing_stage_failures_total Items a stage refused (dead-lettered).\n";
  out += "# TYPE yuqing_stage_failures_total counter\n";
  for (const StageStats& stage : stages_) {
    out += fmt::format("yuqing_stage_failures_total{{stage=\"{}\"}} {}\n", Label(stage.name),
                       stage.failures);
  }
  out += "# HELP yuqing_stage_seconds_total Time spent inside each stage.\n";
  out += "# TYPE yuqing_stage_seconds_total counter\n";
  for (const StageStats& stage : stages_) {
    out += fmt::format("yuqing_stage_seconds_total{{stage=\"{}\"}} {:.6f}\n", Label(stage.name),
                       static_cast<double>(stage.nanos) / 1e9);
  }
  out += "# HELP yuqing_queue_depth Records waiting in each queue.\n";
  out += "# TYPE yuqing_queue_depth gauge\n";
  for (const auto& [queue, depth] : queues_) {
    out += fmt::format("yuqing_queue_depth{{queue=\"{}\"}} {}\n", Label(queue), depth);
  }
  out += "# HELP yuqing_deliveries Alert deliveries in the outbox, by status.\n";
  out += "# TYPE yuqing_deliveries gauge\n";
  out += fmt::format("yuqing_deliveries{{status=\"delivered\"}} {}\n", delivered_);
  out += fmt::format("yuqing_deliveries{{status=\"pending\"}} {}\n", pending_);
  out += fmt::format("yuqing_deliveries{{status=\"failed\"}} {}\n", failed_);
  out += "# HELP yuqing_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE yuqing_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format("yuqing_http_requests_total{{route=\"{}\",code=\"{}\"}} {}\n",
                       Label(key.first), key.second, n);
  }
  out += "# HELP yuqing_http_request_seconds HTTP request latency.\n";
  out += "# TYPE yuqing_http_request_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out += fmt::format("yuqing_http_request_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                       bucket_counts_[i]);
  }
  out += fmt::format("yuqing_http_request_seconds_bucket{{le=\"+Inf\"}} {}\n", request_count_);
  out += fmt::format("yuqing_http_request_seconds_sum {:.6f}\n", request_seconds_);
  out += fmt::format("yuqing_http_request_seconds_count {}\n", request_count_);
  return out;
}

}  // namespace yuqing
