// Extracting an article from a page whose markup is gone: text copied off a page, content-farm
// re-publications, the seed page (../shared/fixtures/seed-page). The structure comes from the
// lines: spam header, title, date/author line, source, keywords line, bylines, the repeated
// title, the body, an author note, a "猜你喜欢" block, a link farm.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"
#include "extract/page.h"

namespace yuqing {

struct TextPageOptions {
  std::optional<Timestamp> fetched_at;  // for relative times ("3小时前")
};

// `text` is UTF-8 and already normalised (simplified characters, pinyin annotations removed),
// so that the cues (关键词, 猜你喜欢, 文/) are matched in one script only.
ExtractedPage ExtractTextPage(std::string_view text, const TextPageOptions& options);

}  // namespace yuqing
