#include "nlp/dictionary_file.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(ParseUserDictionary, AcceptsTheCppjiebaShapesAndComments) {
  auto parsed = ParseUserDictionary(
      "\xEF\xBB\xBF# header comment\n"
      "\n"
      "养老金\n"
      "延迟退休 5000\n"
      "长护险 j\n"
      "异地就医\t3000\tn   # trailing comment\n"
      "c# 3 nz\n"
      "   # indented comment\n",
      "test.dict");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 5u);
  EXPECT_EQ((*parsed)[0].word, "养老金");
  EXPECT_EQ((*parsed)[0].frequency, 0);
  EXPECT_EQ((*parsed)[1].word, "延迟退休");
  EXPECT_EQ((*parsed)[1].frequency, 5000);
  EXPECT_EQ((*parsed)[2].tag, "j");
  EXPECT_EQ((*parsed)[2].frequency, 0);
  EXPECT_EQ((*parsed)[3].frequency, 3000);
  EXPECT_EQ((*parsed)[3].tag, "n");
  EXPECT_EQ((*parsed)[4].word, "c#");
}

TEST(ParseUserDictionary, ErrorsNameFileAndLine) {
  auto bad_freq = ParseUserDictionary("养老金 100 n\n社保 lots n\n", "my.dict");
  ASSERT_FALSE(bad_freq.ok());
  EXPECT_EQ(bad_freq.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(bad_freq.status().message().find("my.dict:2"), std::string::npos)
      << bad_freq.status().message();
  EXPECT_FALSE(ParseUserDictionary("a b c d\n", "x").ok());
  EXPECT_FALSE(ParseUserDictionary("社保 0 n\n", "x").ok());
  EXPECT_FALSE(ParseUserDictionary("\xff\xfe 1 n\n", "x").ok());
}

TEST(ReadUserDictionary, MissingFileIsNotFoundNamingThePath) {
  auto missing = ReadUserDictionary("/nonexistent/yuqing/extra.dict");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("/nonexistent/yuqing/extra.dict"), std::string::npos);
  EXPECT_FALSE(CheckReadableFile("/", "dictionary").ok());  // a directory
}

TEST(DomainDictionary, ParsesAndHasFrequencies) {
  auto parsed = ReadUserDictionary(DomainDictionaryPath());
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_GT(parsed->size(), 300u);
  for (const auto& e : *parsed) EXPECT_GT(e.frequency, 0) << e.word;
}

}  // namespace
}  // namespace yuqing
