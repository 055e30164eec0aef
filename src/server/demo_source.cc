#include "server/demo_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/item_jsonl.h"
#include "server/service.h"

namespace yuqing {

Result<std::unique_ptr<DemoSource>> DemoSource::Load(const std::string& path) {
  auto reader = ItemReader::Open(path);
  if (!reader.ok()) return reader.status();
  auto demo = std::make_unique<DemoSource>();
  Item item;
  BadRecord bad;
  std::vector<std::pair<int64_t, std::string>> timed;
  while (true) {
    const auto outcome = (*reader)->Next(&item, &bad);
    if (outcome == ItemReader::Outcome::kEnd) break;
    if (outcome == ItemReader::Outcome::kIoError) return (*reader)->io_error();
    if (outcome == ItemReader::Outcome::kBadRecord) return Status::InvalidInput(bad.Describe());
    std::string json;
    AppendItemJson(item, &json);
    timed.emplace_back(item.created_at.unix_ms, std::move(json));
  }
  if (timed.empty()) return Status::InvalidInput(path + ": no items");
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [ms, json] : timed) {
    demo->records_.push_back({ms - timed.front().first, std::move(json)});
  }
  return demo;
}

void DemoSource::Run(Service& service, ServiceClock& clock, double speed,
                     const std::atomic<bool>& stop) {
  const int64_t span_ms = records_.back().offset_ms;
  const int64_t origin_ms = ServiceClock::WallMs() - span_ms;
  clock.StartDemo(origin_ms, speed);
  const std::string prefix = "demo" + std::to_string(origin_ms / 1000) + "-";
  spdlog::info("serve: demo: {} items over {:.1f} stream hours at {}x ({:.1f} minutes)",
               records_.size(), span_ms / 3.6e6, speed, span_ms / speed / 60'000);
  ItemParser parser;
  size_t next = 0;
  while (next < records_.size() && !stop.load()) {
    const int64_t reached_ms = clock.NowMs() - origin_ms;
    std::vector<InboxEntry> batch;
    while (next < records_.size() && records_[next].offset_ms <= reached_ms && batch.size() < 500) {
      Item item;
      if (parser.Parse(records_[next].json, &item).ok()) {
        item.id = prefix + item.id;
        if (!item.parent_id.empty()) item.parent_id = prefix + item.parent_id;
        item.created_at = Timestamp{origin_ms + records_[next].offset_ms, 480};
        InboxEntry entry{.id = item.id, .source = "demo", .json = {}};
        AppendItemJson(item, &entry.json);
        batch.push_back(std::move(entry));
      }
      ++next;
    }
    if (!batch.empty()) {
      // The store refusing (busy, disk full) must not lose the batch: try again.
      while (!stop.load()) {
        auto taken = service.Ingest(batch);
        if (taken.ok()) break;
        spdlog::error("serve: demo: {}", taken.status().message());
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (next == records_.size()) spdlog::info("serve: demo: all {} items sent", next);
}

}  // namespace yuqing
