// An inlined UTF-8 decoder for the normaliser's hot loops: Chinese text is almost all three-byte
// sequences, which are decoded here without a call; anything else goes to core's NextCodePoint.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/utf8.h"

namespace yuqing {

inline char32_t DecodeNext(std::string_view text, size_t* pos) {
  const size_t i = *pos;
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  if (b0 >= 0xE1 && b0 <= 0xEC && i + 2 < text.size()) {  // no overlong/surrogate cases here
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *pos = i + 3;
      return (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) |
             (b2 & 0x3F);
    }
  }
  return NextCodePoint(text, pos);
}

}  // namespace yuqing
