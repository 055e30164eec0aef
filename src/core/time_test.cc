#include "core/time.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(Iso8601, ParsesOffsetsAndFormatsBack) {
  auto t = ParseIso8601("2013-04-21T19:38:51+08:00");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->unix_ms, 1366544331000);
  EXPECT_EQ(t->utc_offset_min, 480);
  EXPECT_EQ(FormatIso8601(*t), "2013-04-21T19:38:51+08:00");
}

TEST(Iso8601, AcceptsVariants) {
  EXPECT_EQ(ParseIso8601("2013-04-21 11:38:51Z")->unix_ms, 1366544331000);
  EXPECT_EQ(ParseIso8601("2013-04-21T19:38:51+0800")->unix_ms, 1366544331000);
  EXPECT_EQ(ParseIso8601("2013-04-21T19:38+08:00")->unix_ms, 1366544280000);
  auto frac = ParseIso8601("2013-04-21T11:38:51.25Z");
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(frac->unix_ms, 1366544331250);
  EXPECT_EQ(FormatIso8601(*frac), "2013-04-21T11:38:51.250Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("1969-12-31T23:59:59-05:30")), "1969-12-31T23:59:59-05:30");
}

TEST(Iso8601, RejectsWithReasons) {
  EXPECT_NE(ParseIso8601("2020/1/3").status().message().find("not ISO 8601"), std::string::npos);
  EXPECT_NE(ParseIso8601("2020-01-03T10:00:00").status().message().find("no UTC offset"),
            std::string::npos);
  EXPECT_NE(ParseIso8601("2021-02-29T10:00:00Z").status().message().find("no such date"),
            std::string::npos);
  EXPECT_FALSE(ParseIso8601("2020-01-03T24:00:00Z").ok());
  EXPECT_FALSE(ParseIso8601("2020-01-03T10:00:00+08:00 junk").ok());
  EXPECT_FALSE(ParseIso8601("").ok());
  EXPECT_TRUE(ParseIso8601("2020-02-29T10:00:00Z").ok());
}

TEST(Iso8601, RoundTripsAcrossCenturies) {
  for (int64_t s = -2208988800; s < 4102444800; s += 86400 * 37 + 3601) {
    Timestamp t{s * 1000, 480};
    auto back = ParseIso8601(FormatIso8601(t));
    ASSERT_TRUE(back.ok()) << FormatIso8601(t);
    EXPECT_EQ(back->unix_ms, t.unix_ms) << FormatIso8601(t);
  }
}

}  // namespace
}  // namespace yuqing
