#include "pipeline/scheme_stage.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "pipeline/analysis_pipeline.h"

namespace yuqing {
namespace {

std::shared_ptr<const SchemeSet> OneScheme(const std::string& id, const std::string& subject) {
  SchemeSetDefinition definition;
  SchemeDefinition scheme;
  scheme.id = id;
  scheme.subjects = {subject};
  definition.schemes.push_back(scheme);
  auto set = SchemeSet::Compile(definition);
  EXPECT_TRUE(set.ok()) << set.status().message();
  return *set;
}

Item TextItem(const std::string& id, const std::string& clean_text) {
  Item item;
  item.id = id;
  item.analysis.clean_text = clean_text;
  return item;
}

TEST(SchemeStage, SetsTheIdsOfMatchingSchemes) {
  SchemeStage stage(OneScheme("pension", "养老金"));
  Item hit = TextItem("1", "养老金又涨了");
  Item miss = TextItem("2", "今天天气不错");
  ASSERT_TRUE(stage.Process(hit).ok());
  ASSERT_TRUE(stage.Process(miss).ok());
  EXPECT_EQ(*hit.analysis.schemes, std::vector<std::string>{"pension"});
  EXPECT_TRUE(miss.analysis.schemes->empty());  // set, and empty: "matched nothing"
}

TEST(SchemeStage, FieldFiltersSeeTheItem) {
  SchemeSetDefinition definition;
  SchemeDefinition scheme;
  scheme.id = "weibo_pension";
  scheme.subjects = {"养老金"};
  scheme.match = "platform:weibo";
  definition.schemes.push_back(scheme);
  auto set = SchemeSet::Compile(definition);
  ASSERT_TRUE(set.ok()) << set.status().message();
  SchemeStage stage(*set);
  Item weibo = TextItem("1", "养老金");
  weibo.platform = Platform::kWeibo;
  Item news = TextItem("2", "养老金");
  news.platform = Platform::kNews;
  ASSERT_TRUE(stage.Process(weibo).ok());
  ASSERT_TRUE(stage.Process(news).ok());
  EXPECT_EQ(weibo.analysis.schemes->size(), 1u);
  EXPECT_TRUE(news.analysis.schemes->empty());
}

// A reload under load: one thread streams items through the stage while another replaces the
// scheme set again and again. Every item comes out, matched wholly by one set or the other.
TEST(SchemeStage, ReplacingTheSetUnderLoadDropsNothing) {
  auto old_set = OneScheme("old", "甲");
  auto new_set = OneScheme("new", "乙");
  SchemeStage stage(old_set);
  constexpr int kItems = 200000;
  std::atomic<bool> done{false};
  std::atomic<int> swaps{0};
  std::thread reloader([&] {
    for (bool use_new = true; !done.load(); use_new = !use_new) {
      stage.Replace(use_new ? new_set : old_set);
      swaps.fetch_add(1);
      std::this_thread::yield();
    }
  });
  int processed = 0, by_old = 0, by_new = 0, inconsistent = 0;
  for (int i = 0; i < kItems; ++i) {
    Item item = TextItem(std::to_string(i), "甲乙");
    if (!stage.Process(item).ok() || !item.analysis.schemes) continue;
    ++processed;
    const auto& ids = *item.analysis.schemes;
    if (ids == std::vector<std::string>{"old"}) {
      ++by_old;
    } else if (ids == std::vector<std::string>{"new"}) {
      ++by_new;
    } else {
      ++inconsistent;
    }
  }
  done = true;
  reloader.join();
  EXPECT_EQ(processed, kItems);
  EXPECT_EQ(inconsistent, 0);
  EXPECT_GT(swaps.load(), 10);
  EXPECT_GT(by_old, 0);
  EXPECT_GT(by_new, 0);
}

TEST(AnalysisPipeline, FillsKeywordsAndSchemesWithTheBuiltInTaxonomy) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto analysis = BuildAnalysisPipeline(*config);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  Item item;
  item.id = "1";
  item.platform = Platform::kWeibo;
  item.text =
      "2024年起实施渐进式延迟退休，企业退休人员基本養老金再上调3%，异地就医直接结算也扩大了。";
  std::string stage;
  ASSERT_TRUE(analysis->pipeline.Process(item, &stage).ok()) << stage;
  ASSERT_TRUE(item.analysis.schemes.has_value());
  const auto& ids = *item.analysis.schemes;
  auto has = [&](const char* id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  EXPECT_TRUE(has("retirement_age"));
  EXPECT_TRUE(has("pension_adjustment"));  // 養老金 in traditional script, normalised
  EXPECT_TRUE(has("cross_region_medical"));
  EXPECT_FALSE(has("other_social_insurance"));  // specific topics found
  ASSERT_TRUE(item.analysis.keywords.has_value());
  EXPECT_FALSE(item.analysis.keywords->empty());
  EXPECT_FALSE(item.analysis.word_ends.empty());
  EXPECT_EQ(item.analysis.word_ends.back(), item.analysis.clean_text->size());
}

TEST(AnalysisPipeline, ReloadWithABadConfigurationKeepsTheRunningSet) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok());
  auto analysis = BuildAnalysisPipeline(*config);
  ASSERT_TRUE(analysis.ok());
  const auto before = analysis->schemes->schemes();
  Config bad = *config;
  SchemeDefinition never;
  never.id = "never";
  never.subjects = {"养老金"};
  never.exclude = {"养老"};  // every text with 养老金 contains 养老
  bad.schemes.schemes.push_back(never);
  const Status s = analysis->ReloadSchemes(bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("never"), std::string::npos) << s.message();
  EXPECT_EQ(analysis->schemes->schemes(), before);
}

}  // namespace
}  // namespace yuqing
