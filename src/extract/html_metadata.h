// The article's headline, publish time, author and source medium, from the page head (<title>,
// <meta>, JSON-LD) and from the lines around the body (headline element, info line).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "extract/html_content.h"
#include "extract/html_lines.h"
#include "extract/html_tree.h"

namespace yuqing {

// What the document head says.
struct HtmlHead {
  std::string title;     // <title>, whitespace collapsed
  std::string og_title;  // og:title / twitter:title
  std::vector<std::string> keywords;
  std::vector<std::string> published;   // meta / JSON-LD publish-time values, best first
  std::vector<uint32_t> time_elements;  // <time> elements (their datetime attribute or text)
};

HtmlHead ReadHtmlHead(const HtmlDocument& doc);

inline constexpr uint32_t kNoLine = UINT32_MAX;

struct Headline {
  std::string text;
  uint32_t line = kNoLine;      // first line of the headline element
  uint32_t end_line = kNoLine;  // one past its last line
};

// The headline: a heading or title-classed element near the body start that best matches
// <title>/og:title, else og:title, else <title> without its site suffix.
Headline FindHeadline(const HtmlDocument& doc, const HtmlLines& lines, const HtmlHead& head,
                      const BodySelection& body);

struct PublishTime {
  Timestamp time;
  bool date_only = false;
};

// The publish time shown near the headline (the info line), completed from <meta> when the
// page shows no year or the same minute without seconds; else the <meta>/JSON-LD time. Dates
// inside the body text (`kept` lines) are history, not the publish time, unless nothing else
// gives one.
std::optional<PublishTime> FindPublishTime(const HtmlDocument& doc, const HtmlLines& lines,
                                           const HtmlHead& head, const Headline& headline,
                                           const BodySelection& body,
                                           const std::vector<uint32_t>& kept,
                                           std::optional<Timestamp> fetched_at);

}  // namespace yuqing
