// Page extraction end to end (product.md §2.2-2.3): bytes in any Chinese charset -> decoded ->
// article fields from HTML or from a flattened text page -> normalised text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "extract/page.h"
#include "normalize/normalizer.h"

namespace yuqing {

struct ExtractOptions {
  std::optional<Timestamp> fetched_at;  // resolves relative times ("昨天 18:13", "3小时前")
  std::string content_type;             // HTTP Content-Type when known (charset declaration)
  std::string url;
};

class PageExtractor {
 public:
  static Result<std::unique_ptr<PageExtractor>> Create(const NormalizeOptions& normalize = {});

  // Never fails: a page with nothing recognisable gives page_class "other" and an empty body.
  ExtractedPage Extract(std::string_view bytes, const ExtractOptions& options) const;

 private:
  PageExtractor(std::unique_ptr<TextNormalizer> html_normalizer,
                std::unique_ptr<TextNormalizer> text_normalizer);
  // HTML text has had its source line breaks dropped by the CSS rules already, so a space left
  // between Chinese characters was typed ("爆雷 狂奔") and is kept; flattened text pages keep the
  // caller's choice.
  std::unique_ptr<TextNormalizer> html_normalizer_;
  std::unique_ptr<TextNormalizer> text_normalizer_;
};

// Whether decoded text is HTML (tags near the start) rather than a flattened text page.
bool LooksLikeHtml(std::string_view text);

}  // namespace yuqing
