#include "extract/date_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace yuqing {
namespace {

// The match as ISO 8601 ("2019-09-09T18:13:22+08:00"), or "" when nothing matched.
std::string Find(std::string_view text, const DateContext& context = {}) {
  const auto m = FindDateTime(text, context);
  return m ? FormatIso8601(m->time) : "";
}

Timestamp At(std::string_view iso) { return ParseIso8601(iso).value(); }

TEST(DateParserTest, ChineseDateWithSecondsInBylineText) {
  const std::string text = "发布时间：2019年09月09日 18:13:22 来源：新京报";
  const auto m = FindDateTime(text, {});
  ASSERT_TRUE(m);
  EXPECT_EQ(FormatIso8601(m->time), "2019-09-09T18:13:22+08:00");
  EXPECT_FALSE(m->date_only);
  EXPECT_EQ(text.substr(m->begin, m->end - m->begin), "2019年09月09日 18:13:22");
}

TEST(DateParserTest, NumericForms) {
  EXPECT_EQ(Find("2019-09-09 18:13"), "2019-09-09T18:13:00+08:00");
  EXPECT_EQ(Find("更新于 2005/4/5 06:40"), "2005-04-05T06:40:00+08:00");
  EXPECT_EQ(Find("2019.09.09"), "2019-09-09T00:00:00+08:00");
  EXPECT_EQ(Find("2004-09-17 5:54:13"), "2004-09-17T05:54:13+08:00");
  EXPECT_EQ(Find("2019年9月9日下午3:20"), "2019-09-09T15:20:00+08:00");
  EXPECT_EQ(Find("２０１９年０９月０９日 １８：１３"), "2019-09-09T18:13:00+08:00");
}

TEST(DateParserTest, DateOnlyIsMarked) {
  const auto m = FindDateTime("发布日期：2016-11-22", {});
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->date_only);
  EXPECT_EQ(FormatIso8601(m->time), "2016-11-22T00:00:00+08:00");
  // A time glued on with another dash is not read as a time of day.
  const auto glued = FindDateTime("2007-08-20-23:59:59", {});
  ASSERT_TRUE(glued);
  EXPECT_TRUE(glued->date_only);
}

TEST(DateParserTest, Iso8601OffsetIsKept) {
  const auto m = FindDateTime("2019-09-07T13:43:45+05:30", {});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->time.utc_offset_min, 330);
  EXPECT_EQ(FormatIso8601(m->time), "2019-09-07T13:43:45+05:30");
  EXPECT_EQ(Find("2022-02-06T12:48:06Z"), "2022-02-06T12:48:06Z");
}

TEST(DateParserTest, InvalidDatesAndNumbersAreNotDates) {
  EXPECT_EQ(Find("2019-13-01"), "");
  EXPECT_EQ(Find("2019-02-30"), "");
  EXPECT_EQ(Find("增长2.3%，达到1056.2亿元"), "");
  EXPECT_EQ(Find("电话 12019-09-09"), "");
  EXPECT_EQ(Find("v2019.09.09"), "");
  EXPECT_EQ(Find("1997-2019 版权所有"), "");
}

TEST(DateParserTest, MonthDayTakesTheYearFromContext) {
  DateContext page_year;
  page_year.year = 2019;
  EXPECT_EQ(Find("发布时间：09-30 22:46", page_year), "2019-09-30T22:46:00+08:00");
  EXPECT_EQ(Find("9月9日 18:13", page_year), "2019-09-09T18:13:00+08:00");

  DateContext fetched;
  fetched.fetched_at = At("2020-01-02T10:00:00+08:00");
  // December seen in early January belongs to the year before.
  EXPECT_EQ(Find("12-30 18:13", fetched), "2019-12-30T18:13:00+08:00");
  EXPECT_EQ(Find("01-01 08:00", fetched), "2020-01-01T08:00:00+08:00");
  // Without a year from anywhere, a month-day is no date.
  EXPECT_EQ(Find("09-30 22:46"), "");
}

TEST(DateParserTest, RelativeTimesNeedTheFetchTime) {
  DateContext context;
  context.fetched_at = At("2019-09-09T18:13:00+08:00");
  EXPECT_EQ(Find("3小时前", context), "2019-09-09T15:13:00+08:00");
  EXPECT_EQ(Find("5分钟前", context), "2019-09-09T18:08:00+08:00");
  EXPECT_EQ(Find("昨天 08:30", context), "2019-09-08T08:30:00+08:00");
  EXPECT_EQ(Find("前天 23:59", context), "2019-09-07T23:59:00+08:00");
  EXPECT_EQ(Find("刚刚", context), "2019-09-09T18:13:00+08:00");
  const auto yesterday = FindDateTime("昨天", context);
  ASSERT_TRUE(yesterday);
  EXPECT_TRUE(yesterday->date_only);

  EXPECT_EQ(Find("3小时前"), "");
  EXPECT_EQ(Find("昨天 08:30"), "");
  EXPECT_EQ(Find("刚刚"), "");
}

TEST(DateParserTest, FirstMatchWins) {
  EXPECT_EQ(Find("2019-09-07 13:43 更新：2019-09-08 10:00"), "2019-09-07T13:43:00+08:00");
}

TEST(DateParserTest, TruncatedAndInvalidBytesDoNotCrash) {
  EXPECT_EQ(Find("2019-09-"), "");
  EXPECT_EQ(Find("2019年09月"), "");
  EXPECT_EQ(Find(std::string("2019-09-09 1\xE3")), "2019-09-09T00:00:00+08:00");
  EXPECT_EQ(Find(std::string("\xEF\xBC", 2)), "");
  EXPECT_EQ(Find(""), "");
}

}  // namespace
}  // namespace yuqing
