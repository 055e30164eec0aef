// The analysis stages of `yuqing analyze` and of the service, assembled from the configuration.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "core/status.h"
#include "pipeline/pipeline.h"

namespace yuqing {

Result<Pipeline> BuildAnalysisPipeline(const Config& config);

// Fields of product.md §4.2 that no built stage produces yet, so that a run can say so
// instead of pretending.
std::vector<std::string> AnalysisFieldsNotBuilt();

}  // namespace yuqing
