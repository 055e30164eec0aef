// `yuqing replay` end to end for issue 7: the whole pipeline in stream time, incident events
// out (product.md §4.2).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

using yuqing::e2e::CommandRun;

struct Event {
  std::string kind, at, id, grade;
  std::vector<std::string> item_ids;
  std::vector<std::string> reasons;
};

std::vector<Event> Parse(const std::string& out) {
  std::vector<Event> events;
  simdjson::dom::parser parser;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    simdjson::dom::element doc;
    EXPECT_FALSE(parser.parse(out.substr(start, end - start)).get(doc)) << "not JSON: " << out;
    Event e;
    e.kind = std::string(std::string_view(doc["event"].get_string()));
    e.at = std::string(std::string_view(doc["at"].get_string()));
    simdjson::dom::element incident = doc["incident"];
    e.id = std::string(std::string_view(incident["id"].get_string()));
    e.grade = std::string(std::string_view(incident["grade"].get_string()));
    for (auto id : incident["item_ids"].get_array()) {
      e.item_ids.emplace_back(std::string_view(id.get_string()));
    }
    for (auto r : incident["reasons"].get_array()) {
      e.reasons.emplace_back(std::string_view(r.get_string()));
    }
    events.push_back(std::move(e));
    start = end + 1;
  }
  return events;
}

// "2024-03-01T10:MM:SS+08:00" for a number of seconds after 10:00.
std::string At(int seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "2024-03-01T%02d:%02d:%02d+08:00", 10 + seconds / 3600,
                seconds / 60 % 60, seconds % 60);
  return buffer;
}

// A cascade of `reposts` reposts, one every `gap` seconds from `start`, and a quiet post.
std::string Stream(int reposts, int gap) {
  std::string lines;
  lines += R"({"id":"root","platform":"weibo","created_at":")" + At(0) +
           R"(","text":"某市社保局养老金停发，退休职工聚集讨说法","author_followers":2500000})"
           "\n";
  lines += R"({"id":"quiet","platform":"weibo","created_at":")" + At(30) +
           R"(","text":"今天去社保大厅办了医保卡，挺顺利的"})"
           "\n";
  for (int i = 0; i < reposts; ++i) {
    lines += R"({"id":"r)" + std::to_string(i) + R"(","platform":"weibo","created_at":")" +
             At(60 + i * gap) +
             R"(","text":"转发微博","parent_id":"root"})"
             "\n";
    if (i == 10) lines += "{not json\n";  // a bad record among them
  }
  lines += R"({"id":"quiet-reply","platform":"weibo","created_at":")" + At(60 + reposts * gap) +
           R"(","text":"顺利就好","parent_id":"quiet"})"
           "\n";
  return lines;
}

class ReplayCli : public yuqing::e2e::CliFixture {};

TEST_F(ReplayCli, AFastCascadePagesWithinMinutesWithEveryItemAndReasons) {
  const auto input = Write("stream.jsonl", Stream(300, 5));  // 300 reposts in 25 minutes
  const auto dead = Write("dead.jsonl", "");
  CommandRun run = Yuqing({"replay", input.string(), "--deadletter", dead.string()});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.err.find("1 records dead-lettered"), std::string::npos) << run.err;
  const std::vector<Event> events = Parse(run.out);
  ASSERT_FALSE(events.empty());
  const Event* page = nullptr;
  for (const Event& e : events) {
    EXPECT_EQ(e.id, "inc-root");  // the quiet post never becomes an incident
    if (!page && (e.grade == "I" || e.grade == "II" || e.grade == "III")) page = &e;
  }
  ASSERT_NE(page, nullptr) << run.out;
  EXPECT_LE(page->at, At(5 * 60)) << "paged at " << page->at;
  EXPECT_NE(page->reasons.front().find("projected"), std::string::npos);
  // Each event holds every item of the cascade up to its time, each once, in arrival order:
  // the root, then r0, r1, … (the quiet post and the bad line never).
  for (const Event& e : events) {
    const std::set<std::string> ids(e.item_ids.begin(), e.item_ids.end());
    EXPECT_EQ(ids.size(), e.item_ids.size());
    ASSERT_FALSE(e.item_ids.empty());
    EXPECT_EQ(e.item_ids.front(), "root");
    for (size_t i = 1; i < e.item_ids.size(); ++i) {
      EXPECT_EQ(e.item_ids[i], "r" + std::to_string(i - 1));
    }
  }
  EXPECT_GE(events.back().item_ids.size(), 100u);
  // `updated` at most once per 5 minutes of stream time.
  std::string last_update;
  for (const Event& e : events) {
    if (e.kind != "updated") continue;
    if (!last_update.empty()) {
      EXPECT_GE(e.at, last_update);
    }
    last_update = e.at;
  }
}

TEST_F(ReplayCli, ASlowCascadeIsNotPagedAndTheRunIsDeterministic) {
  const auto input = Write("stream.jsonl", Stream(12, 600));  // 12 reposts over 2 hours
  CommandRun first = Yuqing({"replay", input.string()});
  CommandRun second = Yuqing({"replay", input.string()});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);  // stream time: the same input gives the same incidents
  for (const Event& e : Parse(first.out)) {
    EXPECT_TRUE(e.grade == "IV") << e.kind << " " << e.grade;
  }
}

TEST_F(ReplayCli, UnknownSettingIsRefusedWithTheNames) {
  const auto input = Write("stream.jsonl", Stream(3, 60));
  CommandRun run = Yuqing({"replay", input.string(), "--set", "alert_volume=3"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("unknown name alert_volume"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("min_alert_volume"), std::string::npos) << run.err;
  run = Yuqing({"replay", input.string(), "--set", "min_alert_volume=lots"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("is not a number"), std::string::npos) << run.err;
}

}  // namespace

// Issue 8: where incidents go. A cascade about 成都市武侯区 grows to grade I.
std::string ChengduStream() {
  std::string lines =
      R"({"id":"root","platform":"weibo","created_at":")" + At(0) +
      R"(","text":"成都市武侯区社保局养老金停发，退休职工聚集讨说法","author_followers":2500000,"author_location":"四川 成都"})"
      "\n";
  for (int i = 0; i < 300; ++i) {
    lines += R"({"id":"r)" + std::to_string(i) + R"(","platform":"weibo","created_at":")" +
             At(60 + i * 5) +
             R"(","text":"转发微博","parent_id":"root"})"
             "\n";
  }
  return lines;
}

std::vector<std::string> RoutedTo(const std::string& out) {
  std::vector<std::string> last;
  simdjson::dom::parser parser;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    simdjson::dom::element doc;
    if (!parser.parse(out.substr(start, end - start)).get(doc)) {
      last.clear();
      for (auto r : doc["incident"]["routed_to"].get_array()) {
        last.emplace_back(std::string_view(r.get_string()));
      }
    }
    start = end + 1;
  }
  return last;
}

TEST_F(ReplayCli, RoutesToTheLowestResponsibleUnitAndCopiesUpwardByGrade) {
  const auto input = Write("stream.jsonl", ChengduStream());
  CommandRun run = Yuqing({"replay", input.string()});
  ASSERT_EQ(run.code, 0) << run.err;
  // The built-in organisation (from the division codes): the district office's pension
  // department answers; grade I copies the province and the ministry.
  EXPECT_EQ(RoutedTo(run.out),
            (std::vector<std::string>{"510107 武侯区人力资源和社会保障局/养老保险处",
                                      "510000 四川省人力资源和社会保障厅/养老保险处",
                                      "000000 人力资源和社会保障部/养老保险处"}));
}

TEST_F(ReplayCli, NotifiesConfiguredPeopleGroupedWithLeadersInAnEmergency) {
  const auto input = Write("stream.jsonl", ChengduStream());
  const auto config = Write("yuqing.yaml", R"(
organisation:
  units:
    - {region: "000000", name: 部}
    - region: "510000"
      name: 四川省厅
      leaders: [{name: 王厅长, channels: [{kind: sms, address: "13800000001"}]}]
    - region: "510107"
      name: 武侯区局
      people:
        pension: [{name: 张三, channels: [{kind: webhook, address: "http://127.0.0.1:9/hook"}]}]
      leaders: [{name: 李局长, channels: [{kind: sms, address: "13800000002"}]}]
silences:
  - match: {region: "000000"}
    ends_at: 2024-03-01T09:00:00+08:00
    created_by: 值班员
    comment: 已过期的静默, 不应生效
)");
  const auto notes = dir_ / "notifications.jsonl";
  CommandRun run = Yuqing(
      {"replay", input.string(), "--config", config.string(), "--notifications", notes.string()});
  ASSERT_EQ(run.code, 0) << run.err;
  std::ifstream in(notes);
  std::string line;
  std::map<std::string, int> per_unit;
  std::set<std::string> district_recipients;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    ASSERT_FALSE(parser.parse(line).get(doc)) << line;
    const std::string unit(std::string_view(doc["unit"].get_string()));
    ++per_unit[unit];
    if (unit == "510107") {
      for (auto r : doc["recipients"].get_array()) {
        district_recipients.emplace(std::string_view(r["name"].get_string()));
      }
    }
  }
  // One group per unit; it notifies when the grade changes (III, II, I), not per update.
  ASSERT_EQ(per_unit.size(), 3u) << run.err;
  EXPECT_LE(per_unit["510107"], 3);
  EXPECT_GE(per_unit["510107"], 1);
  EXPECT_TRUE(district_recipients.count("武侯区局 养老保险处 张三"));
  EXPECT_TRUE(district_recipients.count("武侯区局 领导 李局长"));  // grade II and up
}
