#include "pipeline/clean_text_stage.h"

namespace yuqing {

Result<std::unique_ptr<CleanTextStage>> CleanTextStage::Create(const NormalizeOptions& options) {
  auto normalizer = TextNormalizer::Create(options);
  if (!normalizer.ok()) return normalizer.status();
  return Create(std::shared_ptr<const TextNormalizer>(std::move(*normalizer)), options);
}

Result<std::unique_ptr<CleanTextStage>> CleanTextStage::Create(
    std::shared_ptr<const TextNormalizer> normalizer, const NormalizeOptions& options) {
  auto extractor = PageExtractor::Create(options);
  if (!extractor.ok()) return extractor.status();
  return std::unique_ptr<CleanTextStage>(
      new CleanTextStage(std::move(normalizer), std::move(*extractor)));
}

CleanTextStage::CleanTextStage(std::shared_ptr<const TextNormalizer> normalizer,
                               std::unique_ptr<PageExtractor> extractor)
    : normalizer_(std::move(normalizer)), extractor_(std::move(extractor)) {}

Status CleanTextStage::Process(Item& item) {
  std::string clean;
  const bool has_text = item.text && !item.text->empty();
  if (!has_text && item.html && !item.html->empty()) {
    ExtractOptions options;
    options.url = item.url;
    options.fetched_at = item.created_at;
    ExtractedPage page = extractor_->Extract(*item.html, options);
    item.analysis.page_flags = std::move(page.flags);
    item.analysis.page_source = std::move(page.source);
    clean = item.title.empty() ? page.title : normalizer_->Normalize(item.title);
    for (const auto& paragraph : page.paragraphs) {
      if (!clean.empty()) clean += '\n';
      clean += paragraph;
    }
  } else {
    if (!item.title.empty()) clean = normalizer_->Normalize(item.title);
    if (has_text) {
      if (!clean.empty()) clean += '\n';
      clean += normalizer_->Normalize(*item.text);
    }
  }
  item.analysis.clean_text = std::move(clean);
  return Status::Ok();
}

}  // namespace yuqing
