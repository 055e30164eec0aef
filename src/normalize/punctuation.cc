#include "normalize/punctuation.h"

#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace yuqing {
namespace {

char32_t FullWidth(char32_t cp) {
  switch (cp) {
    case U',':
      return U'，';
    case U';':
      return U'；';
    case U':':
      return U'：';
    case U'(':
      return U'（';
    case U')':
      return U'）';
    case U'!':
      return U'！';
    case U'?':
      return U'？';
    default:
      return 0;
  }
}

bool IsFullWidthAlnum(char32_t cp) {
  return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}

// Decides for each '(' / ')' in `cps` whether it becomes full width. Brackets are decided as
// pairs so that "村(社区)" and "的(LED)屏" keep matching brackets: a pair converts when it
// touches Chinese on the outside or holds Chinese inside; an unpaired one by its neighbours.
void DecideBrackets(const std::u32string& cps, std::vector<bool>* convert) {
  std::vector<size_t> open;
  auto touches = [&](size_t i) {
    return (i > 0 && IsChineseContext(cps[i - 1])) ||
           (i + 1 < cps.size() && IsChineseContext(cps[i + 1]));
  };
  auto single = [&](size_t i) { (*convert)[i] = touches(i); };
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == U'\n') {
      for (size_t o : open) single(o);
      open.clear();
    } else if (cps[i] == U'(') {
      open.push_back(i);
    } else if (cps[i] == U')') {
      if (open.empty()) {
        single(i);
        continue;
      }
      const size_t o = open.back();
      open.pop_back();
      bool chinese = (o > 0 && IsChineseContext(cps[o - 1])) ||
                     (i + 1 < cps.size() && IsChineseContext(cps[i + 1]));
      for (size_t k = o + 1; k < i && !chinese; ++k) chinese = IsChineseContext(cps[k]);
      (*convert)[o] = chinese;
      (*convert)[i] = chinese;
    }
  }
  for (size_t o : open) single(o);
}

}  // namespace

bool IsChineseContext(char32_t cp) {
  return IsCjk(cp) || (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF60);
}

namespace {

// Whether a line holds anything NormalizeWidth could change: an ASCII mark or a full-width
// letter or digit (EF BC 90-99, EF BC A1-BA, EF BD 81-9A).
bool LineHasCandidates(std::string_view line, bool punctuation, bool alnum) {
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (punctuation && FullWidth(static_cast<unsigned char>(c)) != 0) return true;
    if (alnum && c == '\xEF' && i + 2 < line.size()) {
      const auto b1 = static_cast<unsigned char>(line[i + 1]);
      const auto b2 = static_cast<unsigned char>(line[i + 2]);
      if ((b1 == 0xBC && ((b2 >= 0x90 && b2 <= 0x99) || (b2 >= 0xA1 && b2 <= 0xBA))) ||
          (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A)) {
        return true;
      }
    }
  }
  return false;
}

void NormalizeWidthLine(std::string_view line, bool punctuation, bool alnum, WidthCounts* counts,
                        std::string* out) {
  std::u32string cps;
  cps.reserve(line.size());
  for (size_t pos = 0; pos < line.size();) cps.push_back(NextCodePoint(line, &pos));
  std::vector<bool> bracket(cps.size(), false);
  if (punctuation) DecideBrackets(cps, &bracket);
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t cp = cps[i];
    if (alnum && IsFullWidthAlnum(cp)) {
      cp -= 0xFEE0;
      ++counts->alnum;
    } else if (punctuation && FullWidth(cp) != 0) {
      bool convert = false;
      if (cp == U'(' || cp == U')') {
        convert = bracket[i];
      } else {
        // Compare with the original neighbours: a full-width digit folded to ASCII just before
        // does not make "１２:３０" Chinese, and a mark after Chinese stays Chinese.
        convert =
            (i > 0 && IsChineseContext(cps[i - 1]) && !IsFullWidthAlnum(cps[i - 1])) ||
            (i + 1 < cps.size() && IsChineseContext(cps[i + 1]) && !IsFullWidthAlnum(cps[i + 1]));
      }
      if (convert) {
        cp = FullWidth(cp);
        ++counts->punctuation;
      }
    }
    AppendUtf8(cp, out);
  }
}

}  // namespace

std::string NormalizeWidth(std::string_view text, bool punctuation, bool alnum,
                           WidthCounts* counts) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (LineHasCandidates(line, punctuation, alnum)) {
      NormalizeWidthLine(line, punctuation, alnum, counts, &out);
    } else {
      out.append(line);
    }
    if (end < text.size()) out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace yuqing
