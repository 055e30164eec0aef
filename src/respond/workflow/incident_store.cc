// The incident store's writing side: the schema, the workflow actions, detector events and the
// deadline sweep. Reading is in incident_store_read.cc.
#include "respond/workflow/incident_store.h"

#include "core/hash64.h"
#include "respond/workflow/incident_store_rows.h"

namespace yuqing {

using incident_rows::AppendAudit;
using incident_rows::DetailJson;
using incident_rows::LoadRecord;
using incident_rows::WriteRecord;

namespace {

// Append-only is enforced by the database itself, not by this code's good manners: triggers
// refuse every UPDATE and DELETE on audit_log, whoever issues it (the CLI, a script, sqlite3).
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  story_id TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  grade TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  opened_ms INTEGER NOT NULL,
  last_event_ms INTEGER NOT NULL,
  snapshot TEXT NOT NULL DEFAULT '{}',
  detector_open INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL DEFAULT 'new',
  emergency INTEGER NOT NULL DEFAULT 0,
  assignee TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  cycle INTEGER NOT NULL DEFAULT 1,
  cycle_started_ms INTEGER NOT NULL,
  ever_acknowledged INTEGER NOT NULL DEFAULT 0,
  acknowledged_ms INTEGER,
  informed_ms INTEGER,
  responded_ms INTEGER,
  closed_ms INTEGER,
  close_reason TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS incidents_by_state ON incidents (state, opened_ms);
CREATE TABLE IF NOT EXISTS incident_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  at_ms INTEGER NOT NULL,
  event TEXT NOT NULL,
  json_hash INTEGER NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (incident_id, json_hash));
CREATE TABLE IF NOT EXISTS notes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  at_ms INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  cycle INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS escalations (
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  cycle INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  from_unit TEXT NOT NULL,
  to_unit TEXT NOT NULL,
  PRIMARY KEY (incident_id, cycle, deadline));
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS audit_by_incident ON audit_log (incident_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
)sql";

// The incident object inside an event line {"event":..,"at":..,"incident":{...}}: the first
// `,"incident":` is the key, since a quote inside a JSON string is always escaped.
std::string SnapshotOf(const std::string& event_json) {
  constexpr std::string_view kKey = ",\"incident\":";
  const size_t at = event_json.find(kKey);
  if (at == std::string::npos || event_json.empty()) return "{}";
  const size_t begin = at + kKey.size();
  return event_json.substr(begin, event_json.size() - begin - 1);
}

// Starts the next handling cycle: fresh deadlines from `at_ms`, nothing done yet in it except
// the acknowledgement when the incident goes straight back to handling.
void StartCycle(IncidentRecord& r, HandlingState to, int64_t at_ms) {
  r.state = to;
  ++r.cycle;
  r.cycle_started_ms = at_ms;
  r.acknowledged_ms = to == HandlingState::kNew ? std::nullopt : std::optional<int64_t>(at_ms);
  r.informed_ms.reset();
  r.responded_ms.reset();
  r.closed_ms.reset();
  r.close_reason.clear();
}

HandlingClock ClockOf(const IncidentRecord& r) {
  HandlingClock clock;
  clock.incident_id = r.id;
  clock.state = r.state;
  clock.grade = r.grade;
  clock.emergency = r.emergency;
  clock.cycle_started_ms = r.cycle_started_ms;
  clock.acknowledged_ms = r.acknowledged_ms;
  clock.informed_ms = r.informed_ms;
  clock.responded_ms = r.responded_ms;
  return clock;
}

// The detector merged `from_id` into `into`: the absorbed incident gets no more events, so
// its case is closed here (by "detector", reason "merged into …") rather than left open to
// escalate forever, and its unit and assignee pass to `into` when that has none.
// *absorbed_open says whether the absorbed case was still open.
Status AbsorbMerged(SqliteDb& db, IncidentRecord& into, const std::string& from_id, int64_t at,
                    bool* absorbed_open) {
  *absorbed_open = false;
  if (from_id.empty() || from_id == into.id) return Status::Ok();
  auto from = LoadRecord(db, from_id);
  if (!from.ok()) {
    return from.status().code() == Status::Code::kNotFound ? Status::Ok() : from.status();
  }
  if (from->state == HandlingState::kClosed) return Status::Ok();
  *absorbed_open = true;
  const HandlingState was = from->state;
  from->state = HandlingState::kClosed;
  from->closed_ms = at;
  from->close_reason = "merged into " + into.id;
  if (into.unit.empty()) into.unit = from->unit;
  if (into.assignee.empty()) into.assignee = from->assignee;
  if (Status s = WriteRecord(db, *from); !s.ok()) return s;
  return AppendAudit(db, at, "detector", from_id, "closed",
                     DetailJson()
                         .Add("from", HandlingStateName(was))
                         .Add("reason", from->close_reason)
                         .Add("merged_into", into.id)
                         .Done());
}

}  // namespace

Result<std::unique_ptr<IncidentStore>> IncidentStore::Open(const std::string& path,
                                                           DeadlineOptions deadlines) {
  auto db = SqliteDb::Open(path);
  if (!db.ok()) return db.status();
  if (Status s = (*db)->Exec(kSchema); !s.ok()) return s.WithPrefix(path);
  return std::unique_ptr<IncidentStore>(new IncidentStore(std::move(*db), deadlines));
}

Status IncidentStore::Act(const std::string& id, const std::string& actor, int64_t now_ms,
                          const Change& change) {
  if (actor.empty()) {
    return Status::InvalidInput("incident " + id + ": who is acting? (the actor is empty)");
  }
  SqliteTransaction transaction(*db_);
  if (!transaction.begin_status().ok()) return transaction.begin_status();
  auto record = LoadRecord(*db_, id);
  if (!record.ok()) return record.status();
  std::string action;
  std::string detail = "{}";
  if (Status s = change(*record, &action, &detail); !s.ok()) {
    return s.code() == Status::Code::kInvalidInput ? s.WithPrefix("incident " + id) : s;
  }
  if (Status s = WriteRecord(*db_, *record); !s.ok()) return s;
  if (Status s = AppendAudit(*db_, now_ms, actor, id, action, detail); !s.ok()) return s;
  return transaction.Commit();
}

namespace {

// The part of every state change: the next state or why not.
Status Move(IncidentRecord& r, HandlingAction action) {
  auto to = NextState(r.state, action, r.ever_acknowledged);
  if (!to.ok()) return to.status();
  r.state = *to;
  return Status::Ok();
}

}  // namespace

Status IncidentStore::Acknowledge(const std::string& id, const std::string& actor, int64_t now_ms) {
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string*) {
    if (Status s = Move(r, HandlingAction::kAcknowledge); !s.ok()) return s;
    r.acknowledged_ms = now_ms;
    r.ever_acknowledged = true;
    *action = "acknowledged";
    return Status::Ok();
  });
}

Status IncidentStore::Assign(const std::string& id, const std::string& assignee,
                             const std::string& actor, int64_t now_ms) {
  if (assignee.empty()) return Status::InvalidInput("incident " + id + ": assign to whom?");
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string* detail) {
    *detail = DetailJson().Add("from", r.assignee).Add("to", assignee).Done();
    r.assignee = assignee;
    *action = "assigned";
    return Status::Ok();
  });
}

Status IncidentStore::SetUnit(const std::string& id, const std::string& unit_id,
                              const std::string& actor, int64_t now_ms) {
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string* detail) {
    *detail = DetailJson().Add("from", r.unit).Add("to", unit_id).Done();
    r.unit = unit_id;
    *action = "unit_set";
    return Status::Ok();
  });
}

Status IncidentStore::StartHandling(const std::string& id, const std::string& actor,
                                    int64_t now_ms) {
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string*) {
    if (Status s = Move(r, HandlingAction::kStartHandling); !s.ok()) return s;
    *action = "handling_started";
    return Status::Ok();
  });
}

Status IncidentStore::AddNote(const std::string& id, const std::string& actor,
                              const std::string& text, int64_t now_ms) {
  if (text.empty()) return Status::InvalidInput("incident " + id + ": the note is empty");
  return Act(id, actor, now_ms,
             [&](IncidentRecord&, std::string* action, std::string* detail) -> Status {
               auto insert = db_->Prepare(
                   "INSERT INTO notes (incident_id, at_ms, author, text) VALUES (?1, ?2, ?3, ?4)");
               if (!insert.ok()) return insert.status();
               insert->Bind(1, id).Bind(2, now_ms).Bind(3, actor).Bind(4, text);
               *action = "noted";
               *detail = DetailJson().Add("text", text).Done();
               return insert->Run();
             });
}

Status IncidentStore::FileReport(const std::string& id, ReportKind kind, const std::string& actor,
                                 const std::string& text, int64_t now_ms) {
  if (text.empty()) return Status::InvalidInput("incident " + id + ": the report is empty");
  return Act(
      id, actor, now_ms,
      [&](IncidentRecord& r, std::string* action, std::string* detail) -> Status {
        if (r.state == HandlingState::kClosed) {
          return Status::InvalidInput("cannot file a report on a closed incident (reopen it)");
        }
        auto insert = db_->Prepare(
            "INSERT INTO reports (incident_id, cycle, at_ms, kind, author, text) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!insert.ok()) return insert.status();
        insert->Bind(1, id).Bind(2, r.cycle).Bind(3, now_ms).Bind(4, ReportKindName(kind));
        insert->Bind(5, actor).Bind(6, text);
        if (!r.informed_ms) r.informed_ms = now_ms;
        *action = "reported";
        *detail = DetailJson()
                      .Add("kind", ReportKindName(kind))
                      .Add("label", ReportKindLabel(kind))
                      .Add("text", text)
                      .Done();
        return insert->Run();
      });
}

Status IncidentStore::MarkResponded(const std::string& id, const std::string& actor,
                                    int64_t now_ms) {
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string*) {
    if (Status s = Move(r, HandlingAction::kMarkResponded); !s.ok()) return s;
    r.responded_ms = now_ms;
    *action = "responded";
    return Status::Ok();
  });
}

Status IncidentStore::Close(const std::string& id, const std::string& actor,
                            const std::string& reason, int64_t now_ms) {
  return Act(id, actor, now_ms,
             [&](IncidentRecord& r, std::string* action, std::string* detail) -> Status {
               auto finals = db_->Prepare(
                   "SELECT count(*) FROM reports WHERE incident_id = ?1 AND cycle = ?2 AND "
                   "kind = 'final'");
               if (!finals.ok()) return finals.status();
               finals->Bind(1, id).Bind(2, r.cycle);
               Result<bool> row = finals->Step();
               if (!row.ok()) return row.status();
               const bool has_final = *row && finals->ColumnInt(0) > 0;
               if (Status s = CheckClose(has_final, reason); !s.ok()) return s;
               const HandlingState from = r.state;
               if (Status s = Move(r, HandlingAction::kClose); !s.ok()) return s;
               r.closed_ms = now_ms;
               r.close_reason = reason;
               *action = "closed";
               *detail = DetailJson()
                             .Add("from", HandlingStateName(from))
                             .Add("reason", reason)
                             .Add("final_report", int64_t{has_final ? 1 : 0})
                             .Done();
               return Status::Ok();
             });
}

Status IncidentStore::Reopen(const std::string& id, const std::string& actor,
                             const std::string& reason, int64_t now_ms) {
  return Act(id, actor, now_ms,
             [&](IncidentRecord& r, std::string* action, std::string* detail) -> Status {
               auto to = NextState(r.state, HandlingAction::kReopen, r.ever_acknowledged);
               if (!to.ok()) return to.status();
               StartCycle(r, *to, now_ms);
               *action = "reopened";
               *detail = DetailJson()
                             .Add("to", HandlingStateName(*to))
                             .Add("cycle", r.cycle)
                             .Add("reason", reason)
                             .Done();
               return Status::Ok();
             });
}

Status IncidentStore::SetEmergency(const std::string& id, bool emergency, const std::string& actor,
                                   int64_t now_ms) {
  return Act(id, actor, now_ms, [&](IncidentRecord& r, std::string* action, std::string* detail) {
    r.emergency = emergency;
    *action = emergency ? "emergency_on" : "emergency_off";
    *detail = DetailJson().Add("cycle", r.cycle).Done();
    return Status::Ok();
  });
}

Result<bool> IncidentStore::ApplyIncidentEvent(const IncidentEvent& event) {
  if (event.incident == nullptr || event.incident->id.empty()) {
    return Status::InvalidInput("incident event without an incident id");
  }
  const Incident& incident = *event.incident;
  const std::string json = IncidentEventJson(event);
  const auto hash = static_cast<int64_t>(Hash64(json));
  const int64_t at = event.at.unix_ms;
  const std::string_view kind = IncidentEventName(event.kind);

  SqliteTransaction transaction(*db_);
  if (!transaction.begin_status().ok()) return transaction.begin_status();
  auto seen =
      db_->Prepare("SELECT 1 FROM incident_events WHERE incident_id = ?1 AND json_hash = ?2");
  if (!seen.ok()) return seen.status();
  seen->Bind(1, incident.id).Bind(2, hash);
  Result<bool> repeat = seen->Step();
  if (!repeat.ok()) return repeat.status();
  if (*repeat) return false;  // the same event again (a re-import): nothing new

  auto record = LoadRecord(*db_, incident.id);
  const bool created = !record.ok();
  if (created && record.status().code() != Status::Code::kNotFound) return record.status();
  if (created) {
    auto insert = db_->Prepare(
        "INSERT INTO incidents (id, opened_ms, last_event_ms, cycle_started_ms) "
        "VALUES (?1, ?2, ?2, ?2)");
    if (!insert.ok()) return insert.status();
    if (Status s = insert->Bind(1, incident.id).Bind(2, at).Run(); !s.ok()) return s;
    record = LoadRecord(*db_, incident.id);
    if (!record.ok()) return record.status();
  }
  IncidentRecord& r = *record;
  // Events may be imported out of order; the snapshot follows the latest in stream time.
  if (at >= r.last_event_ms || created) {
    r.story_id = incident.story_id;
    r.title = incident.title;
    r.grade = incident.grade;
    r.score = incident.score;
    r.snapshot_json = SnapshotOf(json);
    r.last_event_ms = at;
  }
  std::vector<std::pair<std::string, std::string>> audits;  // action, detail
  const std::string grade(GradeName(incident.grade));
  if (created) {
    audits.emplace_back("opened", DetailJson().Add("event", kind).Add("grade", grade).Done());
  }
  if (event.kind == IncidentEventKind::kClosed) {
    if (r.detector_open) audits.emplace_back("detector_closed", "{}");
    r.detector_open = false;
  } else if (!r.detector_open) {
    r.detector_open = true;
    audits.emplace_back("detector_reopened", DetailJson().Add("event", kind).Done());
  }
  if (event.kind == IncidentEventKind::kEscalated) {
    audits.emplace_back("detector_escalated", DetailJson().Add("grade", grade).Done());
  }
  bool absorbed_open = false;
  if (event.kind == IncidentEventKind::kMerged) {
    audits.emplace_back("detector_merged", DetailJson().Add("from", event.merged_from).Done());
    if (Status s = AbsorbMerged(*db_, r, event.merged_from, at, &absorbed_open); !s.ok()) {
      return s;
    }
  }
  // A closed incident whose story flares up again (opened anew or escalated), or that absorbs
  // a case still open, comes back to the workflow: closing was a judgement on the story as it
  // was. Only events after the close count: importing an older replay must not undo a close.
  if (!created && r.state == HandlingState::kClosed && r.closed_ms && at > *r.closed_ms &&
      (event.kind == IncidentEventKind::kOpened || event.kind == IncidentEventKind::kEscalated ||
       absorbed_open)) {
    auto to = NextState(r.state, HandlingAction::kReopen, r.ever_acknowledged);
    if (!to.ok()) return to.status();
    StartCycle(r, *to, at);
    audits.emplace_back("reopened", DetailJson()
                                        .Add("to", HandlingStateName(*to))
                                        .Add("cycle", r.cycle)
                                        .Add("reason", "detector " + std::string(kind))
                                        .Done());
  }
  if (Status s = WriteRecord(*db_, r); !s.ok()) return s;
  auto insert = db_->Prepare(
      "INSERT INTO incident_events (incident_id, at_ms, event, json_hash, json) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, incident.id).Bind(2, at).Bind(3, kind).Bind(4, hash).Bind(5, json);
  if (Status s = insert->Run(); !s.ok()) return s;
  for (const auto& [action, detail] : audits) {
    if (Status s = AppendAudit(*db_, at, "detector", incident.id, action, detail); !s.ok()) {
      return s;
    }
  }
  if (Status s = transaction.Commit(); !s.ok()) return s;
  return true;
}

Result<HandlingClock> IncidentStore::ClockFor(const IncidentRecord& r) const {
  HandlingClock clock = ClockOf(r);
  auto escalated =
      db_->Prepare("SELECT deadline FROM escalations WHERE incident_id = ?1 AND cycle = ?2");
  if (!escalated.ok()) return escalated.status();
  escalated->Bind(1, r.id).Bind(2, r.cycle);
  while (true) {
    Result<bool> row = escalated->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (auto kind = ParseDeadlineKind(escalated->ColumnText(0))) clock.escalated.push_back(*kind);
  }
  return clock;
}

Result<std::vector<DueEscalation>> IncidentStore::DueEscalations(int64_t now_ms) const {
  auto open = List({});
  if (!open.ok()) return open.status();
  std::vector<HandlingClock> clocks;
  for (const IncidentRecord& r : *open) {
    if (r.state == HandlingState::kClosed) continue;
    auto clock = ClockFor(r);
    if (!clock.ok()) return clock.status();
    clocks.push_back(std::move(*clock));
  }
  return yuqing::DueEscalations(clocks, now_ms, deadlines_);
}

Result<std::vector<EscalationRecord>> IncidentStore::EscalateDue(int64_t now_ms,
                                                                 const ParentOf& parent_of) {
  // A read pass finds the candidates without taking the write lock; each is then judged again
  // inside its own write transaction, so a second sweep running at the same time sees this
  // one's escalations and does not repeat them.
  auto candidates = DueEscalations(now_ms);
  if (!candidates.ok()) return candidates.status();
  std::vector<std::string> ids;
  for (const DueEscalation& d : *candidates) {
    if (ids.empty() || ids.back() != d.incident_id) ids.push_back(d.incident_id);
  }
  std::vector<EscalationRecord> done;
  for (const std::string& id : ids) {
    SqliteTransaction transaction(*db_);
    if (!transaction.begin_status().ok()) return transaction.begin_status();
    auto record = LoadRecord(*db_, id);
    if (!record.ok()) return record.status();
    IncidentRecord& r = *record;
    auto clock = ClockFor(r);
    if (!clock.ok()) return clock.status();
    const std::vector<DueEscalation> due = yuqing::DueEscalations({*clock}, now_ms, deadlines_);
    if (due.empty()) continue;
    for (const DueEscalation& d : due) {
      EscalationRecord e;
      e.incident_id = id;
      e.cycle = r.cycle;
      e.deadline = d.kind;
      e.due_ms = d.due_ms;
      e.at_ms = now_ms;
      e.from_unit = r.unit;
      // Each missed deadline moves the responsibility one level up; with no unit or no parent
      // the miss is still recorded, with nowhere to move.
      if (!r.unit.empty() && parent_of) e.to_unit = parent_of(r.unit).value_or("");
      if (!e.to_unit.empty()) r.unit = e.to_unit;
      auto insert = db_->Prepare(
          "INSERT INTO escalations (incident_id, cycle, deadline, due_ms, at_ms, from_unit, "
          "to_unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      if (!insert.ok()) return insert.status();
      insert->Bind(1, id).Bind(2, e.cycle).Bind(3, DeadlineName(e.deadline)).Bind(4, e.due_ms);
      insert->Bind(5, now_ms).Bind(6, e.from_unit).Bind(7, e.to_unit);
      if (Status s = insert->Run(); !s.ok()) return s;
      const std::string detail = DetailJson()
                                     .Add("deadline", DeadlineName(e.deadline))
                                     .Add("due_ms", e.due_ms)
                                     .Add("cycle", e.cycle)
                                     .Add("from_unit", e.from_unit)
                                     .Add("to_unit", e.to_unit)
                                     .Done();
      if (Status s = AppendAudit(*db_, now_ms, "system", id, "escalated", detail); !s.ok()) {
        return s;
      }
      done.push_back(std::move(e));
    }
    if (Status s = WriteRecord(*db_, r); !s.ok()) return s;
    if (Status s = transaction.Commit(); !s.ok()) return s;
  }
  return done;
}

}  // namespace yuqing
