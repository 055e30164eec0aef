#include "pipeline/analysis_pipeline.h"

#include <future>

#include "pipeline/clean_text_stage.h"
#include "pipeline/keyword_stage.h"
#include "pipeline/region_stage.h"
#include "pipeline/sentiment_stage.h"
#include "pipeline/source_class_stage.h"

namespace yuqing {

Status AnalysisPipeline::ReloadSchemes(const Config& config) {
  auto compiled = CompileSchemes(config, *normalizer);
  if (!compiled.ok()) return compiled.status();
  schemes->Replace(std::move(*compiled));
  return Status::Ok();
}

Result<AnalysisPipeline> BuildAnalysisPipeline(const Config& config) {
  // The dictionaries and models load in parallel: together they are most of the start-up of
  // `yuqing analyze` (segmenter, normalisers, keywords, gazetteer, sentiment model).
  SegmenterOptions segmenter_options;
  segmenter_options.user_dictionaries = config.nlp.user_dictionaries;
  auto segmenter_loading = std::async(
      std::launch::async, [segmenter_options] { return Segmenter::Load(segmenter_options); });
  KeywordExtractorOptions keyword_options;  // deployment words get the domain words' idf
  keyword_options.user_dictionaries = config.nlp.user_dictionaries;
  auto keywords_loading = std::async(
      std::launch::async, [keyword_options] { return KeywordExtractor::Load(keyword_options); });
  auto regions_loading = std::async(std::launch::async, [] { return RegionAttributor::Load(); });
  auto sentiment_loading = std::async(std::launch::async, [] { return SentimentModel::Load(); });

  AnalysisPipeline analysis;
  Status status;  // the first error; the loading threads are always joined before returning
  auto normalizer = TextNormalizer::Create();
  if (normalizer.ok()) {
    analysis.normalizer = std::move(*normalizer);
    auto clean_text = CleanTextStage::Create(analysis.normalizer);
    if (clean_text.ok()) {
      analysis.pipeline.Add(std::move(*clean_text));
    } else {
      status = clean_text.status();
    }
  } else {
    status = normalizer.status();
  }
  auto segmenter = segmenter_loading.get();
  auto keywords = keywords_loading.get();
  auto regions = regions_loading.get();
  auto sentiment = sentiment_loading.get();
  if (!status.ok()) return status;
  if (!segmenter.ok()) return segmenter.status();
  if (!keywords.ok()) return keywords.status();
  if (!regions.ok()) return regions.status();
  if (!sentiment.ok()) return sentiment.status();
  // After segmentation, the stages read the words KeywordStage leaves on the item.
  analysis.pipeline.Add(
      std::make_unique<KeywordStage>(std::shared_ptr<const Segmenter>(std::move(*segmenter)),
                                     std::shared_ptr<const KeywordExtractor>(std::move(*keywords)),
                                     static_cast<size_t>(config.nlp.keywords)));
  analysis.pipeline.Add(std::make_unique<SentimentStage>(
      std::shared_ptr<const SentimentModel>(std::move(*sentiment))));
  analysis.pipeline.Add(
      std::make_unique<RegionStage>(std::shared_ptr<const RegionAttributor>(std::move(*regions))));

  auto sources = SourceClassifier::Load();
  if (!sources.ok()) return sources.status();
  analysis.pipeline.Add(std::make_unique<SourceClassStage>(
      std::shared_ptr<const SourceClassifier>(std::move(*sources))));

  // Relating reads the weighted words and (for the first publisher) source_credibility.
  auto relate = std::make_unique<RelateStage>();
  analysis.relate = relate.get();
  analysis.pipeline.Add(std::move(relate));

  // Schemes come last: their field filters read regions and source_class.
  auto schemes = CompileSchemes(config, *analysis.normalizer);
  if (!schemes.ok()) return schemes.status();
  auto scheme_stage = std::make_unique<SchemeStage>(std::move(*schemes));
  analysis.schemes = scheme_stage.get();
  analysis.pipeline.Add(std::move(scheme_stage));
  return analysis;
}

std::vector<std::string> AnalysisFieldsNotBuilt() { return {}; }

}  // namespace yuqing
