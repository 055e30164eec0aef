// Sentiment of one item's clean text (product.md §2.4): negative | neutral | positive with a
// score in [-1, 1], below 0 leaning negative. A linear model trained offline
// (scripts/train_sentiment, docs/sentiment.md) over features of the normalised text and its
// segmentation; loading is one file, scoring allocates nothing per call.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/status.h"

namespace yuqing {

struct SentimentOptions {
  // Empty: the shipped model, ResourcePath("resources/nlp/sentiment.model").
  std::string model_path;
};

class SentimentModel {
 public:
  static Result<std::unique_ptr<SentimentModel>> Load(const SentimentOptions& options = {});
  virtual ~SentimentModel() = default;

  // `text` is clean_text (normalised: simplified, folded width); `word_ends` its segmentation
  // by the Segmenter (end byte offset of each word), as KeywordStage leaves it on the item.
  // Thread-safe.
  virtual SentimentScore Score(std::string_view text,
                               std::span<const uint32_t> word_ends) const = 0;
};

}  // namespace yuqing
