// The shipped model (resources/nlp/sentiment.model) through the real normaliser and segmenter,
// as the pipeline calls it.
#include "nlp/sentiment/sentiment.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "nlp/segmenter.h"
#include "nlp/sentiment/features.h"
#include "nlp/sentiment/model_file.h"
#include "normalize/normalizer.h"

namespace yuqing {
namespace {

struct Tools {
  std::unique_ptr<TextNormalizer> normalizer;
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<SentimentModel> model;
};

const Tools& TheTools() {
  static const Tools* tools = [] {
    auto normalizer = TextNormalizer::Create();
    auto segmenter = Segmenter::Load();
    auto model = SentimentModel::Load();
    if (!normalizer.ok() || !segmenter.ok() || !model.ok()) {
      ADD_FAILURE() << normalizer.status().message() << segmenter.status().message()
                    << model.status().message();
      std::abort();
    }
    return new Tools{std::move(*normalizer), std::move(*segmenter), std::move(*model)};
  }();
  return *tools;
}

SentimentScore ScoreOf(std::string_view raw) {
  const Tools& tools = TheTools();
  const std::string clean = tools.normalizer->Normalize(raw);
  std::vector<std::string_view> words;
  tools.segmenter->Cut(clean, &words);
  std::vector<uint32_t> ends;
  for (const auto word : words) {
    ends.push_back(static_cast<uint32_t>(word.data() + word.size() - clean.data()));
  }
  return tools.model->Score(clean, ends);
}

TEST(Sentiment, Negation) {
  EXPECT_EQ(ScoreOf("不满意").label, "negative");
  EXPECT_EQ(ScoreOf("非常不满").label, "negative");
  const auto weak = ScoreOf("不太满意");
  EXPECT_EQ(weak.label, "negative");
  EXPECT_GT(weak.score, ScoreOf("非常不满").score);  // 不太 softens, 非常 strengthens
  EXPECT_NE(ScoreOf("不是不好").label, "negative");  // double negation
  EXPECT_EQ(ScoreOf("我今天不高兴").label, "negative");
}

TEST(Sentiment, WeiboEmoticons) {
  EXPECT_EQ(ScoreOf("[怒]").label, "negative");
  EXPECT_EQ(ScoreOf("[泪]").label, "negative");
  EXPECT_EQ(ScoreOf("[赞]").label, "positive");
  EXPECT_EQ(ScoreOf("［怒］").label, "negative");  // full-width brackets fold
}

TEST(Sentiment, SocialInsuranceDomain) {
  EXPECT_EQ(ScoreOf("社保断缴了").label, "negative");
  EXPECT_EQ(ScoreOf("住院花了三万，被拒赔了").label, "negative");
  EXPECT_EQ(ScoreOf("异地看病报销难").label, "negative");
  EXPECT_EQ(ScoreOf("养老金又涨了").label, "positive");
}

TEST(Sentiment, Irony) {
  EXPECT_EQ(ScoreOf("真是太\"好\"了，办个社保卡跑了五趟").label, "negative");
  EXPECT_EQ(ScoreOf("谢谢你全家").label, "negative");
}

TEST(Sentiment, ScoreRangeAndLabelAgree) {
  for (const char* text : {"服务很好", "太差了", "人社局召开养老保险工作会议", "[哈哈]", "a"}) {
    const auto s = ScoreOf(text);
    EXPECT_GE(s.score, -1.0) << text;
    EXPECT_LE(s.score, 1.0) << text;
    if (s.label == "negative") {
      EXPECT_LT(s.score, 0) << text;
    }
    if (s.label == "positive") {
      EXPECT_GT(s.score, 0) << text;
    }
  }
}

TEST(Sentiment, EmptyTextIsNeutral) {
  const auto s = TheTools().model->Score("", {});
  EXPECT_EQ(s.label, "neutral");
  EXPECT_EQ(s.score, 0);
}

TEST(Sentiment, PureRepostIsNeutral) {
  for (const char* text : {"转发微博", "转发微博。", "Repost", "转发"}) {
    const SentimentScore s = ScoreOf(text);
    EXPECT_EQ(s.label, "neutral") << text;
    EXPECT_EQ(s.score, 0) << text;
  }
  // A comment with the repost keeps its own feeling.
  EXPECT_EQ(ScoreOf("转发微博，社保断缴了太气人了[怒]").label, "negative");
}

TEST(Sentiment, BadWordEndsAndBytesNeverCrash) {
  const auto& model = *TheTools().model;
  const std::string text = "服务\xE5\xA5太差\xFF\xC0了[怒";
  const std::vector<uint32_t> ends = {3, 1, 1000, 0, 7, 7, 4294967295u};
  const auto s = model.Score(text, ends);
  EXPECT_TRUE(s.label == "negative" || s.label == "neutral" || s.label == "positive");
  // Without a segmentation the whole text is one word; still a score.
  EXPECT_GE(model.Score("太差了", {}).score, -1.0);
}

TEST(Sentiment, LoadErrorsNameTheFile) {
  SentimentOptions options;
  options.model_path = "no/such/sentiment.model";
  const auto missing = SentimentModel::Load(options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no/such/sentiment.model"), std::string::npos);
  options.model_path = "resources/nlp/sentiment/lexicon.tsv";  // not a model
  EXPECT_FALSE(SentimentModel::Load(options).ok());
}

TEST(SentimentLexicon, ParsesAndRejects) {
  auto lexicon = sentiment::Lexicon::Parse("# c\nnegator\t不\ndegree\t很\t1.3\nphrase\t断缴\t-1\n");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->phrases().size(), 1u);
  EXPECT_FALSE(sentiment::Lexicon::Parse("degree\t很\tx\n").ok());
  EXPECT_FALSE(sentiment::Lexicon::Parse("colour\t很\n").ok());
  EXPECT_FALSE(sentiment::Lexicon::Parse("phrase\t一二三四五六七八九\t1\n").ok());
}

TEST(SentimentFeatures, TrainerAndScorerSeeTheSameFeatures) {
  // Features depend only on the text and segmentation: two runs give the same ids and values.
  auto lexicon = sentiment::Lexicon::Parse("negator\t不\nphrase\t断缴\t-1\n");
  ASSERT_TRUE(lexicon.ok());
  const std::string text = "社保不断缴[怒]";
  const std::vector<uint32_t> ends = {6, 9, 15, 16, 19, 20};
  std::vector<std::pair<uint32_t, float>> a, b;
  sentiment::ExtractFeatures(text, ends, *lexicon,
                             [&](uint32_t id, float v, bool) { a.emplace_back(id, v); });
  sentiment::ExtractFeatures(text, ends, *lexicon,
                             [&](uint32_t id, float v, bool) { b.emplace_back(id, v); });
  EXPECT_EQ(a, b);
  bool negated_phrase = false;
  sentiment::ExtractFeatures(text, ends, *lexicon, [&](uint32_t, float v, bool absolute) {
    if (absolute) negated_phrase = v < 0;
  });
  EXPECT_TRUE(negated_phrase);  // 断缴 inside the scope of 不
}

}  // namespace
}  // namespace yuqing
