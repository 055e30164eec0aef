#include "config/config.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace yuqing {
namespace {

TEST(Config, BuiltInDefaultLoads) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->data_dir, "yuqing-data");
  EXPECT_EQ(config->log_level, "info");
}

TEST(Config, EmptyFileMeansDefaults) {
  auto config = ParseConfig("# nothing here\n", "y.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->source, "y.yaml");
  EXPECT_EQ(config->data_dir, "yuqing-data");
}

TEST(Config, ReadsSettings) {
  auto config = ParseConfig("data_dir: /var/lib/yuqing\nlog_level: debug\n", "y.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->data_dir, "/var/lib/yuqing");
  EXPECT_EQ(config->log_level, "debug");
}

TEST(Config, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(ParseConfig("log_level: info\ndata_dri: x\n", "y.yaml").status().message(),
            "y.yaml:2:1: unknown key 'data_dri' (did you mean 'data_dir'?); known keys: "
            "data_dir, log_level, nlp, builtin_schemes, schemes, global_exclusions, vocabulary, "
            "organisation, routing, receivers, silences, inhibit, plans, channels, sources");
  EXPECT_EQ(ParseConfig("log_level: loud\n", "y.yaml").status().message(),
            "y.yaml:1:12: log_level: unknown level 'loud' (expected one of: trace, debug, info, "
            "warn, error, off)");
  EXPECT_EQ(ParseConfig("\n\nsources: {}\n", "y.yaml").status().message(),
            "y.yaml:3:10: sources: expected a list");
  EXPECT_EQ(ParseConfig("\n\nrouting: []\n", "y.yaml").status().message(),
            "y.yaml:3:10: route: expected a mapping");
  EXPECT_EQ(ParseConfig("data_dir: [a, b]\n", "y.yaml").status().message(),
            "y.yaml:1:11: data_dir: expected a single value");
  EXPECT_EQ(ParseConfig("- a\n- b\n", "y.yaml").status().message(),
            "y.yaml:1:1: expected a mapping of settings (key: value) at the top");
  const std::string bad = ParseConfig("data_dir: [unclosed\n", "y.yaml").status().message();
  EXPECT_EQ(bad.rfind("y.yaml:", 0), 0u) << bad;
  EXPECT_NE(bad.find("not valid YAML"), std::string::npos) << bad;
}

TEST(Config, BuiltInTaxonomyIsInForceByDefault) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok()) << config.status().message();
  ASSERT_EQ(config->schemes.schemes.size(), 18u);
  EXPECT_EQ(config->schemes.schemes.back().id, "other_social_insurance");
  for (const auto& scheme : config->schemes.schemes) {
    EXPECT_NE(scheme.origin.find("shebao.yaml:"), std::string::npos) << scheme.origin;
    EXPECT_FALSE(scheme.name.empty()) << scheme.id;
  }
}

TEST(Config, FileSchemesReplaceOrFollowTheBuiltInOnes) {
  auto config = ParseConfig(
      "schemes:\n"
      "  - id: fund_fraud\n"
      "    name: 骗保（本地）\n"
      "    主体词: [骗保, 套取医保]\n"
      "    地域词: 成都\n"
      "  - id: local_watch\n"
      "    subjects: 12333\n"
      "    match: platform:weibo\n"
      "global_exclusions: [广告, \"转发抽奖\"]\n",
      "y.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const auto& schemes = config->schemes.schemes;
  ASSERT_EQ(schemes.size(), 19u);
  auto fraud = std::find_if(schemes.begin(), schemes.end(),
                            [](const SchemeDefinition& s) { return s.id == "fund_fraud"; });
  ASSERT_NE(fraud, schemes.end());
  EXPECT_EQ(fraud->name, "骗保（本地）");
  EXPECT_EQ(fraud->subjects, (std::vector<std::string>{"骗保", "套取医保"}));
  EXPECT_EQ(fraud->regions, std::vector<std::string>{"成都"});
  EXPECT_EQ(fraud->origin, "y.yaml:2");
  EXPECT_EQ(schemes.back().id, "local_watch");
  EXPECT_EQ(config->schemes.global_exclusions.back(), "转发抽奖");

  auto alone =
      ParseConfig("builtin_schemes: false\nschemes:\n  - id: a\n    subjects: x\n", "y.yaml");
  ASSERT_TRUE(alone.ok()) << alone.status().message();
  EXPECT_EQ(alone->schemes.schemes.size(), 1u);
}

TEST(Config, SchemeMistakesNameTheLineAndWhatWasExpected) {
  EXPECT_EQ(ParseConfig("schemes:\n  - id: a\n    subjects:\n      - (养老金 OR 退休金\n", "y.yaml")
                .status()
                .message()
                .rfind("y.yaml:4:9: scheme a, subjects[0]: column ", 0),
            0u);
  EXPECT_NE(ParseConfig("schemes:\n  - id: a\n    subjects: x\n    evnts: y\n", "y.yaml")
                .status()
                .message()
                .find("y.yaml:4:5: scheme a, unknown key 'evnts' (did you mean 'events'?)"),
            std::string::npos);
  EXPECT_EQ(ParseConfig("schemes:\n  - name: x\n", "y.yaml").status().message(),
            "y.yaml:2:5: scheme without an id");
  EXPECT_EQ(ParseConfig("schemes: x\n", "y.yaml").status().message(),
            "y.yaml:1:10: schemes: expected a list of schemes (- id: …)");
  EXPECT_EQ(ParseConfig("nlp:\n  keywords: many\n", "y.yaml").status().message(),
            "y.yaml:2:13: nlp.keywords: expected a whole number from 0 to 100, found 'many'");
  auto nlp =
      ParseConfig("nlp:\n  user_dictionaries: [local.dict, /abs/x.dict]\n", "/etc/yuqing/y.yaml");
  ASSERT_TRUE(nlp.ok()) << nlp.status().message();
  EXPECT_EQ(nlp->nlp.user_dictionaries,
            (std::vector<std::string>{"/etc/yuqing/local.dict", "/abs/x.dict"}));
}

TEST(Config, RefusesPathologicalNesting) {
  const std::string deep = "a: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  EXPECT_NE(ParseConfig(deep, "y.yaml").status().message().find("nested deeper"),
            std::string::npos);
  EXPECT_FALSE(LoadConfigFile("/nonexistent/yuqing.yaml").ok());
}

TEST(Config, ReadsTheResponseSections) {
  constexpr std::string_view kYaml = R"(
organisation:
  units:
    - {region: "000000", name: 人力资源和社会保障部}
    - region: "510000"
      name: 四川省人力资源和社会保障厅
      leaders:
        - {name: 王厅长, channels: [{kind: sms, address: "13800000000"}]}
    - region: "510100"
      name: 成都市人力资源和社会保障局
      people:
        pension:
          - name: 张三
            channels:
              - {kind: wecom, address: "http://127.0.0.1:9/robot"}
              - {kind: email, address: zhangsan@example.org}
routing:
  group_wait: 10s
  routes:
    - match: {region: "510000", grade_at_least: II}
      receiver: sichuan-duty
      continue: true
      repeat_interval: 1h
receivers:
  - name: sichuan-duty
    unit: "510000"
    department: publicity
    channels: [{kind: dingtalk, address: "http://127.0.0.1:9/ding", secret: SEC}]
silences:
  - match: {topic: retirement_age}
    starts_at: 2026-11-30T08:00:00+08:00
    ends_at: 2026-11-30T20:00:00+08:00
    created_by: 张三
    comment: 已知的政策发布会
inhibit:
  - source: {grade: I}
    target: {grade: [II, III]}
    equal: [story]
plans:
  - id: pension
    name: 养老金舆情应急预案
    topics: [pension_adjustment]
    steps: [核实情况, 发布权威信息]
    spokesperson: 新闻发言人
channels:
  smtp: {url: "smtp://127.0.0.1:2525", from: yuqing@example.org}
  sms_gateway: {url: "http://127.0.0.1:9/sms"}
)";
  auto config = ParseConfig(kYaml, "y.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->has_organisation);
  ASSERT_EQ(config->respond.organisation.units.size(), 3u);
  const Unit& chengdu = config->respond.organisation.units[2];
  EXPECT_EQ(chengdu.id, "510100");
  EXPECT_EQ(chengdu.departments.size(), StandardDepartments().size());
  EXPECT_EQ(chengdu.departments[0].people.at(0).endpoints.at(1).kind, ChannelKind::kEmail);
  EXPECT_TRUE(config->respond.organisation.units[1].leaders.at(0).leader);
  ASSERT_EQ(config->respond.routing.routes.size(), 1u);
  EXPECT_EQ(config->respond.routing.group_wait_ms, 10'000);
  EXPECT_EQ(config->respond.routing.routes[0].repeat_interval_ms, 3'600'000);
  EXPECT_EQ(config->respond.receivers.at(0).endpoints.at(0).secret, "SEC");
  EXPECT_EQ(config->respond.silences.at(0).created_by, "张三");
  EXPECT_EQ(config->respond.silences.at(0).ends_ms - config->respond.silences.at(0).starts_ms,
            12 * 3'600'000LL);
  ASSERT_TRUE(config->respond.inhibit_rules.has_value());
  EXPECT_EQ(config->respond.plans.at(0).steps.size(), 2u);
  EXPECT_EQ(config->channels.smtp_url, "smtp://127.0.0.1:2525");
  auto dispatcher = Dispatcher::Create(config->respond);
  EXPECT_TRUE(dispatcher.ok()) << dispatcher.status().message();
}

TEST(Config, BuiltInEmergencyPlansApplyUnlessTheFileHasItsOwn) {
  auto builtin = ParseConfig("", "y.yaml");
  ASSERT_TRUE(builtin.ok()) << builtin.status().message();
  ASSERT_GE(builtin->respond.plans.size(), 4u);
  EXPECT_EQ(builtin->respond.plans[0].id, "pension");
  EXPECT_GE(builtin->respond.plans[0].steps.size(), 5u);
  EXPECT_NE(builtin->respond.plans[0].holding_statement.find("{title}"), std::string::npos);
  auto own = ParseConfig("plans:\n  - {id: mine, steps: [核实]}\n", "y.yaml");
  ASSERT_TRUE(own.ok()) << own.status().message();
  ASSERT_EQ(own->respond.plans.size(), 1u);
  EXPECT_EQ(own->respond.plans[0].id, "mine");
}

TEST(Config, ResponseMistakesNameTheLine) {
  EXPECT_EQ(
      ParseConfig("routing:\n  routes:\n    - match: {grade: V}\n", "y.yaml").status().message(),
      "y.yaml:3:15: grade: unknown grade 'V' (expected I, II, III or IV)");
  EXPECT_EQ(ParseConfig("routing:\n  group_wait: soon\n", "y.yaml").status().message(),
            "y.yaml:2:15: group_wait: expected a duration such as 30s, 5m, 4h or 2d, found 'soon'");
  EXPECT_EQ(
      ParseConfig("organisation:\n  units:\n    - region: \"5101\"\n", "y.yaml").status().message(),
      "y.yaml:3:15: region: '5101' is not a 6- or 9-digit GB/T 2260 code (national: 000000)");
  EXPECT_EQ(ParseConfig("silences:\n  - match: {topic: x}\n", "y.yaml").status().message(),
            "y.yaml:2:5: silence: needs match, ends_at, created_by and comment (who silenced what, "
            "until when, and why)");
  EXPECT_EQ(ParseConfig("receivers:\n  - name: a\n    chanels: []\n", "y.yaml").status().message(),
            "y.yaml:3:5: receiver: unknown key 'chanels' (did you mean 'channels'?); known keys: "
            "name, unit, department, leaders, channels");
}

TEST(Config, Sources) {
  const std::string yaml = R"(sources:
  - id: mohrss-news
    kind: rss
    url: https://www.mohrss.gov.cn/rss.xml
    interval: 10m
  - id: sc-hrss
    kind: html
    name: 四川省人社厅 工作动态
    url: http://rst.sc.gov.cn/rst/gzdt/list.shtml
    interval: 30m
    min_host_interval: 5s
    max_articles: 40
  - id: vendor-drop
    kind: folder
    path: inbox
)";
  auto config = ParseConfig(yaml, "/etc/yuqing/y.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  ASSERT_EQ(config->sources.size(), 3u);
  const SourceSpec& rss = config->sources[0];
  EXPECT_EQ(rss.id, "mohrss-news");
  EXPECT_EQ(rss.kind, SourceKind::kRss);
  EXPECT_EQ(rss.name, "mohrss-news");
  EXPECT_EQ(rss.url, "https://www.mohrss.gov.cn/rss.xml");
  EXPECT_EQ(rss.interval_ms, 600'000);
  EXPECT_EQ(rss.min_host_interval_ms, 0);
  const SourceSpec& html = config->sources[1];
  EXPECT_EQ(html.kind, SourceKind::kHtml);
  EXPECT_EQ(html.name, "四川省人社厅 工作动态");
  EXPECT_EQ(html.interval_ms, 1'800'000);
  EXPECT_EQ(html.min_host_interval_ms, 5000);
  EXPECT_EQ(html.max_articles_per_poll, 40);
  const SourceSpec& folder = config->sources[2];
  EXPECT_EQ(folder.kind, SourceKind::kFolder);
  EXPECT_EQ(folder.path, "/etc/yuqing/inbox");  // relative to the config file

  auto error = [](const std::string& text) {
    return ParseConfig(text, "y.yaml").status().message();
  };
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: rss\n    url: ftp://x/\n"),
            "y.yaml:4:10: url: expected an http:// or https:// URL, found 'ftp://x/'");
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: rss\n    url: http://x/\n    intervl: 5m\n"),
            "y.yaml:5:5: source: unknown key 'intervl' (did you mean 'interval'?); known keys: "
            "id, kind, name, url, path, interval, min_host_interval, max_articles");
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: feed\n    url: http://x/\n"),
            "y.yaml:3:11: kind: unknown source kind 'feed' (expected rss, atom, html or folder)");
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: rss\n    url: http://x/\n    interval: 1s\n"),
            "y.yaml:5:15: interval: at least 10s, found '1s'");
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: folder\n    path: /in\n"
                  "  - id: a\n    kind: folder\n    path: /in2\n"),
            "y.yaml:5:9: id: duplicate source id 'a'");
  EXPECT_EQ(
      error("sources:\n  - id: A/b\n    kind: folder\n    path: /in\n"),
      "y.yaml:2:9: id: use lower-case letters, digits, '-' and '_' (at most 64), found 'A/b'");
  EXPECT_EQ(error("sources:\n  - id: a\n    kind: html\n"),
            "y.yaml:2:5: source 'a': kind html needs 'url'");
  EXPECT_EQ(error("sources:\n  - kind: html\n"), "y.yaml:2:5: source: 'id' is required");
}

}  // namespace
}  // namespace yuqing
