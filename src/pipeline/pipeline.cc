#include "pipeline/pipeline.h"

#include <chrono>

namespace yuqing {

void Pipeline::Add(std::unique_ptr<Stage> stage) {
  stats_.push_back(StageStats{std::string(stage->name())});
  stages_.push_back(std::move(stage));
}

Status Pipeline::Process(Item& item, std::string* failed_stage) {
  for (size_t i = 0; i < stages_.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    Status s = stages_[i]->Process(item);
    StageStats& stats = stats_[i];
    stats.nanos += static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::steady_clock::now() - start)
                                             .count());
    ++stats.items;
    if (!s.ok()) {
      ++stats.failures;
      *failed_stage = stats.name;
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace yuqing
