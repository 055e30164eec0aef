// regions (product.md §2.4): the places clean_text is about, with the author's location and
// the site as further evidence (nlp/regions/region_attributor.h).
#pragma once

#include <memory>

#include "nlp/regions/region_attributor.h"
#include "pipeline/pipeline.h"

namespace yuqing {

class RegionStage : public Stage {
 public:
  explicit RegionStage(std::shared_ptr<const RegionAttributor> attributor)
      : attributor_(std::move(attributor)) {}
  std::string_view name() const override { return "regions"; }
  Status Process(Item& item) override {
    RegionQuery query;
    if (item.analysis.clean_text) query.text = *item.analysis.clean_text;
    query.word_ends = item.analysis.word_ends;
    query.author_location = item.author_location;
    query.site = item.site;
    query.url = item.url;
    item.analysis.regions = attributor_->Attribute(query);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const RegionAttributor> attributor_;
};

}  // namespace yuqing
