// The article in an HTML page (product.md §2.2): headline, publish time, author, source medium,
// body paragraphs in order, and the page's class, with boilerplate dropped and recorded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "extract/page.h"

namespace yuqing {

struct HtmlExtractOptions {
  std::optional<Timestamp> fetched_at;  // resolves 昨天 / 3小时前 and dates shown without a year
  std::string url;
};

// Extracts from UTF-8 HTML. Text fields are as on the page (not normalised: the caller
// normalises); page.charset is left to the caller. Never fails: any bytes give a page, at worst
// page_class "other" with an empty body.
ExtractedPage ExtractHtml(std::string_view utf8_html, const HtmlExtractOptions& options);

}  // namespace yuqing
