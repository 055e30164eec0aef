// source_class and source_credibility (product.md §2.4) from the site, the account and the
// content-farm signals CleanTextStage found on the page (nlp/source/source_classifier.h).
#pragma once

#include <memory>

#include "nlp/source/source_classifier.h"
#include "pipeline/pipeline.h"

namespace yuqing {

class SourceClassStage : public Stage {
 public:
  explicit SourceClassStage(std::shared_ptr<const SourceClassifier> classifier)
      : classifier_(std::move(classifier)) {}
  std::string_view name() const override { return "source_class"; }
  Status Process(Item& item) override;

 private:
  std::shared_ptr<const SourceClassifier> classifier_;
};

}  // namespace yuqing
