// The text shown under a search hit: a window of the item's text around the first match, with
// the matched words marked, safe to put into HTML as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

// About `max_chars` characters of `text` (never a split character; invalid UTF-8 becomes
// U+FFFD) starting a little before the first occurrence of any of `words` (lower-case; ASCII
// is matched case-insensitively), or at the start when none occurs. Every occurrence of a word
// in the window is wrapped in <mark></mark>; everything else is HTML-escaped (& < > " '),
// line breaks become spaces, and "…" marks text cut off at either end.
std::string MakeSnippet(std::string_view text, const std::vector<std::string>& words,
                        size_t max_chars = 160);

}  // namespace yuqing
