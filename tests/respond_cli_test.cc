// Issue 8 end to end: `yuqing replay --deliver` against real receivers on 127.0.0.1 (a webhook
// receiver and an SMTP server, tests/receivers/). Three stories: a pension rumour in 成都市武侯区
// that grows to grade I, a service complaint in 成都市 that opens while it is grade I (inhibited),
// and a medical-insurance protest in 武汉 under a silence. Every message must reach the unit and
// department that answers for it, once per notification, grouped, and nothing muted may leave.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "cli_fixture.h"
#include "respond/channels/test_receiver.h"

namespace {

using yuqing::e2e::CommandRun;
using yuqing::testing::JsonString;
using yuqing::testing::ReadLines;
using yuqing::testing::ReceiverProcess;

std::string At(int seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "2024-03-01T%02d:%02d:%02d+08:00", 10 + seconds / 3600,
                seconds / 60 % 60, seconds % 60);
  return buffer;
}

std::string Post(int at, const std::string& id, const std::string& text, const std::string& rest) {
  return R"({"id":")" + id + R"(","platform":"weibo","created_at":")" + At(at) + R"(","text":")" +
         text + "\"" + rest + "}";
}

std::string ThreeStories() {
  std::multimap<int, std::string> lines;
  lines.emplace(0, Post(0, "a", "成都市武侯区社保局养老金停发，退休职工聚集讨说法",
                        R"(,"author_followers":2500000,"author_location":"四川 成都")"));
  for (int i = 0; i < 300; ++i) {
    lines.emplace(60 + i * 5,
                  Post(60 + i * 5, "a" + std::to_string(i), "转发微博", R"(,"parent_id":"a")"));
  }
  lines.emplace(600, Post(600, "b", "成都市社保卡补办系统故障，市民在大厅排长队很不满",
                          R"(,"author_followers":300000,"author_location":"四川 成都")"));
  for (int i = 0; i < 80; ++i) {
    lines.emplace(630 + i * 5,
                  Post(630 + i * 5, "b" + std::to_string(i), "转发", R"(,"parent_id":"b")"));
  }
  lines.emplace(30, Post(30, "c", "武汉市医保局报销难，患者家属聚集维权",
                         R"(,"author_followers":800000,"author_location":"湖北 武汉")"));
  for (int i = 0; i < 100; ++i) {
    lines.emplace(90 + i * 8,
                  Post(90 + i * 8, "c" + std::to_string(i), "转发微博", R"(,"parent_id":"c")"));
  }
  std::string out;
  for (const auto& [at, line] : lines) out += line + "\n";
  return out;
}

std::string Config(const ReceiverProcess& web, const ReceiverProcess& smtp) {
  auto hook = [&](const std::string& path) {
    return "{kind: webhook, address: \"" + web.Url(path) + "\"}";
  };
  return R"(
organisation:
  units:
    - region: "000000"
      name: 人力资源和社会保障部
      people: {pension: [{name: 部值班, channels: [)" +
         hook("/000000/pension") + R"(]}]}
    - region: "510000"
      name: 四川省人社厅
      people:
        pension: [{name: 省养老处, channels: [)" +
         hook("/510000/pension") + R"(]}]
        service: [{name: 省经办处, channels: [)" +
         hook("/510000/service") + R"(]}]
      leaders: [{name: 厅长, channels: [{kind: email, address: leader@sc.example}]}]
    - region: "510107"
      name: 武侯区人社局
      people:
        pension:
          - name: 张三
            channels: [)" +
         hook("/510107/pension") + R"(, {kind: email, address: zhangsan@wh.example}]
    - region: "420000"
      name: 湖北省人社厅
      people: {medical: [{name: 鄂医保处, channels: [)" +
         hook("/420000/medical") + R"(]}]}
silences:
  - match: {region: "420000"}
    starts_at: 2024-03-01T09:00:00+08:00
    ends_at: 2024-03-01T12:00:00+08:00
    created_by: 湖北值班员
    comment: 医保政策发布会期间的已知舆情
inhibit:
  - source: {grade: I}
    target: {grade: [II, III, IV], region: "510000"}
channels:
  smtp: {url: "smtp://127.0.0.1:)" +
         std::to_string(smtp.port()) + R"(", from: yuqing@example.org}
)";
}

class RespondCli : public yuqing::e2e::CliFixture {};

TEST_F(RespondCli, AReplayedStreamReachesTheResponsibleUnitsGroupedSilencedAndInhibited) {
  const auto web_log = dir_ / "webhooks.jsonl";
  const auto mail_dir = dir_ / "mail";
  std::filesystem::create_directories(mail_dir);
  ReceiverProcess web, smtp;
  ASSERT_TRUE(web.Start("tests/receivers/webhook_receiver.py", {web_log.string()}));
  ASSERT_TRUE(smtp.Start("tests/receivers/smtp_receiver.py", {mail_dir.string()}));
  const auto input = Write("stream.jsonl", ThreeStories());
  const auto config = Write("yuqing.yaml", Config(web, smtp));
  const auto notes = dir_ / "notifications.jsonl";
  const std::vector<std::string> args = {
      "replay",        input.string(),    "--config",
      config.string(), "--data-dir",      (dir_ / "data").string(),
      "--deliver",     "--notifications", notes.string()};
  CommandRun run = Yuqing(args);
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.err.find("0 waiting"), std::string::npos) << run.err;

  // Webhooks by path (unit/department), each key once, and which incidents they carried.
  std::map<std::string, int> per_path;
  std::map<std::string, std::set<std::string>> incidents_per_path;
  std::set<std::string> keys;
  for (const std::string& line : ReadLines(web_log)) {
    const std::string path = JsonString(line, "/path");
    ++per_path[path];
    const std::string body = JsonString(line, "/body");
    EXPECT_TRUE(keys.insert(JsonString(body, "/idempotency_key")).second) << "repeated: " << body;
    for (const char* id : {"inc-a", "inc-b", "inc-c"}) {
      if (body.find(id) != std::string::npos) incidents_per_path[path].insert(id);
    }
  }
  // The district answers for 武侯区: told at III, at II and at I (three grade changes, not one
  // message per update); the province is copied from II on (II, I), the ministry at I.
  EXPECT_EQ(per_path["/510107/pension"], 3) << run.err;
  EXPECT_EQ(per_path["/510000/pension"], 2);
  EXPECT_EQ(per_path["/000000/pension"], 1);
  EXPECT_EQ(incidents_per_path["/510107/pension"], std::set<std::string>{"inc-a"});
  // Inhibited: the 成都市 complaint opened while the grade-I incident was open in 四川.
  EXPECT_EQ(per_path.count("/510000/service"), 0u);
  // Silenced: 湖北 during the press conference.
  EXPECT_EQ(per_path.count("/420000/medical"), 0u);
  for (const auto& [path, ids] : incidents_per_path) {
    EXPECT_EQ(ids.count("inc-b") + ids.count("inc-c"), 0u) << path;
  }

  // E-mail: 张三 with each district notification; the province's leader paged in the emergency
  // (grade II and I); subjects decode to the Chinese original.
  std::map<std::string, int> per_mailbox;
  for (const std::string& line : ReadLines(mail_dir / "messages.jsonl")) {
    std::string to = JsonString(line, "/to");
    ++per_mailbox[to];
    EXPECT_NE(JsonString(line, "/subject").find("养老金停发"), std::string::npos) << line;
  }
  EXPECT_EQ(per_mailbox["zhangsan@wh.example"], 3);
  EXPECT_EQ(per_mailbox["leader@sc.example"], 2);

  // Run again into the same store: the notifications are the same, so their keys are too, and
  // the outbox sends nothing a second time.
  CommandRun again = Yuqing(args);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(ReadLines(web_log).size(), keys.size());
}

TEST_F(RespondCli, TheOrganisationSkeletonOfAProvinceLoadsAsConfiguration) {
  CommandRun skeleton = Yuqing({"org", "skeleton", "--province", "640000"});
  ASSERT_EQ(skeleton.code, 0) << skeleton.err;
  EXPECT_NE(skeleton.out.find("region: \"640100\"\n      name: 银川市人力资源和社会保障局"),
            std::string::npos);
  EXPECT_EQ(skeleton.out.find("region: \"510000\""), std::string::npos);  // 宁夏 only
  const auto config = Write("org.yaml", skeleton.out);
  CommandRun load = Yuqing({"schemes", "list", "--config", config.string()});
  EXPECT_EQ(load.code, 0) << load.err;
  CommandRun bad = Yuqing({"org", "skeleton", "--province", "5101"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("expected a province code"), std::string::npos) << bad.err;
}

}  // namespace
