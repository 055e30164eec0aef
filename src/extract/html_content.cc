#include "extract/html_content.h"

#include <algorithm>
#include <string_view>

#include "extract/date_parser.h"
#include "extract/html_cues.h"

namespace yuqing {

using namespace std::string_view_literals;

namespace {

bool LinkHeavy(const HtmlLine& line) { return line.link_chars * 2 > line.chars; }

// Short lines that carry a date or a byline label and no sentence: the info line under a
// headline ("2019-09-07 13:43:45 来源: 证券市场红周刊").
bool IsInfoLine(const HtmlLine& line) {
  if (line.chars > 90 || line.text.find("。") != std::string::npos) return false;
  std::string name;
  std::string medium;
  if (SplitWriterSlashMedium(line.text, &name, &medium)) return true;
  for (std::string_view cue : {"来源"sv, "作者"sv, "发布"sv, "时间"sv, "浏览"sv, "阅读"sv, "点击"sv,
                               "编辑"sv, "日期"sv, "字号"sv, "稿源"sv, "出处"sv}) {
    if (line.text.find(cue) != std::string::npos) return true;
  }
  // A date with little else: "2019-09-09 18:13 星期一"; not "（2007年6月29日...会议通过）".
  const std::optional<DateMatch> date = FindDateTime(line.text, DateContext{});
  return date && CountChars(line.text) -
                         CountChars(line.text.substr(date->begin, date->end - date->begin)) <=
                     12;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0x80) != 0) return false;
  }
  return true;
}

// Sentences, not labels: "：" alone (您所在的位置：首页 > ...) does not make prose.
bool IsProse(const HtmlLine& line) {
  if (LinkHeavy(line) || line.punctuation == 0 || line.chars < 15) return false;
  for (std::string_view mark : {"，"sv, "。"sv, "！"sv, "？"sv, "；"sv, "、"sv}) {
    if (line.text.find(mark) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

double LineContentValue(const HtmlLine& line) {
  const double chars = line.chars;
  const double links = line.link_chars;
  if (line.boilerplate_hint) return -chars;
  if (LinkHeavy(line)) return -chars;
  if (!BoilerplateLineKind(line.text).empty() || IsRelatedHeading(line.text)) return -chars;
  const double text = chars - links;
  double value = 0;
  if (line.punctuation == 0) {
    value = text >= 30 ? text * 0.5 : -2;
  } else {
    value = text - links + 2.0 * std::min<uint32_t>(line.punctuation, 20);
  }
  if (line.content_hint && value > 0) value *= 1.2;
  return value;
}

BodySelection SelectBody(const HtmlDocument& doc, const HtmlLines& lines) {
  const auto n = static_cast<uint32_t>(lines.lines.size());
  std::vector<double> values(n);
  std::vector<double> prefix(n + 1, 0.0);
  for (uint32_t i = 0; i < n; ++i) {
    values[i] = LineContentValue(lines.lines[i]);
    prefix[i + 1] = prefix[i] + values[i];
  }
  const auto sum = [&](uint32_t first, uint32_t end) { return prefix[end] - prefix[first]; };
  BodySelection best;
  best.score = -1e18;
  const auto consider = [&](uint32_t root, uint32_t first, uint32_t end) {
    const double score = sum(first, end);
    // Equal sums: the smaller range (its extra lines add nothing).
    if (score > best.score + 1e-9 ||
        (score > best.score - 1e-9 && end - first <= best.end_line - best.first_line)) {
      best = BodySelection{root, first, end, score};
    }
  };
  const auto& nodes = doc.nodes();
  for (uint32_t id = 0; id < nodes.size(); ++id) {
    if (nodes[id].tag == HtmlTag::kText) continue;
    const uint32_t first = lines.first[id];
    const uint32_t end = lines.end[id];
    if (first >= end) continue;
    consider(id, first, end);
    // A run of consecutive children: paragraphs that share a table cell or a <div> with the
    // related links after them (Kadane's maximum subarray over the children's sums).
    uint32_t cursor = first;
    uint32_t run_first = first;
    double run = 0;
    const auto unit = [&](uint32_t f, uint32_t e) {
      if (run <= 0) {
        run = 0;
        run_first = f;
      }
      run += sum(f, e);
      if (run > 0) consider(id, run_first, e);
    };
    for (uint32_t c = nodes[id].first_child; c != kNoNode; c = nodes[c].next_sibling) {
      if (nodes[c].tag == HtmlTag::kText) continue;
      const uint32_t f = std::max(lines.first[c], cursor);
      const uint32_t e = lines.end[c];
      if (e <= f) continue;
      if (f > cursor) unit(cursor, f);
      unit(f, e);
      cursor = e;
    }
    if (cursor < end) unit(cursor, end);
  }
  if (best.root == kNoNode) {
    best.score = 0;
    return best;
  }
  return best;
}

std::vector<uint32_t> CleanBody(const HtmlLines& lines, const BodySelection& selection,
                                const std::string& title, uint32_t title_first, uint32_t title_end,
                                ExtractedPage* page) {
  std::vector<uint32_t> kept;
  if (selection.root == kNoNode) return kept;
  bool in_related = false;
  bool seen_prose = false;
  // Lines of the body element around the chosen run are furniture too: record them.
  const uint32_t root_first = std::min(lines.first[selection.root], selection.first_line);
  const uint32_t root_end = std::max(lines.end[selection.root], selection.end_line);
  for (uint32_t i = root_first; i < root_end; ++i) {
    const HtmlLine& line = lines.lines[i];
    if (i < selection.first_line || i >= selection.end_line) {
      if (IsRelatedHeading(line.text)) in_related = true;
      std::string_view kind = BoilerplateLineKind(line.text);
      if (kind.empty()) {
        kind = in_related                                    ? "related"sv
               : LinkHeavy(line)                             ? "navigation"sv
               : IsBylineLine(line.text) || IsInfoLine(line) ? "byline"sv
                                                             : "boilerplate"sv;
      }
      page->Remove(std::string(kind), line.text);
      if (i + 1 == selection.first_line) in_related = false;
      continue;
    }
    if (in_related) {
      if (IsProse(line) && line.chars - line.link_chars >= 30 && !line.boilerplate_hint) {
        in_related = false;
      } else {
        page->Remove("related", line.text);
        continue;
      }
    }
    if (line.boilerplate_hint) {
      page->Remove("boilerplate", line.text);
      continue;
    }
    if (const std::string_view kind = BoilerplateLineKind(line.text); !kind.empty()) {
      page->Remove(std::string(kind), line.text);
      continue;
    }
    if (IsRelatedHeading(line.text)) {
      in_related = true;
      page->Remove("related", line.text);
      continue;
    }
    if (LinkHeavy(line)) {
      page->Remove("navigation", line.text);
      continue;
    }
    if ((i >= title_first && i < title_end) ||
        (!seen_prose && !title.empty() && line.text == title)) {
      page->Remove("duplicate_title", line.text);
      continue;
    }
    if (IsTagLine(line.text)) {
      page->Remove("keywords_line", line.text);
      continue;
    }
    if (!seen_prose && line.chars <= 3 && IsAscii(line.text)) {
      page->Remove("navigation", line.text);  // counters and page numbers above the text
      continue;
    }
    if (IsBylineLine(line.text)) {
      page->Remove("byline", line.text);
      continue;
    }
    if (!seen_prose && IsInfoLine(line)) {
      page->Remove("byline", line.text);
      continue;
    }
    if (IsProse(line)) seen_prose = true;
    kept.push_back(i);
  }
  while (!kept.empty() && lines.lines[kept.back()].chars <= 3 &&
         IsAscii(lines.lines[kept.back()].text)) {
    page->Remove("navigation", lines.lines[kept.back()].text);
    kept.pop_back();
  }
  return kept;
}

}  // namespace yuqing
