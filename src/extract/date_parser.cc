#include "extract/date_parser.h"

#include <cstring>

namespace yuqing {

using namespace std::string_view_literals;

namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerDay = 86'400'000;
constexpr int kMinYear = 1990;  // older "dates" in page text are mostly something else
constexpr int kMaxYear = 2100;

// A cursor over the text; every reader leaves `pos` unchanged when it fails.
struct Cursor {
  std::string_view text;
  size_t pos = 0;

  // The digit at pos (ASCII or full-width ０-９) and its byte length, or -1.
  int DigitAt(size_t at, size_t* len) const {
    if (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      *len = 1;
      return text[at] - '0';
    }
    if (at + 2 < text.size() && static_cast<unsigned char>(text[at]) == 0xEF &&
        static_cast<unsigned char>(text[at + 1]) == 0xBC) {
      const auto c = static_cast<unsigned char>(text[at + 2]);
      if (c >= 0x90 && c <= 0x99) {
        *len = 3;
        return c - 0x90;
      }
    }
    return -1;
  }

  // Reads min_digits..max_digits digits, not followed by another digit.
  bool Number(int min_digits, int max_digits, int* value) {
    size_t at = pos;
    int v = 0;
    int n = 0;
    size_t len = 0;
    int d = 0;
    while (n < max_digits && (d = DigitAt(at, &len)) >= 0) {
      v = v * 10 + d;
      at += len;
      ++n;
    }
    if (n < min_digits || DigitAt(at, &len) >= 0) return false;
    *value = v;
    pos = at;
    return true;
  }

  bool Literal(std::string_view s) {
    if (text.substr(pos, s.size()) == s) {
      pos += s.size();
      return true;
    }
    return false;
  }

  bool AnyOf(std::initializer_list<std::string_view> options) {
    for (std::string_view s : options) {
      if (Literal(s)) return true;
    }
    return false;
  }

  // Skips up to `max` spaces (ASCII, NBSP, ideographic); true if any.
  bool Spaces(int max = 4) {
    const size_t start = pos;
    for (int i = 0; i < max; ++i) {
      if (!(Literal(" ") || Literal("\t") || Literal("\n") || Literal("\r") ||
            Literal("\xC2\xA0") || Literal("\xE3\x80\x80"))) {
        break;
      }
    }
    return pos != start;
  }
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1) return false;
  return d <= (m == 2 && IsLeap(y) ? 29 : kDays[m - 1]);
}

struct TimeOfDay {
  int hour = 0, minute = 0, second = 0, millis = 0;
  std::optional<int32_t> offset_min;  // when the text states a zone
};

// "18:13", "18:13:22", "18：13", "18时13分", "下午3:20", "18:13:22.250+08:00".
std::optional<TimeOfDay> ReadTime(Cursor* c) {
  const size_t start = c->pos;
  int pm = 0;  // +12 for 下午/晚上 with hours 1-11
  if (c->AnyOf({"下午"sv, "晚上"sv, "傍晚"sv})) {
    pm = 12;
  } else {
    c->AnyOf({"上午"sv, "早上"sv, "凌晨"sv, "中午"sv});
  }
  c->Spaces(2);
  TimeOfDay t;
  const auto fail = [&]() -> std::optional<TimeOfDay> {
    c->pos = start;
    return std::nullopt;
  };
  if (!c->Number(1, 2, &t.hour)) return fail();
  const bool chinese = c->AnyOf({"时"sv, "点"sv});
  if (!chinese && !c->AnyOf({":"sv, "："sv})) return fail();
  if (!c->Number(chinese ? 1 : 2, 2, &t.minute)) return fail();
  if (chinese) c->Literal("分");
  const size_t before_seconds = c->pos;
  if (c->AnyOf({":"sv, "："sv}) && c->Number(2, 2, &t.second)) {
    if (c->Literal(".") || c->Literal(",")) {
      int frac = 0;
      const size_t frac_start = c->pos;
      if (c->Number(1, 9, &frac)) {
        const size_t digits = c->pos - frac_start;
        for (size_t i = digits; i < 3; ++i) frac *= 10;
        for (size_t i = 3; i < digits; ++i) frac /= 10;
        t.millis = frac;
      }
    }
  } else if (chinese && c->Number(1, 2, &t.second) && c->Literal("秒")) {
  } else {
    c->pos = before_seconds;
    t.second = 0;
  }
  if (pm != 0 && t.hour >= 1 && t.hour < 12) t.hour += pm;
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return fail();
  // A zone only directly after the time (ISO 8601): "Z", "+08:00", "+0800".
  const size_t before_zone = c->pos;
  if (c->Literal("Z")) {
    t.offset_min = 0;
  } else if (c->Literal("+") || c->Literal("-")) {
    const bool negative = c->text[c->pos - 1] == '-';
    int zh = 0;
    int zm = 0;
    const bool hours = c->Number(2, 2, &zh);
    if (hours) c->Literal(":");
    if (hours && c->Number(2, 2, &zm) && zh <= 14 && zm < 60) {
      t.offset_min = (negative ? -1 : 1) * (zh * 60 + zm);
    } else {
      c->pos = before_zone;
    }
  }
  return t;
}

Timestamp MakeTimestamp(int y, int m, int d, const TimeOfDay& t, int32_t offset_min) {
  const int64_t local_ms =
      DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kMsPerDay +
      ((t.hour * 60LL + t.minute) * 60 + t.second) * 1000 + t.millis;
  return Timestamp{local_ms - offset_min * kMsPerMinute, offset_min};
}

// Date plus the optional time after it ("2019-09-09 18:13", "2019-09-09T18:13:22+08:00").
std::optional<DateMatch> FinishDate(Cursor* c, size_t begin, int y, int m, int d,
                                    const DateContext& context) {
  if (!ValidDate(y, m, d)) return std::nullopt;
  const size_t date_end = c->pos;
  if (!c->Literal("T")) c->Spaces();
  std::optional<TimeOfDay> t = ReadTime(c);
  if (!t) {
    c->pos = date_end;
    return DateMatch{MakeTimestamp(y, m, d, TimeOfDay{}, context.default_offset_min), true, begin,
                     date_end};
  }
  const int32_t offset = t->offset_min.value_or(context.default_offset_min);
  return DateMatch{MakeTimestamp(y, m, d, *t, offset), false, begin, c->pos};
}

// The local calendar day of an instant under an offset, as days since the epoch.
int64_t LocalDay(Timestamp t, int32_t offset_min) {
  const int64_t local = t.unix_ms + offset_min * kMsPerMinute;
  return local >= 0 ? local / kMsPerDay : (local - kMsPerDay + 1) / kMsPerDay;
}

int YearOf(int64_t days) {
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  return static_cast<int>(year);
}

// "2019年9月9日", "2019-09-09", "2019/9/9", "2019.09.09", each with an optional time.
std::optional<DateMatch> TryFullDate(Cursor* c, const DateContext& context) {
  const size_t begin = c->pos;
  int y = 0;
  int m = 0;
  int d = 0;
  if (!c->Number(4, 4, &y)) return std::nullopt;
  const size_t after_year = c->pos;
  c->Spaces(1);
  if (c->Literal("年")) {
    c->Spaces(1);
    if (c->Number(1, 2, &m) && (c->Spaces(1), c->Literal("月")) && (c->Spaces(1), true) &&
        c->Number(1, 2, &d)) {
      c->AnyOf({"日"sv, "号"sv});
      if (auto match = FinishDate(c, begin, y, m, d, context)) return match;
    }
    c->pos = begin;
    return std::nullopt;
  }
  c->pos = after_year;
  for (std::string_view sep : {"-"sv, "/"sv, "."sv, "－"sv, "／"sv}) {
    if (!c->Literal(sep)) continue;
    if (c->Number(1, 2, &m) && c->Literal(sep) && c->Number(1, 2, &d)) {
      if (auto match = FinishDate(c, begin, y, m, d, context)) return match;
    }
    break;
  }
  c->pos = begin;
  return std::nullopt;
}

// The year a month-day without one belongs to: the page's, or the fetch's (last year when the
// date would otherwise lie more than a day after the fetch).
std::optional<int> YearFor(int m, int d, const DateContext& context) {
  if (context.year != 0) return context.year;
  if (!context.fetched_at) return std::nullopt;
  const int64_t fetch_day = LocalDay(*context.fetched_at, context.default_offset_min);
  const int year = YearOf(fetch_day);
  if (!ValidDate(year, m, d)) return year - 1;
  const int64_t day = DaysFromCivil(year, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return day > fetch_day + 1 ? year - 1 : year;
}

// "09-09 18:13", "9/9 18:13" (time required), "9月9日 18:13", "9月9日" (time optional).
std::optional<DateMatch> TryMonthDay(Cursor* c, const DateContext& context) {
  const size_t begin = c->pos;
  int m = 0;
  int d = 0;
  if (!c->Number(1, 2, &m)) return std::nullopt;
  bool chinese = false;
  if (c->Literal("月")) {
    chinese = true;
    if (!c->Number(1, 2, &d) || !c->AnyOf({"日"sv, "号"sv})) {
      c->pos = begin;
      return std::nullopt;
    }
  } else if (!((c->Literal("-") || c->Literal("/")) && c->Number(2, 2, &d))) {
    c->pos = begin;
    return std::nullopt;
  }
  const std::optional<int> year = YearFor(m, d, context);
  if (year && ValidDate(*year, m, d)) {
    const size_t date_end = c->pos;
    c->Spaces();
    if (std::optional<TimeOfDay> t = ReadTime(c)) {
      return DateMatch{
          MakeTimestamp(*year, m, d, *t, t->offset_min.value_or(context.default_offset_min)), false,
          begin, c->pos};
    }
    c->pos = date_end;
    if (chinese) {
      return DateMatch{MakeTimestamp(*year, m, d, TimeOfDay{}, context.default_offset_min), true,
                       begin, date_end};
    }
  }
  c->pos = begin;
  return std::nullopt;
}

// "3小时前", "5分钟前", "2天前", "30秒前" against the fetch time.
std::optional<DateMatch> TryAgo(Cursor* c, const DateContext& context) {
  const size_t begin = c->pos;
  int n = 0;
  if (!context.fetched_at || !c->Number(1, 3, &n)) return std::nullopt;
  c->Spaces(1);
  int64_t unit_ms = 0;
  if (c->Literal("秒")) {
    unit_ms = 1000;
  } else if (c->Literal("分钟") || c->Literal("分")) {
    unit_ms = kMsPerMinute;
  } else if (c->Literal("小时") || c->Literal("个小时")) {
    unit_ms = 60 * kMsPerMinute;
  } else if (c->Literal("天")) {
    unit_ms = kMsPerDay;
  }
  if (unit_ms == 0 || !c->Literal("前")) {
    c->pos = begin;
    return std::nullopt;
  }
  Timestamp t{context.fetched_at->unix_ms - n * unit_ms, context.default_offset_min};
  return DateMatch{t, unit_ms == kMsPerDay, begin, c->pos};
}

// "刚刚", "今天 18:13", "昨天 18:13", "前天" against the fetch time.
std::optional<DateMatch> TryRelativeDay(Cursor* c, const DateContext& context) {
  const size_t begin = c->pos;
  if (!context.fetched_at) return std::nullopt;
  if (c->Literal("刚刚")) {
    return DateMatch{Timestamp{context.fetched_at->unix_ms, context.default_offset_min}, false,
                     begin, c->pos};
  }
  int days_back = 0;
  if (c->Literal("今天")) {
    days_back = 0;
  } else if (c->Literal("昨天")) {
    days_back = 1;
  } else if (c->Literal("前天")) {
    days_back = 2;
  } else {
    return std::nullopt;
  }
  const int64_t day = LocalDay(*context.fetched_at, context.default_offset_min) - days_back;
  const int64_t midnight = day * kMsPerDay - context.default_offset_min * kMsPerMinute;
  const size_t date_end = c->pos;
  c->Spaces();
  if (std::optional<TimeOfDay> t = ReadTime(c)) {
    const int64_t ms = midnight + ((t->hour * 60LL + t->minute) * 60 + t->second) * 1000;
    return DateMatch{Timestamp{ms, context.default_offset_min}, false, begin, c->pos};
  }
  c->pos = date_end;
  return DateMatch{Timestamp{midnight, context.default_offset_min}, true, begin, date_end};
}

bool IsAsciiAlnum(char ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

}  // namespace

std::optional<DateMatch> FindDateTime(std::string_view text, const DateContext& context) {
  Cursor c{text, 0};
  size_t len = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    c.pos = pos;
    if (c.DigitAt(pos, &len) >= 0) {
      // Only at the start of a number: "12019-09-09" and "v2019.09.09" are not dates.
      size_t prev_len = 0;
      const bool after_alnum = pos > 0 && IsAsciiAlnum(text[pos - 1]);
      const bool after_wide_digit = pos >= 3 && c.DigitAt(pos - 3, &prev_len) >= 0 && prev_len == 3;
      if (after_alnum || after_wide_digit) continue;
      if (auto m = TryFullDate(&c, context)) return m;
      if (auto m = TryMonthDay(&c, context)) return m;
      if (auto m = TryAgo(&c, context)) return m;
      pos += len - 1;
    } else if (static_cast<unsigned char>(text[pos]) >= 0xE0) {
      if (auto m = TryRelativeDay(&c, context)) return m;
    }
  }
  return std::nullopt;
}

}  // namespace yuqing
