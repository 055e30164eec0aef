#include "pipeline/pipeline.h"

#include <chrono>

namespace yuqing {

void Pipeline::Add(std::unique_ptr<Stage> stage) {
  stats_.push_back(StageStats{std::string(stage->name())});
  stages_.push_back(std::move(stage));
}

size_t Pipeline::IndexAfter(std::string_view name) const {
  for (size_t i = 0; i < stages_.size(); ++i) {
    if (stages_[i]->name() == name) return i + 1;
  }
  return 0;
}

Status Pipeline::ProcessStages(Item& item, size_t first, size_t last, std::string* failed_stage) {
  // One clock reading per stage: a stage's end is the next one's start (the clock was 2% of
  // `yuqing analyze` when each stage read it twice).
  auto start = std::chrono::steady_clock::now();
  for (size_t i = first; i < last && i < stages_.size(); ++i) {
    Status s = stages_[i]->Process(item);
    const auto end = std::chrono::steady_clock::now();
    StageStats& stats = stats_[i];
    stats.nanos += static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
    start = end;
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
