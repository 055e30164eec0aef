#include "pipeline/analysis_pipeline.h"

#include "pipeline/clean_text_stage.h"
#include "pipeline/keyword_stage.h"

namespace yuqing {

Status AnalysisPipeline::ReloadSchemes(const Config& config) {
  auto compiled = CompileSchemes(config, *normalizer);
  if (!compiled.ok()) return compiled.status();
  schemes->Replace(std::move(*compiled));
  return Status::Ok();
}

Result<AnalysisPipeline> BuildAnalysisPipeline(const Config& config) {
  AnalysisPipeline analysis;
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  analysis.normalizer = std::move(*normalizer);

  auto clean_text = CleanTextStage::Create(analysis.normalizer);
  if (!clean_text.ok()) return clean_text.status();
  analysis.pipeline.Add(std::move(*clean_text));

  SegmenterOptions segmenter_options;
  segmenter_options.user_dictionaries = config.nlp.user_dictionaries;
  auto segmenter = Segmenter::Load(segmenter_options);
  if (!segmenter.ok()) return segmenter.status();
  KeywordExtractorOptions keyword_options;  // deployment words get the domain words' idf
  keyword_options.user_dictionaries = config.nlp.user_dictionaries;
  auto keywords = KeywordExtractor::Load(keyword_options);
  if (!keywords.ok()) return keywords.status();
  analysis.pipeline.Add(
      std::make_unique<KeywordStage>(std::shared_ptr<const Segmenter>(std::move(*segmenter)),
                                     std::shared_ptr<const KeywordExtractor>(std::move(*keywords)),
                                     static_cast<size_t>(config.nlp.keywords)));

  auto schemes = CompileSchemes(config, *analysis.normalizer);
  if (!schemes.ok()) return schemes.status();
  auto scheme_stage = std::make_unique<SchemeStage>(std::move(*schemes));
  analysis.schemes = scheme_stage.get();
  analysis.pipeline.Add(std::move(scheme_stage));
  // Stages still to come: nlp (sentiment, regions, source_class), relate (simhash,
  // duplicate_of, story_id).
  return analysis;
}

std::vector<std::string> AnalysisFieldsNotBuilt() {
  return {"sentiment", "regions", "source_class", "simhash", "duplicate_of", "story_id"};
}

}  // namespace yuqing
