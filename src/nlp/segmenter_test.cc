#include "nlp/segmenter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace yuqing {
namespace {

const Segmenter& Default() {
  static const Segmenter* segmenter = [] {
    auto loaded = Segmenter::Load();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return std::move(*loaded).release();
  }();
  return *segmenter;
}

std::vector<std::string> CutToStrings(const Segmenter& segmenter, std::string_view text) {
  std::vector<std::string_view> words;
  segmenter.Cut(text, &words);
  return {words.begin(), words.end()};
}

// Words are non-empty views into `text`, in order, covering it.
void ExpectCovers(std::string_view text, const std::vector<std::string_view>& words) {
  const char* at = text.data();
  for (const auto& w : words) {
    ASSERT_FALSE(w.empty());
    ASSERT_EQ(w.data(), at) << "word '" << w << "' is not where the previous one ended";
    at += w.size();
  }
  EXPECT_EQ(at, text.data() + text.size());
}

bool HasWord(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string WriteTemp(std::string_view content) {
  char name[] = "/tmp/yuqing-nlp-test-XXXXXX";
  const int fd = mkstemp(name);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  close(fd);
  return name;
}

TEST(Segmenter, DomainWordsStayWhole) {
  const struct {
    const char* text;
    const char* word;
  } cases[] = {
      {"听说明年开始实施延迟退休了吗", "延迟退休"},
      {"渐进式延迟退休方案正式公布", "渐进式延迟退休"},
      {"老家的医保能不能异地就医报销", "异地就医"},
      {"怎么申领电子社保卡啊", "电子社保卡"},
      {"有问题请拨打12333咨询", "12333"},
      {"灵活就业人员怎么补缴养老保险", "灵活就业人员"},
      {"灵活就业人员怎么补缴养老保险", "补缴"},
      {"灵活就业人员怎么补缴养老保险", "养老保险"},
      {"跨省直接结算需要先备案", "跨省直接结算"},
      {"公司不给交五险一金怎么办", "五险一金"},
      {"我妈的长护险批下来了", "长护险"},
      {"门诊统筹报销比例是多少", "门诊统筹"},
      {"社保断缴了会影响缴费年限吗", "缴费年限"},
      {"社保断缴了会影响缴费年限吗", "社保"},
      {"人社局说养老金认证要在网上做", "人社局"},
      {"人社局说养老金认证要在网上做", "养老金认证"},
      {"中人的过渡性养老金怎么算", "过渡性养老金"},
      {"今年的计发基数还没公布", "计发基数"},
  };
  for (const auto& c : cases) {
    const auto words = CutToStrings(Default(), c.text);
    EXPECT_TRUE(HasWord(words, c.word)) << c.text << " should contain " << c.word;
  }
  EXPECT_TRUE(Default().Contains("灵活就业人员"));
  EXPECT_TRUE(Default().Contains("养老金"));
  EXPECT_FALSE(Default().Contains("灵活就业人"));
  EXPECT_GT(Default().size(), 340000u);
}

TEST(Segmenter, DomainDictionaryCanBeSwitchedOff) {
  auto plain = Segmenter::Load([&] {
    SegmenterOptions o;
    o.use_domain_dictionary = false;
    return o;
  }());
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  EXPECT_FALSE(HasWord(CutToStrings(**plain, "灵活就业人员怎么补缴"), "灵活就业人员"));
}

TEST(Segmenter, UserDictionaryAddsWordsWithoutRebuilding) {
  const std::string text = "下载甬城社保通就能查缴费记录";
  EXPECT_FALSE(HasWord(CutToStrings(Default(), text), "甬城社保通"));
  const std::string path = WriteTemp(
      "# local app names\n"
      "甬城社保通 2000 nz   # the Ningbo app\n"
      "查缴 5\n");
  auto segmenter = Segmenter::Load([&] {
    SegmenterOptions o;
    o.user_dictionaries = {path};
    return o;
  }());
  std::remove(path.c_str());
  ASSERT_TRUE(segmenter.ok()) << segmenter.status().message();
  const auto words = CutToStrings(**segmenter, text);
  EXPECT_TRUE(HasWord(words, "甬城社保通"));
  EXPECT_TRUE((*segmenter)->Contains("查缴"));
  EXPECT_FALSE((*segmenter)->Contains("#"));
}

TEST(Segmenter, MissingDictionaryIsAnErrorNamingThePath) {
  auto missing_user = Segmenter::Load([&] {
    SegmenterOptions o;
    o.user_dictionaries = {"/nonexistent/yuqing/local.dict"};
    return o;
  }());
  ASSERT_FALSE(missing_user.ok());
  EXPECT_EQ(missing_user.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing_user.status().message().find("/nonexistent/yuqing/local.dict"),
            std::string::npos)
      << missing_user.status().message();

  auto missing_main = Segmenter::Load([&] {
    SegmenterOptions o;
    o.dictionary_path = "/nonexistent/jieba.dict.utf8";
    return o;
  }());
  ASSERT_FALSE(missing_main.ok());
  EXPECT_NE(missing_main.status().message().find("/nonexistent/jieba.dict.utf8"),
            std::string::npos);

  auto missing_hmm = Segmenter::Load([&] {
    SegmenterOptions o;
    o.hmm_model_path = "/nonexistent/hmm_model.utf8";
    return o;
  }());
  ASSERT_FALSE(missing_hmm.ok());
  EXPECT_NE(missing_hmm.status().message().find("/nonexistent/hmm_model.utf8"), std::string::npos);

  const std::string bad = WriteTemp("养老金 many n\n");
  auto malformed = Segmenter::Load([&] {
    SegmenterOptions o;
    o.user_dictionaries = {bad};
    return o;
  }());
  std::remove(bad.c_str());
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find(bad + ":1"), std::string::npos)
      << malformed.status().message();
}

TEST(Segmenter, OddInputIsCoveredWithoutCrashing) {
  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "灵活就业人员怎么补缴养老保险？http://t.cn/zOXAaic ";
  std::string unknown_run;                                         // one long run for the HMM
  for (int i = 0; i < 100000; ++i) unknown_run += "\xE4\xB8\x82";  // U+4E02, rare
  const std::string inputs[] = {
      "",
      " ",
      "   \t\n  ",
      "\xE3\x80\x80\xE3\x80\x80",       // ideographic spaces
      "😀👍🏻养老金🎉🎉",  // emoji, modifiers
      "\xff\xfe养老\xe5\x85",           // invalid bytes, truncated
      "\xed\xa0\x80\xc0\xaf"
      "abc",                         // surrogate, overlong
      std::string("a\0b养老金", 8),  // NUL
      "ABC123.45.6 iPhone12 pro，。，。 3.14159",
      "，",
      "养",
      long_text,
      unknown_run,
  };
  std::vector<std::string_view> words;
  for (const auto& text : inputs) {
    Default().Cut(text, &words);
    ExpectCovers(text, words);
  }
  Default().Cut("", &words);
  EXPECT_TRUE(words.empty());
  Default().Cut("\xff\xfe养老金", &words);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0], "\xff");
  EXPECT_EQ(words[2], "养老金");
}

TEST(Segmenter, SeparatorsAreWordsOfTheirOwn) {
  EXPECT_EQ(CutToStrings(Default(), "养老金，社保 医保。"),
            (std::vector<std::string>{"养老金", "，", "社保", " ", "医保", "。"}));
}

TEST(Segmenter, ConcurrentCutsAgree) {
  std::vector<std::string> texts;
  std::ifstream in("src/nlp/testdata/posts_sample.txt");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') texts.push_back(line);
  }
  ASSERT_GT(texts.size(), 300u);
  std::vector<std::vector<std::string>> expected;
  for (const auto& t : texts) expected.push_back(CutToStrings(Default(), t));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 5; ++round) {
        for (size_t i = 0; i < texts.size(); ++i) {
          if (CutToStrings(Default(), texts[i]) != expected[i]) ++mismatches[k];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace yuqing
