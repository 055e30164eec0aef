// Points in time as items carry them: an instant plus the UTC offset it was written with, so
// that "2013-04-21T19:38:51+08:00" goes out the way it came in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace yuqing {

struct Timestamp {
  int64_t unix_ms = 0;         // milliseconds since 1970-01-01T00:00:00Z
  int32_t utc_offset_min = 0;  // offset it was written with, e.g. 480 for +08:00

  friend bool operator==(const Timestamp& a, const Timestamp& b) { return a.unix_ms == b.unix_ms; }
  friend auto operator<=>(const Timestamp& a, const Timestamp& b) {
    return a.unix_ms <=> b.unix_ms;
  }
};

// Parses ISO 8601 / RFC 3339 date-times with a UTC offset: "2019-09-09T18:13:22+08:00",
// "2019-09-09 18:13Z", "2019-09-09T18:13:22.250+0800". The offset is required: an item's time
// without one is ambiguous by up to a day. The message says what is wrong, without the field
// name, e.g. "no UTC offset (add +08:00 or Z)".
Result<Timestamp> ParseIso8601(std::string_view text);

// "2019-09-09T18:13:22+08:00" (".250" added when the milliseconds are not zero; "Z" for UTC).
std::string FormatIso8601(Timestamp t);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// Its inverse (civil_from_days).
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

}  // namespace yuqing
