#include "nlp/keyword_extractor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlp/segmenter.h"

namespace yuqing {
namespace {

const KeywordExtractor& Extractor() {
  static const KeywordExtractor* extractor = [] {
    auto loaded = KeywordExtractor::Load();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return std::move(*loaded).release();
  }();
  return *extractor;
}

const Segmenter& Cutter() {
  static const Segmenter* segmenter = [] {
    auto loaded = Segmenter::Load();
    if (!loaded.ok()) std::abort();
    return std::move(*loaded).release();
  }();
  return *segmenter;
}

std::vector<std::string> KeywordsOf(std::string_view text, size_t k = 5) {
  std::vector<std::string_view> words;
  Cutter().Cut(text, &words);
  std::vector<std::string> keywords;
  Extractor().Extract(words, k, &keywords);
  return keywords;
}

TEST(KeywordExtractor, SkipsStopWordsAndSingleCharacters) {
  const std::vector<std::string_view> words = {"我",   "的", "养老金", "了",  "养老金",
                                               "调整", "，", "我们",   "就是"};
  std::vector<std::string> keywords;
  Extractor().Extract(words, 10, &keywords);
  EXPECT_EQ(keywords, (std::vector<std::string>{"养老金", "调整"}));
  EXPECT_TRUE(Extractor().IsStopWord("我们"));
}

TEST(KeywordExtractor, RanksByCountTimesIdfThenFirstOccurrence) {
  std::vector<Keyword> ranked;
  const std::vector<std::string_view> words = {"社保", "灵活就业人员", "渐进式延迟退休", "社保",
                                               "社保"};
  Extractor().ExtractWeighted(words, 5, &ranked);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].word, "社保");  // 3 × 7.42 beats 1 × median
  EXPECT_DOUBLE_EQ(ranked[0].weight, 3 * Extractor().Idf("社保"));
  // Both domain words lack an idf: equal weight, first occurrence first, either way round.
  EXPECT_EQ(ranked[1].word, "灵活就业人员");
  EXPECT_EQ(ranked[2].word, "渐进式延迟退休");
  EXPECT_DOUBLE_EQ(ranked[1].weight, Extractor().domain_idf());
  const std::vector<std::string_view> swapped = {"渐进式延迟退休", "灵活就业人员"};
  Extractor().ExtractWeighted(swapped, 5, &ranked);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].word, "渐进式延迟退休");
  // Same input, same output.
  EXPECT_EQ(KeywordsOf("社保断缴了怎么办，补缴社保需要什么材料，社保局说要去窗口"),
            KeywordsOf("社保断缴了怎么办，补缴社保需要什么材料，社保局说要去窗口"));
}

TEST(KeywordExtractor, KLargerThanTheVocabularyReturnsEveryCandidate) {
  const std::vector<std::string_view> words = {"养老金", "上调", "养老金"};
  std::vector<std::string> keywords;
  Extractor().Extract(words, 100, &keywords);
  EXPECT_EQ(keywords, (std::vector<std::string>{"养老金", "上调"}));
  Extractor().Extract(words, 0, &keywords);
  EXPECT_TRUE(keywords.empty());
  Extractor().Extract({}, 5, &keywords);
  EXPECT_TRUE(keywords.empty());
}

TEST(KeywordExtractor, SkipsUrlsMentionsNumbersAndPunctuationButKeepsDomainNumbers) {
  const auto keywords = KeywordsOf(
      "回复@人民日报:养老金上调了！！http://t.cn/zOXAaic 2024 3.5% 😀😀 打12333 "
      "https://www.mohrss.gov.cn/a?b=1",
      20);
  for (const auto& k : keywords) {
    EXPECT_NE(k, "人民日报");
    EXPECT_NE(k, "http");
    EXPECT_NE(k, "zOXAaic");
    EXPECT_NE(k, "cn");
    EXPECT_NE(k, "mohrss");
    EXPECT_NE(k, "2024");
    EXPECT_NE(k, "3.5");
    EXPECT_NE(k, "😀");
  }
  EXPECT_NE(std::find(keywords.begin(), keywords.end(), "养老金"), keywords.end());
  EXPECT_NE(std::find(keywords.begin(), keywords.end(), "12333"), keywords.end());
}

TEST(KeywordExtractor, RealPostKeywordsAreOnTopic) {
  const auto keywords = KeywordsOf(
      "灵活就业人员断缴社保三年了，现在想补缴养老保险，人社局说只能补缴近两年的，"
      "缴费年限不够十五年是不是就领不到养老金了？");
  ASSERT_EQ(keywords.size(), 5u);
  EXPECT_NE(std::find(keywords.begin(), keywords.end(), "补缴"), keywords.end());
  EXPECT_NE(std::find(keywords.begin(), keywords.end(), "灵活就业人员"), keywords.end());
}

TEST(KeywordExtractor, MissingFilesAreErrorsNamingThePath) {
  auto missing = KeywordExtractor::Load([&] {
    KeywordExtractorOptions o;
    o.idf_path = "/nonexistent/idf.utf8";
    return o;
  }());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/idf.utf8"), std::string::npos);
  auto missing_user = KeywordExtractor::Load([&] {
    KeywordExtractorOptions o;
    o.user_dictionaries = {"/nonexistent/u.dict"};
    return o;
  }());
  ASSERT_FALSE(missing_user.ok());
  EXPECT_NE(missing_user.status().message().find("/nonexistent/u.dict"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
