#include "extract/text_page_extractor.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "extract/date_parser.h"

namespace yuqing {
namespace {

// Words of SEO/porn spam headers that content farms put above stolen articles.
constexpr std::array<std::string_view, 22> kSpamWords = {
    "一区二区", "国产", "日韩", "欧美",     "亚洲",     "熟女", "波多野", "无码",
    "av",       "AV",   "精品", "在线观看", "免费视频", "少妇", "人妻",   "成人",
    "色片",     "博彩", "彩票", "娱乐城",   "棋牌",     "伦理"};

// Headings of "more to read" blocks after the article.
constexpr std::array<std::string_view, 16> kRelatedHeaders = {
    "猜你喜欢",   "相关阅读", "相关文章", "相关推荐", "推荐阅读", "延伸阅读",
    "热门文章",   "热门推荐", "为你推荐", "更多阅读", "相关新闻", "精彩推荐",
    "猜你感兴趣", "热点推荐", "相关链接", "最新文章"};

constexpr std::array<std::string_view, 7> kKeywordLabels = {"关键词", "关键字",   "标签", "Tags",
                                                            "tags",   "Keywords", "TAG"};

// Byline labels: "文/唐霁松", "■文/唐霁松", "作者：…", "记者 …".
constexpr std::array<std::string_view, 7> kBylineLabels = {"文",   "作者", "记者", "撰文",
                                                           "采写", "撰稿", "文字"};

constexpr std::array<std::string_view, 5> kAuthorNoteStarts = {"作者系", "作者为", "作者是",
                                                               "作者单位", "（作者"};

constexpr std::array<std::string_view, 5> kCopyrightCues = {"版权所有", "免责声明", "Copyright",
                                                            "©", "转载请注明"};

// Marks some magazines put at the end of an article or before a byline.
constexpr std::array<std::string_view, 8> kOrnaments = {"■", "□", "●", "◆", "▲", "★", "☆", "◇"};

constexpr size_t kMinBodyStartChars = 40;
constexpr size_t kMinArticleChars = 60;
constexpr size_t kMaxHeaderLineChars = 60;
constexpr size_t kMaxLinkFarmItemChars = 8;
constexpr size_t kMinLinkFarmItems = 8;

bool ContainsAny(std::string_view line, const auto& words, size_t* hits = nullptr) {
  size_t n = 0;
  for (std::string_view w : words) n += line.find(w) != std::string_view::npos;
  if (hits) *hits = n;
  return n > 0;
}

bool StartsWithAny(std::string_view line, const auto& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return line.starts_with(w); });
}

std::string_view StripOrnaments(std::string_view line) {
  for (bool again = true; again;) {
    again = false;
    line = TrimSpace(line);
    for (std::string_view o : kOrnaments) {
      if (line.starts_with(o)) {
        line.remove_prefix(o.size());
        again = true;
      }
      if (line.ends_with(o)) {
        line.remove_suffix(o.size());
        again = true;
      }
    }
  }
  return line;
}

// Lines with no letter, digit or CJK character ("?", "------").
bool IsJunk(std::string_view line) {
  size_t pos = 0;
  while (pos < line.size()) {
    const char32_t cp = NextCodePoint(line, &pos);
    if (IsCjk(cp) || (cp < 0x80 && std::isalnum(static_cast<int>(cp)))) return false;
  }
  return true;
}

std::vector<std::string_view> SplitOn(std::string_view line, std::string_view separators_utf8) {
  // Splits on any of the given separators (ASCII bytes or "｜"/"、"/"，").
  std::vector<std::string_view> parts;
  size_t start = 0, pos = 0;
  while (pos < line.size()) {
    size_t next = pos;
    const char32_t cp = NextCodePoint(line, &next);
    bool sep = false;
    size_t spos = 0;
    while (spos < separators_utf8.size()) {
      if (NextCodePoint(separators_utf8, &spos) == cp) sep = true;
    }
    if (sep) {
      if (auto part = TrimSpace(line.substr(start, pos - start)); !part.empty()) {
        parts.push_back(part);
      }
      start = next;
    }
    pos = next;
  }
  if (auto part = TrimSpace(line.substr(start)); !part.empty()) parts.push_back(part);
  return parts;
}

bool IsSpamHeader(std::string_view line) {
  size_t hits = 0;
  ContainsAny(line, kSpamWords, &hits);
  const size_t segments = SplitOn(line, "_|｜").size();
  return (segments >= 3 && hits >= 2) || hits >= 4;
}

// A line of many short names separated by "|" (a link farm of place names, site names, ...).
bool IsLinkFarm(std::string_view line, std::vector<std::string_view>* items) {
  if (line.find("。") != std::string_view::npos) return false;
  auto parts = SplitOn(line, "|｜");
  if (parts.size() < kMinLinkFarmItems) return false;
  size_t total = 0;
  for (auto p : parts) total += CountCodePoints(p);
  if (total > parts.size() * kMaxLinkFarmItemChars) return false;
  *items = std::move(parts);
  return true;
}

bool IsRelatedHeader(std::string_view line) {
  line = TrimSpace(line);
  while (line.ends_with(":") || line.ends_with("："))
    line.remove_suffix(line.ends_with(":") ? 1 : 3);
  return CountCodePoints(line) <= 8 && StartsWithAny(line, kRelatedHeaders);
}

// "关键词：经办社会保障舆情" -> "经办社会保障舆情".
bool KeywordsLine(std::string_view line, std::string_view* rest) {
  for (std::string_view label : kKeywordLabels) {
    if (!line.starts_with(label)) continue;
    std::string_view r = TrimSpace(line.substr(label.size()));
    if (r.starts_with(":"))
      r.remove_prefix(1);
    else if (r.starts_with("："))
      r.remove_prefix(3);
    else
      continue;
    *rest = TrimSpace(r);
    return true;
  }
  return false;
}

// "■文/唐霁松", "作者：张三", "本报记者 李四" -> the name.
bool Byline(std::string_view line, std::string* name) {
  std::string_view s = StripOrnaments(line);
  if (s.starts_with("本报记者")) s.remove_prefix(std::string_view("本报").size());
  for (std::string_view label : kBylineLabels) {
    if (!s.starts_with(label)) continue;
    std::string_view r = s.substr(label.size());
    const size_t before = r.size();
    for (bool again = true; again;) {
      again = false;
      for (std::string_view sep : {"/", "／", ":", "：", " ", "\xE3\x80\x80"}) {
        if (r.starts_with(sep)) {
          r.remove_prefix(sep.size());
          again = true;
        }
      }
    }
    if (r.size() == before) continue;  // "文章…" is not a byline
    r = TrimSpace(r);
    const size_t chars = CountCodePoints(r);
    if (chars < 2 || chars > 20) return false;
    *name = std::string(r);
    return true;
  }
  return false;
}

bool IsSentenceLike(std::string_view line) {
  return CountCodePoints(line) >= kMinBodyStartChars || line.ends_with("。") ||
         line.ends_with("！") || line.ends_with("？") || line.ends_with("”");
}

// A name after the date on a "2017-01-16 11:24唐霁松" line: 2-4 CJK characters, or a few
// words with no sentence punctuation.
bool LooksLikeName(std::string_view text) {
  const size_t chars = CountCodePoints(text);
  if (chars < 2 || chars > 12) return false;
  return text.find("：") == std::string_view::npos && text.find(':') == std::string_view::npos &&
         text.find("。") == std::string_view::npos;
}

// Splits a run-together keyword line ("经办社会保障舆情") into the fewest pieces that each occur
// in the body, each at least two characters; text that cannot be split stays whole.
std::vector<std::string> SplitKeywordRun(std::string_view run, const std::string& body) {
  std::vector<size_t> starts;  // byte offsets of code points
  for (size_t pos = 0; pos < run.size();) {
    starts.push_back(pos);
    NextCodePoint(run, &pos);
  }
  const size_t n = starts.size();
  starts.push_back(run.size());
  constexpr size_t kInf = 1 << 20;
  std::vector<size_t> best(n + 1, kInf), back(n + 1, 0);
  best[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    if (best[i] == kInf) continue;
    for (size_t j = i + 2; j <= std::min(n, i + 8); ++j) {
      const std::string_view piece = run.substr(starts[i], starts[j] - starts[i]);
      if (body.find(piece) == std::string::npos) continue;
      if (best[i] + 1 < best[j]) {
        best[j] = best[i] + 1;
        back[j] = i;
      }
    }
  }
  if (best[n] == kInf) return {std::string(run)};
  std::vector<std::string> pieces;
  for (size_t j = n; j > 0; j = back[j]) {
    pieces.emplace_back(run.substr(starts[back[j]], starts[j] - starts[back[j]]));
  }
  std::reverse(pieces.begin(), pieces.end());
  return pieces;
}

std::vector<std::string> SplitKeywords(std::string_view raw, const std::string& body) {
  std::vector<std::string> keywords;
  for (std::string_view part : SplitOn(raw, " ,;|，；、")) {
    if (part.find(' ') == std::string_view::npos && CountCodePoints(part) > 4) {
      for (auto& piece : SplitKeywordRun(part, body)) keywords.push_back(std::move(piece));
    } else {
      keywords.emplace_back(part);
    }
  }
  return keywords;
}

std::string TrimEndMarks(std::string_view paragraph) {
  return std::string(StripOrnaments(paragraph));
}

}  // namespace

ExtractedPage ExtractTextPage(std::string_view text, const TextPageOptions& options) {
  ExtractedPage page;
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (auto line = TrimSpace(text.substr(start, end - start)); !line.empty())
      lines.push_back(line);
    start = end + 1;
  }
  DateContext date_context;
  date_context.fetched_at = options.fetched_at;

  // Header: everything before the first sentence-like line.
  size_t i = 0;
  std::string_view keywords_raw;
  bool after_date_line = false;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const bool just_after_date = after_date_line;
    after_date_line = false;
    std::string name;
    std::vector<std::string_view> items;
    std::string_view rest;
    if (IsSpamHeader(line)) {
      page.Remove("spam_header", line);
      page.Flag("seo_spam_header");
    } else if (IsJunk(line)) {
      page.Remove("junk", line);
    } else if (KeywordsLine(line, &rest)) {
      keywords_raw = rest;
      page.Remove("keywords_line", line);
    } else if (Byline(line, &name)) {
      if (page.author.empty()) page.author = name;
      page.Remove("byline", line);
    } else if (!page.title.empty() && line == page.title) {
      page.Remove("duplicate_title", line);
    } else if (auto date = CountCodePoints(line) <= kMaxHeaderLineChars && !page.published_at
                               ? FindDateTime(line, date_context)
                               : std::nullopt) {
      page.published_at = date->time;
      page.published_date_only = date->date_only;
      const std::string_view after = TrimSpace(line.substr(date->end));
      const std::string_view before = TrimSpace(line.substr(0, date->begin));
      if (page.author.empty() && LooksLikeName(after)) page.author = std::string(after);
      if (page.source.empty() && LooksLikeName(before)) page.source = std::string(before);
      after_date_line = true;
    } else if (IsLinkFarm(line, &items) || IsRelatedHeader(line) ||
               (IsSentenceLike(line) && !page.title.empty())) {
      break;  // the body starts here (or there is none: a link farm or related block)
    } else if (page.title.empty()) {
      page.title = std::string(line);
    } else if (just_after_date && page.source.empty()) {
      page.source = std::string(line);  // "中国社会保障 2016年10期" under the date line
    } else {
      page.Remove("header", line);
    }
  }

  // Body: until an author note, a related block, a link farm, or the end.
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    std::string name;
    std::vector<std::string_view> items;
    if (StartsWithAny(line, kAuthorNoteStarts) || IsRelatedHeader(line) ||
        IsLinkFarm(line, &items)) {
      break;
    }
    if (IsJunk(line)) {
      page.Remove("junk", line);
    } else if (line == page.title) {
      page.Remove("duplicate_title", line);
    } else if (CountCodePoints(line) <= 24 && Byline(line, &name)) {
      if (page.author.empty()) page.author = name;
      page.Remove("byline", line);
    } else if (CountCodePoints(line) <= 100 && ContainsAny(line, kCopyrightCues)) {
      page.Remove("copyright", line);
    } else {
      page.paragraphs.push_back(std::string(line));
    }
  }
  if (!page.paragraphs.empty()) page.paragraphs.back() = TrimEndMarks(page.paragraphs.back());

  // Tail: the author note, related titles, link farms, anything else.
  bool in_related = false;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    std::vector<std::string_view> items;
    if (IsLinkFarm(line, &items)) {
      for (auto item : items) page.Remove("link_farm", item);
      page.Flag("link_farm");
      in_related = false;
    } else if (IsRelatedHeader(line)) {
      in_related = true;
    } else if (in_related && CountCodePoints(line) <= kMaxHeaderLineChars) {
      page.Remove("related", line);
    } else if (page.author_note.empty() && StartsWithAny(line, kAuthorNoteStarts)) {
      page.author_note = std::string(line);
    } else if (ContainsAny(line, kCopyrightCues)) {
      page.Remove("copyright", line);
    } else {
      page.Remove("tail", line);
    }
  }

  std::string body;
  size_t body_chars = 0;
  for (const auto& p : page.paragraphs) {
    body += p;
    body += '\n';
    body_chars += CountCodePoints(p);
  }
  if (!keywords_raw.empty()) page.keywords = SplitKeywords(keywords_raw, body);

  const bool has_long_paragraph =
      std::any_of(page.paragraphs.begin(), page.paragraphs.end(),
                  [](const std::string& p) { return CountCodePoints(p) >= kMinBodyStartChars; });
  if (has_long_paragraph && body_chars >= kMinArticleChars) {
    page.page_class = PageClass::kArticle;
  } else if (std::find(page.flags.begin(), page.flags.end(), "seo_spam_header") !=
             page.flags.end()) {
    page.page_class = PageClass::kSpam;
  } else if (lines.size() >= 10) {
    page.page_class = PageClass::kList;
  }
  return page;
}

}  // namespace yuqing
