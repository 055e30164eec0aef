#include "store/search_snippet.h"

#include <algorithm>

#include "core/utf8.h"

namespace yuqing {
namespace {

// Characters of context kept before the first match, so the reader sees what it is about.
constexpr size_t kLeadChars = 30;

void AppendEscaped(char32_t cp, std::string* out) {
  switch (cp) {
    case '&':
      out->append("&amp;");
      break;
    case '<':
      out->append("&lt;");
      break;
    case '>':
      out->append("&gt;");
      break;
    case '"':
      out->append("&quot;");
      break;
    case '\'':
      out->append("&#39;");
      break;
    case '\n':
    case '\r':
    case '\t':
      out->push_back(' ');
      break;
    default:
      AppendUtf8(cp, out);
  }
}

}  // namespace

std::string MakeSnippet(std::string_view text, const std::vector<std::string>& words,
                        size_t max_chars) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Byte offset of every character, and one past the end.
  std::vector<size_t> starts;
  starts.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    starts.push_back(pos);
    NextCodePoint(text, &pos);
  }
  const size_t chars = starts.size();
  starts.push_back(text.size());
  auto is_boundary = [&](size_t byte) {
    return std::binary_search(starts.begin(), starts.end(), byte);
  };

  size_t first = std::string::npos;
  for (const std::string& word : words) {
    if (word.empty()) continue;
    for (size_t at = lowered.find(word); at != std::string::npos; at = lowered.find(word, at + 1)) {
      if (is_boundary(at) && is_boundary(at + word.size())) {
        first = std::min(first, at);
        break;
      }
    }
  }
  size_t begin_char = 0;
  if (first != std::string::npos) {
    const size_t match_char =
        static_cast<size_t>(std::lower_bound(starts.begin(), starts.end(), first) - starts.begin());
    const size_t lead = std::min(kLeadChars, max_chars / 4);
    begin_char = match_char > lead ? match_char - lead : 0;
    // A match near the end: show the full window anyway.
    if (chars > max_chars) begin_char = std::min(begin_char, chars - max_chars);
  }
  const size_t end_char = std::min(chars, begin_char + max_chars);
  const size_t end = starts[end_char];

  std::string out;
  if (begin_char > 0) out.append("…");
  for (size_t pos = starts[begin_char]; pos < end;) {
    size_t match = 0;  // the longest word starting here and ending inside the window
    for (const std::string& word : words) {
      if (word.size() > match && pos + word.size() <= end &&
          lowered.compare(pos, word.size(), word) == 0 && is_boundary(pos + word.size())) {
        match = word.size();
      }
    }
    if (match > 0) {
      out.append("<mark>");
      for (size_t at = pos; at < pos + match;) AppendEscaped(NextCodePoint(text, &at), &out);
      out.append("</mark>");
      pos += match;
    } else {
      AppendEscaped(NextCodePoint(text, &pos), &out);
    }
  }
  if (end_char < chars) out.append("…");
  return out;
}

}  // namespace yuqing
