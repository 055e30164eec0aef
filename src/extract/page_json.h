// ExtractedPage as the JSON object `yuqing extract` prints (product.md §4.2).
#pragma once

#include <string>

#include "extract/page.h"

namespace yuqing {

// {"title","author","published_at","source","body","keywords","charset","page_class",
//  "removed":{kind:{"count","samples"}},"flags","author_note"}; empty author/source are null.
void AppendExtractedPageJson(const ExtractedPage& page, std::string* out);

}  // namespace yuqing
