// The built-in taxonomy on the labelled development set, as a regression guard: relevance
// precision and recall >= 0.90 and topic precision and recall >= 0.80 (issue 4's bar), scored
// the way bench/eval_schemes scores them (relevance 2 positive, 0 negative, 1 left out; topics
// micro-averaged over relevance-2 items).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <string>

#include "pipeline/analysis_pipeline.h"

namespace yuqing {
namespace {

TEST(SchemesQuality, BuiltInTaxonomyOnTheDevelopmentSet) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto analysis = BuildAnalysisPipeline(*config);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  std::set<std::string> taxonomy;
  for (const auto& scheme : config->schemes.schemes) taxonomy.insert(scheme.id);

  simdjson::ondemand::parser parser;
  auto lines = simdjson::padded_string::load("tests/data/shebao_relevance/labels.jsonl");
  ASSERT_EQ(lines.error(), simdjson::SUCCESS);
  simdjson::ondemand::document_stream docs;
  ASSERT_EQ(parser.iterate_many(lines.value()).get(docs), simdjson::SUCCESS);
  int tp = 0, fp = 0, fn = 0, topic_tp = 0, topic_fp = 0, topic_fn = 0, rows = 0;
  for (auto doc : docs) {
    ++rows;
    int64_t relevance = doc["relevance"].get_int64().value();
    std::string text(doc["text"].get_string().value());
    std::set<std::string> gold;
    for (auto topic : doc["topics"].get_array()) {
      std::string t(topic.get_string().value());
      if (t != "none") gold.insert(t);
    }
    if (relevance == 1) continue;
    Item item;
    item.id = std::to_string(rows);
    item.text = text;
    std::string stage;
    ASSERT_TRUE(analysis->pipeline.Process(item, &stage).ok()) << stage;
    std::set<std::string> predicted;
    for (const auto& id : *item.analysis.schemes) {
      if (taxonomy.count(id)) predicted.insert(id);
    }
    const bool positive = relevance == 2;
    if (positive) {
      (predicted.empty() ? fn : tp)++;
      for (const auto& t : predicted) (gold.count(t) ? topic_tp : topic_fp)++;
      for (const auto& t : gold) topic_fn += predicted.count(t) ? 0 : 1;
    } else if (!predicted.empty()) {
      ++fp;
    }
  }
  EXPECT_EQ(rows, 731);
  const double precision = 1.0 * tp / (tp + fp), recall = 1.0 * tp / (tp + fn);
  const double topic_precision = 1.0 * topic_tp / (topic_tp + topic_fp);
  const double topic_recall = 1.0 * topic_tp / (topic_tp + topic_fn);
  EXPECT_GE(precision, 0.90);
  EXPECT_GE(recall, 0.90);
  EXPECT_GE(topic_precision, 0.80);
  EXPECT_GE(topic_recall, 0.80);
  std::printf("relevance P %.3f R %.3f; topics P %.3f R %.3f\n", precision, recall, topic_precision,
              topic_recall);
}

}  // namespace
}  // namespace yuqing
