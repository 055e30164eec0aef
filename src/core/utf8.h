// Small UTF-8 helpers shared by the text stages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yuqing {

// Decodes the code point at text[*pos] and advances *pos past it. An invalid or truncated
// sequence yields U+FFFD and advances one byte.
char32_t NextCodePoint(std::string_view text, size_t* pos);

void AppendUtf8(char32_t cp, std::string* out);

// CJK ideographs (URO, extensions A-G, compatibility ideographs).
bool IsCjk(char32_t cp);

// Number of code points.
size_t CountCodePoints(std::string_view text);

// Trims ASCII whitespace, U+00A0 and U+3000 at both ends.
std::string_view TrimSpace(std::string_view text);

// ASCII letters to lower case; every other byte (UTF-8 sequences included) unchanged.
std::string AsciiLower(std::string_view text);

}  // namespace yuqing
