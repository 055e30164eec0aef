// Where the article body is in a page, and which of its lines are the article.
//
// Each line gets a value: positive for prose (its non-link characters, more with sentence
// punctuation), negative for links, furniture cues and elements whose class/id names
// furniture. The body is the element whose lines add up to the largest sum, a maximum-sum
// subtree: text density over blocks in the spirit of CETD (Sun et al., SIGIR 2011) and GNE,
// with Chinese-specific cues. Then lines inside it that are furniture are dropped and recorded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "extract/html_lines.h"
#include "extract/html_tree.h"
#include "extract/page.h"

namespace yuqing {

struct BodySelection {
  uint32_t root = kNoNode;  // the element holding the body
  uint32_t first_line = 0;  // its lines: [first_line, end_line)
  uint32_t end_line = 0;
  double score = 0;  // sum of line values
};

// Value of one line for content scoring (exposed for tests and page classification).
double LineContentValue(const HtmlLine& line);

BodySelection SelectBody(const HtmlDocument& doc, const HtmlLines& lines);

// Lines of the selection that are the article, in order; the rest is recorded in
// page->removed. The headline's own lines [title_first, title_end) and a repeat of `title`
// before the text are dropped.
std::vector<uint32_t> CleanBody(const HtmlLines& lines, const BodySelection& selection,
                                const std::string& title, uint32_t title_first, uint32_t title_end,
                                ExtractedPage* page);

}  // namespace yuqing
