#include "extract/html_metadata.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "extract/date_parser.h"
#include "extract/html_cues.h"

namespace yuqing {

using namespace std::string_view_literals;

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Whitespace runs (ASCII, NBSP) as one space, trimmed.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      if (nbsp) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Without ASCII spaces and U+3000 (headlines wrap with either).
std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// Code points of a UTF-8 string (invalid bytes as themselves: only compared for equality).
std::vector<uint32_t> CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (i + len > s.size()) len = 1;
    uint32_t cp = 0;
    for (size_t k = 0; k < len; ++k) cp = (cp << 8) | static_cast<unsigned char>(s[i + k]);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Longest common substring length (code points).
size_t LongestCommon(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  std::vector<uint16_t> prev(b.size() + 1, 0);
  std::vector<uint16_t> cur(b.size() + 1, 0);
  size_t best = 0;
  for (uint32_t ca : a) {
    for (size_t j = 0; j < b.size(); ++j) {
      cur[j + 1] = ca == b[j] ? static_cast<uint16_t>(prev[j] + 1) : 0;
      best = std::max<size_t>(best, cur[j + 1]);
    }
    std::swap(prev, cur);
  }
  return best;
}

// A class/id with "title", "headline" or "biaoti" in it, any case.
bool NamesTitle(std::string_view value) {
  if (value.size() < 5) return false;
  const std::string lower = LowerAscii(value);
  return lower.find("title") != std::string::npos || lower.find("headline") != std::string::npos ||
         lower.find("biaoti") != std::string::npos;
}

bool IsHeading(HtmlTag t) { return t >= HtmlTag::kH1 && t <= HtmlTag::kH6; }

// Pieces of a <title> split at site-suffix separators; the headline is usually the first.
std::string StripSiteSuffix(const std::string& title) {
  size_t cut = title.size();
  for (std::string_view sep :
       {"_"sv, "|"sv, " - "sv, "－"sv, "——"sv, " – "sv, "｜"sv, " — "sv, "-"sv}) {
    const size_t at = title.find(sep);
    if (at != std::string::npos && at > 0 && CountChars(title.substr(0, at)) >= 6) {
      cut = std::min(cut, at);
    }
  }
  std::string out = title.substr(0, cut);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<DateMatch> ParseMetaTime(std::string_view value) {
  DateContext context;
  return FindDateTime(value, context);
}

}  // namespace

HtmlHead ReadHtmlHead(const HtmlDocument& doc) {
  HtmlHead head;
  // Publish-time keys, best first.
  static constexpr std::string_view kTimeKeys[] = {"article:published_time",
                                                   "og:article:published_time",
                                                   "published_time",
                                                   "og:published_time",
                                                   "datepublished",
                                                   "pubdate",
                                                   "publishdate",
                                                   "publish_date",
                                                   "publishtime",
                                                   "publish-time",
                                                   "firstpublishedtime",
                                                   "bytedance:published_time",
                                                   "weibo:article:create_at",
                                                   "og:release_date",
                                                   "dc.date.issued",
                                                   "dc.date",
                                                   "sailthru.date",
                                                   "apub:time",
                                                   "ptime",
                                                   "dateupdate",
                                                   "date"};
  std::vector<std::pair<size_t, std::string>> times;
  const auto& nodes = doc.nodes();
  for (uint32_t id = 0; id < nodes.size(); ++id) {
    const HtmlTag tag = nodes[id].tag;
    if (tag == HtmlTag::kTitle && head.title.empty()) {
      head.title = CollapseSpace(doc.InnerText(id));
    } else if (tag == HtmlTag::kMeta) {
      std::string key = LowerAscii(doc.Attribute(id, "property"));
      if (key.empty()) key = LowerAscii(doc.Attribute(id, "name"));
      if (key.empty()) key = LowerAscii(doc.Attribute(id, "itemprop"));
      if (key.empty()) continue;
      const std::string_view content = doc.Attribute(id, "content");
      if (content.empty()) continue;
      if ((key == "og:title" || key == "twitter:title") && head.og_title.empty()) {
        head.og_title = CollapseSpace(DecodeHtml(content));
      } else if (key == "keywords" && head.keywords.empty()) {
        const std::string value = DecodeHtml(content);
        std::string word;
        const auto flush = [&] {
          std::string w = CollapseSpace(word);
          if (!w.empty()) head.keywords.push_back(std::move(w));
          word.clear();
        };
        for (size_t i = 0; i < value.size(); ++i) {
          if (value[i] == ',' || value[i] == ';' || value[i] == '|') {
            flush();
          } else if (value.compare(i, 3, "，") == 0 || value.compare(i, 3, "、") == 0 ||
                     value.compare(i, 3, "；") == 0) {
            flush();
            i += 2;
          } else {
            word.push_back(value[i]);
          }
        }
        flush();
      } else {
        for (size_t rank = 0; rank < std::size(kTimeKeys); ++rank) {
          if (key == kTimeKeys[rank]) times.emplace_back(rank, DecodeHtml(content));
        }
      }
    } else if (tag == HtmlTag::kTime) {
      head.time_elements.push_back(id);
    } else if (tag == HtmlTag::kScript) {
      // JSON-LD: "datePublished": "2019-09-09T18:13:22+08:00"
      const std::string text = doc.InnerText(id);
      const size_t at = text.find("\"datePublished\"");
      if (at != std::string::npos) {
        const size_t open = text.find('"', text.find(':', at) + 1);
        const size_t close = open == std::string::npos ? open : text.find('"', open + 1);
        if (close != std::string::npos) {
          times.emplace_back(4, text.substr(open + 1, close - open - 1));
        }
      }
    }
  }
  std::stable_sort(times.begin(), times.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& t : times) head.published.push_back(std::move(t.second));
  return head;
}

Headline FindHeadline(const HtmlDocument& doc, const HtmlLines& lines, const HtmlHead& head,
                      const BodySelection& body) {
  const std::vector<uint32_t> title_cp = CodePoints(head.title);
  const std::vector<uint32_t> og_cp = CodePoints(head.og_title);
  Headline best;
  double best_score = 0;
  const auto& nodes = doc.nodes();
  for (uint32_t id = 0; id < nodes.size(); ++id) {
    const HtmlTag tag = nodes[id].tag;
    if (tag == HtmlTag::kText || tag == HtmlTag::kDocument) continue;
    double tag_bonus = 0;
    if (tag == HtmlTag::kH1) {
      tag_bonus = 3;
    } else if (tag == HtmlTag::kH2) {
      tag_bonus = 2;
    } else if (IsHeading(tag)) {
      tag_bonus = 1;
    }
    if (NamesTitle(doc.Attribute(id, "class")) || NamesTitle(doc.Attribute(id, "id"))) {
      tag_bonus += 1.5;
    }
    if (tag_bonus == 0) continue;
    const uint32_t first = lines.first[id];
    const uint32_t end = lines.end[id];
    if (first >= end || end - first > 3) continue;
    std::string text;
    for (uint32_t i = first; i < end; ++i) {
      if (!text.empty()) text.push_back(' ');
      text += lines.lines[i].text;
    }
    const size_t chars = CountChars(text);
    if (chars < 4 || chars > 120) continue;
    const std::vector<uint32_t> cp = CodePoints(text);
    const size_t common = std::max(LongestCommon(cp, title_cp), LongestCommon(cp, og_cp));
    const double similarity = static_cast<double>(common) / static_cast<double>(cp.size());
    double position = 0;
    if (body.root != kNoNode) {
      if (end <= body.first_line) {
        const uint32_t gap = body.first_line - end;
        position = gap <= 25 ? 2.0 - gap * 0.04 : gap > 80 ? -1.0 : 0.0;
      } else if (first < body.end_line) {
        position = 1.5;  // inside the body element, above the text
      } else {
        position = -2;
      }
    }
    double links = 0;
    for (uint32_t i = first; i < end; ++i) links += lines.lines[i].link_chars;
    const double link_share = links / static_cast<double>(chars);
    const double score = 6 * similarity + 0.25 * std::min<double>(common, 30) + tag_bonus +
                         position - (link_share > 0.5 && similarity < 0.5 ? 3 : 0);
    if (similarity < 0.5 && (tag_bonus < 3 || position <= 0)) continue;
    if (score > best_score) {
      best_score = score;
      best = Headline{text, first, end};
    }
  }
  if (!best.text.empty()) {
    // A badge before the headline ("原创", "独家") is not part of it when <title> lacks it.
    for (std::string_view badge : {"原创"sv, "独家"sv, "置顶"sv, "精选"sv, "推荐"sv, "热门"sv,
                                   "转载"sv, "首发"sv, "视频"sv, "图集"sv}) {
      const std::string_view text = best.text;
      if (text.starts_with(badge) && text.size() > badge.size() + 6) {
        std::string_view rest = text.substr(badge.size());
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        const bool in_title =
            (!head.title.empty() && head.title.find(rest) != std::string::npos) ||
            (!head.og_title.empty() && head.og_title.find(rest) != std::string::npos);
        const bool badge_in_title = head.title.find(text) != std::string::npos;
        if (in_title && !badge_in_title) best.text = std::string(rest);
      }
    }
    return best;
  }
  const std::string fallback = !head.og_title.empty() ? head.og_title : StripSiteSuffix(head.title);
  // A headline printed over several lines (<br>) without a heading element: consecutive
  // lines that spell the <title> text, ignoring spaces.
  const std::string key = WithoutSpaces(fallback);
  if (CountChars(key) >= 6) {
    const auto n = static_cast<uint32_t>(lines.lines.size());
    const uint32_t from = body.root != kNoNode && body.first_line > 40 ? body.first_line - 40 : 0;
    const uint32_t to = body.root != kNoNode ? std::min(n, body.first_line + 10) : std::min(n, 80u);
    for (uint32_t i = from; i < to; ++i) {
      std::string joined;
      for (uint32_t j = i; j < std::min(to, i + 4); ++j) {
        joined += lines.lines[j].text;
        const std::string compact = WithoutSpaces(joined);
        if (compact == key) return Headline{joined, i, j + 1};
        if (key.compare(0, compact.size(), compact) != 0) break;
      }
    }
  }
  return Headline{fallback, kNoLine, kNoLine};
}

std::optional<PublishTime> FindPublishTime(const HtmlDocument& doc, const HtmlLines& lines,
                                           const HtmlHead& head, const Headline& headline,
                                           const BodySelection& body,
                                           const std::vector<uint32_t>& kept,
                                           std::optional<Timestamp> fetched_at) {
  std::optional<DateMatch> meta;
  for (const std::string& value : head.published) {
    if ((meta = ParseMetaTime(value))) break;
  }
  DateContext context;
  context.fetched_at = fetched_at;
  if (meta) {
    const int64_t local_day =
        (meta->time.unix_ms + context.default_offset_min * 60'000LL) / 86'400'000LL;
    // Year of that day: days_from_civil inverse via a year scan from 1990 (cheap, bounded).
    int year = 1990;
    while (year < 2100 && DaysFromCivil(year + 1, 1, 1) <= local_day) ++year;
    context.year = year;
  }
  const auto n = static_cast<uint32_t>(lines.lines.size());
  std::vector<bool> in_body(n, false);
  if (meta) {
    for (uint32_t i : kept) in_body[i] = true;
  }
  const auto scan = [&](uint32_t from, uint32_t to) -> std::optional<DateMatch> {
    for (uint32_t i = from; i < std::min(to, n); ++i) {
      const HtmlLine& line = lines.lines[i];
      if (in_body[i] || line.chars > 150) continue;
      if (line.chars > 60 && line.text.find("。") != std::string::npos) continue;
      if (auto m = FindDateTime(line.text, context)) return m;
    }
    return std::nullopt;
  };
  std::optional<DateMatch> shown;
  if (headline.line != kNoLine) {
    shown = scan(headline.end_line, headline.end_line + 15);
    if (!shown) shown = scan(headline.line >= 4 ? headline.line - 4 : 0, headline.line);
  } else if (body.root != kNoNode) {
    shown = scan(body.first_line >= 10 ? body.first_line - 10 : 0, body.first_line + 5);
  }
  if (!shown) {
    for (uint32_t id : head.time_elements) {
      std::string_view value = doc.Attribute(id, "datetime");
      const std::string text = value.empty() ? doc.InnerText(id) : DecodeHtml(value);
      if ((shown = FindDateTime(text, context))) break;
    }
  }
  if (!shown && !meta && body.root != kNoNode) {
    // Government pages print 发布日期 under the text.
    shown = scan(body.end_line >= 3 ? body.end_line - 3 : 0, body.end_line + 10);
  }
  if (shown && meta) {
    const int64_t diff = std::llabs(shown->time.unix_ms - meta->time.unix_ms);
    // The same minute shown without seconds: the meta value is the precise one.
    if (!shown->date_only && !meta->date_only && diff < 60'000) {
      return PublishTime{meta->time, false};
    }
    return PublishTime{shown->time, shown->date_only};
  }
  if (shown) return PublishTime{shown->time, shown->date_only};
  if (meta) return PublishTime{meta->time, meta->date_only};
  return std::nullopt;
}

}  // namespace yuqing
