#include "pipeline/source_class_stage.h"

namespace yuqing {

Status SourceClassStage::Process(Item& item) {
  SourceQuery query;
  query.platform = item.platform;
  query.site = item.site;
  query.url = item.url;
  query.author = item.author;
  query.author_verified = item.author_verified;
  query.verified_type = VerifiedTypeOf(item);
  query.page_flags = item.analysis.page_flags;
  const SourceVerdict verdict = classifier_->Classify(query);
  item.analysis.source_class = std::string(verdict.source_class);
  item.analysis.source_credibility = verdict.credibility;
  return Status::Ok();
}

}  // namespace yuqing
