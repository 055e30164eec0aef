#include "normalize/whitespace.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(WhitespaceTest, CollapsesBlankRuns) {
  EXPECT_EQ(NormalizeWhitespace("a  \t b"), "a b");
  EXPECT_EQ(NormalizeWhitespace("a\xC2\xA0\xE3\x80\x80"
                                "b"),
            "a b");  // NBSP, U+3000
  EXPECT_EQ(NormalizeWhitespace("社保 LED 屏"), "社保 LED 屏");
}

TEST(WhitespaceTest, NoSpaceBetweenChineseCharactersByDefault) {
  EXPECT_EQ(NormalizeWhitespace("社会  保障\xE3\x80\x80宣传"), "社会保障宣传");
  EXPECT_EQ(NormalizeWhitespace("刘玺东 易赛楠"), "刘玺东易赛楠");
  EXPECT_EQ(NormalizeWhitespace("宣传。 可以"), "宣传。可以");
  EXPECT_EQ(NormalizeWhitespace("宣传 ，可以"), "宣传，可以");
}

// The blank after a Weibo @name is where the name ends: kept, so that what follows is not
// read as part of the name ("@林俊杰 成都见面会" is about 成都).
TEST(WhitespaceTest, KeepsTheBlankThatEndsAnAtName) {
  EXPECT_EQ(NormalizeWhitespace("@林俊杰 成都见面会 好的"), "@林俊杰 成都见面会好的");
  EXPECT_EQ(NormalizeWhitespace("回复@张三：我 来了"), "回复@张三：我来了");
  EXPECT_EQ(NormalizeWhitespace("＠人民日报 北京 消息"), "＠人民日报 北京消息");
}

// For headlines and name lists: one space between Chinese words, none beside wide
// punctuation (which carries its own spacing).
TEST(WhitespaceTest, OneSpaceBetweenChineseWordsOnRequest) {
  EXPECT_EQ(NormalizeWhitespace("社会  保障\xE3\x80\x80宣传", true), "社会 保障 宣传");
  EXPECT_EQ(NormalizeWhitespace("多地项目连环爆雷  狂奔的龙湖集团", true),
            "多地项目连环爆雷 狂奔的龙湖集团");
  EXPECT_EQ(NormalizeWhitespace("刘玺东 易赛楠", true), "刘玺东 易赛楠");
  EXPECT_EQ(NormalizeWhitespace("宣传。 可以", true), "宣传。可以");
  EXPECT_EQ(NormalizeWhitespace("宣传 ，可以", true), "宣传，可以");
  EXPECT_EQ(NormalizeWhitespace("社保 LED 屏", true), "社保 LED 屏");
}

TEST(WhitespaceTest, TrimsLinesAndCollapsesBlankLines) {
  EXPECT_EQ(NormalizeWhitespace("  第一段  \n\n\n \t\n第二段\n\n"), "第一段\n\n第二段");
  EXPECT_EQ(NormalizeWhitespace("\n\na\nb\n"), "a\nb");
  EXPECT_EQ(NormalizeWhitespace("a\r\nb\rc"), "a\nb\nc");
  EXPECT_EQ(NormalizeWhitespace(" \n\t\n"), "");
  EXPECT_EQ(NormalizeWhitespace(""), "");
}

TEST(WhitespaceTest, NormalTextIsUnchanged) {
  const char* text = "近年来，各级社保经办部门对宣传工作重视程度不断提高。\nLED 屏 3.2 万";
  EXPECT_EQ(NormalizeWhitespace(text), text);
}

}  // namespace
}  // namespace yuqing
