#include "relate/near_duplicates.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "nlp/segmenter.h"

namespace yuqing {
namespace {

constexpr int64_t kMinute = 60 * 1000;

const Segmenter& Words() {
  static const std::unique_ptr<Segmenter> segmenter = [] {
    auto loaded = Segmenter::Load();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return std::move(loaded.value());
  }();
  return *segmenter;
}

// Checks `text` as an item of the stream, segmented as the pipeline does.
NearDuplicateResult Check(NearDuplicateFinder& finder, const std::string& id,
                          const std::string& text, int64_t time_ms, double credibility = 0.5,
                          const std::string& url = "") {
  std::vector<std::string_view> words;
  Words().Cut(text, &words);
  std::vector<uint32_t> ends;
  for (const auto w : words)
    ends.push_back(static_cast<uint32_t>(w.data() + w.size() - text.data()));
  return finder.Check({.id = id,
                       .url = url,
                       .clean_text = text,
                       .word_ends = ends,
                       .time_ms = time_ms,
                       .credibility = credibility});
}

const std::string kArticle =
    "人力资源社会保障部、财政部日前印发通知，从2024年1月1日起，为2023年底前已按规定办理退休手续"
    "并按月领取基本养老金的企业和机关事业单位退休人员提高基本养老金水平，总体调整水平为2023年退休"
    "人员月人均基本养老金的3%。各地要把调整情况及时报送人力资源社会保障部和财政部，确保调整后的基本"
    "养老金按时足额发放到位。";

TEST(NearDuplicateFinderTest, AReprintNamesTheEarlierOriginal) {
  NearDuplicateFinder finder;
  auto original = Check(finder, "wire", kArticle, 0);
  EXPECT_TRUE(original.simhash.has_value());
  EXPECT_EQ(original.duplicate_of, "");
  auto reprint =
      Check(finder, "farm", "原标题：养老金上调 " + kArticle + "（来源：新华社）责任编辑：张三",
            30 * kMinute);
  EXPECT_EQ(reprint.duplicate_of, "wire");
  EXPECT_NE(reprint.evidence, DuplicateEvidence::kNone);
  // A copy of the copy still names the first publisher of the chain.
  auto third = Check(finder, "third", kArticle + "[赞][赞]", 60 * kMinute);
  EXPECT_EQ(third.duplicate_of, "wire");
}

TEST(NearDuplicateFinderTest, TellsHowFreshTheLatestCopyIs) {
  NearDuplicateFinder finder;
  EXPECT_EQ(Check(finder, "a", kArticle, 0).latest_copy_ms, INT64_MIN);
  Check(finder, "b", kArticle, 30 * kMinute);
  auto c = Check(finder, "c", kArticle, 90 * kMinute);
  EXPECT_EQ(c.duplicate_of, "a");
  EXPECT_EQ(c.latest_copy_ms, 30 * kMinute);  // the most recent copy, not the first publisher
}

TEST(NearDuplicateFinderTest, AnEarlierCopyArrivingLateIsTheFirstPublisher) {
  NearDuplicateFinder finder;
  Check(finder, "later", kArticle, 60 * kMinute);
  // Published an hour earlier, seen second: it duplicates nothing earlier than itself, but
  // names the copy it matched (the same story).
  auto earlier = Check(finder, "earlier", kArticle, 0);
  EXPECT_EQ(earlier.duplicate_of, "");
  EXPECT_EQ(earlier.matched, "later");
  // A third copy names the earliest of the two.
  EXPECT_EQ(Check(finder, "third", kArticle, 90 * kMinute).duplicate_of, "earlier");
}

TEST(NearDuplicateFinderTest, SamePublishTimeGoesToTheMoreCredibleSource) {
  NearDuplicateFinder finder;
  Check(finder, "farm", kArticle, 0, /*credibility=*/0.1);
  Check(finder, "xinhua", kArticle, 0, /*credibility=*/0.95);
  EXPECT_EQ(Check(finder, "copy", kArticle, kMinute).duplicate_of, "xinhua");
}

TEST(NearDuplicateFinderTest, RepostsSharingAChainAreNotDuplicatesOfEachOther) {
  NearDuplicateFinder finder;
  const std::string chain = "//@人民日报:" + kArticle;
  EXPECT_EQ(Check(finder, "r1", "这个政策太好了，终于等到了" + chain, 0).duplicate_of, "");
  EXPECT_EQ(Check(finder, "r2", "我们这里什么时候能发下来呀" + chain, kMinute).duplicate_of, "");
  // Nor is a pure repost, or a two-word comment, anybody's copy.
  EXPECT_EQ(Check(finder, "r3", "转发微博" + chain, 2 * kMinute).duplicate_of, "");
  EXPECT_EQ(Check(finder, "r4", "支持[赞]", 3 * kMinute).duplicate_of, "");
  EXPECT_EQ(Check(finder, "r5", "支持[赞]", 4 * kMinute).duplicate_of, "");
}

TEST(NearDuplicateFinderTest, ShortPostsUseMinHash) {
  NearDuplicateFinder finder;
  const std::string post = "我市社保卡申领点增加到一百二十个，市民可就近办理，不用再跑远路了";
  Check(finder, "p1", post, 0);
  auto copy = Check(finder, "p2", post + "[心]http://t.cn/A6abcd", kMinute);
  EXPECT_EQ(copy.duplicate_of, "p1");
  EXPECT_EQ(copy.evidence, DuplicateEvidence::kMinHash);
  EXPECT_EQ(
      Check(finder, "p3", "医保异地就医备案可以在手机上办理，几分钟就好", 2 * kMinute).duplicate_of,
      "");
}

TEST(NearDuplicateFinderTest, SameUrlIsADuplicateAndOldItemsAreForgotten) {
  NearDuplicateFinder finder(NearDuplicateOptions{.window_seconds = 3600});
  Check(finder, "a", "第一篇", 0, 0.5, "https://www.example.gov.cn/news/1.html?utm_source=x");
  auto same = Check(finder, "b", "标题不同", kMinute, 0.5, "http://example.gov.cn/news/1.html");
  EXPECT_EQ(same.duplicate_of, "a");
  EXPECT_EQ(same.evidence, DuplicateEvidence::kUrl);
  Check(finder, "c", kArticle, 2 * kMinute);
  // Two hours later the window has moved past "c".
  EXPECT_EQ(Check(finder, "d", kArticle, 2 * 60 * kMinute + 3 * kMinute).duplicate_of, "");
  EXPECT_LE(finder.stats().items, 2u);
}

TEST(NearDuplicateFinderTest, OddInputDoesNotCrash) {
  NearDuplicateFinder finder;
  const std::string bad = "\xff\xfe\xe4\xb8";
  EXPECT_EQ(Check(finder, "", bad, -1).duplicate_of, "");
  EXPECT_EQ(Check(finder, "x", "", INT64_MAX / 4).duplicate_of, "");
  EXPECT_EQ(Check(finder, "y", kArticle, INT64_MIN / 4).duplicate_of, "");
}

}  // namespace
}  // namespace yuqing
