// relate (product.md §2.5): near-duplicates (simhash, duplicate_of: relate/near_duplicates.h),
// the story every item belongs to (story_id), from its parent, its near-duplicates and its
// content (relate/story_clusterer.h), the repost tree it grows (relate/repost_tree.h) and each
// story's first publisher and reprint chain (relate/story_records.h). Stateful: one instance
// sees the whole stream, on one thread.
#pragma once

#include <functional>
#include <string_view>

#include "core/item.h"
#include "pipeline/pipeline.h"
#include "relate/near_duplicates.h"
#include "relate/repost_tree.h"
#include "relate/story_clusterer.h"
#include "relate/story_records.h"

namespace yuqing {

struct RelateOptions {
  NearDuplicateOptions near_duplicates;
  StoryOptions stories;
  RepostOptions reposts;
  // A post (no parent; a short text, or a Weibo/forum/video/Q&A post) joins the story of a
  // copy only when that copy was published within this time: the same post made again days
  // later (a rumour resurfacing) starts a story of its own, still linked to its first publisher
  // by duplicate_of. Articles join their copies' story however late: a reprint is the same story.
  int64_t copy_story_window_ms = 24LL * 3600 * 1000;
};

// Told when a story is merged into an older one: items already written carry `from`, which
// stands for `into` from now on.
using StoryMergeLog =
    std::function<void(std::string_view from, std::string_view into, Timestamp at)>;

class RelateStage : public Stage {
 public:
  explicit RelateStage(RelateOptions options = {});
  std::string_view name() const override { return "relate"; }
  Status Process(Item& item) override;

  void set_merge_log(StoryMergeLog log) { merge_log_ = std::move(log); }
  // Keep each story's first publisher and reprint chain for ForEachStorySummary. Off unless
  // asked: only `analyze --stories` reads them, and a record per story (most have one item)
  // cost `yuqing analyze` 6% of its CPU on the bench_analyze input (docs/benchmarks.md).
  void KeepStoryRecords() { keep_records_ = true; }

  // With KeepStoryRecords() called before the first item: one JSON object per live story of at
  // least `min_items` items: {"event":"story", "story_id", "items", "first_at", "last_at",
  // "first_publisher":{id, site, author, at}, "reprints_total", "reprints":[{id, duplicate_of,
  // site, at}], "repost_tree":{root_id, nodes, depth, breadth, spreaders:[{id, author, reposts,
  // depth}]}}.
  void ForEachStorySummary(size_t min_items,
                           const std::function<void(const std::string& json)>& each) const;
  const StoryClusterer& stories() const { return stories_; }
  const NearDuplicateFinder& near_duplicates() const { return near_duplicates_; }
  const RepostForest& reposts() const { return reposts_; }

 private:
  NearDuplicateFinder near_duplicates_;
  StoryClusterer stories_;
  RepostForest reposts_;
  StoryRecords records_;
  StoryMergeLog merge_log_;
  bool keep_records_ = false;
  std::vector<StoryTerm> terms_;
  int64_t copy_story_window_ms_;
};

}  // namespace yuqing
