#include "core/json_text.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(JsonText, EscapesControlAndQuotes) {
  EXPECT_EQ(Json("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
  EXPECT_EQ(Json("社保卡"), "\"社保卡\"");
}

TEST(JsonText, ReplacesInvalidUtf8) {
  EXPECT_EQ(Json("a\xC9\xE7z"), "\"a\xEF\xBF\xBD\xEF\xBF\xBDz\"");
  EXPECT_EQ(Json("\xE7\xA4"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(Json("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  EXPECT_TRUE(IsValidUtf8(Json("\xFF社\xC0")));
}

TEST(JsonText, Numbers) {
  std::string out;
  AppendJsonNumber(0.5, &out);
  out += ' ';
  AppendJsonNumber(int64_t{-42}, &out);
  out += ' ';
  AppendJsonNumber(std::numeric_limits<double>::quiet_NaN(), &out);
  EXPECT_EQ(out, "0.5 -42 null");
}

TEST(JsonText, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace yuqing
