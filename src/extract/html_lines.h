// The visible text of an HTML tree as lines: one per paragraph, heading, list item, table cell
// or <br>-separated row, each with the counts that content scoring needs (text vs link
// characters, punctuation). Every element's lines form one contiguous range, so a subtree's
// totals are a range sum.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "extract/html_tree.h"

namespace yuqing {

struct HtmlLine {
  std::string text;    // whitespace runs (ASCII, &nbsp;) as one space; trimmed, also of U+3000
  uint32_t block = 0;  // innermost block element holding the line
  uint32_t chars = 0;  // code points, spaces excluded
  uint32_t link_chars = 0;
  uint32_t punctuation = 0;       // sentence punctuation: ，。！？；：、“”
  bool boilerplate_hint = false;  // inside an element whose class/id names boilerplate
  bool content_hint = false;      // inside an element whose class/id names the article body
  bool heading = false;           // inside h1-h6
  bool after_image = false;       // an image precedes it in its block (captions)
};

struct HtmlLines {
  std::vector<HtmlLine> lines;
  // Per node id: its lines are lines[first[id], end[id]).
  std::vector<uint32_t> first;
  std::vector<uint32_t> end;
};

// Lines of the visible body text: script, style, forms' controls, hidden elements
// (display:none, hidden) and <head> are left out.
HtmlLines BuildHtmlLines(const HtmlDocument& doc);

// Whether a class/id value names page furniture (comment, footer, share, related, nav...) or
// the article body (article, content, text, detail...). Whole words or known compounds only:
// "header" is not "ad".
bool ClassNamesBoilerplate(std::string_view class_or_id);
// 2: comments, related lists, share bars, footers (nothing inside is the article); 1: layout
// furniture (side, header, nav...), where a content class inside still is; 0: neither.
int ClassBoilerplateStrength(std::string_view class_or_id);
bool ClassNamesContent(std::string_view class_or_id);

}  // namespace yuqing
