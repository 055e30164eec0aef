// Character references in HTML text and attribute values (HTML5 §13.2.5.72-80), with the named
// references that occur in Chinese news pages; an unknown name is kept as written.
#include <algorithm>
#include <cstring>
#include <iterator>

#include "core/utf8.h"
#include "extract/html_tree.h"

namespace yuqing {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// Sorted by name (binary search).
constexpr NamedEntity kEntities[] = {
    {"AElig", 0xC6},    {"Agrave", 0xC0},  {"Alpha", 0x391},   {"Beta", 0x392},
    {"Delta", 0x394},   {"Eacute", 0xC9},  {"Gamma", 0x393},   {"Omega", 0x3A9},
    {"Pi", 0x3A0},      {"Sigma", 0x3A3},  {"Theta", 0x398},   {"aacute", 0xE1},
    {"acute", 0xB4},    {"agrave", 0xE0},  {"alpha", 0x3B1},   {"amp", '&'},
    {"apos", '\''},     {"bdquo", 0x201E}, {"beta", 0x3B2},    {"brvbar", 0xA6},
    {"bull", 0x2022},   {"cent", 0xA2},    {"copy", 0xA9},     {"darr", 0x2193},
    {"deg", 0xB0},      {"delta", 0x3B4},  {"divide", 0xF7},   {"eacute", 0xE9},
    {"egrave", 0xE8},   {"emsp", 0x2003},  {"ensp", 0x2002},   {"euro", 0x20AC},
    {"frac12", 0xBD},   {"frac14", 0xBC},  {"frac34", 0xBE},   {"gamma", 0x3B3},
    {"ge", 0x2265},     {"gt", '>'},       {"harr", 0x2194},   {"hellip", 0x2026},
    {"iexcl", 0xA1},    {"infin", 0x221E}, {"iquest", 0xBF},   {"lambda", 0x3BB},
    {"laquo", 0xAB},    {"larr", 0x2190},  {"ldquo", 0x201C},  {"le", 0x2264},
    {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", '<'},        {"macr", 0xAF},
    {"mdash", 0x2014},  {"micro", 0xB5},   {"middot", 0xB7},   {"minus", 0x2212},
    {"mu", 0x3BC},      {"nbsp", 0xA0},    {"ndash", 0x2013},  {"ne", 0x2260},
    {"not", 0xAC},      {"ntilde", 0xF1},  {"oacute", 0xF3},   {"omega", 0x3C9},
    {"ordf", 0xAA},     {"ordm", 0xBA},    {"ouml", 0xF6},     {"para", 0xB6},
    {"permil", 0x2030}, {"phi", 0x3C6},    {"pi", 0x3C0},      {"plusmn", 0xB1},
    {"pound", 0xA3},    {"prime", 0x2032}, {"quot", '"'},      {"raquo", 0xBB},
    {"rarr", 0x2192},   {"rdquo", 0x201D}, {"reg", 0xAE},      {"rsaquo", 0x203A},
    {"rsquo", 0x2019},  {"sbquo", 0x201A}, {"sect", 0xA7},     {"shy", 0xAD},
    {"sigma", 0x3C3},   {"sup1", 0xB9},    {"sup2", 0xB2},     {"sup3", 0xB3},
    {"szlig", 0xDF},    {"theta", 0x3B8},  {"thinsp", 0x2009}, {"times", 0xD7},
    {"trade", 0x2122},  {"uacute", 0xFA},  {"uarr", 0x2191},   {"uml", 0xA8},
    {"uuml", 0xFC},     {"yen", 0xA5},     {"zwj", 0x200D},    {"zwnj", 0x200C},
};

void AppendCodePoint(char32_t cp, std::string* out) {
  // Surrogates, NUL and out-of-range references become U+FFFD, as browsers do.
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  AppendUtf8(cp, out);
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the reference at raw[amp] ('&'); returns bytes consumed, 0 if it is not one.
size_t DecodeReference(std::string_view raw, size_t amp, std::string* out) {
  size_t pos = amp + 1;
  if (pos < raw.size() && raw[pos] == '#') {
    ++pos;
    const bool hex = pos < raw.size() && (raw[pos] == 'x' || raw[pos] == 'X');
    if (hex) ++pos;
    const size_t digits_start = pos;
    uint32_t value = 0;
    while (pos < raw.size()) {
      const int d =
          hex ? HexValue(raw[pos]) : (raw[pos] >= '0' && raw[pos] <= '9' ? raw[pos] - '0' : -1);
      if (d < 0) break;
      if (value < 0x110000) value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      ++pos;
    }
    if (pos == digits_start) return 0;
    if (pos < raw.size() && raw[pos] == ';') ++pos;
    // Windows-1252 C1 remapping is rare in these pages; map the two that appear.
    if (value == 0x93) value = 0x201C;
    if (value == 0x94) value = 0x201D;
    AppendCodePoint(value, out);
    return pos - amp;
  }
  size_t end = pos;
  while (end < raw.size() && end - pos < 10 && IsAlnum(raw[end])) ++end;
  if (end == pos) return 0;
  const std::string_view name = raw.substr(pos, end - pos);
  const auto* it =
      std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                       [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it == std::end(kEntities) || it->name != name) return 0;
  AppendCodePoint(it->code_point, out);
  if (end < raw.size() && raw[end] == ';') ++end;
  return end - amp;
}

}  // namespace

void AppendDecodedHtml(std::string_view raw, std::string* out) {
  size_t pos = 0;
  while (pos < raw.size()) {
    const void* found = std::memchr(raw.data() + pos, '&', raw.size() - pos);
    if (found == nullptr) {
      out->append(raw.substr(pos));
      return;
    }
    const size_t amp = static_cast<size_t>(static_cast<const char*>(found) - raw.data());
    out->append(raw.substr(pos, amp - pos));
    const size_t used = DecodeReference(raw, amp, out);
    if (used == 0) {
      out->push_back('&');
      pos = amp + 1;
    } else {
      pos = amp + used;
    }
  }
}

std::string DecodeHtml(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  AppendDecodedHtml(raw, &out);
  return out;
}

}  // namespace yuqing
