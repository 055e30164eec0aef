// sentiment (product.md §2.4) of clean_text, over the words KeywordStage left on the item.
#pragma once

#include <memory>

#include "nlp/sentiment/sentiment.h"
#include "pipeline/pipeline.h"

namespace yuqing {

class SentimentStage : public Stage {
 public:
  explicit SentimentStage(std::shared_ptr<const SentimentModel> model) : model_(std::move(model)) {}
  std::string_view name() const override { return "sentiment"; }
  Status Process(Item& item) override {
    const std::string_view text =
        item.analysis.clean_text ? std::string_view(*item.analysis.clean_text) : std::string_view();
    item.analysis.sentiment = model_->Score(text, item.analysis.word_ends);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const SentimentModel> model_;
};

}  // namespace yuqing
