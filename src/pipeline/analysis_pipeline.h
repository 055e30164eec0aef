// The analysis stages of `yuqing analyze` and of the service, assembled from the configuration:
// clean_text → keywords (segmentation) → sentiment → regions → source_class → relate → schemes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/status.h"
#include "normalize/normalizer.h"
#include "pipeline/pipeline.h"
#include "pipeline/relate_stage.h"
#include "pipeline/scheme_stage.h"

namespace yuqing {

struct AnalysisPipeline {
  Pipeline pipeline;
  SchemeStage* schemes = nullptr;                    // owned by `pipeline`
  RelateStage* relate = nullptr;                     // owned by `pipeline`
  std::shared_ptr<const TextNormalizer> normalizer;  // the one that makes clean_text

  // Compiles `config`'s schemes and puts them in force for the next item. On an error the
  // running set stays and the error says why; items are never dropped either way.
  Status ReloadSchemes(const Config& config);
};

Result<AnalysisPipeline> BuildAnalysisPipeline(const Config& config);

// Fields of product.md §4.2 that no built stage produces yet, so that a run can say so
// instead of pretending.
std::vector<std::string> AnalysisFieldsNotBuilt();

}  // namespace yuqing
