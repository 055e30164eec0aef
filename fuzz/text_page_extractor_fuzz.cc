// Fuzzes the flattened-text page extractor: any bytes give a page, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/text_page_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  yuqing::TextPageOptions options;
  options.fetched_at = yuqing::Timestamp{1700000000000, 480};
  auto page =
      yuqing::ExtractTextPage(std::string_view(reinterpret_cast<const char*>(data), size), options);
  (void)page;
  return 0;
}
