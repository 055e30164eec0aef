// `yuqing incidents` end to end for issue 8: replay output imported into the store, the
// handling actions, the audit log they leave, and escalation of a missed acknowledgement.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

using yuqing::e2e::CommandRun;

// Two incidents as `yuqing replay` prints them (fields trimmed), the first escalating.
constexpr const char* kEvents =
    R"({"event":"opened","at":"2024-03-01T10:00:00+08:00","incident":{"id":"inc-s1","story_id":"s1","title":"某市社保局养老金停发","grade":"III","score":42.5,"reasons":["转发量 40"],"regions":[{"name":"成都市","items":3}],"item_ids":["root","r0","r1"],"item_count":3}})"
    "\n"
    R"({"event":"escalated","at":"2024-03-01T10:20:00+08:00","incident":{"id":"inc-s1","story_id":"s1","title":"某市社保局养老金停发","grade":"III","score":71.0,"item_ids":["root","r0","r1","r2"]}})"
    "\n"
    R"({"event":"opened","at":"2024-03-01T10:30:00+08:00","incident":{"id":"inc-s2","story_id":"s2","title":"医保卡办理","grade":"IV","score":12.0}})"
    "\n";

class IncidentsCli : public yuqing::e2e::CliFixture {
 protected:
  CommandRun Run(std::vector<std::string> args) {
    args.insert(args.begin(), "incidents");
    args.emplace_back("--data-dir");
    args.emplace_back("data");
    return Yuqing(args);
  }
  void Import() {
    Write("events.jsonl", kEvents);
    CommandRun run = Run({"import", "events.jsonl"});
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_NE(run.out.find("imported 3 events"), std::string::npos) << run.out;
  }
  // show --json: actor:action of every audit entry, and the parsed document's state.
  std::vector<std::string> Audit(const std::string& id, std::string* state = nullptr) {
    CommandRun run = Run({"show", id, "--json"});
    EXPECT_EQ(run.code, 0) << run.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    EXPECT_FALSE(parser.parse(run.out).get(doc)) << run.out;
    std::vector<std::string> actions;
    for (auto entry : doc["audit"].get_array()) {
      actions.push_back(std::string(std::string_view(entry["actor"].get_string())) + ":" +
                        std::string(std::string_view(entry["action"].get_string())));
    }
    if (state != nullptr) *state = std::string(std::string_view(doc["state"].get_string()));
    return actions;
  }
};

TEST_F(IncidentsCli, ImportListAckNoteCloseAndShowTheAudit) {
  Import();
  CommandRun again = Run({"import", "events.jsonl"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("imported 0 events (3 already known"), std::string::npos) << again.out;

  CommandRun list = Run({"list", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 2) << list.out;
  CommandRun major = Run({"list", "--grade", "III"});
  ASSERT_EQ(major.code, 0) << major.err;
  EXPECT_NE(major.out.find("inc-s1"), std::string::npos);
  EXPECT_EQ(major.out.find("inc-s2"), std::string::npos);

  const std::string at = "2024-03-01T10:40:00+08:00";
  ASSERT_EQ(Run({"ack", "inc-s1", "--by", "张三", "--now", at}).code, 0);
  ASSERT_EQ(Run({"note", "inc-s1", "--by", "李四", "已联系街道社保所核实", "--now", at}).code, 0);
  ASSERT_EQ(
      Run({"report", "inc-s1", "--kind", "initial", "--by", "李四", "初步核实", "--now", at}).code,
      0);
  ASSERT_EQ(Run({"close", "inc-s1", "--by", "张三", "--reason", "已澄清", "--now", at}).code, 0);

  std::string state;
  EXPECT_EQ(Audit("inc-s1", &state),
            (std::vector<std::string>{"detector:opened", "detector:detector_escalated",
                                      "张三:acknowledged", "李四:noted", "李四:reported",
                                      "张三:closed"}));
  EXPECT_EQ(state, "closed");
  CommandRun show = Run({"show", "inc-s1"});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("已联系街道社保所核实"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("初报"), std::string::npos);
  CommandRun closed = Run({"list", "--state", "closed"});
  EXPECT_NE(closed.out.find("inc-s1"), std::string::npos);
  EXPECT_EQ(closed.out.find("inc-s2"), std::string::npos);
}

TEST_F(IncidentsCli, InvalidTransitionsAndUnknownIdsExitOneWithAClearMessage) {
  Import();
  CommandRun early = Run({"handle", "inc-s2", "--by", "张三"});
  EXPECT_EQ(early.code, 1);
  EXPECT_NE(early.err.find("incident inc-s2: cannot start handling an incident in state new "
                           "(allowed from acknowledged)"),
            std::string::npos)
      << early.err;
  CommandRun bare_close = Run({"close", "inc-s2", "--by", "张三"});
  EXPECT_EQ(bare_close.code, 1);
  EXPECT_NE(bare_close.err.find("终报"), std::string::npos) << bare_close.err;
  CommandRun unknown = Run({"ack", "inc-nope", "--by", "张三"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("inc-nope"), std::string::npos) << unknown.err;
  CommandRun no_actor = Run({"ack", "inc-s2"});
  EXPECT_EQ(no_actor.code, 1);  // --by is required
  CommandRun missing = Run({"import", "no-such.jsonl"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no-such.jsonl"), std::string::npos) << missing.err;
  // Nothing refused reached the audit log.
  EXPECT_EQ(Audit("inc-s2"), (std::vector<std::string>{"detector:opened"}));
}

TEST_F(IncidentsCli, MissedAcknowledgementEscalatesToTheParentUnitOnce) {
  Import();
  ASSERT_EQ(Run({"assign", "inc-s1", "--unit", "510104", "--to", "王五", "--by", "值班员", "--now",
                 "2024-03-01T10:05:00+08:00"})
                .code,
            0);
  CommandRun before = Run({"escalate-due", "--now", "2024-03-01T11:00:00+08:00"});
  ASSERT_EQ(before.code, 0) << before.err;
  EXPECT_EQ(before.out, "");
  CommandRun dry = Run({"escalate-due", "--dry-run", "--now", "2024-03-01T11:00:01+08:00"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_NE(dry.out.find("inc-s1: acknowledge overdue"), std::string::npos) << dry.out;
  CommandRun due = Run({"escalate-due", "--json", "--now", "2024-03-01T11:00:01+08:00"});
  ASSERT_EQ(due.code, 0) << due.err;
  EXPECT_NE(due.out.find(R"("incident_id":"inc-s1","deadline":"acknowledge")"), std::string::npos)
      << due.out;
  EXPECT_NE(due.out.find(R"("from_unit":"510104","to_unit":"510100")"), std::string::npos);
  EXPECT_EQ(due.out.find("inc-s2"), std::string::npos);  // opened 10:30: its hour is not up
  CommandRun again = Run({"escalate-due", "--now", "2024-03-01T11:10:00+08:00"});
  ASSERT_EQ(again.code, 0);
  EXPECT_EQ(again.out.find("inc-s1"), std::string::npos) << again.out;
  const std::vector<std::string> audit = Audit("inc-s1");
  EXPECT_EQ(std::count(audit.begin(), audit.end(), "system:escalated"), 1);
  CommandRun show = Run({"show", "inc-s1", "--json"});
  EXPECT_NE(show.out.find(R"("unit":"510100")"), std::string::npos) << show.out;
}

TEST_F(IncidentsCli, ImportSkipsBadLinesNamingFileLineAndField) {
  Write(
      "events.jsonl",
      std::string(kEvents) +
          R"({"event":"opened","at":"2024-03-01T11:00:00+08:00","incident":{"id":"inc-s3","grade":"V"}})"
          "\n"
          R"({"event":"vanished","at":"2024-03-01T11:00:00+08:00","incident":{"id":"inc-s4"}})"
          "\n"
          "{not json\n");
  CommandRun run = Run({"import", "events.jsonl"});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("imported 3 events (0 already known, 3 lines skipped)"), std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("events.jsonl:4: incident.grade: expected I..IV, got 'V'"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("events.jsonl:5: event: expected opened|updated"), std::string::npos);
  EXPECT_NE(run.err.find("events.jsonl:6: not JSON"), std::string::npos);
  EXPECT_EQ(Run({"show", "inc-s3"}).code, 1);
}

// `yuqing replay` → `yuqing incidents import`: the stored snapshot is exactly the incident of
// the last event replay printed, so nothing the detector said is lost on the way in.
TEST_F(IncidentsCli, ImportKeepsRealReplayOutputIntact) {
  std::string items =
      R"({"id":"root","platform":"weibo","created_at":"2024-03-01T10:00:00+08:00","text":"某市社保局养老金停发，退休职工聚集讨说法","author_followers":2500000})"
      "\n";
  for (int i = 0; i < 120; ++i) {
    char at[64];
    std::snprintf(at, sizeof at, "2024-03-01T10:%02d:%02d+08:00", (60 + i * 5) / 60,
                  (60 + i * 5) % 60);
    items += R"({"id":"r)" + std::to_string(i) + R"(","platform":"weibo","created_at":")" + at +
             R"(","text":"转发微博","parent_id":"root"})"
             "\n";
  }
  Write("items.jsonl", items);
  CommandRun replay = Yuqing({"replay", "items.jsonl", "-o", "events.jsonl"});
  ASSERT_EQ(replay.code, 0) << replay.err;
  const std::string events = yuqing::e2e::ReadFile(dir_ / "events.jsonl");
  ASSERT_FALSE(events.empty()) << replay.err;
  const size_t last_start = events.rfind('\n', events.size() - 2);
  const std::string last = events.substr(last_start == std::string::npos ? 0 : last_start + 1);

  CommandRun import = Run({"import", "events.jsonl"});
  ASSERT_EQ(import.code, 0) << import.err;
  EXPECT_NE(import.out.find("0 lines skipped"), std::string::npos) << import.out;
  simdjson::dom::parser parser;
  simdjson::dom::element event;
  ASSERT_FALSE(parser.parse(last).get(event)) << last;
  const std::string expected = simdjson::minify(event["incident"]);
  const std::string id(std::string_view(event["incident"]["id"].get_string()));

  CommandRun show = Run({"show", id, "--json"});
  ASSERT_EQ(show.code, 0) << show.err;
  simdjson::dom::parser show_parser;
  simdjson::dom::element view;
  ASSERT_FALSE(show_parser.parse(show.out).get(view)) << show.out;
  EXPECT_EQ(simdjson::minify(view["incident"]), expected);
  // Routing's first target is the responsible unit (national here: the items name no region).
  EXPECT_EQ(std::string_view(view["unit"].get_string()), "000000");
  std::vector<std::string> audit = Audit(id);
  EXPECT_NE(std::find(audit.begin(), audit.end(), "router:unit_set"), audit.end());
}

// With an organisation tree configured, escalation follows it: Wuhou district's parent there is
// the province (no Chengdu unit is configured), not the city the division codes would give.
TEST_F(IncidentsCli, EscalationFollowsTheConfiguredOrganisationTree) {
  Import();
  Write("org.yaml", R"(organisation:
  units:
    - region: "000000"
      name: 人力资源和社会保障部
    - region: "510000"
      name: 四川省人社厅
      people:
        publicity: [{name: 省舆情处, channels: [{kind: webhook, address: "http://127.0.0.1:9/p"}]}]
        pension: [{name: 省养老处, channels: [{kind: webhook, address: "http://127.0.0.1:9/q"}]}]
    - region: "510107"
      name: 武侯区人社局
)");
  ASSERT_EQ(
      Run({"assign", "inc-s1", "--unit", "510107", "--by", "值班员", "--config", "org.yaml"}).code,
      0);
  CommandRun due =
      Run({"escalate-due", "--config", "org.yaml", "--now", "2024-03-01T11:00:01+08:00"});
  ASSERT_EQ(due.code, 0) << due.err;
  EXPECT_NE(due.out.find("inc-s1: missed acknowledge"), std::string::npos) << due.out;
  EXPECT_NE(due.out.find("510107 -> 510000"), std::string::npos) << due.out;
  // The province hears of it through the outbox (one notice per endpoint of the department
  // for the topic; this incident has no scheme, so the default department); a second sweep
  // queues nothing.
  EXPECT_NE(due.err.find("1 notices queued"), std::string::npos) << due.err;
  CommandRun again =
      Run({"escalate-due", "--config", "org.yaml", "--now", "2024-03-01T11:30:00+08:00"});
  EXPECT_NE(again.err.find("0 escalations"), std::string::npos) << again.err;
}

}  // namespace
