// Decoding page bytes to UTF-8 (product.md §2.2): BOM, then the HTTP header, then <meta>, each
// declaration checked against the bytes (valid UTF-8 wins over a false GB2312 claim), then
// detection (uchardet) when nothing usable is declared. GB2312/GBK are decoded as GB18030 (a
// superset), Big5 as CP950 / Big5-HKSCS. Invalid bytes become U+FFFD; never fails.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yuqing {

struct DecodedText {
  std::string utf8;
  std::string charset;             // what was used: utf-8, gb18030, gbk, big5, ...
  std::string declared;            // what the page or header claimed ("" if nothing)
  bool declaration_wrong = false;  // a declaration existed and the bytes contradicted it
  size_t invalid_bytes = 0;        // bytes replaced by U+FFFD
};

// `content_type`: the HTTP Content-Type header when known, e.g. "text/html; charset=gbk".
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type = {});

}  // namespace yuqing
