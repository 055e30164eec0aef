#include "relate/story_records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace yuqing {
namespace {

constexpr int64_t kHour = 3600 * 1000;

TEST(StoryRecordsTest, FirstPublisherIsTheEarliestThenTheMostCredible) {
  StoryRecords records(24 * kHour);
  records.Add(
      "s", {.id = "farm", .site = "farm.example", .time_ms = 10 * kHour, .credibility = 0.1}, "");
  records.Add(
      "s", {.id = "wire", .site = "xinhuanet.com", .time_ms = 9 * kHour, .credibility = 0.9}, "");
  records.Add("s", {.id = "copy", .site = "copy.example", .time_ms = 9 * kHour, .credibility = 0.2},
              "wire");
  const StoryRecord* record = records.Find("s");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->first_publisher.id, "wire");  // same minute as "copy": the wire is credible
  EXPECT_EQ(record->items, 3u);
  ASSERT_EQ(record->reprints.size(), 1u);
  EXPECT_EQ(record->reprints[0].duplicate_of, "wire");
  EXPECT_TRUE(PublishedBefore({.id = "a", .time_ms = 1, .credibility = 0.9},
                              {.id = "b", .time_ms = 1, .credibility = 0.5}));
  EXPECT_TRUE(PublishedBefore({.id = "b", .time_ms = 0, .credibility = 0.1},
                              {.id = "a", .time_ms = 1, .credibility = 0.9}));
}

TEST(StoryRecordsTest, ForEachGoesByFirstItemThenId) {
  StoryRecords records(24 * kHour);
  // Many stories, so that the hash map's own order would differ from the wanted one.
  for (int i = 99; i >= 0; --i) {
    records.Add("s" + std::to_string(i),
                {.id = "i" + std::to_string(i), .time_ms = (i % 7) * kHour}, "");
  }
  std::vector<std::pair<int64_t, std::string>> seen;
  records.ForEach([&](const StoryRecord& r) { seen.emplace_back(r.first_ms, r.story_id); });
  ASSERT_EQ(seen.size(), 100u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.front(), std::make_pair(int64_t{0}, std::string("s0")));
  EXPECT_EQ(seen.back(), std::make_pair(6 * kHour, std::string("s97")));
}

TEST(StoryRecordsTest, MergeKeepsTheEarlierPublisherAndExpiryForgets) {
  StoryRecords records(kHour, 2);
  records.Add("old", {.id = "a", .time_ms = 0}, "");
  records.Add("young", {.id = "b", .time_ms = -5}, "");
  records.Add("young", {.id = "c", .time_ms = 1}, "b");
  records.Add("young", {.id = "d", .time_ms = 2}, "b");
  records.Add("young", {.id = "e", .time_ms = 3}, "b");
  records.Merge("young", "old");
  EXPECT_EQ(records.Find("young"), nullptr);
  const StoryRecord* merged = records.Find("old");
  ASSERT_NE(merged, nullptr);
  EXPECT_EQ(merged->first_publisher.id, "b");
  EXPECT_EQ(merged->items, 5u);
  EXPECT_EQ(merged->reprints.size(), 2u);  // capped
  EXPECT_EQ(merged->reprints_total, 3u);
  for (int64_t t = 0; t < 10 * kHour; t += kHour / 4) {
    records.Add("s" + std::to_string(t), {.id = "x" + std::to_string(t), .time_ms = t}, "");
  }
  EXPECT_LE(records.size(), 2u * (4 + 1) + 2);
  EXPECT_EQ(records.Find("old"), nullptr);
}

}  // namespace
}  // namespace yuqing
