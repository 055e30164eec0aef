#include "normalize/punctuation.h"

#include <gtest/gtest.h>

#include <string>

namespace yuqing {
namespace {

std::string Width(const std::string& text, WidthCounts* counts = nullptr) {
  WidthCounts local;
  return NormalizeWidth(text, true, true, counts != nullptr ? counts : &local);
}

TEST(PunctuationTest, AsciiMarksNextToChineseBecomeFullWidth) {
  WidthCounts counts;
  EXPECT_EQ(Width("近年来,各级部门;主要是:加强!对吗?", &counts),
            "近年来，各级部门；主要是：加强！对吗？");
  EXPECT_EQ(counts.punctuation, 5U);
  EXPECT_EQ(Width("“全民参保,从全民登记开始”"), "“全民参保，从全民登记开始”");
}

TEST(PunctuationTest, LeavesNumbersUrlsAndEnglishAlone) {
  for (const char* text : {"3.2万个村", "会议12:30开始", "见http://www.mohrss.gov.cn/a?b=1",
                           "Hello, world! Is it ok?", "比分2:1", "a,b;c"}) {
    WidthCounts counts;
    EXPECT_EQ(Width(text, &counts), text);
    EXPECT_EQ(counts.punctuation, 0U) << text;
  }
}

TEST(PunctuationTest, BracketsConvertAsPairs) {
  EXPECT_EQ(Width("发放到3.2万个村(社区),安排"), "发放到3.2万个村（社区），安排");
  EXPECT_EQ(Width("报刊亭的(LED)屏"), "报刊亭的（LED）屏");  // pair touches Chinese
  EXPECT_EQ(Width("(2016)"), "(2016)");
  EXPECT_EQ(Width("f(x) = (a+b)"), "f(x) = (a+b)");
  EXPECT_EQ(Width("(社区"), "（社区");  // unpaired: by its neighbours
}

TEST(PunctuationTest, FoldsFullWidthLettersAndDigits) {
  WidthCounts counts;
  EXPECT_EQ(Width("ＬＥＤ屏２０００多个ａｂ", &counts), "LED屏2000多个ab");
  EXPECT_EQ(counts.alnum, 9U);
  // A folded digit is not Chinese context: "１２:３０" is a time.
  EXPECT_EQ(Width("１２:３０"), "12:30");
  // Full-width punctuation other than letters and digits stays.
  EXPECT_EQ(Width("好！"), "好！");
}

TEST(PunctuationTest, RulesCanBeSwitchedOff) {
  WidthCounts counts;
  EXPECT_EQ(NormalizeWidth("中文,ＡＢ", false, true, &counts), "中文,AB");
  EXPECT_EQ(NormalizeWidth("中文,ＡＢ", true, false, &counts), "中文，ＡＢ");
}

}  // namespace
}  // namespace yuqing
