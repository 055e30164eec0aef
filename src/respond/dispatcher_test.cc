#include "respond/dispatcher.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

Person Officer(const std::string& name, const std::string& url) {
  return Person{name, "值班员", false, {Endpoint{ChannelKind::kWebhook, url, ""}}};
}

Unit MakeUnit(const std::string& code, const std::string& name) {
  Unit unit;
  unit.id = code;
  unit.region_code = code;
  unit.name = name;
  unit.departments = StandardDepartments();
  unit.default_department = "publicity";
  for (Department& d : unit.departments)
    d.people.push_back(Officer(d.id + "@" + code, "http://127.0.0.1/" + code + "/" + d.id));
  unit.leaders.push_back(
      Person{"局长" + code, "局长", true, {Endpoint{ChannelKind::kSms, "1380000" + code, ""}}});
  return unit;
}

RespondDefinition Country() {
  RespondDefinition definition;
  definition.organisation.units = {
      MakeUnit("000000", "人力资源社会保障部"), MakeUnit("510000", "四川省人社厅"),
      MakeUnit("510100", "成都市人社局"), MakeUnit("510107", "武侯区人社局"),
      MakeUnit("420000", "湖北省人社厅")};
  return definition;
}

Incident MakeIncident(const std::string& id, Grade grade, const std::vector<std::string>& codes,
                      std::vector<std::string> schemes = {"pension_adjustment"}) {
  Incident incident;
  incident.id = "inc-" + id;
  incident.story_id = id;
  incident.title = "养老金停发传言 " + id;
  incident.grade = grade;
  for (const std::string& code : codes) incident.region_codes.push_back({code, 3});
  incident.schemes = std::move(schemes);
  incident.item_ids = {"a", "b", "c"};
  return incident;
}

IncidentEvent Event(IncidentEventKind kind, int64_t at_ms, const Incident& incident) {
  return IncidentEvent{kind, Timestamp{at_ms, 480}, &incident, ""};
}

TEST(RegionAncestorsTest, WalksUpToTheNation) {
  EXPECT_EQ(RegionAncestors("510107001"),
            (std::vector<std::string>{"510107001", "510107", "510100", "510000", "000000"}));
  EXPECT_EQ(RegionAncestors("510000"), (std::vector<std::string>{"510000", "000000"}));
  EXPECT_TRUE(RegionAncestors("5101").empty());
  EXPECT_TRUE(RegionAncestors("51010x").empty());
}

TEST(OrganisationTreeTest, TheResponsibleUnitIsTheLowestCoveringEveryRegion) {
  auto tree = OrganisationTree::Build(Country().organisation);
  ASSERT_TRUE(tree.ok()) << tree.status().message();
  EXPECT_EQ(tree->Responsible({"510107"})->id, "510107");
  EXPECT_EQ(tree->Responsible({"510104"})->id, "510100");  // no unit for 锦江区: the city
  EXPECT_EQ(tree->Responsible({"510107", "510104"})->id, "510100");
  EXPECT_EQ(tree->Responsible({"510107", "511300"})->id, "510000");
  EXPECT_EQ(tree->Responsible({"510107", "420100"})->id, "000000");  // two provinces: national
  EXPECT_EQ(tree->Responsible({})->id, "000000");
  EXPECT_EQ(tree->Parent(*tree->Find("510107"))->id, "510100");
  const Department* department = tree->DepartmentFor(*tree->Find("510100"), {"work_injury"});
  ASSERT_NE(department, nullptr);
  EXPECT_EQ(department->id, "work_injury");
  EXPECT_EQ(tree->DepartmentFor(*tree->Find("510100"), {"no_such"})->id, "publicity");
}

TEST(OrganisationTreeTest, RefusesDuplicateRegionsAndBadCodes) {
  RespondDefinition definition = Country();
  definition.organisation.units.push_back(MakeUnit("510100", "重复"));
  definition.organisation.units.back().id = "other";
  auto duplicate = OrganisationTree::Build(definition.organisation);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("'510100'"), std::string::npos);
  OrganisationDefinition bad;
  bad.units.push_back(MakeUnit("5101", "坏"));
  EXPECT_FALSE(OrganisationTree::Build(bad).ok());
}

TEST(RoutingTreeTest, DepthFirstFirstMatchUnlessContinue) {
  RouteDefinition root;
  root.receiver = "responsible";
  RouteDefinition sichuan;
  sichuan.matchers = {Matcher{"region", {"510000"}}};
  sichuan.receiver = "sichuan-duty";
  sichuan.continue_matching = true;
  sichuan.group_wait_ms = 0;
  RouteDefinition fraud;
  fraud.matchers = {Matcher{"topic", {"fund_fraud"}}, Matcher{"grade_at_least", {"II"}}};
  fraud.receiver = "fund-team";
  sichuan.routes.push_back(fraud);
  RouteDefinition second;
  second.matchers = {Matcher{"region", {"510100"}}};
  second.receiver = "chengdu";
  root.routes = {sichuan, second};
  auto tree = RoutingTree::Build(root);
  ASSERT_TRUE(tree.ok()) << tree.status().message();

  auto ids = [&](const Incident& incident) {
    std::vector<std::string> out;
    for (const Route* r : tree->Match(LabelsOf(incident))) out.push_back(r->id + ":" + r->receiver);
    return out;
  };
  EXPECT_EQ(ids(MakeIncident("1", Grade::kIII, {"510107"})),
            (std::vector<std::string>{"root.0:sichuan-duty", "root.1:chengdu"}));
  EXPECT_EQ(ids(MakeIncident("2", Grade::kII, {"510107"}, {"fund_fraud"})),
            (std::vector<std::string>{"root.0.0:fund-team", "root.1:chengdu"}));
  EXPECT_EQ(ids(MakeIncident("3", Grade::kIII, {"420100"})),
            (std::vector<std::string>{"root:responsible"}));
  // Children inherit what they do not set.
  const Route& fraud_route = *tree->root().children[0]->children[0];
  EXPECT_EQ(fraud_route.group_wait_ms, 0);
  EXPECT_EQ(fraud_route.repeat_interval_ms, 4 * kHour);

  RouteDefinition bad;
  bad.routes.push_back(RouteDefinition{{Matcher{"grade", {"V"}}}});
  EXPECT_FALSE(RoutingTree::Build(bad).ok());
}

TEST(DispatcherTest, RoutesToTheResponsibleDepartmentAndCopiesUpwardByGrade) {
  auto dispatcher = Dispatcher::Create(Country());
  ASSERT_TRUE(dispatcher.ok()) << dispatcher.status().message();
  std::vector<Notification> out;
  Incident iii = MakeIncident("1", Grade::kIII, {"510107"});
  auto targets = dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, iii), &out);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].Label(), "510107 武侯区人社局/养老保险处");
  Incident ii = MakeIncident("2", Grade::kII, {"510107"});
  targets = dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, ii), &out);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[1].unit_id, "510000");
  EXPECT_EQ(targets[1].reason, "copy: grade II");
  Incident i = MakeIncident("3", Grade::kI, {"510107"});
  targets = dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, i), &out);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[2].unit_id, "000000");
  EXPECT_TRUE(out.empty());  // group_wait has not passed

  dispatcher->Advance(Timestamp{kT0 + 30'000, 480}, &out);
  // Default inhibition: the open grade-I incident of story 3 mutes nothing of stories 1 and 2.
  ASSERT_EQ(out.size(), 6u);
  size_t emergencies = 0, leader_pages = 0;
  for (const Notification& n : out) {
    ASSERT_EQ(n.alerts.size(), 1u);
    emergencies += n.emergency;
    for (const Recipient& r : n.recipients) leader_pages += r.endpoint.kind == ChannelKind::kSms;
  }
  EXPECT_EQ(emergencies, 5u);  // the II and I incidents' notifications
  EXPECT_EQ(leader_pages, 5u);
}

TEST(DispatcherTest, GroupsWaitThenNotifyOnlyOnChangeAndRepeatLater) {
  auto dispatcher = Dispatcher::Create(Country());
  ASSERT_TRUE(dispatcher.ok());
  std::vector<Notification> out;
  Incident incident = MakeIncident("1", Grade::kIII, {"510107"});
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, incident), &out);
  for (int m = 1; m <= 20; ++m) {  // updates, same grade: one notification, not twenty
    incident.item_ids.push_back("x" + std::to_string(m));
    dispatcher->Accept(Event(IncidentEventKind::kUpdated, kT0 + m * kMinute, incident), &out);
  }
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at.unix_ms, kT0 + 30'000);
  EXPECT_EQ(out[0].id, out[0].group_key + "#1");
  // The grade rises: out at once; the province, newly copied, hears after its group_wait.
  incident.grade = Grade::kII;
  dispatcher->Accept(Event(IncidentEventKind::kEscalated, kT0 + 21 * kMinute, incident), &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].at.unix_ms, kT0 + 21 * kMinute);
  EXPECT_EQ(out[1].target.unit_id, "510107");
  EXPECT_TRUE(out[1].emergency);
  EXPECT_FALSE(out[1].repeat);
  dispatcher->Advance(Timestamp{kT0 + 4 * kHour, 480}, &out);
  ASSERT_EQ(out.size(), 3u);  // nothing new within repeat_interval but the province's first
  EXPECT_EQ(out[2].target.unit_id, "510000");
  EXPECT_EQ(out[2].at.unix_ms, kT0 + 21 * kMinute + 30'000);
  dispatcher->Advance(Timestamp{kT0 + 4 * kHour + 30 * kMinute, 480}, &out);
  ASSERT_EQ(out.size(), 5u);  // both groups repeat once after 4 h
  EXPECT_TRUE(out[3].repeat && out[4].repeat);
  EXPECT_EQ(out[3].sequence + out[4].sequence, 5u);
  dispatcher->Accept(Event(IncidentEventKind::kClosed, kT0 + 5 * kHour, incident), &out);
  dispatcher->Advance(Timestamp{kT0 + 6 * kHour, 480}, &out);
  ASSERT_EQ(out.size(), 7u);
  ASSERT_EQ(out[5].alerts.size(), 1u);
  EXPECT_TRUE(out[5].alerts[0].resolved && out[6].alerts[0].resolved);
  dispatcher->Advance(Timestamp{kT0 + 24 * kHour, 480}, &out);
  EXPECT_EQ(out.size(), 7u);  // the groups are gone
}

TEST(DispatcherTest, SilencesMuteForTheirWindowOnly) {
  RespondDefinition definition = Country();
  definition.silences.push_back(Silence{
      "s1", {Matcher{"region", {"510100"}}}, kT0, kT0 + 60 * kMinute, "张三", "已知的政策解读会"});
  auto dispatcher = Dispatcher::Create(definition);
  ASSERT_TRUE(dispatcher.ok());
  std::vector<Notification> out;
  Incident chengdu = MakeIncident("1", Grade::kIII, {"510107"});
  Incident hubei = MakeIncident("2", Grade::kIII, {"420100"});
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, chengdu), &out);
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, hubei), &out);
  dispatcher->Advance(Timestamp{kT0 + 59 * kMinute, 480}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].target.unit_id, "420000");
  EXPECT_GT(dispatcher->counts().silenced, 0u);
  dispatcher->Advance(Timestamp{kT0 + 66 * kMinute, 480}, &out);
  ASSERT_EQ(out.size(), 2u);  // the silence ended: the muted alert goes out at the next flush
  EXPECT_EQ(out[1].target.unit_id, "510107");
  EXPECT_EQ(out[1].at.unix_ms, kT0 + 60 * kMinute + 30'000);
}

TEST(DispatcherTest, AGradeOneIncidentInhibitsLowerGradesOfItsStory) {
  auto dispatcher = Dispatcher::Create(Country());
  ASSERT_TRUE(dispatcher.ok());
  std::vector<Notification> out;
  Incident major = MakeIncident("s", Grade::kI, {"510107"});
  Incident minor = MakeIncident("s", Grade::kIII, {"510104"});
  minor.id = "inc-s-regional";
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, major), &out);
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, minor), &out);
  dispatcher->Advance(Timestamp{kT0 + kMinute, 480}, &out);
  for (const Notification& n : out) {
    for (const AlertSummary& a : n.alerts) EXPECT_EQ(a.incident_id, "inc-s");
  }
  EXPECT_GT(dispatcher->counts().inhibited, 0u);
}

TEST(DispatcherTest, EmergencyNotificationsCarryThePlanForTheTopic) {
  RespondDefinition definition = Country();
  definition.plans.push_back(EmergencyPlan{"pension",
                                           "养老金舆情应急预案",
                                           {"pension_adjustment"},
                                           {"核实", "发布权威信息"},
                                           "新闻发言人",
                                           "",
                                           {}});
  definition.plans.push_back(EmergencyPlan{"general", "通用预案", {}, {"核实"}, "", "", {}});
  auto dispatcher = Dispatcher::Create(definition);
  ASSERT_TRUE(dispatcher.ok());
  std::vector<Notification> out;
  Incident pension = MakeIncident("1", Grade::kII, {"510107"});
  Incident injury = MakeIncident("2", Grade::kII, {"510107"}, {"work_injury"});
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, pension), &out);
  dispatcher->Accept(Event(IncidentEventKind::kOpened, kT0, injury), &out);
  dispatcher->Advance(Timestamp{kT0 + kMinute, 480}, &out);
  ASSERT_FALSE(out.empty());
  for (const Notification& n : out) {
    ASSERT_TRUE(n.plan.has_value());
    EXPECT_EQ(n.plan->id, n.alerts[0].incident_id == "inc-1" ? "pension" : "general");
  }
}

TEST(DispatcherTest, UnknownReceiversAndUnitsAreRefused) {
  RespondDefinition definition = Country();
  definition.routing.receiver = "nobody";
  auto bad = Dispatcher::Create(definition);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown receiver 'nobody'"), std::string::npos);
  definition = Country();
  definition.receivers.push_back(Receiver{"x", "999999", "", {}, false});
  EXPECT_FALSE(Dispatcher::Create(definition).ok());
}

}  // namespace
}  // namespace yuqing
