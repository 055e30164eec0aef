#include "core/item_jsonl.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

Status ParseOne(std::string_view json, Item* item) {
  ItemParser parser;
  return parser.Parse(json, item);
}

std::string Error(std::string_view json) {
  Item item;
  Status s = ParseOne(json, &item);
  EXPECT_FALSE(s.ok()) << json;
  return s.message();
}

TEST(ItemParser, ReadsEveryField) {
  Item item;
  Status s = ParseOne(
      R"({"id":"m1","platform":"weibo","url":"https://weibo.com/1","site":"weibo.com",)"
      R"("author":"张三","author_location":"四川 成都","created_at":"2013-04-21T19:38:51+08:00",)"
      R"("title":"","text":"养老金又涨了[赞]","parent_id":"m0","reposts":3,"comments":"4",)"
      R"("likes":5.0,"author_followers":120,"author_verified":true,"source_id":"vendor-a"})",
      &item);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(item.id, "m1");
  EXPECT_EQ(item.platform, Platform::kWeibo);
  EXPECT_EQ(item.author_location, "四川 成都");
  EXPECT_EQ(item.created_at.unix_ms, 1366544331000);
  EXPECT_EQ(item.text, "养老金又涨了[赞]");
  EXPECT_FALSE(item.html.has_value());
  EXPECT_EQ(item.reposts, 3);
  EXPECT_EQ(item.comments, 4);
  EXPECT_EQ(item.likes, 5);
  EXPECT_EQ(item.author_verified, true);
  EXPECT_EQ(item.source_id, "vendor-a");
}

TEST(ItemParser, KeepsUnknownFieldsInOrderAndWritesThemBack) {
  Item item;
  ASSERT_TRUE(ParseOne(R"({"zeta":[1,{"a":"b"}],"id":7,"created_at":"2020-01-03T10:00:00Z",)"
                       R"("text":"","vendor_score":0.25,"zeta":"last"})",
                       &item)
                  .ok());
  EXPECT_EQ(item.id, "7");  // integer ids become strings
  ASSERT_EQ(item.extra_fields.size(), 2u);
  EXPECT_EQ(item.extra_fields[0].first, "zeta");
  EXPECT_EQ(item.extra_fields[0].second, "\"last\"");
  EXPECT_EQ(item.extra_fields[1].second, "0.25");
  std::string out;
  AppendItemJson(item, &out);
  EXPECT_EQ(out, R"({"id":"7","platform":"other","created_at":"2020-01-03T10:00:00Z","text":"",)"
                 R"("zeta":"last","vendor_score":0.25})");
}

TEST(ItemParser, RoundTripsThroughWriter) {
  const std::string in =
      R"({"id":"a\"b","platform":"news","created_at":"2019-09-09T18:13:22+08:00",)"
      R"("title":"标题\n二","html":"<p>x</p>","reposts":0,"author_verified":false,"k":null})";
  Item item;
  ASSERT_TRUE(ParseOne(in, &item).ok());
  std::string out;
  AppendItemJson(item, &out);
  EXPECT_EQ(out, in);
}

TEST(ItemParser, AnalysisFieldsReplaceEarlierOnes) {
  Item item;
  ASSERT_TRUE(ParseOne(R"({"id":"1","created_at":"2020-01-03T10:00:00Z","text":"x",)"
                       R"("sentiment":{"label":"old"},"story_id":"s0"})",
                       &item)
                  .ok());
  item.analysis.sentiment = SentimentScore{"negative", -0.5};
  std::string out;
  AppendItemJson(item, &out);
  EXPECT_EQ(out, R"({"id":"1","platform":"other","created_at":"2020-01-03T10:00:00Z","text":"x",)"
                 R"("story_id":"s0","sentiment":{"label":"negative","score":-0.5}})");
}

TEST(ItemParser, NamesTheFieldAndValueThatIsWrong) {
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020/1/3","text":""})"),
            "created_at: not ISO 8601 (expected e.g. 2019-09-09T18:13:22+08:00): '2020/1/3'");
  EXPECT_EQ(Error(R"({"created_at":"2020-01-03T10:00:00Z","text":""})"),
            "id: required field missing or empty");
  EXPECT_EQ(Error(R"({"id":"1","text":""})"), "created_at: required field missing");
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020-01-03T10:00:00Z"})"),
            "text, html: at least one must be present (text may be empty)");
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020-01-03T10:00:00Z","text":"","reposts":"many"})"),
            "reposts: expected a non-negative integer, got a string 'many'");
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020-01-03T10:00:00Z","text":"","likes":-1})"),
            "likes: expected a non-negative integer, got a number '-1'");
  EXPECT_EQ(
      Error(R"({"id":"1","created_at":"2020-01-03T10:00:00Z","text":"","platform":"douyin"})"),
      "platform: unknown value 'douyin' (expected "
      "news|weibo|wechat|forum|video|gov|blog|qa|other)");
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020-01-03T10:00:00Z","text":5})"),
            "text: expected a string, got a number '5'");
  EXPECT_EQ(Error(R"({"id":"1","created_at":"2020-01-03T10:00:00","text":""})"),
            "created_at: no UTC offset (add +08:00 or Z): '2020-01-03T10:00:00'");
  EXPECT_EQ(Error(R"([1,2])"), "expected a JSON object, got an array");
  EXPECT_EQ(Error(R"({"id":"1",)").substr(0, 15), "not valid JSON:");
  EXPECT_EQ(Error("{\"id\":\"\xC9\xE7\"}").substr(0, 15), "not valid JSON:");
}

TEST(ItemReader, GoesOnAfterBadRecordsAndCountsLines) {
  auto reader = std::make_unique<ItemReader>(LineReader::FromString(
      "\xEF\xBB\xBF{\"id\":\"1\",\"created_at\":\"2020-01-03T10:00:00Z\",\"text\":\"a\"}\n"
      "\n"
      "not json\n"
      "{\"id\":\"2\",\"created_at\":\"2020-01-03T10:00:00Z\",\"text\":\"b\"}\r\n"
      "{\"id\":\"3\",\"created_at\":\"bad\",\"text\":\"c\"}",
      "t.jsonl"));
  Item item;
  BadRecord bad;
  std::vector<std::string> seen;
  for (;;) {
    auto outcome = reader->Next(&item, &bad);
    if (outcome == ItemReader::Outcome::kEnd) break;
    ASSERT_NE(outcome, ItemReader::Outcome::kIoError);
    seen.push_back(outcome == ItemReader::Outcome::kItem ? "item " + item.id : bad.Describe());
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], "item 1");
  EXPECT_EQ(seen[1].substr(0, 26), "t.jsonl:3: not valid JSON:");
  EXPECT_EQ(seen[2], "item 2");
  EXPECT_EQ(seen[3].substr(0, 32), "t.jsonl:5: created_at: not ISO 8");
}

}  // namespace
}  // namespace yuqing
