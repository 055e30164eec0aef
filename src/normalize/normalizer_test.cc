#include "normalize/normalizer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace yuqing {
namespace {

const TextNormalizer& Default() {
  static const std::unique_ptr<TextNormalizer> normalizer = [] {
    auto created = TextNormalizer::Create();
    if (!created.ok()) ADD_FAILURE() << created.status().message();
    return created.ok() ? std::move(created.value()) : nullptr;
  }();
  return *normalizer;
}

TEST(NormalizerTest, PlainSimplifiedTextIsUnchanged) {
  const std::string text =
      "近年来，各级社保经办部门对宣传工作重视程度不断提高（记者唐霁）。\nLED 屏";
  NormalizeReport report;
  EXPECT_EQ(Default().Normalize(text, &report), text);
  EXPECT_EQ(report.mojibake_repaired + report.pinyin_removed + report.traditional_converted +
                report.punctuation_converted + report.alnum_folded,
            0U);
}

TEST(NormalizerTest, AllStepsInOrder) {
  NormalizeReport report;
  // mojibake (保卡發), pinyin, t2s (+著), punctuation, full-width digits, whitespace.
  const std::string in =
      "  社保便民服務(wù)、社??òl(fā)放使用,隨著２０１６年  的(LED)屏 \n\n\n下一段";
  EXPECT_EQ(Default().Normalize(in, &report),
            "社保便民服务、社保卡发放使用，随着2016年的（LED）屏\n\n下一段");
  EXPECT_EQ(report.mojibake_repaired, 1U);
  EXPECT_EQ(report.pinyin_removed, 2U);
  EXPECT_EQ(report.traditional_converted, 4U);  // 務 發 隨 著 -> 务 发 随 着
  EXPECT_EQ(report.punctuation_converted, 3U);
  EXPECT_EQ(report.alnum_folded, 4U);
}

TEST(NormalizerTest, SpaceBetweenChineseKeptOnRequest) {
  NormalizeOptions options;
  options.keep_space_between_chinese = true;
  auto created = TextNormalizer::Create(options);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ((*created)->Normalize("多地项目连环爆雷  狂奔的龙湖集团"),
            "多地项目连环爆雷 狂奔的龙湖集团");
  EXPECT_EQ(Default().Normalize("多地项目连环爆雷  狂奔的龙湖集团"),
            "多地项目连环爆雷狂奔的龙湖集团");
}

TEST(NormalizerTest, ReportAddSums) {
  NormalizeReport a;
  a.mojibake_repaired = 1;
  a.pinyin_removed = 2;
  NormalizeReport b;
  b.pinyin_removed = 3;
  b.alnum_folded = 4;
  a.Add(b);
  EXPECT_EQ(a.mojibake_repaired, 1U);
  EXPECT_EQ(a.pinyin_removed, 5U);
  EXPECT_EQ(a.alnum_folded, 4U);
}

TEST(NormalizerTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string bad = std::string("社保\xC3") + "\x28" + "卡\xED\xA0\x80";  // cut, surrogate
  const std::string out = Default().Normalize(bad);
  EXPECT_EQ(out.find('\xC3'), std::string::npos);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(Default().Normalize(""), "");
}

TEST(NormalizerTest, StepsCanBeSwitchedOff) {
  NormalizeOptions options;
  options.to_simplified = false;
  options.strip_pinyin = false;
  options.fullwidth_punctuation = false;
  auto created = TextNormalizer::Create(options);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ((*created)->Normalize("細(xì)節,ＡＢ"), "細(xì)節,AB");
}

TEST(NormalizerTest, MissingResourcesAreReported) {
  NormalizeOptions options;
  options.char_bigrams = "/nonexistent/char_bigrams.tsv";
  auto created = TextNormalizer::Create(options);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Status::Code::kNotFound);

  NormalizeOptions opencc;
  opencc.opencc_config = "/nonexistent.json";
  EXPECT_FALSE(TextNormalizer::Create(opencc).ok());
}

TEST(NormalizerTest, ThreadSafe) {
  const std::vector<std::string> inputs = {"社保便民服務(wù)、社??òl(fā)放使用",
                                           "營造了良好的社會氛圍??梢赃@樣講,全民參保",
                                           "近年来,各级社保经办部门", "ＬＥＤ　屏"};
  std::vector<std::string> expected;
  expected.reserve(inputs.size());
  for (const std::string& in : inputs) expected.push_back(Default().Normalize(in));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < inputs.size(); ++i) {
          mismatches[t] += Default().Normalize(inputs[i]) != expected[i];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace yuqing
