// Width normalisation (GB/T 15834-2011 puts full-width punctuation in Chinese text; JIS/Unicode
// full-width Latin forms are just wide ASCII): ASCII , ; : ( ) ! ? next to Chinese become
// ，；：（）！？, and full-width letters and digits become ASCII.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yuqing {

// Whether `cp` is Chinese text for punctuation purposes: a CJK ideograph, CJK punctuation
// (U+3001-U+303F) or a full-width form.
bool IsChineseContext(char32_t cp);

struct WidthCounts {
  size_t punctuation = 0;  // ASCII marks made full width
  size_t alnum = 0;        // full-width letters and digits folded
};

// One pass doing both. `punctuation`/`alnum` switch the two rules.
std::string NormalizeWidth(std::string_view text, bool punctuation, bool alnum,
                           WidthCounts* counts);

}  // namespace yuqing
