#include "normalize/text_scan.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "normalize/fast_utf8.h"
#include "normalize/simplifier.h"

namespace yuqing {
namespace {

// What an ASCII byte may mean for the steps.
enum : uint8_t {
  kPlain = 0,
  kQuestion = 1,   // mojibake trigger and punctuation
  kOpenParen = 2,  // pinyin and punctuation
  kPunct = 4,      // , ; : ) !
  kSpace = 8,      // ' '
  kOddBlank = 16,  // \t \r \f \v: always rewritten
  kNewline = 32,
};

constexpr std::array<uint8_t, 128> MakeAsciiTable() {
  std::array<uint8_t, 128> t{};
  t['?'] = kQuestion | kPunct;
  t['('] = kOpenParen | kPunct;
  t[','] = kPunct;
  t[';'] = kPunct;
  t[':'] = kPunct;
  t[')'] = kPunct;
  t['!'] = kPunct;
  t[' '] = kSpace;
  t['\t'] = kOddBlank;
  t['\r'] = kOddBlank;
  t['\f'] = kOddBlank;
  t['\v'] = kOddBlank;
  t['\n'] = kNewline;
  return t;
}
constexpr std::array<uint8_t, 128> kAscii = MakeAsciiTable();

bool IsUnicodeBlank(char32_t cp) {
  return cp == 0xA0 || cp == 0x3000 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F;
}

// Whether the byte at `i` (or the end) makes a space next to it removable.
bool SpaceNeighbourChanges(std::string_view text, size_t i) {
  if (i >= text.size()) return true;
  const auto b = static_cast<unsigned char>(text[i]);
  return b >= 0x80 || b == ' ' || b == '\n' || b == '\r' || b == '\t';
}

}  // namespace

TextScan ScanText(std::string_view text, const Simplifier* simplifier) {
  TextScan scan;
  if (text.empty()) return scan;
  if (text.front() == '\n' || text.back() == '\n') scan.whitespace = true;
  size_t i = 0;
  while (i < text.size()) {
    // Runs of plain ASCII letters and digits: eight bytes at a time.
    while (i + 8 <= text.size()) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      bool plain = true;
      for (size_t k = 0; k < 8 && plain; ++k)
        plain = kAscii[static_cast<uint8_t>(text[i + k])] == 0;
      if (!plain) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      const uint8_t kind = kAscii[b];
      if (kind != kPlain) {
        scan.mojibake_trigger |= (kind & kQuestion) != 0;
        scan.open_paren |= (kind & kOpenParen) != 0;
        scan.ascii_punctuation |= (kind & kPunct) != 0;
        scan.whitespace |= (kind & kOddBlank) != 0;
        if ((kind & kSpace) != 0) {
          scan.whitespace |=
              i == 0 || SpaceNeighbourChanges(text, i - 1) || SpaceNeighbourChanges(text, i + 1);
        } else if ((kind & kNewline) != 0) {
          scan.whitespace |= i + 1 < text.size() && text[i + 1] == '\n';
        }
      }
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = DecodeNext(text, &i);
    if (cp == 0xFFFD) {
      // U+FFFD itself is three bytes EF BF BD; anything else decoding to it was invalid.
      if (!(i - start == 3 && text.compare(start, 3, "\xEF\xBF\xBD") == 0)) {
        scan.valid_utf8 = false;
      }
      scan.mojibake_trigger = true;
    } else if (cp == U'（') {
      scan.open_paren = true;
    } else if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
               (cp >= 0xFF41 && cp <= 0xFF5A)) {
      scan.fullwidth_alnum = true;
    } else if (IsUnicodeBlank(cp)) {
      scan.whitespace = true;
    } else if (simplifier != nullptr && simplifier->MayChange(cp)) {
      scan.traditional = true;
    }
  }
  return scan;
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const char32_t cp = DecodeNext(text, &i);
    if (cp == 0xFFFD) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace yuqing
