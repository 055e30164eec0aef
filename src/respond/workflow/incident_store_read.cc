// The incident store's reading side: rows to records, List, Show and Audit.
#include <cstdlib>

#include "respond/workflow/incident_store.h"
#include "respond/workflow/incident_store_rows.h"

namespace yuqing {
namespace incident_rows {
namespace {

std::optional<int64_t> OptionalInt(const SqliteStatement& row, int column) {
  if (row.ColumnIsNull(column)) return std::nullopt;
  return row.ColumnInt(column);
}

void BindOptional(SqliteStatement& statement, int index, const std::optional<int64_t>& value) {
  if (value) {
    statement.Bind(index, *value);
  } else {
    statement.BindNull(index);
  }
}

}  // namespace

Grade GradeFromName(std::string_view name) {
  for (Grade g : {Grade::kI, Grade::kII, Grade::kIII, Grade::kIV}) {
    if (GradeName(g) == name) return g;
  }
  return Grade::kNone;
}

IncidentRecord RecordFromRow(const SqliteStatement& row) {
  IncidentRecord r;
  r.id = row.ColumnText(0);
  r.story_id = row.ColumnText(1);
  r.title = row.ColumnText(2);
  r.grade = GradeFromName(row.ColumnText(3));
  r.score = std::strtod(row.ColumnText(4).c_str(), nullptr);
  r.opened_ms = row.ColumnInt(5);
  r.last_event_ms = row.ColumnInt(6);
  r.snapshot_json = row.ColumnText(7);
  r.detector_open = row.ColumnInt(8) != 0;
  // The column is only ever written from HandlingStateName, so an unknown value means a
  // hand-edited database; treating it as new keeps the incident visible rather than lost.
  r.state = ParseHandlingState(row.ColumnText(9)).value_or(HandlingState::kNew);
  r.emergency = row.ColumnInt(10) != 0;
  r.assignee = row.ColumnText(11);
  r.unit = row.ColumnText(12);
  r.cycle = row.ColumnInt(13);
  r.cycle_started_ms = row.ColumnInt(14);
  r.ever_acknowledged = row.ColumnInt(15) != 0;
  r.acknowledged_ms = OptionalInt(row, 16);
  r.informed_ms = OptionalInt(row, 17);
  r.responded_ms = OptionalInt(row, 18);
  r.closed_ms = OptionalInt(row, 19);
  r.close_reason = row.ColumnText(20);
  return r;
}

Result<IncidentRecord> LoadRecord(SqliteDb& db, const std::string& id) {
  auto select =
      db.Prepare("SELECT " + std::string(kRecordColumns) + " FROM incidents WHERE id = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, id);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("incident " + id + ": no such incident");
  return RecordFromRow(*select);
}

Status WriteRecord(SqliteDb& db, const IncidentRecord& r) {
  auto update = db.Prepare(
      "UPDATE incidents SET story_id = ?2, title = ?3, grade = ?4, score = ?5, opened_ms = ?6, "
      "last_event_ms = ?7, snapshot = ?8, detector_open = ?9, state = ?10, emergency = ?11, "
      "assignee = ?12, unit = ?13, cycle = ?14, cycle_started_ms = ?15, ever_acknowledged = ?16, "
      "acknowledged_ms = ?17, informed_ms = ?18, responded_ms = ?19, closed_ms = ?20, "
      "close_reason = ?21 WHERE id = ?1");
  if (!update.ok()) return update.status();
  char score[32];
  std::snprintf(score, sizeof score, "%.6g", r.score);
  update->Bind(1, r.id)
      .Bind(2, r.story_id)
      .Bind(3, r.title)
      .Bind(4, GradeName(r.grade))
      .Bind(5, std::string_view(score))
      .Bind(6, r.opened_ms)
      .Bind(7, r.last_event_ms)
      .Bind(8, r.snapshot_json)
      .Bind(9, int64_t{r.detector_open ? 1 : 0})
      .Bind(10, HandlingStateName(r.state))
      .Bind(11, int64_t{r.emergency ? 1 : 0})
      .Bind(12, r.assignee)
      .Bind(13, r.unit)
      .Bind(14, r.cycle)
      .Bind(15, r.cycle_started_ms)
      .Bind(16, int64_t{r.ever_acknowledged ? 1 : 0});
  BindOptional(*update, 17, r.acknowledged_ms);
  BindOptional(*update, 18, r.informed_ms);
  BindOptional(*update, 19, r.responded_ms);
  BindOptional(*update, 20, r.closed_ms);
  update->Bind(21, r.close_reason);
  return update->Run();
}

Status AppendAudit(SqliteDb& db, int64_t at_ms, std::string_view actor, std::string_view id,
                   std::string_view action, std::string_view detail_json) {
  auto insert = db.Prepare(
      "INSERT INTO audit_log (at_ms, actor, incident_id, action, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, at_ms).Bind(2, actor).Bind(3, id).Bind(4, action).Bind(5, detail_json);
  return insert->Run();
}

}  // namespace incident_rows

using incident_rows::RecordFromRow;

Result<std::vector<IncidentRecord>> IncidentStore::List(const IncidentFilter& filter) const {
  // Empty filter values match everything, so one statement serves every combination.
  auto select = db_->Prepare("SELECT " + std::string(incident_rows::kRecordColumns) +
                             " FROM incidents WHERE (?1 = '' OR state = ?1) AND "
                             "(?2 = '' OR grade = ?2) AND (?3 = '' OR unit = ?3) "
                             "ORDER BY opened_ms DESC, id");
  if (!select.ok()) return select.status();
  select->Bind(1, filter.state ? HandlingStateName(*filter.state) : std::string_view(""))
      .Bind(2, filter.grade ? GradeName(*filter.grade) : std::string_view(""))
      .Bind(3, filter.unit);
  std::vector<IncidentRecord> records;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    records.push_back(RecordFromRow(*select));
  }
  return records;
}

Result<std::vector<AuditEntry>> IncidentStore::Audit(const std::string& id) const {
  auto select = db_->Prepare(
      "SELECT seq, at_ms, actor, incident_id, action, detail FROM audit_log "
      "WHERE incident_id = ?1 ORDER BY seq");
  if (!select.ok()) return select.status();
  select->Bind(1, id);
  std::vector<AuditEntry> entries;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    entries.push_back({select->ColumnInt(0), select->ColumnInt(1), select->ColumnText(2),
                       select->ColumnText(3), select->ColumnText(4), select->ColumnText(5)});
  }
  return entries;
}

Result<IncidentView> IncidentStore::Show(const std::string& id) const {
  IncidentView view;
  auto record = incident_rows::LoadRecord(*db_, id);
  if (!record.ok()) return record.status();
  view.record = std::move(*record);
  view.deadlines = ComputeDeadlines(view.record.grade, view.record.emergency,
                                    view.record.cycle_started_ms, deadlines_);

  auto notes =
      db_->Prepare("SELECT at_ms, author, text FROM notes WHERE incident_id = ?1 ORDER BY seq");
  if (!notes.ok()) return notes.status();
  notes->Bind(1, id);
  while (true) {
    Result<bool> row = notes->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    view.notes.push_back({notes->ColumnInt(0), notes->ColumnText(1), notes->ColumnText(2)});
  }

  auto reports = db_->Prepare(
      "SELECT at_ms, kind, author, text FROM reports WHERE incident_id = ?1 ORDER BY seq");
  if (!reports.ok()) return reports.status();
  reports->Bind(1, id);
  while (true) {
    Result<bool> row = reports->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    view.reports.push_back({reports->ColumnInt(0),
                            ParseReportKind(reports->ColumnText(1)).value_or(ReportKind::kFollowUp),
                            reports->ColumnText(2), reports->ColumnText(3)});
  }

  auto escalations = db_->Prepare(
      "SELECT cycle, deadline, due_ms, at_ms, from_unit, to_unit FROM escalations "
      "WHERE incident_id = ?1 ORDER BY at_ms, cycle, deadline");
  if (!escalations.ok()) return escalations.status();
  escalations->Bind(1, id);
  while (true) {
    Result<bool> row = escalations->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    EscalationRecord e;
    e.incident_id = id;
    e.cycle = escalations->ColumnInt(0);
    e.deadline = ParseDeadlineKind(escalations->ColumnText(1)).value_or(DeadlineKind::kAcknowledge);
    e.due_ms = escalations->ColumnInt(2);
    e.at_ms = escalations->ColumnInt(3);
    e.from_unit = escalations->ColumnText(4);
    e.to_unit = escalations->ColumnText(5);
    view.escalations.push_back(std::move(e));
  }

  auto audit = Audit(id);
  if (!audit.ok()) return audit.status();
  view.audit = std::move(*audit);
  return view;
}

}  // namespace yuqing
