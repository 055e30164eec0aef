#include "normalize/pinyin.h"

#include <array>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace yuqing {
namespace {

constexpr size_t kMaxSyllable = 6;  // "zhuang", "shuang"

// The toneless letter for a tone-marked one, or 0 when `cp` carries no tone mark.
char32_t ToneBase(char32_t cp) {
  struct Marked {
    char32_t marked;
    char32_t base;
  };
  static constexpr std::array<Marked, 28> kMarks = {{
      {U'ā', U'a'}, {U'á', U'a'}, {U'ǎ', U'a'}, {U'à', U'a'}, {U'ē', U'e'}, {U'é', U'e'},
      {U'ě', U'e'}, {U'è', U'e'}, {U'ī', U'i'}, {U'í', U'i'}, {U'ǐ', U'i'}, {U'ì', U'i'},
      {U'ō', U'o'}, {U'ó', U'o'}, {U'ǒ', U'o'}, {U'ò', U'o'}, {U'ū', U'u'}, {U'ú', U'u'},
      {U'ǔ', U'u'}, {U'ù', U'u'}, {U'ǖ', U'v'}, {U'ǘ', U'v'}, {U'ǚ', U'v'}, {U'ǜ', U'v'},
      {U'ń', U'n'}, {U'ň', U'n'}, {U'ǹ', U'n'}, {U'ḿ', U'm'},
  }};
  for (const Marked& m : kMarks) {
    if (m.marked == cp) return m.base;
  }
  return 0;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Finals of Hanyu Pinyin as spelled after an initial, with ü written 'v' ("lv", "nve").
bool IsFinal(std::string_view f) {
  static constexpr std::array<std::string_view, 37> kFinals = {
      "a",  "o",   "e",   "ai",   "ei",  "ao", "ou",   "an",  "en",   "ang", "eng", "ong", "i",
      "ia", "ie",  "iao", "iu",   "ian", "in", "iang", "ing", "iong", "u",   "ua",  "uo",  "uai",
      "ui", "uan", "un",  "uang", "v",   "ve", "van",  "vn",  "ue",   "er",  "ueng"};
  for (std::string_view k : kFinals) {
    if (k == f) return true;
  }
  return false;
}

// Whether `s` (lower-case ASCII, 'v' for ü) is a pinyin syllable: [initial] final, or one of
// the syllabic nasals and interjections.
bool IsSyllable(std::string_view s) {
  if (s == "n" || s == "ng" || s == "m" || s == "hm" || s == "hng" || s == "er") return true;
  static constexpr std::array<std::string_view, 23> kInitials = {
      "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g",
      "k",  "h",  "j",  "q", "x", "r", "z", "c", "s", "y", "w"};
  for (std::string_view initial : kInitials) {
    if (StartsWith(s, initial) && s.size() > initial.size()) {
      const std::string_view final_part = s.substr(initial.size());
      // y- and w- spell i-/u- finals ("yan", "wu"); j q x y write ü as u ("ju", "xue").
      if (initial == "y" || initial == "w") {
        return IsFinal(final_part) ||
               IsFinal(std::string(1, initial == "y" ? 'i' : 'u') + std::string(final_part));
      }
      return IsFinal(final_part);
    }
  }
  return s != "ong" && IsFinal(s) && (s[0] == 'a' || s[0] == 'o' || s[0] == 'e');
}

bool IsOpen(char32_t cp) { return cp == U'(' || cp == U'（'; }
bool IsClose(char32_t cp) { return cp == U')' || cp == U'）'; }

}  // namespace

bool IsTonedPinyinSyllable(std::u32string_view syllable) {
  if (syllable.empty() || syllable.size() > kMaxSyllable) return false;
  std::string plain;
  int marks = 0;
  for (char32_t cp : syllable) {
    if (const char32_t base = ToneBase(cp); base != 0) {
      ++marks;
      plain.push_back(static_cast<char>(base));
    } else if (cp >= U'a' && cp <= U'z') {
      plain.push_back(static_cast<char>(cp));
    } else if (cp == U'ü') {
      plain.push_back('v');
    } else {
      return false;
    }
  }
  return marks == 1 && IsSyllable(plain);
}

size_t PinyinAnnotationLength(std::u32string_view text, size_t pos) {
  if (pos >= text.size() || !IsOpen(text[pos])) return 0;
  size_t end = pos + 1;
  while (end < text.size() && end - pos <= kMaxSyllable + 1 && !IsClose(text[end])) ++end;
  if (end >= text.size() || !IsClose(text[end])) return 0;
  return IsTonedPinyinSyllable(text.substr(pos + 1, end - pos - 1)) ? end - pos + 1 : 0;
}

namespace {

// The code point that ends at text[end) (decoding backwards over continuation bytes).
char32_t PreviousCodePoint(std::string_view text, size_t end) {
  if (end == 0) return 0;
  size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  size_t pos = start;
  const char32_t cp = NextCodePoint(text, &pos);
  return pos == end ? cp : 0xFFFD;
}

}  // namespace

std::string StripPinyinAnnotations(std::string_view text, size_t* removed) {
  std::string out;
  size_t copied = 0;  // text[0, copied) is in `out` (or deliberately dropped)
  size_t found = 0;
  std::u32string window;
  // Only '(' and the lead byte of '（' (EF BC 88) can open an annotation; jump between them.
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] != '(' && (text[pos] != '\xEF' || text.compare(pos, 3, "\xEF\xBC\x88") != 0)) {
      continue;
    }
    const char32_t prev = PreviousCodePoint(text, pos);
    if (!IsCjk(prev)) continue;
    size_t look = pos;
    window.clear();
    while (look < text.size() && window.size() < kMaxSyllable + 2) {
      window.push_back(NextCodePoint(text, &look));
      if (window.size() > 1 && IsClose(window.back())) break;
    }
    if (PinyinAnnotationLength(window, 0) != window.size()) continue;
    if (out.empty()) out.reserve(text.size());
    out.append(text.substr(copied, pos - copied));
    copied = look;
    ++found;
    pos = look - 1;
  }
  if (found == 0) return std::string(text);
  *removed += found;
  out.append(text.substr(copied));
  return out;
}

}  // namespace yuqing
