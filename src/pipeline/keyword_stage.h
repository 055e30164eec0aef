// The keyword stage: segments clean_text (cppjieba's model with the social-insurance
// dictionary, src/nlp) and sets `keywords`, the top-k words by TF-IDF. The segmentation stays
// on the item (analysis.word_ends) for the stages after it.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "nlp/keyword_extractor.h"
#include "nlp/segmenter.h"
#include "pipeline/pipeline.h"

namespace yuqing {

class KeywordStage : public Stage {
 public:
  KeywordStage(std::shared_ptr<const Segmenter> segmenter,
               std::shared_ptr<const KeywordExtractor> keywords, size_t count);

  std::string_view name() const override { return "keywords"; }
  Status Process(Item& item) override;

 private:
  // Words kept with their weights for relating items (stories), whatever `count` is.
  static constexpr size_t kWeightedWords = 12;

  std::shared_ptr<const Segmenter> segmenter_;
  std::shared_ptr<const KeywordExtractor> keywords_;
  size_t count_;
  std::vector<std::string_view> words_;
  std::vector<std::string_view> kept_;  // words_ without emoticon codes
  std::vector<Keyword> ranked_;
};

}  // namespace yuqing
