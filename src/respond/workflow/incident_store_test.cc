#include "respond/workflow/incident_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace yuqing {
namespace {

constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kT = 1'709'258'400'000;  // 2024-03-01T10:00:00+08:00, stream time

Incident MakeIncident(const std::string& id, Grade grade) {
  Incident incident;
  incident.id = id;
  incident.story_id = id.substr(4);
  incident.title = "某市社保局养老金停发传言";
  incident.grade = grade;
  incident.score = 61.5;
  incident.item_ids = {"a", "b", "c"};
  return incident;
}

Result<bool> Emit(IncidentStore& store, const Incident& incident, int64_t at_ms,
                  IncidentEventKind kind = IncidentEventKind::kOpened) {
  IncidentEvent event;
  event.kind = kind;
  event.at = Timestamp{at_ms, 480};
  event.incident = &incident;
  return store.ApplyIncidentEvent(event);
}

std::unique_ptr<IncidentStore> OpenMemory() {
  auto store = IncidentStore::Open(":memory:");
  EXPECT_TRUE(store.ok()) << store.status().message();
  return std::move(*store);
}

std::vector<std::string> Actions(const std::vector<AuditEntry>& audit) {
  std::vector<std::string> actions;
  actions.reserve(audit.size());
  for (const AuditEntry& e : audit) actions.push_back(e.actor + ":" + e.action);
  return actions;
}

// The done-when line of issue 8: a missed acknowledgement escalates to the parent unit on time,
// in stream time, exactly once, and the audit log shows it.
TEST(IncidentStoreTest, MissedAcknowledgementEscalatesToTheParentUnitOnce) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-s1", Grade::kIII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  ASSERT_TRUE(store->SetUnit("inc-s1", "510100", "王科长", kT + kMinute).ok());  // Chengdu
  const auto parent = [](const std::string& unit) -> std::optional<std::string> {
    if (unit == "510100") return std::string("510000");  // Sichuan
    return std::nullopt;
  };

  auto none = store->EscalateDue(kT + 59 * kMinute, parent);
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_TRUE(none->empty());
  none = store->EscalateDue(kT + kHour, parent);  // due at this instant: not passed yet
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto pending = store->DueEscalations(kT + kHour + 1);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);  // a dry run: nothing written yet
  EXPECT_EQ(store->Show("inc-s1")->record.unit, "510100");

  auto escalated = store->EscalateDue(kT + kHour + 1, parent);
  ASSERT_TRUE(escalated.ok()) << escalated.status().message();
  ASSERT_EQ(escalated->size(), 1u);
  EXPECT_EQ((*escalated)[0].deadline, DeadlineKind::kAcknowledge);
  EXPECT_EQ((*escalated)[0].due_ms, kT + kHour);
  EXPECT_EQ((*escalated)[0].from_unit, "510100");
  EXPECT_EQ((*escalated)[0].to_unit, "510000");

  auto view = store->Show("inc-s1");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->record.unit, "510000");
  ASSERT_EQ(view->escalations.size(), 1u);
  const AuditEntry& last = view->audit.back();
  EXPECT_EQ(last.actor, "system");
  EXPECT_EQ(last.action, "escalated");
  EXPECT_EQ(last.at_ms, kT + kHour + 1);
  EXPECT_NE(last.detail_json.find("\"deadline\":\"acknowledge\""), std::string::npos)
      << last.detail_json;
  EXPECT_NE(last.detail_json.find("\"to_unit\":\"510000\""), std::string::npos);

  // A second sweep, even much later but before the next deadline, changes nothing.
  const size_t audit_rows = view->audit.size();
  auto again = store->EscalateDue(kT + 2 * kHour, parent);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto after = store->Show("inc-s1");
  EXPECT_EQ(after->audit.size(), audit_rows);
  EXPECT_EQ(after->record.unit, "510000");
  EXPECT_EQ(after->escalations.size(), 1u);
}

TEST(IncidentStoreTest, AcknowledgementBeforeTheDeadlinePreventsEscalation) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-s2", Grade::kIII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  ASSERT_TRUE(store->SetUnit("inc-s2", "510100", "王科长", kT).ok());
  ASSERT_TRUE(store->Acknowledge("inc-s2", "王科长", kT + 59 * kMinute).ok());
  auto escalated = store->EscalateDue(kT + kHour + 1, Gbt2260Parent);
  ASSERT_TRUE(escalated.ok());
  EXPECT_TRUE(escalated->empty());
  EXPECT_EQ(store->Show("inc-s2")->record.unit, "510100");
}

TEST(IncidentStoreTest, EmergencyModeEscalatesAtThirtyMinutes) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-s3", Grade::kII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  ASSERT_TRUE(store->SetUnit("inc-s3", "510104", "王科长", kT).ok());
  ASSERT_TRUE(store->SetEmergency("inc-s3", true, "李处长", kT + kMinute).ok());
  EXPECT_TRUE(store->EscalateDue(kT + 30 * kMinute, Gbt2260Parent)->empty());
  auto escalated = store->EscalateDue(kT + 30 * kMinute + 1, Gbt2260Parent);
  ASSERT_EQ(escalated->size(), 1u);
  EXPECT_EQ((*escalated)[0].to_unit, "510100");
}

TEST(IncidentStoreTest, ActionsAreAuditedWithWhoAndWhen) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-a", Grade::kII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  ASSERT_TRUE(store->Acknowledge("inc-a", "张三", kT + 10 * kMinute).ok());
  ASSERT_TRUE(store->Assign("inc-a", "养老保险处", "张三", kT + 11 * kMinute).ok());
  ASSERT_TRUE(store->StartHandling("inc-a", "李四", kT + 12 * kMinute).ok());
  ASSERT_TRUE(store->AddNote("inc-a", "李四", "已联系街道社保所核实", kT + 13 * kMinute).ok());
  ASSERT_TRUE(
      store->FileReport("inc-a", ReportKind::kInitial, "李四", "初步核实情况", kT + kHour).ok());
  ASSERT_TRUE(store->MarkResponded("inc-a", "李四", kT + 3 * kHour).ok());
  ASSERT_TRUE(
      store->FileReport("inc-a", ReportKind::kFinal, "李四", "处置完毕", kT + 4 * kHour).ok());
  ASSERT_TRUE(store->Close("inc-a", "张三", "", kT + 5 * kHour).ok());

  auto view = store->Show("inc-a");
  ASSERT_TRUE(view.ok()) << view.status().message();
  EXPECT_EQ(view->record.state, HandlingState::kClosed);
  EXPECT_EQ(view->record.assignee, "养老保险处");
  EXPECT_EQ(view->record.informed_ms, kT + kHour);
  ASSERT_EQ(view->notes.size(), 1u);
  EXPECT_EQ(view->notes[0].author, "李四");
  ASSERT_EQ(view->reports.size(), 2u);
  EXPECT_EQ(view->reports[1].kind, ReportKind::kFinal);
  EXPECT_EQ(Actions(view->audit),
            (std::vector<std::string>{"detector:opened", "张三:acknowledged", "张三:assigned",
                                      "李四:handling_started", "李四:noted", "李四:reported",
                                      "李四:responded", "李四:reported", "张三:closed"}));
  EXPECT_EQ(view->audit[1].at_ms, kT + 10 * kMinute);
  // Every deadline was met, so a sweep long after finds nothing.
  EXPECT_TRUE(store->EscalateDue(kT + 100 * kHour, Gbt2260Parent)->empty());
}

TEST(IncidentStoreTest, InvalidTransitionsAndUnknownIdsAreClearErrors) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-b", Grade::kIV);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  Status early = store->StartHandling("inc-b", "张三", kT);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.message(),
            "incident inc-b: cannot start handling an incident in state new (allowed from "
            "acknowledged)");
  Status unknown = store->Acknowledge("inc-nope", "张三", kT);
  EXPECT_EQ(unknown.code(), Status::Code::kNotFound);
  EXPECT_NE(unknown.message().find("inc-nope"), std::string::npos);
  EXPECT_FALSE(store->Acknowledge("inc-b", "", kT).ok());  // who?
  // A refused action leaves no audit row.
  EXPECT_EQ(store->Audit("inc-b")->size(), 1u);
}

TEST(IncidentStoreTest, ClosingNeedsAFinalReportOrAReasonAndReopenStartsACycle) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-c", Grade::kIII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  Status bare = store->Close("inc-c", "张三", "", kT);
  ASSERT_FALSE(bare.ok());
  EXPECT_NE(bare.message().find("终报"), std::string::npos);
  ASSERT_TRUE(store->Close("inc-c", "张三", "误报", kT + kMinute).ok());
  EXPECT_FALSE(store->AddNote("inc-c", "张三", "", kT).ok());
  ASSERT_TRUE(store->Reopen("inc-c", "李四", "又有人转发", kT + 10 * kHour).ok());
  auto view = store->Show("inc-c");
  EXPECT_EQ(view->record.state, HandlingState::kNew);  // never acknowledged
  EXPECT_EQ(view->record.cycle, 2);
  EXPECT_EQ(view->deadlines[0].due_ms, kT + 11 * kHour);  // fresh deadlines from the reopen
  EXPECT_FALSE(store->Reopen("inc-c", "李四", "", kT + 10 * kHour).ok());
}

TEST(IncidentStoreTest, DetectorEventsUpdateTheSnapshotAndReopenClosedIncidents) {
  auto store = OpenMemory();
  Incident incident = MakeIncident("inc-d", Grade::kIV);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  auto repeat = Emit(*store, incident, kT);  // a re-import: ignored
  ASSERT_TRUE(repeat.ok());
  EXPECT_FALSE(*repeat);
  ASSERT_TRUE(store->Acknowledge("inc-d", "张三", kT + kMinute).ok());
  ASSERT_TRUE(store->Close("inc-d", "张三", "已平息", kT + 2 * kHour).ok());
  // An event from before the close (an older replay imported late) does not reopen it.
  ASSERT_TRUE(Emit(*store, incident, kT + kHour, IncidentEventKind::kEscalated).ok());
  EXPECT_EQ(store->Show("inc-d")->record.state, HandlingState::kClosed);
  ASSERT_TRUE(Emit(*store, incident, kT + 3 * kHour, IncidentEventKind::kClosed).ok());
  incident.grade = Grade::kII;
  incident.item_ids.push_back("d");
  ASSERT_TRUE(Emit(*store, incident, kT + 5 * kHour, IncidentEventKind::kEscalated).ok());

  auto view = store->Show("inc-d");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->record.grade, Grade::kII);
  EXPECT_EQ(view->record.state, HandlingState::kHandling);  // it had been taken up
  EXPECT_EQ(view->record.cycle, 2);
  EXPECT_TRUE(view->record.detector_open);
  EXPECT_EQ(view->record.snapshot_json.front(), '{');
  EXPECT_NE(view->record.snapshot_json.find("\"grade\":\"II\""), std::string::npos);
  EXPECT_EQ(Actions(view->audit),
            (std::vector<std::string>{"detector:opened", "张三:acknowledged", "张三:closed",
                                      "detector:detector_escalated", "detector:detector_closed",
                                      "detector:detector_reopened", "detector:detector_escalated",
                                      "detector:reopened"}));
}

TEST(IncidentStoreTest, AMergedIncidentIsClosedIntoTheOneThatAbsorbedIt) {
  auto store = OpenMemory();
  const Incident older = MakeIncident("inc-m1", Grade::kIII);
  const Incident younger = MakeIncident("inc-m2", Grade::kIV);
  ASSERT_TRUE(Emit(*store, older, kT).ok());
  ASSERT_TRUE(Emit(*store, younger, kT + kMinute).ok());
  ASSERT_TRUE(store->SetUnit("inc-m2", "510104", "张三", kT + kMinute).ok());
  ASSERT_TRUE(store->Acknowledge("inc-m2", "张三", kT + 2 * kMinute).ok());
  IncidentEvent merged;
  merged.kind = IncidentEventKind::kMerged;
  merged.at = Timestamp{kT + 10 * kMinute, 480};
  merged.incident = &older;
  merged.merged_from = "inc-m2";
  ASSERT_TRUE(store->ApplyIncidentEvent(merged).ok());

  auto absorbed = store->Show("inc-m2");
  EXPECT_EQ(absorbed->record.state, HandlingState::kClosed);
  EXPECT_EQ(absorbed->record.close_reason, "merged into inc-m1");
  EXPECT_EQ(Actions(absorbed->audit).back(), "detector:closed");
  auto survivor = store->Show("inc-m1");
  EXPECT_EQ(survivor->record.unit, "510104");  // the responsibility follows the case
  EXPECT_EQ(Actions(survivor->audit).back(), "detector:detector_merged");
  // Only the survivor can miss its deadlines now.
  auto due = store->EscalateDue(kT + 2 * kHour, Gbt2260Parent);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].incident_id, "inc-m1");
}

TEST(IncidentStoreTest, ListFiltersByStateGradeAndUnit) {
  auto store = OpenMemory();
  const Incident a = MakeIncident("inc-l1", Grade::kII);
  const Incident b = MakeIncident("inc-l2", Grade::kIV);
  ASSERT_TRUE(Emit(*store, a, kT).ok());
  ASSERT_TRUE(Emit(*store, b, kT + kMinute).ok());
  ASSERT_TRUE(store->Acknowledge("inc-l1", "张三", kT + kMinute).ok());
  ASSERT_TRUE(store->SetUnit("inc-l2", "510100", "张三", kT + kMinute).ok());
  EXPECT_EQ(store->List({})->size(), 2u);
  IncidentFilter filter;
  filter.state = HandlingState::kNew;
  ASSERT_EQ(store->List(filter)->size(), 1u);
  EXPECT_EQ(store->List(filter)->front().id, "inc-l2");
  filter = {};
  filter.grade = Grade::kII;
  EXPECT_EQ(store->List(filter)->front().id, "inc-l1");
  filter = {};
  filter.unit = "510100";
  EXPECT_EQ(store->List(filter)->front().id, "inc-l2");
}

TEST(IncidentStoreTest, AuditLogRefusesUpdateAndDelete) {
  auto store = OpenMemory();
  const Incident incident = MakeIncident("inc-e", Grade::kIII);
  ASSERT_TRUE(Emit(*store, incident, kT).ok());
  ASSERT_TRUE(store->Acknowledge("inc-e", "张三", kT + kMinute).ok());
  Status update = store->db().Exec("UPDATE audit_log SET actor = 'nobody'");
  ASSERT_FALSE(update.ok());
  EXPECT_NE(update.message().find("append-only"), std::string::npos) << update.message();
  Status remove = store->db().Exec("DELETE FROM audit_log WHERE action = 'acknowledged'");
  ASSERT_FALSE(remove.ok());
  EXPECT_NE(remove.message().find("append-only"), std::string::npos);
  EXPECT_EQ(Actions(*store->Audit("inc-e")),
            (std::vector<std::string>{"detector:opened", "张三:acknowledged"}));
}

TEST(IncidentStoreTest, ReopenedFromFileKeepsEverything) {
  const auto path = std::filesystem::temp_directory_path() / "yuqing_incident_store_test.db";
  std::filesystem::remove(path);
  {
    auto store = IncidentStore::Open(path.string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    const Incident incident = MakeIncident("inc-f", Grade::kI);
    ASSERT_TRUE(Emit(**store, incident, kT).ok());
    ASSERT_TRUE((*store)->SetUnit("inc-f", "510100", "张三", kT).ok());
    ASSERT_TRUE((*store)->AddNote("inc-f", "张三", "记一笔", kT + kMinute).ok());
    ASSERT_TRUE((*store)->EscalateDue(kT + kHour + 1, Gbt2260Parent).ok());
  }
  {
    auto store = IncidentStore::Open(path.string());
    ASSERT_TRUE(store.ok());
    auto view = (*store)->Show("inc-f");
    ASSERT_TRUE(view.ok()) << view.status().message();
    EXPECT_EQ(view->record.grade, Grade::kI);
    EXPECT_DOUBLE_EQ(view->record.score, 61.5);
    // Grade I is an emergency: by T+1 h both the 30-minute acknowledgement and the one-hour
    // authoritative information were missed, each one level up: city -> province -> nation.
    EXPECT_EQ(view->record.unit, "000000");
    EXPECT_EQ(view->notes.size(), 1u);
    EXPECT_EQ(view->escalations.size(), 2u);
    EXPECT_EQ(Actions(view->audit),
              (std::vector<std::string>{"detector:opened", "张三:unit_set", "张三:noted",
                                        "system:escalated", "system:escalated"}));
    // The escalation is remembered across the reopen: it does not happen again.
    EXPECT_TRUE((*store)->EscalateDue(kT + 2 * kHour, Gbt2260Parent)->empty());
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace yuqing
