// `yuqing analyze` end to end for issue 5: sentiment, regions and source_class on the items a
// user feeds it, the seed page among them.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

using yuqing::e2e::CommandRun;
using yuqing::e2e::Escape;
using yuqing::e2e::ReadFile;

class UnderstandingCli : public yuqing::e2e::CliFixture {
 protected:
  // Runs analyze over `lines` and returns the output objects by id, as minified JSON.
  std::map<std::string, std::string> Analyze(const std::string& lines) {
    const auto input = Write("items.jsonl", lines);
    CommandRun run = Yuqing({"analyze", input.string()});
    EXPECT_EQ(run.code, 0) << run.err;
    std::map<std::string, std::string> by_id;
    simdjson::dom::parser parser;
    size_t start = 0;
    while (start < run.out.size()) {
      size_t end = run.out.find('\n', start);
      if (end == std::string::npos) end = run.out.size();
      const std::string line = run.out.substr(start, end - start);
      start = end + 1;
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc)) {
        ADD_FAILURE() << "not JSON: " << line;
        continue;
      }
      std::string_view id;
      if (doc["id"].get(id)) continue;
      by_id[std::string(id)] = line;
    }
    return by_id;
  }
};

std::string Item(const std::string& id, const std::string& fields) {
  return "{\"id\":\"" + id + "\",\"created_at\":\"2024-09-13T10:00:00+08:00\"," + fields + "}\n";
}

std::vector<std::string> RegionNames(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(json);
  std::vector<std::string> names;
  for (simdjson::dom::element r : doc["regions"].get_array()) {
    names.emplace_back(std::string_view(r["name"].get_string()));
  }
  return names;
}

TEST_F(UnderstandingCli, SeedPageYieldsItsFivePlacesAndIsAContentFarm) {
  const std::string page =
      ReadFile(std::filesystem::current_path() / "tests/data/seed-page/page.txt");
  const auto out = Analyze(Item("seed", "\"platform\":\"news\",\"html\":\"" + Escape(page) + "\""));
  ASSERT_EQ(out.count("seed"), 1u);
  const std::string& seed = out.at("seed");
  EXPECT_NE(seed.find("\"source_class\":\"content_farm\""), std::string::npos) << seed;
  std::vector<std::string> names = RegionNames(seed);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"北京市", "宁夏回族自治区", "成都市", "浙江省", "重庆市"}))
      << seed;
  EXPECT_NE(seed.find("\"code\":\"510100\""), std::string::npos);
  EXPECT_NE(seed.find("\"path\":\"四川省/成都市\""), std::string::npos) << seed;
  // The link farm's county names (和静县, 梓潼县 ...) went with the link farm.
  simdjson::dom::parser parser;
  const std::string_view clean = parser.parse(seed)["clean_text"].get_string();
  EXPECT_EQ(clean.find("和静县"), std::string::npos);
}

TEST_F(UnderstandingCli, SentimentRegionsAndSourceClassOnPosts) {
  const auto out = Analyze(
      Item("angry", "\"platform\":\"weibo\",\"text\":\"社保断缴了，报销还被拒赔，太气人了[怒]\"") +
      Item("glad", "\"platform\":\"weibo\",\"text\":\"养老金又涨了，到账了，谢谢国家[赞]\"") +
      Item("official",
           "\"platform\":\"weibo\",\"author\":\"成都发布\",\"author_verified\":true,"
           "\"text\":\"双流区社保经办大厅周六照常办公\"") +
      Item("nowhere", "\"platform\":\"weibo\",\"text\":\"北京时间今晚八点，钟南山院士接受采访\""));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_NE(out.at("angry").find("\"label\":\"negative\""), std::string::npos) << out.at("angry");
  EXPECT_NE(out.at("glad").find("\"label\":\"positive\""), std::string::npos) << out.at("glad");
  EXPECT_NE(out.at("official").find("\"source_class\":\"official\""), std::string::npos);
  EXPECT_NE(out.at("official").find("\"code\":\"510116\""), std::string::npos)
      << out.at("official");
  EXPECT_TRUE(RegionNames(out.at("nowhere")).empty()) << out.at("nowhere");
  EXPECT_NE(out.at("angry").find("\"source_class\":\"self_media\""), std::string::npos);
}

}  // namespace
