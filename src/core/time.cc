#include "core/time.h"

namespace yuqing {

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

namespace {

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n ASCII digits at text[*pos].
bool ReadDigits(std::string_view text, size_t* pos, int n, int* value) {
  if (*pos + static_cast<size_t>(n) > text.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(n);
  *value = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos < text.size() && text[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

Result<Timestamp> ParseIso8601(std::string_view text) {
  const Status kNotIso =
      Status::InvalidInput("not ISO 8601 (expected e.g. 2019-09-09T18:13:22+08:00)");
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return kNotIso;
  }
  if (pos == text.size()) return Status::InvalidInput("date without a time and UTC offset");
  if (!(Expect(text, &pos, 'T') || Expect(text, &pos, 't') || Expect(text, &pos, ' ')) ||
      !ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute)) {
    return kNotIso;
  }
  if (Expect(text, &pos, ':')) {
    if (!ReadDigits(text, &pos, 2, &second)) return kNotIso;
    if (Expect(text, &pos, '.') || Expect(text, &pos, ',')) {
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) millis = millis * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return kNotIso;
      for (; digits < 3; ++digits) millis *= 10;
    }
  }
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > DaysInMonth(year, static_cast<unsigned>(month))) {
    return Status::InvalidInput("no such date");
  }
  if (hour > 23 || minute > 59 || second > 60) return Status::InvalidInput("no such time of day");
  if (second == 60) second = 59;  // a leap second; keep the instant inside its minute

  int offset_min = 0;
  if (pos == text.size()) return Status::InvalidInput("no UTC offset (add +08:00 or Z)");
  if (Expect(text, &pos, 'Z') || Expect(text, &pos, 'z')) {
    offset_min = 0;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh)) return kNotIso;
    if (pos < text.size()) {
      Expect(text, &pos, ':');
      if (!ReadDigits(text, &pos, 2, &om)) return kNotIso;
    }
    if (oh > 23 || om > 59) return Status::InvalidInput("UTC offset out of range");
    offset_min = sign * (oh * 60 + om);
  } else {
    return kNotIso;
  }
  if (pos != text.size()) return kNotIso;

  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t local_s = days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second;
  Timestamp t;
  t.unix_ms = (local_s - int64_t{offset_min} * 60) * 1000 + millis;
  t.utc_offset_min = offset_min;
  return t;
}

std::string FormatIso8601(Timestamp t) {
  const int64_t local_ms = t.unix_ms + int64_t{t.utc_offset_min} * 60000;
  int64_t days = local_ms >= 0 ? local_ms / 86400000 : (local_ms - 86399999) / 86400000;
  const int64_t ms_of_day = local_ms - days * 86400000;
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  const int64_t s = ms_of_day / 1000;
  const int64_t ms = ms_of_day % 1000;
  // Digits by hand: every item written goes through here, and snprintf was ~2% of analyze.
  std::string out;
  out.reserve(29);
  const auto digits = [&out](int64_t value, int width) {
    char buf[20];
    int n = 0;
    uint64_t v = static_cast<uint64_t>(value < 0 ? -value : value);
    do {
      buf[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0 && n < 20);
    if (value < 0) out += '-';
    for (int i = n; i < width; ++i) out += '0';
    while (n > 0) out += buf[--n];
  };
  digits(year, 4);
  out += '-';
  digits(month, 2);
  out += '-';
  digits(day, 2);
  out += 'T';
  digits(s / 3600, 2);
  out += ':';
  digits(s / 60 % 60, 2);
  out += ':';
  digits(s % 60, 2);
  if (ms != 0) {
    out += '.';
    digits(ms, 3);
  }
  if (t.utc_offset_min == 0) {
    out += 'Z';
  } else {
    const int off = t.utc_offset_min < 0 ? -t.utc_offset_min : t.utc_offset_min;
    out += t.utc_offset_min < 0 ? '-' : '+';
    digits(off / 60, 2);
    out += ':';
    digits(off % 60, 2);
  }
  return out;
}

}  // namespace yuqing
