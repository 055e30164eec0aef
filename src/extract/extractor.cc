#include "extract/extractor.h"

#include <algorithm>
#include <cctype>

#include "extract/charset.h"
#include "extract/html_extractor.h"
#include "extract/text_page_extractor.h"

namespace yuqing {
namespace {

constexpr size_t kSniffBytes = 4096;

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end();
}

// Turns what normalisation changed into content-farm signals (used for source credibility).
void RecordNormalization(const NormalizeReport& report, ExtractedPage* page) {
  if (report.pinyin_removed > 0) {
    page->Remove("pinyin_annotation", "", report.pinyin_removed);
    page->Flag("pinyin_annotation");
  }
  if (report.mojibake_repaired > 0) page->Flag("mojibake_repaired");
  if (report.traditional_converted > 0) page->Flag("traditional_converted");
}

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  const std::string_view head = text.substr(0, kSniffBytes);
  for (std::string_view tag : {"<html", "<!doctype", "<body", "<head", "<div", "<p>", "<p ",
                               "<meta", "<title", "<table", "<br"}) {
    if (ContainsNoCase(head, tag)) return true;
  }
  return false;
}

Result<std::unique_ptr<PageExtractor>> PageExtractor::Create(const NormalizeOptions& normalize) {
  NormalizeOptions html_options = normalize;
  html_options.keep_space_between_chinese = true;
  auto html_normalizer = TextNormalizer::Create(html_options);
  if (!html_normalizer.ok()) return html_normalizer.status();
  auto text_normalizer = TextNormalizer::Create(normalize);
  if (!text_normalizer.ok()) return text_normalizer.status();
  return std::unique_ptr<PageExtractor>(
      new PageExtractor(std::move(*html_normalizer), std::move(*text_normalizer)));
}

PageExtractor::PageExtractor(std::unique_ptr<TextNormalizer> html_normalizer,
                             std::unique_ptr<TextNormalizer> text_normalizer)
    : html_normalizer_(std::move(html_normalizer)), text_normalizer_(std::move(text_normalizer)) {}

ExtractedPage PageExtractor::Extract(std::string_view bytes, const ExtractOptions& options) const {
  DecodedText decoded = DecodeToUtf8(bytes, options.content_type);
  ExtractedPage page;
  NormalizeReport report;
  if (LooksLikeHtml(decoded.utf8)) {
    HtmlExtractOptions html_options;
    html_options.fetched_at = options.fetched_at;
    html_options.url = options.url;
    page = ExtractHtml(decoded.utf8, html_options);
    auto normalize = [&](std::string* field) {
      if (!field->empty()) *field = html_normalizer_->Normalize(*field, &report);
    };
    normalize(&page.title);
    normalize(&page.author);
    normalize(&page.source);
    normalize(&page.author_note);
    for (auto& p : page.paragraphs) normalize(&p);
    for (auto& k : page.keywords) normalize(&k);
  } else {
    // Flattened text: normalise first, so that the line cues are matched in simplified text
    // without pinyin in the way.
    const std::string text = text_normalizer_->Normalize(decoded.utf8, &report);
    TextPageOptions text_options;
    text_options.fetched_at = options.fetched_at;
    page = ExtractTextPage(text, text_options);
  }
  page.charset = decoded.charset;
  if (decoded.declaration_wrong) page.Flag("charset_mismatch");
  RecordNormalization(report, &page);
  return page;
}

}  // namespace yuqing
