// Fuzzes charset decoding: any bytes, with or without an HTTP Content-Type, must decode to valid
// UTF-8 without crashing, and no more bytes can be invalid than there are.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "extract/charset.h"

namespace {

bool ValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = yuqing::NextCodePoint(text, &pos);
    // U+FFFD is fine when it is really there (three bytes), not when it reports a bad byte.
    if (cp == 0xFFFD && pos - start != 3) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace yuqing;
  if (size == 0) return 0;
  // The first byte picks the HTTP header, so that every path (header, document, detection)
  // is reached from the same corpus.
  static constexpr std::string_view kHeaders[] = {"",
                                                  "text/html; charset=gbk",
                                                  "text/html; charset=utf-8",
                                                  "text/html; charset=big5",
                                                  "text/html; charset=ISO-8859-1",
                                                  "text/html; charset=\"gb2312\"",
                                                  "text/html; charset=",
                                                  "text/html; charset=utf-16le"};
  const std::string_view header = kHeaders[data[0] % (sizeof(kHeaders) / sizeof(kHeaders[0]))];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const DecodedText decoded = DecodeToUtf8(bytes, header);
  if (!ValidUtf8(decoded.utf8)) std::abort();
  if (decoded.invalid_bytes > bytes.size()) std::abort();
  if (decoded.charset.empty()) std::abort();
  return 0;
}
