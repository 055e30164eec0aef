#include "relate/story_records.h"

#include <gtest/gtest.h>

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
