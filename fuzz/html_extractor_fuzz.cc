// Fuzzes HTML extraction end to end: the tolerant tree builder, line building, content
// selection, headline/date/author detection, and the date parser on raw bytes. Any bytes must
// give a page; the invariants below must hold for every one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/date_parser.h"
#include "extract/html_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace yuqing;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  HtmlExtractOptions options;
  options.fetched_at = Timestamp{1'600'000'000'000, 480};  // relative dates take this path too
  const ExtractedPage page = ExtractHtml(bytes, options);
  for (const std::string& paragraph : page.paragraphs) {
    if (paragraph.empty()) std::abort();  // empty lines are never paragraphs
  }
  DateContext context;
  context.fetched_at = options.fetched_at;
  if (const auto match = FindDateTime(bytes, context)) {
    if (match->begin >= match->end || match->end > bytes.size()) std::abort();
  }
  return 0;
}
