#include "pipeline/scheme_stage.h"

namespace yuqing {

Result<std::shared_ptr<const SchemeSet>> CompileSchemes(const Config& config,
                                                        const TextNormalizer& normalizer) {
  return SchemeSet::Compile(
      config.schemes, [&normalizer](std::string_view term) { return normalizer.Normalize(term); });
}

SchemeStage::SchemeStage(std::shared_ptr<const SchemeSet> schemes) : schemes_(std::move(schemes)) {}

void SchemeStage::Replace(std::shared_ptr<const SchemeSet> schemes) {
  schemes_.store(std::move(schemes));
}

SchemeMatcher& SchemeStage::MatcherForCurrentSet() {
  auto current = schemes_.load();
  if (!matcher_ || current != matcher_set_) {
    matcher_ = std::make_unique<SchemeMatcher>(current);
    matcher_set_ = std::move(current);
  }
  return *matcher_;
}

MatchDocument SchemeStage::DocumentOf(const Item& item) {
  region_codes_.clear();
  if (item.analysis.regions) {
    for (const auto& region : *item.analysis.regions) region_codes_.push_back(region.code);
  }
  MatchDocument document;
  document.text = item.analysis.clean_text ? std::string_view(*item.analysis.clean_text)
                                           : std::string_view(item.title);
  document.platform = PlatformName(item.platform);
  document.site = item.site;
  document.url = item.url;
  document.author = item.author;
  if (item.analysis.source_class) document.source_class = *item.analysis.source_class;
  document.region_codes = region_codes_;
  return document;
}

Status SchemeStage::Process(Item& item) {
  SchemeMatcher& matcher = MatcherForCurrentSet();
  matcher.Match(DocumentOf(item), &matched_);
  std::vector<std::string> ids;
  ids.reserve(matched_.size());
  for (uint32_t index : matched_) ids.push_back(matcher_set_->scheme(index).id);
  item.analysis.schemes = std::move(ids);
  return Status::Ok();
}

void SchemeStage::Explain(const Item& item, std::vector<SchemeExplanation>* explained) {
  SchemeMatcher& matcher = MatcherForCurrentSet();
  matcher.Explain(DocumentOf(item), explained);
}

}  // namespace yuqing
