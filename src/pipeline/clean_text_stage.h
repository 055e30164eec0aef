// The first analysis stage: clean_text for every item (product.md §2.2-2.3). HTML items go
// through page extraction (the article, without boilerplate); text is normalised (simplified,
// pinyin annotations and mojibake repaired, punctuation and width folded). The original text
// stays in the item beside it.
#pragma once

#include <memory>

#include "extract/extractor.h"
#include "pipeline/pipeline.h"

namespace yuqing {

class CleanTextStage : public Stage {
 public:
  static Result<std::unique_ptr<CleanTextStage>> Create(const NormalizeOptions& options = {});
  // Uses `normalizer` for plain text (and titles), so that others can share it.
  static Result<std::unique_ptr<CleanTextStage>> Create(
      std::shared_ptr<const TextNormalizer> normalizer, const NormalizeOptions& options = {});

  std::string_view name() const override { return "clean_text"; }
  Status Process(Item& item) override;

 private:
  CleanTextStage(std::shared_ptr<const TextNormalizer> normalizer,
                 std::unique_ptr<PageExtractor> extractor);
  std::shared_ptr<const TextNormalizer> normalizer_;
  std::unique_ptr<PageExtractor> extractor_;
};

}  // namespace yuqing
