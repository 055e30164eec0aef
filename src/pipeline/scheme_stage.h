// The scheme stage: `schemes` for every item, the ids of the monitoring schemes it matches
// (product.md §2.4), looked up in clean_text and the item's fields (platform, site, author,
// regions, source_class) by one compiled SchemeSet.
//
// A configuration reload replaces the set while items keep flowing: each item is matched
// wholly by the old set or wholly by the new one, and none is dropped or held back.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "config/config.h"
#include "match/scheme_matcher.h"
#include "normalize/normalizer.h"
#include "pipeline/pipeline.h"

namespace yuqing {

// Compiles a configuration's schemes; terms are normalised by `normalizer`, the one that made
// clean_text, so that a rule written 養老金 finds 养老金.
Result<std::shared_ptr<const SchemeSet>> CompileSchemes(const Config& config,
                                                        const TextNormalizer& normalizer);

class SchemeStage : public Stage {
 public:
  explicit SchemeStage(std::shared_ptr<const SchemeSet> schemes);

  std::string_view name() const override { return "schemes"; }
  // Not to be called from two threads at once (one stage per pipeline thread).
  Status Process(Item& item) override;

  // Same decision as Process, with the term hits (byte offsets into clean_text) behind each
  // matching scheme; for `yuqing schemes test` and the scheme editor's dry run.
  void Explain(const Item& item, std::vector<SchemeExplanation>* explained);

  // Safe from any thread, also while Process runs.
  void Replace(std::shared_ptr<const SchemeSet> schemes);
  std::shared_ptr<const SchemeSet> schemes() const { return schemes_.load(); }

 private:
  SchemeMatcher& MatcherForCurrentSet();
  MatchDocument DocumentOf(const Item& item);

  std::atomic<std::shared_ptr<const SchemeSet>> schemes_;
  std::shared_ptr<const SchemeSet> matcher_set_;  // the set matcher_ was made for
  std::unique_ptr<SchemeMatcher> matcher_;
  std::vector<std::string> region_codes_;
  std::vector<uint32_t> matched_;
};

}  // namespace yuqing
