// `yuqing analyze` end to end for issue 6: the seed page is a reprint of the clean article, the
// clean article is the first publisher, and every item gets a story.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <string>

#include "cli_fixture.h"

namespace {

using yuqing::e2e::CommandRun;
using yuqing::e2e::Escape;
using yuqing::e2e::ReadFile;

struct Analyzed {
  std::map<std::string, std::map<std::string, std::string>> items;  // id → field → value
  std::string stories;                                              // the --stories file
};

class RelateCli : public yuqing::e2e::CliFixture {
 protected:
  // Runs analyze and keeps, per item, the string (or null) value of a few relate fields.
  Analyzed Analyze(const std::string& lines) {
    const auto input = Write("items.jsonl", lines);
    const auto stories = Dir() / "stories.jsonl";
    CommandRun run = Yuqing({"analyze", input.string(), "--stories", stories.string()});
    EXPECT_EQ(run.code, 0) << run.err;
    Analyzed out;
    out.stories = ReadFile(stories);
    simdjson::dom::parser parser;
    size_t start = 0;
    while (start < run.out.size()) {
      size_t end = run.out.find('\n', start);
      if (end == std::string::npos) end = run.out.size();
      simdjson::dom::element doc;
      if (!parser.parse(run.out.substr(start, end - start)).get(doc)) {
        std::string_view id;
        if (!doc["id"].get(id)) {
          for (const char* field : {"duplicate_of", "story_id", "simhash"}) {
            std::string_view value;
            out.items[std::string(id)][field] =
                doc[field].get(value) ? std::string("null") : std::string(value);
          }
        }
      }
      start = end + 1;
    }
    return out;
  }
  std::filesystem::path Dir() { return Write("marker", "").parent_path(); }
};

std::string CleanArticle(const std::string& created_at) {
  simdjson::dom::parser parser;
  simdjson::dom::element expected = parser.load("tests/data/seed-page/expected.json");
  const std::string body(std::string_view(expected["body"].get_string()));
  return R"({"id":"clean","platform":"news","site":"cnss.com.cn","created_at":")" + created_at +
         R"(","title":"精细社保须精准宣传","text":")" + Escape(body) + "\"}\n";
}

std::string SeedPage(const std::string& created_at) {
  const std::string page =
      ReadFile(std::filesystem::current_path() / "tests/data/seed-page/page.txt");
  return R"({"id":"seed","platform":"news","created_at":")" + created_at + R"(","html":")" +
         Escape(page) + "\"}\n";
}

TEST_F(RelateCli, SeedPageIsAReprintOfTheCleanArticleWhichPublishedFirst) {
  const Analyzed out =
      Analyze(CleanArticle("2017-01-16T11:24:00+08:00") + SeedPage("2017-01-18T09:00:00+08:00"));
  ASSERT_EQ(out.items.count("seed"), 1u);
  EXPECT_EQ(out.items.at("seed").at("duplicate_of"), "clean");
  EXPECT_EQ(out.items.at("clean").at("duplicate_of"), "null");
  EXPECT_EQ(out.items.at("seed").at("story_id"), out.items.at("clean").at("story_id"));
  EXPECT_NE(out.items.at("seed").at("simhash"), "null");
  EXPECT_NE(out.stories.find(R"("first_publisher":{"id":"clean")"), std::string::npos)
      << out.stories;
  EXPECT_NE(out.stories.find(R"("reprints":[{"id":"seed","duplicate_of":"clean")"),
            std::string::npos)
      << out.stories;
}

TEST_F(RelateCli, CleanArticleArrivingAfterTheSeedPageIsStillTheFirstPublisher) {
  const Analyzed out =
      Analyze(SeedPage("2017-01-18T09:00:00+08:00") + CleanArticle("2017-01-16T11:24:00+08:00"));
  EXPECT_EQ(out.items.at("seed").at("duplicate_of"), "null");
  EXPECT_EQ(out.items.at("clean").at("duplicate_of"), "null");  // it is the original
  EXPECT_EQ(out.items.at("seed").at("story_id"), out.items.at("clean").at("story_id"));
  EXPECT_NE(out.stories.find(R"("first_publisher":{"id":"clean")"), std::string::npos)
      << out.stories;
}

TEST_F(RelateCli, ACopyPostedAgainDaysLaterIsANewStoryStillNamingItsFirstPublisher) {
  const std::string text =
      "紧急扩散！某地社保局宣布下月起停发养老金，退休职工明天到市政府门口集合讨说法";
  const Analyzed out = Analyze(
      R"({"id":"first","platform":"weibo","created_at":"2024-09-13T10:00:00+08:00","text":")" +
      text +
      R"("})"
      "\n"
      R"({"id":"same-day","platform":"weibo","created_at":"2024-09-13T15:00:00+08:00","text":")" +
      text +
      R"("})"
      "\n"
      R"({"id":"days-later","platform":"weibo","created_at":"2024-09-17T10:00:00+08:00","text":")" +
      text +
      R"("})"
      "\n");
  EXPECT_EQ(out.items.at("same-day").at("story_id"), "first");
  EXPECT_EQ(out.items.at("same-day").at("duplicate_of"), "first");
  EXPECT_EQ(out.items.at("days-later").at("story_id"), "days-later");  // a resurfacing
  EXPECT_EQ(out.items.at("days-later").at("duplicate_of"), "first");
}

TEST_F(RelateCli, RepliesJoinTheirRootsStory) {
  const Analyzed out = Analyze(
      R"({"id":"root","platform":"weibo","created_at":"2024-09-13T10:00:00+08:00","text":"我市今天起上调城乡居民基础养老金，每人每月增加二十元"})"
      "\n"
      R"({"id":"r1","platform":"weibo","parent_id":"root","created_at":"2024-09-13T10:05:00+08:00","text":"[赞]"})"
      "\n"
      R"({"id":"r2","platform":"weibo","parent_id":"r1","created_at":"2024-09-13T10:09:00+08:00","text":""})"
      "\n"
      R"({"id":"other","platform":"weibo","created_at":"2024-09-13T10:10:00+08:00","text":"医保异地备案怎么办理"})"
      "\n");
  EXPECT_EQ(out.items.at("r1").at("story_id"), "root");
  EXPECT_EQ(out.items.at("r2").at("story_id"), "root");
  EXPECT_EQ(out.items.at("other").at("story_id"), "other");
  EXPECT_NE(out.stories.find(R"("repost_tree":{"root_id":"root","nodes":3,"depth":2)"),
            std::string::npos)
      << out.stories;
}

}  // namespace
