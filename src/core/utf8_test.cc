#include "core/utf8.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(Utf8, DecodesAndReencodes) {
  const std::string text = "a社\xF0\x9F\x98\x80";
  size_t pos = 0;
  std::string out;
  while (pos < text.size()) AppendUtf8(NextCodePoint(text, &pos), &out);
  EXPECT_EQ(out, text);
  EXPECT_EQ(CountCodePoints(text), 3u);
}

TEST(Utf8, InvalidBytesBecomeReplacementAndAdvance) {
  const std::string text = "\xE7\xA4";  // truncated
  size_t pos = 0;
  EXPECT_EQ(NextCodePoint(text, &pos), 0xFFFDu);
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(NextCodePoint(text, &pos), 0xFFFDu);
  EXPECT_EQ(pos, 2u);
}

TEST(Utf8, CjkAndTrim) {
  EXPECT_TRUE(IsCjk(U'社'));
  EXPECT_FALSE(IsCjk(U'，'));
  EXPECT_EQ(TrimSpace("\xE3\x80\x80 社保\xC2\xA0\t"), "社保");
  EXPECT_EQ(TrimSpace("   "), "");
}

}  // namespace
}  // namespace yuqing

namespace yuqing {
namespace {

TEST(AsciiLower, LowersAsciiLettersOnly) {
  EXPECT_EQ(AsciiLower("HTTP://WWW.例子.CN/Path?Q=1"), "http://www.例子.cn/path?q=1");
  EXPECT_EQ(AsciiLower("\xC3\x80 ÀB"), "\xC3\x80 Àb");  // UTF-8 bytes stay as they are
  EXPECT_EQ(AsciiLower(""), "");
}

}  // namespace
}  // namespace yuqing
