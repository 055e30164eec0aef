// Finding a publish time in page text (product.md §2.2): the many ways Chinese pages print one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace yuqing {

struct DateContext {
  std::optional<Timestamp> fetched_at;  // resolves 昨天 / 3小时前 and dates printed without a year
  int32_t default_offset_min = 480;  // pages rarely state a zone; Chinese pages mean +08:00
  // Year for dates printed without one ("09-09 18:13") when the page itself names it elsewhere
  // (e.g. in a <meta> date); 0 to take it from fetched_at.
  int32_t year = 0;
};

struct DateMatch {
  Timestamp time;
  bool date_only = false;     // the text gives a date without a time of day
  size_t begin = 0, end = 0;  // byte range of the match in the text
};

// First date/time in text: 2019年09月09日 18:13:22, 2019-09-09 18:13, 2019/9/9, 2019.09.09,
// 09-09 18:13 and 9月9日 18:13 (year from context.year or fetched_at), 昨天 18:13, 3小时前,
// 刚刚 (relative ones only with fetched_at), ISO 8601 with an offset. Full-width digits and
// colons are accepted. Returns nullopt when there is none.
std::optional<DateMatch> FindDateTime(std::string_view text, const DateContext& context);

}  // namespace yuqing
