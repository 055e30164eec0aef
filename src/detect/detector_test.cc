#include "detect/detector.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/resources.h"

namespace yuqing {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kStart = 1709222400000;  // 2024-03-01T00:00:00+08:00

struct Recorded {
  IncidentEventKind kind;
  int64_t at_ms;
  std::string id;
  Grade grade;
  uint32_t items;
  std::string merged_from;
};

class DetectorTest : public ::testing::Test {
 protected:
  DetectorTest() : detector_(DetectOptions{}, SensitiveTerms()) {}

  void Feed(const std::string& id, const std::string& story, int64_t at_ms,
            const std::string& sentiment = "neutral") {
    Item item;
    item.id = id;
    item.platform = Platform::kWeibo;
    item.created_at = Timestamp{at_ms, 480};
    item.analysis.story_id = story;
    item.analysis.sentiment = SentimentScore{sentiment, 0};
    detector_.Observe(item, Sink());
  }
  IncidentEventSink Sink() {
    return [this](const IncidentEvent& e) {
      events_.push_back({e.kind, e.at.unix_ms, e.incident->id, e.incident->grade,
                         e.incident->item_count(), e.merged_from});
    };
  }
  // `n` items of `story`, evenly over `minutes` from `from`.
  void Burst(const std::string& story, int n, int64_t from, double minutes) {
    for (int i = 0; i < n; ++i) {
      Feed(story + "-" + std::to_string(next_++), story,
           from + static_cast<int64_t>(minutes * kMinute * i / n));
    }
  }
  const Recorded* FirstPage(const std::string& incident) const {
    for (const auto& e : events_) {
      if (e.id == incident && Pages(e.grade)) return &e;
    }
    return nullptr;
  }

  Detector detector_;
  std::vector<Recorded> events_;
  int next_ = 0;
};

TEST_F(DetectorTest, AFastCascadePagesWithinMinutesAndASlowOneDoesNot) {
  Burst("fast", 60, kStart, 6);        // 60 items in 6 minutes
  Burst("slow", 20, kStart, 20 * 60);  // 20 items over 20 hours
  const Recorded* page = FirstPage("inc-fast");
  ASSERT_NE(page, nullptr);
  EXPECT_LE(page->at_ms - kStart, 5 * kMinute);
  EXPECT_EQ(FirstPage("inc-slow"), nullptr);
}

TEST_F(DetectorTest, IncidentCarriesEveryItemSoFar) {
  Burst("s", 40, kStart, 4);
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_.front().kind, IncidentEventKind::kOpened);
  EXPECT_EQ(events_.back().items <= 40u, true);
  uint32_t last = 0;
  for (const auto& e : events_) {
    EXPECT_GE(e.items, last);  // item_ids only grow
    last = e.items;
  }
}

TEST_F(DetectorTest, UpdatesAreRateLimitedInStreamTime) {
  Burst("s", 2000, kStart, 60);  // one item every 1.8 s for an hour
  int updates = 0;
  int64_t previous = INT64_MIN;
  for (const auto& e : events_) {
    if (e.kind != IncidentEventKind::kUpdated) continue;
    ++updates;
    if (previous != INT64_MIN) {
      EXPECT_GE(e.at_ms - previous, 5 * kMinute);
    }
    previous = e.at_ms;
  }
  EXPECT_GT(updates, 0);
  EXPECT_LE(updates, 12);
}

TEST_F(DetectorTest, ClosesAfterQuietAndMergesStories) {
  Burst("a", 50, kStart, 5);
  Burst("b", 50, kStart + kMinute, 5);
  detector_.MergeStories("b", "a", Timestamp{kStart + 7 * kMinute, 480}, Sink());
  ASSERT_EQ(events_.back().kind, IncidentEventKind::kMerged);
  EXPECT_EQ(events_.back().id, "inc-a");
  EXPECT_EQ(events_.back().merged_from, "inc-b");
  EXPECT_EQ(events_.back().items, 100u);
  // 13 hours later another story's item moves the clock: the quiet incident closes.
  Feed("late", "other", kStart + 13 * 60 * kMinute);
  bool closed = false;
  for (const auto& e : events_) closed |= e.kind == IncidentEventKind::kClosed && e.id == "inc-a";
  EXPECT_TRUE(closed);
  EXPECT_EQ(detector_.stats().open_incidents, 0u);
}

TEST_F(DetectorTest, QuietStoriesAreForgotten) {
  for (int day = 0; day < 10; ++day) {
    for (int i = 0; i < 1000; ++i) {
      Feed("d" + std::to_string(day) + "-" + std::to_string(i),
           "story-" + std::to_string(day) + "-" + std::to_string(i),
           kStart + day * 24 * 60 * kMinute + i * kMinute);
    }
  }
  EXPECT_LE(detector_.stats().live_stories, 3000u);  // about two days' worth, not ten
}

TEST_F(DetectorTest, ASchemeSurgeInACountyAndEmergingWordsBecomeReasons) {
  std::vector<std::string> reasons;
  auto keep = [&](const IncidentEvent& e) { reasons = e.incident->reasons; };
  auto item_at = [](const std::string& id, const std::string& story, int64_t at,
                    std::vector<std::string> keywords) {
    Item item;
    item.id = id;
    item.created_at = Timestamp{at, 480};
    item.analysis.story_id = story;
    item.analysis.schemes = std::vector<std::string>{"pension"};
    item.analysis.regions = std::vector<RegionMatch>{
        {.code = "510107", .name = "武侯区", .level = "county", .path = "四川省/成都市/武侯区"}};
    item.analysis.keywords = std::move(keywords);
    return item;
  };
  // A day of ordinary background: a pension post from the county every hour, each its own story.
  for (int hour = 0; hour < 24; ++hour) {
    detector_.Observe(item_at("bg" + std::to_string(hour), "bg" + std::to_string(hour),
                              kStart + hour * 60 * kMinute, {"养老金", "领取"}),
                      keep);
  }
  // Then one story: 200 items in ten minutes about pensions stopped in that county.
  const int64_t t0 = kStart + 24 * 60 * kMinute;
  for (int i = 0; i < 200; ++i) {
    detector_.Observe(
        item_at("s" + std::to_string(i), "surge", t0 + i * 3000, {"养老金", "停发", "讨说法"}),
        keep);
  }
  std::string all;
  for (const auto& r : reasons) all += r + "\n";
  EXPECT_NE(all.find("surge: pension × 四川省"), std::string::npos) << all;
  EXPECT_NE(all.find("emerging terms: "), std::string::npos) << all;
  EXPECT_NE(all.find("停发"), std::string::npos) << all;
  EXPECT_EQ(all.find("emerging terms: 养老金\n"), std::string::npos) << all;
}

// The same burst pages on a county's quiet stream and not on a busy national one: the alert
// volume follows the stream's own daily volume.
TEST(DetectorCalibration, TheAlertVolumeFollowsTheStreamsOwnVolume) {
  auto pages_after_background = [](int background_per_hour) {
    DetectOptions options;
    options.alert_share = 0.05;  // 5% of a day's items (the default share is for real streams)
    Detector detector(options, SensitiveTerms());
    bool paged = false;
    auto sink = [&](const IncidentEvent& e) {
      paged |= e.incident->story_id == "burst" && Pages(e.incident->grade);
    };
    auto feed = [&](const std::string& id, const std::string& story, int64_t at) {
      Item item;
      item.id = id;
      item.created_at = Timestamp{at, 480};
      item.analysis.story_id = story;
      detector.Observe(item, sink);
    };
    // Two days of background, each item its own story.
    for (int64_t i = 0; i < 48LL * background_per_hour; ++i) {
      feed("bg" + std::to_string(i), "bg" + std::to_string(i),
           kStart + i * 3600 * 1000 / background_per_hour);
    }
    const int64_t t0 = kStart + 48 * 60 * kMinute;
    for (int i = 0; i < 60; ++i) feed("b" + std::to_string(i), "burst", t0 + i * 10 * 1000);
    return paged;
  };
  EXPECT_TRUE(pages_after_background(10));     // 240 a day: the floor (137) applies
  EXPECT_FALSE(pages_after_background(2000));  // 48,000 a day: pages from 2,400
}

TEST(DetectorSensitivity, OneCommentInHundredsDoesNotMakeAStorySensitive) {
  std::string error;
  SensitiveTerms terms =
      SensitiveTerms::Load(ResourcePath("resources/detect/sensitive_terms.tsv"), &error);
  ASSERT_TRUE(error.empty()) << error;
  auto reasons_after = [&](const std::string& first_text, int dying_comments) {
    Detector detector(DetectOptions{}, terms);
    std::vector<std::string> reasons;
    auto keep = [&](const IncidentEvent& e) { reasons = e.incident->reasons; };
    for (int i = 0; i < 300; ++i) {
      Item item;
      item.id = "i" + std::to_string(i);
      item.created_at = Timestamp{kStart + i * 1000, 480};
      item.analysis.story_id = "s";
      // Segmented by hand: each word ends where the next begins.
      const std::string text = i == 0 ? first_text : i <= dying_comments ? "笑死了" : "转发";
      item.analysis.clean_text = text;
      if (text == "笑死了") {
        item.analysis.word_ends = {3, 9};  // 笑 | 死了
      } else {
        item.analysis.word_ends = {static_cast<uint32_t>(text.size())};
      }
      detector.Observe(item, keep);
    }
    std::string all;
    for (const auto& r : reasons) all += r + "\n";
    return all;
  };
  EXPECT_EQ(reasons_after("转发", 1).find("sensitive"), std::string::npos);
  EXPECT_NE(reasons_after("转发", 60).find("sensitive: death"), std::string::npos);
  EXPECT_NE(reasons_after("骗保", 0).find("sensitive: fraud"), std::string::npos);
}

TEST(DetectorTitle, FromTheFirstItemsTextWhenThereIsNoCleanText) {
  Detector detector(DetectOptions{}, SensitiveTerms());
  std::string title;
  auto keep = [&](const IncidentEvent& e) { title = e.incident->title; };
  for (int i = 0; i < 60; ++i) {
    Item item;
    item.id = "t" + std::to_string(i);
    item.created_at = Timestamp{kStart + i * 1000, 480};
    item.analysis.story_id = "s";
    item.text =
        "某市社保局宣布养老金停发，退休职工到社保大厅讨说法，现场有上百人，已持续两个小时仍未散去";
    item.analysis.source_class = "media";
    detector.Observe(item, keep);
  }
  EXPECT_EQ(title,
            "某市社保局宣布养老金停发，退休职工到社保大厅讨说法，现场有上百人，已持续两个小时");
}

TEST(SensitiveTermsTest, ShippedListLoads) {
  std::string error;
  SensitiveTerms terms =
      SensitiveTerms::Load(ResourcePath("resources/detect/sensitive_terms.tsv"), &error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(terms.KindOf("骗保"), "fraud");
  EXPECT_EQ(terms.KindOf("养老金"), "");
  SensitiveTerms missing = SensitiveTerms::Load("/nonexistent/terms.tsv", &error);
  EXPECT_NE(error.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
