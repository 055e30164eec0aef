#include "pipeline/analysis_pipeline.h"

namespace yuqing {

Result<Pipeline> BuildAnalysisPipeline(const Config& /*config*/) {
  Pipeline pipeline;
  // Stages are added here as they are built: normalize (clean_text), nlp (keywords, sentiment,
  // regions, source_class), match (schemes), relate (simhash, duplicate_of, story_id).
  return pipeline;
}

std::vector<std::string> AnalysisFieldsNotBuilt() {
  return {"clean_text",   "schemes", "sentiment",    "regions", "keywords",
          "source_class", "simhash", "duplicate_of", "story_id"};
}

}  // namespace yuqing
