#include "extract/html_extractor.h"

#include <algorithm>

#include "extract/date_parser.h"
#include "extract/html_content.h"
#include "extract/html_cues.h"
#include "extract/html_lines.h"
#include "extract/html_metadata.h"
#include "extract/html_tree.h"

namespace yuqing {

using namespace std::string_view_literals;

namespace {

// Bytes from the start or end of a paragraph where a byline sits ("（记者唐霁）", "(文/图 ...)").
constexpr size_t kBylineReach = 120;

std::string_view Prefix(std::string_view s, size_t bytes) {
  if (s.size() <= bytes) return s;
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string_view Suffix(std::string_view s, size_t bytes) {
  if (s.size() <= bytes) return s;
  size_t cut = s.size() - bytes;
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
  return s.substr(cut);
}

// Lines between the headline and the body text: the info line with date, source and author.
std::vector<std::string_view> InfoLines(const HtmlLines& lines, const Headline& headline,
                                        const BodySelection& body,
                                        const std::vector<uint32_t>& kept) {
  std::vector<std::string_view> out;
  const auto n = static_cast<uint32_t>(lines.lines.size());
  uint32_t from = 0;
  uint32_t to = 0;
  if (headline.line != kNoLine) {
    from = headline.end_line;
    to = std::min(n, headline.end_line + 15);
  } else if (body.root != kNoNode) {
    from = body.first_line >= 8 ? body.first_line - 8 : 0;
    to = std::min(n, body.first_line + 3);
  }
  if (!kept.empty() && kept.front() >= from) to = std::min(to, kept.front());
  for (uint32_t i = from; i < to; ++i) {
    if (lines.lines[i].chars <= 150) out.push_back(lines.lines[i].text);
  }
  return out;
}

// The medium printed beside the date without a label: "2019-09-26 10:56:28 证券时报网",
// "中国网 2019-11-25 10:37:31", "2019-09-05 11:10 游民星空[整理]".
std::string SourceNextToDate(std::string_view line) {
  const std::optional<DateMatch> date = FindDateTime(line, DateContext{});
  if (!date || CountChars(line) > 60) return {};
  const auto valid = [](std::string_view token) {
    const size_t chars = CountChars(token);
    if (chars < 2 || chars > 15) return false;
    if ((static_cast<unsigned char>(token[0]) & 0x80) == 0 &&
        !((token[0] >= 'A' && token[0] <= 'Z') || (token[0] >= 'a' && token[0] <= 'z'))) {
      return false;
    }
    for (std::string_view label :
         {"发布"sv, "作者"sv, "编辑"sv, "来源"sv, "时间"sv, "日期"sv, "原创"sv, "浏览"sv, "阅读"sv,
          "评论"sv, "字号"sv, "星期"sv, "记者"sv, "点击"sv, "分享"sv, "人气"sv}) {
      if (token.find(label) != std::string_view::npos) return false;
    }
    return true;
  };
  const auto cut = [](std::string_view token) {
    for (std::string_view stop : {"["sv, "【"sv, "("sv, "（"sv, "|"sv}) {
      const size_t at = token.find(stop);
      if (at != std::string_view::npos) token = token.substr(0, at);
    }
    return token;
  };
  std::string_view after = line.substr(date->end);
  while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
  const std::string_view next = cut(after.substr(0, after.find(' ')));
  if (valid(next)) return std::string(next);
  std::string_view before = line.substr(0, date->begin);
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  const size_t space = before.rfind(' ');
  const std::string_view prev =
      cut(space == std::string_view::npos ? before : before.substr(space + 1));
  if (valid(prev)) return std::string(prev);
  return {};
}

// Forum threads and boards: several posts with floor numbers or reply widgets.
bool LooksLikeForum(const HtmlLines& lines) {
  int cues = 0;
  for (const HtmlLine& line : lines.lines) {
    if (line.chars > 20) continue;
    for (std::string_view cue : {"楼主"sv, "只看楼主"sv, "沙发"sv, "板凳"sv, "回复本楼"sv,
                                 "引用回复"sv, "发表于"sv, "主题帖"sv, "精华帖"sv}) {
      if (line.text.find(cue) != std::string::npos) {
        ++cues;
        break;
      }
    }
  }
  return cues >= 3;
}

// A list item's byline or counter: "另一块木板 16:10", "7-31", "215" (thread lists, boards).
bool IsItemMetaLine(const HtmlLine& line) {
  if (line.chars > 30) return false;
  const std::string_view t = line.text;
  bool all_digits = true;
  for (char c : t) all_digits = all_digits && ((c >= '0' && c <= '9') || c == '-' || c == ' ');
  if (all_digits) return true;
  const auto digit = [&](size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  for (size_t i = 1; i + 2 < t.size(); ++i) {
    if (t[i] == ':' && digit(i - 1) && digit(i + 1) && digit(i + 2)) return true;
  }
  return false;
}

PageClass Classify(const HtmlLines& lines, const std::vector<uint32_t>& kept,
                   const Headline& headline, bool has_date) {
  size_t body_chars = 0;
  size_t longest_prose = 0;
  int prose = 0;
  int item_meta = 0;
  for (uint32_t i : kept) {
    const HtmlLine& line = lines.lines[i];
    body_chars += line.chars;
    if (line.punctuation > 0 && line.chars >= 15 && line.link_chars * 2 <= line.chars) {
      ++prose;
      longest_prose = std::max<size_t>(longest_prose, line.chars);
    }
    item_meta += IsItemMetaLine(line);
  }
  int link_items = 0;
  for (const HtmlLine& line : lines.lines) {
    if (line.chars >= 8 && line.link_chars * 2 > line.chars) ++link_items;
  }
  // Posts with their own timestamps and counters: a thread list or a board, not one article.
  const bool items = item_meta >= 8 && item_meta * 4 >= static_cast<int>(kept.size());
  if (items) return PageClass::kList;
  if (LooksLikeForum(lines)) return body_chars >= 100 ? PageClass::kOther : PageClass::kList;
  if (body_chars >= 300 && prose >= 2) return PageClass::kArticle;
  if (body_chars >= 50 && headline.line != kNoLine && has_date) return PageClass::kArticle;
  if (has_date && longest_prose >= 100) return PageClass::kArticle;
  if (link_items >= 20) return PageClass::kList;
  return PageClass::kOther;
}

}  // namespace

ExtractedPage ExtractHtml(std::string_view utf8_html, const HtmlExtractOptions& options) {
  ExtractedPage page;
  const HtmlDocument doc = HtmlDocument::Parse(utf8_html);
  const HtmlLines lines = BuildHtmlLines(doc);
  const HtmlHead head = ReadHtmlHead(doc);
  const BodySelection body = SelectBody(doc, lines);
  const Headline headline = FindHeadline(doc, lines, head, body);
  page.title = headline.text;
  page.keywords = head.keywords;
  const std::vector<uint32_t> kept =
      CleanBody(lines, body, page.title, headline.line, headline.end_line, &page);

  if (auto published =
          FindPublishTime(doc, lines, head, headline, body, kept, options.fetched_at)) {
    page.published_at = published->time;
    page.published_date_only = published->date_only;
  }

  // Author and source: the info line first, then removed bylines, then the lead and the end.
  std::vector<std::string_view> byline_places = InfoLines(lines, headline, body, kept);
  for (const RemovedContent& removed : page.removed) {
    if (removed.kind == "byline") {
      byline_places.insert(byline_places.end(), removed.samples.begin(), removed.samples.end());
    }
  }
  for (std::string_view place : byline_places) {
    if (page.source.empty()) page.source = FindSourceMedium(place);
    if (page.author.empty()) page.author = FindAuthor(place);
  }
  // "石佳/中国青年报" under the headline: writer and medium without labels.
  for (size_t k = 0; k < std::min<size_t>(byline_places.size(), 3); ++k) {
    std::string name;
    std::string medium;
    if (SplitWriterSlashMedium(byline_places[k], &name, &medium)) {
      if (page.author.empty()) page.author = name;
      if (page.source.empty()) page.source = medium;
      break;
    }
  }
  for (size_t k = 0; page.author.empty() && k < std::min<size_t>(kept.size(), 3); ++k) {
    page.author = FindAuthor(Prefix(lines.lines[kept[k]].text, kBylineReach));
  }
  if (page.author.empty() && !kept.empty()) {
    for (size_t k = kept.size(); page.author.empty() && k-- > 0 && k + 3 >= kept.size();) {
      page.author = FindAuthor(Suffix(lines.lines[kept[k]].text, kBylineReach));
    }
  }
  for (std::string_view place : byline_places) {
    if (!page.source.empty()) break;
    std::string medium = SourceNextToDate(place);
    // Beside the date may stand the writer instead.
    if (!medium.empty() && page.author.find(medium) == std::string::npos) page.source = medium;
  }

  page.page_class = Classify(lines, kept, headline, page.published_at.has_value());
  if (page.page_class == PageClass::kList) {
    for (uint32_t i : kept) page.Remove("list", lines.lines[i].text);
    return page;
  }
  page.paragraphs.reserve(kept.size());
  for (uint32_t i : kept) page.paragraphs.push_back(lines.lines[i].text);
  return page;
}

}  // namespace yuqing
