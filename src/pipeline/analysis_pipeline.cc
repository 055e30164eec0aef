#include "pipeline/analysis_pipeline.h"

#include "pipeline/clean_text_stage.h"

namespace yuqing {

Result<Pipeline> BuildAnalysisPipeline(const Config& /*config*/) {
  Pipeline pipeline;
  auto clean_text = CleanTextStage::Create();
  if (!clean_text.ok()) return clean_text.status();
  pipeline.Add(std::move(*clean_text));
  // Stages are added here as they are built: nlp (keywords, sentiment, regions, source_class),
  // match (schemes), relate (simhash, duplicate_of, story_id).
  return pipeline;
}

std::vector<std::string> AnalysisFieldsNotBuilt() {
  return {"schemes",      "sentiment", "regions",      "keywords",
          "source_class", "simhash",   "duplicate_of", "story_id"};
}

}  // namespace yuqing
