#include "normalize/pinyin.h"

#include <gtest/gtest.h>

#include <string>

namespace yuqing {
namespace {

std::string Strip(const std::string& text, size_t* removed = nullptr) {
  size_t local = 0;
  return StripPinyinAnnotations(text, removed != nullptr ? removed : &local);
}

TEST(PinyinTest, RecognisesTonedSyllablesByShape) {
  EXPECT_TRUE(IsTonedPinyinSyllable(U"xì"));
  EXPECT_TRUE(IsTonedPinyinSyllable(U"zhǔn"));
  EXPECT_TRUE(IsTonedPinyinSyllable(U"lǜ"));
  EXPECT_TRUE(IsTonedPinyinSyllable(U"yuè"));
  EXPECT_TRUE(IsTonedPinyinSyllable(U"ài"));
  EXPECT_TRUE(IsTonedPinyinSyllable(U"shuāng"));
  EXPECT_FALSE(IsTonedPinyinSyllable(U"de"));    // neutral tone: no mark, not stripped
  EXPECT_FALSE(IsTonedPinyinSyllable(U"xìì"));   // two marks
  EXPECT_FALSE(IsTonedPinyinSyllable(U"café"));  // not a pinyin syllable
  EXPECT_FALSE(IsTonedPinyinSyllable(U"LED"));
  EXPECT_FALSE(IsTonedPinyinSyllable(U"ǒng"));      // "ong" has no zero-initial form
  EXPECT_FALSE(IsTonedPinyinSyllable(U"zhuàngg"));  // too long
}

TEST(PinyinTest, StripsAnnotationsAfterCjkCharacters) {
  size_t removed = 0;
  EXPECT_EQ(Strip("精細(xì)社保須精準(zhǔn)宣傳", &removed), "精細社保須精準宣傳");
  EXPECT_EQ(removed, 2U);
  EXPECT_EQ(Strip("關(guān)鍵詞"), "關鍵詞");
  EXPECT_EQ(Strip("細（xì）節（jié）"), "細節");  // full-width brackets
  EXPECT_EQ(Strip("細(xì)節(jié)"), "細節");      // annotated characters in a row
}

TEST(PinyinTest, KeepsRealParentheses) {
  for (const char* text :
       {"中国社会保障(2016)第10期", "报刊亭的(LED)屏", "（记者唐霁）", "新闻（记者唐霁）报道",
        "村(社区)", "的(de)", "abc(fā)", "(fā)开头", "细(xì", "细(xì xì)"}) {
    size_t removed = 0;
    EXPECT_EQ(Strip(text, &removed), text);
    EXPECT_EQ(removed, 0U) << text;
  }
}

TEST(PinyinTest, AnnotationLengthCountsCodePoints) {
  EXPECT_EQ(PinyinAnnotationLength(U"(fā)放", 0), 4U);
  EXPECT_EQ(PinyinAnnotationLength(U"（fā）放", 0), 4U);
  EXPECT_EQ(PinyinAnnotationLength(U"(fa)放", 0), 0U);
  EXPECT_EQ(PinyinAnnotationLength(U"放", 0), 0U);
  EXPECT_EQ(PinyinAnnotationLength(U"(fā", 0), 0U);
  EXPECT_EQ(PinyinAnnotationLength(U"", 0), 0U);
}

}  // namespace
}  // namespace yuqing
