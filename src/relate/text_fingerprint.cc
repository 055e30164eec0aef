#include "relate/text_fingerprint.h"

#include <algorithm>
#include <bit>

#include "core/utf8.h"

namespace yuqing {
namespace {

bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Letters, digits and ideographs: what a fingerprint looks at. Punctuation, symbols, emoji,
// spaces and undecodable bytes (U+FFFD) are not content.
bool IsContentChar(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  if (IsCjk(c)) return true;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0xFFFD) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, shapes
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
  if (c >= 0xFE10 && c <= 0xFE6F) return false;  // vertical and small forms
  if (c >= 0xFF00 && c <= 0xFFEF) return false;  // full-width forms (normalisation folds them)
  return c < 0x1F000;                            // emoji and pictographs
}

// splitmix64's finaliser: every input bit reaches every output bit.
uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over ASCII-lower-cased bytes, then mixed (FNV alone leaves the high bits weak).
uint64_t HashWord(std::string_view word) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char ch : word) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return Mix64(h);
}

bool StartsWithAsciiNoCase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsUrlByte(unsigned char c) {
  return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '[' && c != ']' &&
         c != '(' && c != ')';
}

// End of the line at or after `at`.
size_t LineEnd(std::string_view text, size_t at) {
  const size_t nl = text.find('\n', at);
  return nl == std::string_view::npos ? text.size() : nl;
}

// The end of an "@name" starting at text[at] == '@', with a ':' or '：' after it; `at` + 1 when
// no name follows.
size_t MentionEnd(std::string_view text, size_t at) {
  size_t pos = at + 1;
  while (pos < text.size()) {
    size_t next = pos;
    const char32_t c = NextCodePoint(text, &next);
    if (!(IsContentChar(c) || c == '_' || c == '-' || c == 0x00B7)) break;
    pos = next;
  }
  if (pos == at + 1) return pos;
  if (pos < text.size() && text[pos] == ':') return pos + 1;
  if (text.substr(pos, 3) == "：") return pos + 3;
  return pos;
}

// Boilerplate markers removed up to the end of their line.
constexpr std::string_view kToLineEnd[] = {"责任编辑：", "责任编辑:",  "本文来源",
                                           "分享自",     "文章来源：", "文章来源:"};
// Markers removed by themselves.
// The longer marker first where one contains another.
constexpr std::string_view kMarkers[] = {
    "转发微博",   "原标题：",  "原标题:", "网页链接", "展开全文",       "查看图片", "分享图片",
    "话题详情：", "话题详情:", "详情：",  "详情:",    "更多热门微博：", "来自话题"};
// Counters at the end of a post ("分享 12 评论 3 点赞 40").
constexpr std::string_view kTrailers[] = {"分享", "点赞", "收藏", "评论", "转发", "阅读", "赞"};

// Removes trailing counters from [0, end): returns the new end.
size_t StripTrailers(std::string_view text, const std::vector<uint8_t>& drop, size_t end) {
  size_t kept = end;
  size_t pos = end;
  while (true) {
    // Skip back over digits, spaces, brackets and colons and over bytes already dropped.
    while (pos > 0) {
      const unsigned char c = static_cast<unsigned char>(text[pos - 1]);
      if (drop[pos - 1] || (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == ':' ||
          c == '+' || c == 'w' || c == 'W' || c == '\t') {
        --pos;
      } else if (pos >= 3 && (text.substr(pos - 3, 3) == "（" || text.substr(pos - 3, 3) == "）" ||
                              text.substr(pos - 3, 3) == "：" || text.substr(pos - 3, 3) == "万")) {
        pos -= 3;
      } else {
        break;
      }
    }
    bool found = false;
    for (const auto trailer : kTrailers) {
      if (pos >= trailer.size() && text.substr(pos - trailer.size(), trailer.size()) == trailer) {
        pos -= trailer.size();
        kept = pos;
        found = true;
        break;
      }
    }
    if (!found) return kept;
  }
}

}  // namespace

std::vector<TextSpan> ContentSpans(std::string_view clean_text) {
  std::vector<TextSpan> spans;
  // Spans are 32-bit; a longer text is cut (no item comes near 4 GB).
  std::string_view text = clean_text.substr(0, 0xFFFFFFF0u);
  // The reposter's own words come before the first "//@"; the chain after it is other people's.
  size_t end = text.size();
  for (size_t at = text.find("//"); at != std::string_view::npos; at = text.find("//", at + 2)) {
    size_t after = at + 2;
    while (after < text.size() && text[after] == ' ') ++after;
    if (after < text.size() && text[after] == '@') {
      end = at;
      break;
    }
  }
  std::vector<uint8_t> drop(end, 0);
  auto drop_range = [&](size_t from, size_t to) {
    std::fill(drop.begin() + static_cast<ptrdiff_t>(from),
              drop.begin() + static_cast<ptrdiff_t>(std::min(to, end)), 1);
  };
  size_t pos = 0;
  while (pos < end) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 't' || c == 'T') {
      // "http:" alone too: exports often cut links to their scheme.
      if (StartsWithAsciiNoCase(text, pos, "http:") || StartsWithAsciiNoCase(text, pos, "https:") ||
          StartsWithAsciiNoCase(text, pos, "www.") || StartsWithAsciiNoCase(text, pos, "t.cn/")) {
        size_t stop = pos;
        while (stop < end && IsUrlByte(static_cast<unsigned char>(text[stop]))) ++stop;
        drop_range(pos, stop);
        pos = stop;
        continue;
      }
    }
    if (c == 'R' || c == 'r') {
      if (StartsWithAsciiNoCase(text, pos, "repost") &&
          (pos + 6 >= end || !IsAsciiAlnum(static_cast<unsigned char>(text[pos + 6]))) &&
          (pos == 0 || !IsAsciiAlnum(static_cast<unsigned char>(text[pos - 1])))) {
        drop_range(pos, pos + 6);
        pos += 6;
        continue;
      }
    }
    if (c == '@') {
      const size_t stop = MentionEnd(text, pos);
      // "回复@name:" is a reply marker, not content.
      const size_t from = pos >= 6 && text.substr(pos - 6, 6) == "回复" ? pos - 6 : pos;
      drop_range(from, stop);
      pos = stop;
      continue;
    }
    if (c == '#') {
      drop_range(pos, pos + 1);
      ++pos;
      continue;
    }
    // Emoticon codes: "[泪]", "[doge]", "［哈哈］" — up to 8 code points, no spaces.
    const bool ascii_open = c == '[';
    const bool wide_open = c == 0xEF && text.substr(pos, 3) == "［";
    if (ascii_open || wide_open) {
      size_t scan = pos + (ascii_open ? 1 : 3);
      int count = 0;
      while (scan < end && count <= 8) {
        if (text[scan] == ']' || text.substr(scan, 3) == "］") break;
        size_t next = scan;
        const char32_t cp = NextCodePoint(text, &next);
        if (cp == ' ' || cp == '[' || cp == '\n' || cp == 0x3000) {
          count = 99;
          break;
        }
        scan = next;
        ++count;
      }
      if (count >= 1 && count <= 8 && scan < end) {
        const size_t stop = scan + (text[scan] == ']' ? 1 : 3);
        drop_range(pos, stop);
        pos = stop;
        continue;
      }
    }
    // "（来源：新华社）", "(来源: 人民网)".
    if (((c == 0xEF && text.substr(pos, 3) == "（") || c == '(') &&
        (text.substr(pos + (c == '(' ? 1 : 3)).starts_with("来源"))) {
      size_t close = text.find("）", pos);
      const size_t close_ascii = text.find(')', pos);
      size_t stop = end;
      if (close != std::string_view::npos) stop = close + 3;
      if (close_ascii != std::string_view::npos && close_ascii + 1 < stop) stop = close_ascii + 1;
      if (stop - pos <= 120) {
        drop_range(pos, stop);
        pos = std::min(stop, end);
        continue;
      }
    }
    // Markers start at a lead byte; comparing the first two bytes inline before the rest
    // keeps this loop off memcmp for the ~99% of CJK characters that start none.
    if (c >= 0xC0 && pos + 1 < end) {
      const char second = text[pos + 1];
      const auto starts = [&](std::string_view marker) {
        return marker[0] == text[pos] && marker[1] == second &&
               text.substr(pos, marker.size()) == marker;
      };
      bool matched = false;
      for (const auto marker : kToLineEnd) {
        if (starts(marker)) {
          const size_t stop = LineEnd(text, pos);
          drop_range(pos, stop);
          pos = std::max(stop, pos + 1);
          matched = true;
          break;
        }
      }
      if (!matched) {
        for (const auto marker : kMarkers) {
          if (starts(marker)) {
            drop_range(pos, pos + marker.size());
            pos += marker.size();
            matched = true;
            break;
          }
        }
      }
      if (matched) continue;
    }
    ++pos;
  }
  end = StripTrailers(text, drop, end);

  // Kept runs with content, trimmed of surrounding spaces.
  size_t at = 0;
  while (at < end) {
    while (at < end && drop[at]) ++at;
    size_t stop = at;
    while (stop < end && !drop[stop]) ++stop;
    size_t from = at;
    size_t to = stop;
    std::string_view run = TrimSpace(text.substr(from, to - from));
    if (!run.empty() && ContentLength(run) > 0) {
      from = static_cast<size_t>(run.data() - text.data());
      spans.push_back({static_cast<uint32_t>(from), static_cast<uint32_t>(from + run.size())});
    }
    at = stop;
  }
  return spans;
}

std::string TextForHashing(std::string_view clean_text) {
  return JoinSpans(clean_text, ContentSpans(clean_text));
}

std::string JoinSpans(std::string_view clean_text, std::span<const TextSpan> spans) {
  std::string out;
  for (const TextSpan& span : spans) {
    if (!out.empty()) out += ' ';
    out.append(clean_text.substr(span.begin, span.end - span.begin));
  }
  return out;
}

size_t ContentLength(std::string_view text) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (IsContentChar(NextCodePoint(text, &pos))) ++count;
  }
  return count;
}

bool IsShortText(std::string_view text_for_hashing) {
  return ContentLength(text_for_hashing) < kShortTextLength;
}

namespace {

class SimHashAccumulator {
 public:
  void Add(uint64_t feature, int weight) {
    for (int bit = 0; bit < 64; ++bit) {
      // Branch-free: +weight where the bit is set, -weight where it is not.
      const int sign = static_cast<int>((feature >> bit) & 1) * 2 - 1;
      sums_[bit] += sign * weight;
    }
  }
  uint64_t Fingerprint() const {
    uint64_t fp = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (sums_[bit] > 0) fp |= uint64_t{1} << bit;
    }
    return fp;
  }

 private:
  std::array<int32_t, 64> sums_{};
};

// Weight of a word: its content code points, one-character words 1, capped at 4 so that one
// long name does not outvote the rest of a short text.
int WordWeight(std::string_view word, bool* has_content) {
  int count = 0;
  size_t pos = 0;
  while (pos < word.size()) {
    if (IsContentChar(NextCodePoint(word, &pos))) ++count;
  }
  *has_content = count > 0;
  return std::min(count, 4);
}

}  // namespace

uint64_t SimHash64(std::string_view clean_text, std::span<const uint32_t> word_ends) {
  return SimHash64(clean_text, word_ends, ContentSpans(clean_text));
}

uint64_t SimHash64(std::string_view clean_text, std::span<const uint32_t> word_ends,
                   std::span<const TextSpan> spans) {
  SimHashAccumulator acc;
  if (word_ends.empty()) {
    for (const TextSpan& span : spans) {
      const std::string_view part = clean_text.substr(span.begin, span.end - span.begin);
      uint64_t previous = 0;
      bool have_previous = false;
      size_t pos = 0;
      while (pos < part.size()) {
        const char32_t c = NextCodePoint(part, &pos);
        if (!IsContentChar(c)) continue;
        const uint64_t current = c >= 'A' && c <= 'Z' ? c + 32 : c;
        if (have_previous) acc.Add(Mix64((previous << 21) | current), 1);
        previous = current;
        have_previous = true;
      }
    }
    return acc.Fingerprint();
  }
  size_t span_index = 0;
  uint32_t word_begin = 0;
  for (const uint32_t raw_end : word_ends) {
    const uint32_t word_end = std::min<uint32_t>(raw_end, static_cast<uint32_t>(clean_text.size()));
    if (word_end <= word_begin) continue;
    // The word's part inside the content spans (a word rarely straddles a boundary).
    while (span_index < spans.size() && spans[span_index].end <= word_begin) ++span_index;
    for (size_t s = span_index; s < spans.size() && spans[s].begin < word_end; ++s) {
      const uint32_t from = std::max(word_begin, spans[s].begin);
      const uint32_t to = std::min(word_end, spans[s].end);
      if (from >= to) continue;
      const std::string_view word = clean_text.substr(from, to - from);
      bool has_content = false;
      const int weight = WordWeight(word, &has_content);
      if (has_content) acc.Add(HashWord(word), weight);
    }
    word_begin = word_end;
  }
  return acc.Fingerprint();
}

namespace {

// Multiply-shift hash functions (Dietzfelbinger et al., 1997) over a mixed 64-bit shingle hash:
// fixed odd multipliers and offsets drawn once from splitmix64.
struct MinHashFamily {
  std::array<uint64_t, kMinHashSize> a{};
  std::array<uint64_t, kMinHashSize> b{};
  constexpr MinHashFamily() {
    uint64_t state = 0x5eed5eed2026ULL;
    auto next = [&state] {
      state += 0x9e3779b97f4a7c15ULL;
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31);
    };
    for (int k = 0; k < kMinHashSize; ++k) {
      a[k] = next() | 1;
      b[k] = next();
    }
  }
};
constexpr MinHashFamily kFamily;

}  // namespace

MinHashSignature MinHash(std::string_view text) {
  MinHashSignature sig;
  sig.fill(0xFFFFFFFFu);
  // Content code points, ASCII lower-cased; each fits 21 bits, so a 3-gram is exact in 63.
  char32_t window[3] = {0, 0, 0};
  int have = 0;
  uint64_t shingles = 0;
  auto add = [&sig](uint64_t shingle) {
    const uint64_t h = Mix64(shingle);
    for (int k = 0; k < kMinHashSize; ++k) {
      const auto v = static_cast<uint32_t>((kFamily.a[k] * h + kFamily.b[k]) >> 32);
      sig[k] = std::min(sig[k], v);
    }
  };
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = NextCodePoint(text, &pos);
    if (!IsContentChar(c)) continue;
    if (c >= 'A' && c <= 'Z') c += 32;
    window[0] = window[1];
    window[1] = window[2];
    window[2] = c;
    if (++have >= 3) {
      add((uint64_t{window[0]} << 42) | (uint64_t{window[1]} << 21) | window[2]);
      ++shingles;
    }
  }
  if (shingles == 0 && have > 0) {
    // One or two characters: the text itself is the only shingle (marked apart from 3-grams).
    const uint64_t shingle = have == 1 ? window[2] : (uint64_t{window[1]} << 21) | window[2];
    add(shingle | (uint64_t{1} << 63));
  }
  return sig;
}

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  int equal = 0;
  for (int k = 0; k < kMinHashSize; ++k) equal += a[k] == b[k] ? 1 : 0;
  return static_cast<double>(equal) / kMinHashSize;
}

namespace {

// Query parameters that say where a link was shared from, not what it shows.
bool IsTrackingParameter(std::string_view key) {
  constexpr std::string_view kExact[] = {"spm",
                                         "spm_id_from",
                                         "from",
                                         "isappinstalled",
                                         "scene",
                                         "srcid",
                                         "share_token",
                                         "sharer",
                                         "shareuid",
                                         "share_source",
                                         "share_medium",
                                         "share_plat",
                                         "share_tag",
                                         "share_from",
                                         "wfr",
                                         "ref",
                                         "ref_src",
                                         "fbclid",
                                         "gclid",
                                         "clicktime",
                                         "enterid",
                                         "timestamp",
                                         "sessionid",
                                         "xhsshare",
                                         "app_platform",
                                         "mpshare",
                                         "sharesource",
                                         "vd_source",
                                         "_t"};
  if (key.starts_with("utm_")) return true;
  return std::find(std::begin(kExact), std::end(kExact), key) != std::end(kExact);
}

void AppendLower(std::string_view text, std::string* out) {
  for (char c : text) out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
}

// Upper-cases the hex digits of %xx escapes, so "%e4" and "%E4" compare equal.
void AppendEscapesUpper(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    out->push_back(text[i]);
    if (text[i] != '%') continue;
    for (size_t j = i + 1; j < text.size() && j <= i + 2; ++j) {
      const char c = text[j];
      out->push_back(c >= 'a' && c <= 'f' ? static_cast<char>(c - 32) : c);
    }
    i = std::min(text.size() - 1, i + 2);
  }
}

}  // namespace

std::string NormalizeUrl(std::string_view url) {
  std::string_view rest = TrimSpace(url);
  const std::string_view original = rest;
  if (StartsWithAsciiNoCase(rest, 0, "https://")) {
    rest.remove_prefix(8);
  } else if (StartsWithAsciiNoCase(rest, 0, "http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("//")) {
    rest.remove_prefix(2);
  } else if (!StartsWithAsciiNoCase(rest, 0, "www.") && !StartsWithAsciiNoCase(rest, 0, "t.cn/")) {
    return std::string(original);
  }
  // A URL ends at the first space (ASCII, U+00A0, U+3000) or fragment.
  rest = rest.substr(0, std::min({rest.find_first_of(" \t\r\n\f\v#"), rest.find("\xc2\xa0"),
                                  rest.find("\xe3\x80\x80")}));
  const size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path;
  std::string_view query;
  if (authority_end != std::string_view::npos) {
    const std::string_view tail = rest.substr(authority_end);
    const size_t question = tail.find('?');
    path = tail.substr(0, question);
    if (question != std::string_view::npos) query = tail.substr(question + 1);
  }
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);  // user:password@
  std::string host;
  AppendLower(authority, &host);
  // Empty and default ports and trailing dots, until none is left ("a.cn.:80:"), so that a
  // normalised URL normalises to itself.
  while (true) {
    while (!host.empty() && (host.back() == '.' || host.back() == ':')) host.pop_back();
    const size_t colon = host.rfind(':');
    if (colon == std::string::npos || host.find(']', colon) != std::string::npos) break;
    const std::string_view port = std::string_view(host).substr(colon + 1);
    if (port != "80" && port != "443") break;
    host.resize(colon);
  }
  // Repeatedly ("www.m.example.com"), so that a normalised URL normalises to itself.
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const std::string_view prefix : {"www.", "m."}) {
      if (host.starts_with(prefix) && host.size() > prefix.size() + 1) {
        host.erase(0, prefix.size());
        stripped = true;
      }
    }
  }
  while (path.size() > 0 && path.back() == '/') path.remove_suffix(1);

  std::vector<std::string_view> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty()) continue;
    std::string key;
    AppendLower(param.substr(0, param.find('=')), &key);
    if (!IsTrackingParameter(key)) params.push_back(param);
  }
  std::sort(params.begin(), params.end());

  std::string out = "https://";
  out += host;
  AppendEscapesUpper(path, &out);
  for (size_t i = 0; i < params.size(); ++i) {
    out += i == 0 ? '?' : '&';
    AppendEscapesUpper(params[i], &out);
  }
  return out;
}

}  // namespace yuqing
