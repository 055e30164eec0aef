// The in-process pipeline: items from a source pass through stages in order, then to sinks
// (sources → stages → sinks, product.md §2). A stage that fails on an item says why; the
// caller dead-letters that item and goes on with the next.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/status.h"

namespace yuqing {

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  // Adds this stage's fields to the item. An error means this item cannot go on.
  virtual Status Process(Item& item) = 0;
};

struct StageStats {
  std::string name;
  uint64_t items = 0;     // items that entered the stage
  uint64_t failures = 0;  // items the stage refused
  uint64_t nanos = 0;     // time spent inside the stage
};

class Pipeline {
 public:
  void Add(std::unique_ptr<Stage> stage);

  // Runs every stage over the item. On failure, *failed_stage names the stage.
  Status Process(Item& item, std::string* failed_stage) {
    return ProcessStages(item, 0, stages_.size(), failed_stage);
  }
  // Runs stages [first, last) only: two threads may each run their own range (a stage is only
  // ever called from one thread), e.g. segmentation on one core and the rest on the other.
  Status ProcessStages(Item& item, size_t first, size_t last, std::string* failed_stage);
  // The index of the first stage after the one named `name`, or 0 when there is none.
  size_t IndexAfter(std::string_view name) const;
  size_t size() const { return stages_.size(); }

  bool empty() const { return stages_.empty(); }
  const std::vector<StageStats>& stats() const { return stats_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
  std::vector<StageStats> stats_;
};

}  // namespace yuqing
