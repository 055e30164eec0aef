#include "relate/story_clusterer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace yuqing {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kDay = 24 * 60 * kMinute;

std::vector<StoryTerm> Terms(std::initializer_list<const char*> words) {
  std::vector<StoryTerm> terms;
  for (const char* w : words) terms.push_back({w, 1.0});
  return terms;
}

TEST(StoryClustererTest, RepliesJoinTheirParentsStoryAcrossDepth) {
  StoryClusterer stories;
  EXPECT_EQ(stories.Assign({.item_id = "root", .time_ms = 0}).story_id, "root");
  auto a = stories.Assign({.item_id = "a", .parent_id = "root", .time_ms = kMinute});
  EXPECT_EQ(a.story_id, "root");
  EXPECT_EQ(a.reason, StoryReason::kParent);
  EXPECT_EQ(stories.Assign({.item_id = "b", .parent_id = "a", .time_ms = 2 * kMinute}).story_id,
            "root");
  EXPECT_EQ(stories.Assign({.item_id = "other", .time_ms = 3 * kMinute}).story_id, "other");
}

TEST(StoryClustererTest, ReplyBeforeItsParentIsJoinedByTheParent) {
  StoryClusterer stories;
  EXPECT_EQ(stories.Assign({.item_id = "r1", .parent_id = "late", .time_ms = 0}).story_id, "r1");
  EXPECT_EQ(stories.Assign({.item_id = "r2", .parent_id = "late", .time_ms = 1}).story_id, "r1");
  auto parent = stories.Assign({.item_id = "late", .time_ms = 2});
  EXPECT_EQ(parent.story_id, "r1");
  EXPECT_EQ(parent.reason, StoryReason::kParent);
}

TEST(StoryClustererTest, ContentPlacesARewriteAndKeepsUnrelatedApart) {
  StoryClusterer stories;
  const auto first = Terms({"养老金", "上调", "退休人员", "基本", "通知"});
  const auto rewrite = Terms({"养老金", "上调", "退休人员", "今年", "幅度"});
  const auto unrelated = Terms({"医保", "报销", "异地", "备案", "流程"});
  EXPECT_EQ(stories.Assign({.item_id = "n1", .time_ms = 0, .terms = first}).story_id, "n1");
  auto placed = stories.Assign({.item_id = "n2", .time_ms = kMinute, .terms = rewrite});
  EXPECT_EQ(placed.story_id, "n1");
  EXPECT_EQ(placed.reason, StoryReason::kContent);
  EXPECT_GE(placed.similarity, 0.5);
  EXPECT_EQ(stories.Assign({.item_id = "n3", .time_ms = 2 * kMinute, .terms = unrelated}).story_id,
            "n3");
}

TEST(StoryClustererTest, AnOriginalResurfacingAfterADayOfRepliesIsANewStory) {
  StoryClusterer stories;
  const auto words = Terms({"养老金", "停发", "退休", "职工", "社保局"});
  EXPECT_EQ(stories.Assign({.item_id = "first", .time_ms = 0, .terms = words}).story_id, "first");
  // The first post keeps getting replies for two days, but no new originals.
  for (int hour = 1; hour <= 48; ++hour) {
    stories.Assign({.item_id = "reply" + std::to_string(hour),
                    .parent_id = "first",
                    .time_ms = hour * 60 * kMinute});
  }
  // Within a day of an original, the same words join it; later they start a story of their own.
  StoryClusterer fresh;
  fresh.Assign({.item_id = "first", .time_ms = 0, .terms = words});
  EXPECT_EQ(fresh.Assign({.item_id = "soon", .time_ms = 60 * kMinute, .terms = words}).story_id,
            "first");
  EXPECT_EQ(
      stories.Assign({.item_id = "again", .time_ms = 49 * 60 * kMinute, .terms = words}).story_id,
      "again");
  // Replies still find their own story.
  EXPECT_EQ(
      stories.Assign({.item_id = "r", .parent_id = "first", .time_ms = 50 * 60 * kMinute}).story_id,
      "first");
}

TEST(StoryClustererTest, ShortItemsAreNotPlacedByContentAlone) {
  StoryClusterer stories;
  stories.Assign({.item_id = "n1", .time_ms = 0, .terms = Terms({"养老金", "上调", "通知"})});
  const auto two_words = Terms({"养老金", "上调"});
  auto placed = stories.Assign({.item_id = "n2", .time_ms = 1, .terms = two_words});
  EXPECT_EQ(placed.story_id, "n2");
  EXPECT_EQ(placed.reason, StoryReason::kNew);
}

TEST(StoryClustererTest, DuplicateAndParentInTwoStoriesMergeIntoTheOlder) {
  StoryClusterer stories;
  stories.Assign({.item_id = "old", .time_ms = 0});
  stories.Assign({.item_id = "young", .time_ms = kMinute});
  auto bridge = stories.Assign(
      {.item_id = "x", .parent_id = "young", .duplicate_of = "old", .time_ms = 2 * kMinute});
  EXPECT_EQ(bridge.story_id, "old");
  ASSERT_EQ(bridge.merged_ids.size(), 1u);
  EXPECT_EQ(bridge.merged_ids[0], "young");
  EXPECT_EQ(stories.Resolve("young"), "old");
  EXPECT_EQ(stories.Assign({.item_id = "y", .parent_id = "young", .time_ms = 3 * kMinute}).story_id,
            "old");
  EXPECT_EQ(stories.stats().merges, 1u);
}

TEST(StoryClustererTest, IdleStoriesExpireAndMemoryStaysFlat) {
  StoryOptions options;
  options.window_ms = kDay;
  StoryClusterer stories(options);
  size_t peak_items = 0;
  // Ten simulated days, one new story a minute, each with one reply: the live state must stay
  // around one window's worth.
  for (int64_t minute = 0; minute < 10 * 24 * 60; minute++) {
    const std::string id = "s" + std::to_string(minute);
    const std::string reply = "r" + std::to_string(minute);
    stories.Assign({.item_id = id, .time_ms = minute * kMinute});
    stories.Assign({.item_id = reply, .parent_id = id, .time_ms = minute * kMinute + 1});
    if (minute > 2 * 24 * 60) peak_items = std::max(peak_items, stories.stats().live_items);
  }
  const StoryStats stats = stories.stats();
  // A sweep waits for half as many items as there are story slots, so a few windows' worth
  // stays: bounded, whatever the length of the stream.
  constexpr size_t kWindowStories = 24 * 60 + 24 * 60 / 16 + 2;
  EXPECT_LE(peak_items, 4 * kWindowStories);
  EXPECT_LE(stats.live_stories, 2 * kWindowStories);
  // An item whose parent has been forgotten opens a story of its own.
  EXPECT_EQ(stories.Assign({.item_id = "late", .parent_id = "s0", .time_ms = 10 * kDay}).story_id,
            "late");
}

TEST(StoryClustererTest, AStreamOfOnlyNewStoriesStaysBounded) {
  StoryOptions options;
  options.window_ms = kDay;
  options.item_window_ms = kDay / 4;
  StoryClusterer stories(options);
  for (int64_t minute = 0; minute < 10 * 24 * 60; minute++) {
    stories.Assign({.item_id = "s" + std::to_string(minute), .time_ms = minute * kMinute});
  }
  // Each item opens a story, so the state grows by one per item between sweeps; sweeps come
  // at least every time the items since the last one reach half the state.
  EXPECT_LE(stories.stats().live_stories, 3u * (24 * 60 + 24 * 60 / 16) + 2);
}

TEST(StoryClustererTest, EmptyAndOddInputDoNotCrash) {
  StoryClusterer stories;
  std::vector<StoryTerm> odd = {{"", 1.0}, {"x", 0.0}, {"y", -1.0}, {"z", 1e300}};
  auto a = stories.Assign({.item_id = "a", .time_ms = -5, .terms = odd});
  EXPECT_EQ(a.story_id, "a");
  auto b = stories.Assign({.item_id = "a", .parent_id = "a", .time_ms = INT64_MAX / 2});
  EXPECT_EQ(b.story_id, "a");
}

}  // namespace
}  // namespace yuqing
