#include "normalize/whitespace.h"

#include <string>
#include <string_view>

#include "core/utf8.h"
#include "normalize/punctuation.h"

namespace yuqing {
namespace {

// CJK symbols and punctuation (、。〈〉《》「」…) and the full-width forms of ASCII punctuation.
bool IsWidePunctuation(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65);
}

bool IsBlank(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\f' || cp == U'\v' || cp == 0xA0 || cp == 0x3000 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

// Whether a line (no line break inside) is already normal: no odd blank byte, no Unicode
// space, and every ASCII space single, inside the line, not beside wide punctuation, and
// (unless spaces between Chinese characters are kept) not beside a Chinese character.
bool LineIsNormal(std::string_view line, bool keep_between_chinese) {
  if (line.empty()) return false;
  for (size_t i = 0; i < line.size(); ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    if (b == ' ') {
      if (i == 0 || i + 1 == line.size()) return false;
      const auto before = static_cast<unsigned char>(line[i - 1]);
      const auto after = static_cast<unsigned char>(line[i + 1]);
      if (before == ' ' || after == ' ') return false;
      if (before >= 0x80 || after >= 0x80) {
        // Next to a multi-byte character: let the slow path decide.
        if (!keep_between_chinese) return false;
        size_t next = i + 1;
        if (after >= 0x80 && IsWidePunctuation(NextCodePoint(line, &next))) return false;
        size_t prev = i;
        while (prev > 0 && (static_cast<unsigned char>(line[prev - 1]) & 0xC0) == 0x80) --prev;
        if (prev > 0) --prev;
        if (before >= 0x80 && IsWidePunctuation(NextCodePoint(line, &prev))) return false;
      }
    } else if (b == '\t' || b == '\f' || b == '\v' || b == '\r') {
      return false;
    } else if (b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3) {
      // Lead bytes of U+00A0, U+1680, U+2000-U+205F, U+3000: decode and check.
      size_t pos = i;
      if (IsBlank(NextCodePoint(line, &pos))) return false;
    }
  }
  return true;
}

}  // namespace

std::string NormalizeWhitespace(std::string_view text, bool keep_between_chinese) {
  std::string out;
  out.reserve(text.size());
  size_t blank_lines = 0;  // blank lines seen since the last text line
  bool any_line = false;   // a text line has been written
  size_t pos = 0;
  while (pos <= text.size()) {
    // One line: [pos, end), the terminator being LF, CR LF, CR or the end.
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    const size_t line_start = out.size();
    if (any_line) {
      out += blank_lines > 0 ? "\n\n" : "\n";
    }
    const size_t content_start = out.size();
    if (const std::string_view line = text.substr(pos, end - pos);
        LineIsNormal(line, keep_between_chinese)) {
      out.append(line);
      any_line = true;
      blank_lines = 0;
      if (end >= text.size()) break;
      pos = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
      continue;
    }
    bool pending_space = false;
    bool in_mention = false;  // inside "@name": the blank after it is where the name ends
    char32_t last = 0;        // last code point written on this line
    for (size_t i = pos; i < end;) {
      const size_t start = i;
      const char32_t cp = NextCodePoint(text.substr(0, end), &i);
      if (IsBlank(cp)) {
        pending_space = last != 0;
        continue;
      }
      if (pending_space && in_mention && !IsWidePunctuation(cp)) {
        out += ' ';  // "@林俊杰 成都见面会": the name is 林俊杰, not 林俊杰成都见面会
        pending_space = false;
        in_mention = false;
      }
      if (cp == U'@' || cp == 0xFF20) {
        in_mention = true;
      } else if (pending_space || IsWidePunctuation(cp) || cp == U':' || cp == U',') {
        in_mention = false;
      }
      // Next to full-width punctuation, which carries its own spacing, a space is layout
      // debris; between Chinese characters it is kept only on request (whitespace.h).
      // (Line breaks inside HTML text are dropped upstream, by the CSS segment-break rule.)
      const bool between_chinese = IsChineseContext(last) && IsChineseContext(cp);
      if (pending_space && !IsWidePunctuation(last) && !IsWidePunctuation(cp) &&
          (keep_between_chinese || !between_chinese)) {
        out += ' ';
      }
      pending_space = false;
      // Copy the original bytes (an invalid byte stays as it was; NextCodePoint reports it as
      // U+FFFD, which we do not want to invent here).
      out.append(text.substr(start, i - start));
      last = cp;
    }
    if (out.size() == content_start) {
      out.resize(line_start);  // blank line: remember it, write nothing yet
      if (any_line) ++blank_lines;
    } else {
      any_line = true;
      blank_lines = 0;
    }
    if (end >= text.size()) break;
    pos = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
  }
  return out;
}

}  // namespace yuqing
