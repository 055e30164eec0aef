// Incidents and their handling, kept in SQLite (product.md §3): the latest snapshot of every
// incident the detector reported, every detector event, the workflow state, assignment and
// responsible unit, notes, 初报 / 续报 / 终报 reports, escalations, and an append-only audit log
// of who did what when. Each action is one transaction together with its audit row, so the log
// never misses or invents an action. Times are always passed in (stream time in tests and
// replays, wall time in the CLI): the store never reads a clock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/incident.h"
#include "respond/workflow/workflow.h"
#include "store/sqlite_db.h"

namespace yuqing {

struct IncidentRecord {
  std::string id;
  std::string story_id;
  std::string title;
  Grade grade = Grade::kNone;
  double score = 0;
  int64_t opened_ms = 0;      // the detector's opened event
  int64_t last_event_ms = 0;  // its latest event
  std::string snapshot_json;  // the incident object of the latest event
  bool detector_open = true;  // false after the detector's closed event (the story went quiet)
  HandlingState state = HandlingState::kNew;
  bool emergency = false;
  std::string assignee;  // a person or a unit id; empty: nobody yet
  std::string unit;      // the responsible unit (GB/T 2260 code or org-tree id); empty: none
  int64_t cycle = 1;     // 1, then +1 at every reopen
  int64_t cycle_started_ms = 0;
  bool ever_acknowledged = false;
  std::optional<int64_t> acknowledged_ms;  // this cycle
  std::optional<int64_t> informed_ms;      // first report of this cycle
  std::optional<int64_t> responded_ms;     // this cycle
  std::optional<int64_t> closed_ms;
  std::string close_reason;
};

struct IncidentFilter {
  std::optional<HandlingState> state;
  std::optional<Grade> grade;
  std::string unit;  // empty: any
};

struct NoteRecord {
  int64_t at_ms = 0;
  std::string author;
  std::string text;
};

struct ReportRecord {
  int64_t at_ms = 0;
  ReportKind kind = ReportKind::kInitial;
  std::string author;
  std::string text;
};

struct EscalationRecord {
  std::string incident_id;
  int64_t cycle = 1;
  DeadlineKind deadline = DeadlineKind::kAcknowledge;
  int64_t due_ms = 0;
  int64_t at_ms = 0;
  std::string from_unit;
  std::string to_unit;  // empty: no parent was known (top of the tree or no unit set)
};

struct AuditEntry {
  int64_t seq = 0;
  int64_t at_ms = 0;
  std::string actor;  // a person, "system" (deadline sweeps) or "detector"
  std::string incident_id;
  std::string action;       // acknowledged, assigned, noted, reported, escalated, ...
  std::string detail_json;  // a JSON object
};

struct IncidentView {
  IncidentRecord record;
  std::array<Deadline, 3> deadlines{};  // of the current cycle
  std::vector<NoteRecord> notes;
  std::vector<ReportRecord> reports;
  std::vector<EscalationRecord> escalations;
  std::vector<AuditEntry> audit;
};

class IncidentStore {
 public:
  // The unit above `unit_id`, or nothing at the top. The organisation tree supplies it;
  // Gbt2260Parent is the default.
  using ParentOf = std::function<std::optional<std::string>(const std::string& unit_id)>;

  // Opens or creates the store at `path` (":memory:" for tests) and its schema.
  static Result<std::unique_ptr<IncidentStore>> Open(const std::string& path,
                                                     DeadlineOptions deadlines = {});

  // A detector event: upserts the snapshot and records the event. opened creates the incident
  // in state new; any event after the detector closed it records a detector reopen, and an
  // opened or escalated event for an incident the workflow closed reopens it (actor
  // "detector"): the story is alive again. Replaying the same event twice changes nothing:
  // the result says whether the event was new (true) or seen before (false).
  Result<bool> ApplyIncidentEvent(const IncidentEvent& event);

  Status Acknowledge(const std::string& id, const std::string& actor, int64_t now_ms);
  Status Assign(const std::string& id, const std::string& assignee, const std::string& actor,
                int64_t now_ms);
  Status SetUnit(const std::string& id, const std::string& unit_id, const std::string& actor,
                 int64_t now_ms);
  Status StartHandling(const std::string& id, const std::string& actor, int64_t now_ms);
  Status AddNote(const std::string& id, const std::string& actor, const std::string& text,
                 int64_t now_ms);
  // The first report of a cycle meets the authoritative-information deadline whatever its
  // kind; a cycle's first report should be 初报, and later ones 续报 or 终报.
  Status FileReport(const std::string& id, ReportKind kind, const std::string& actor,
                    const std::string& text, int64_t now_ms);
  Status MarkResponded(const std::string& id, const std::string& actor, int64_t now_ms);
  Status Close(const std::string& id, const std::string& actor, const std::string& reason,
               int64_t now_ms);
  Status Reopen(const std::string& id, const std::string& actor, const std::string& reason,
                int64_t now_ms);
  Status SetEmergency(const std::string& id, bool emergency, const std::string& actor,
                      int64_t now_ms);

  // Escalates every missed deadline (DueEscalations) once: the responsibility moves to the
  // parent unit, and the escalation and an audit row by "system" are written in one
  // transaction per escalation. Returns what it escalated.
  Result<std::vector<EscalationRecord>> EscalateDue(int64_t now_ms, const ParentOf& parent_of);
  // What EscalateDue would escalate at `now_ms`, without writing anything.
  Result<std::vector<DueEscalation>> DueEscalations(int64_t now_ms) const;

  Result<std::vector<IncidentRecord>> List(const IncidentFilter& filter) const;
  Result<IncidentView> Show(const std::string& id) const;
  Result<std::vector<AuditEntry>> Audit(const std::string& id) const;

  const DeadlineOptions& deadline_options() const { return deadlines_; }
  SqliteDb& db() { return *db_; }

 private:
  IncidentStore(std::unique_ptr<SqliteDb> db, DeadlineOptions deadlines)
      : db_(std::move(db)), deadlines_(deadlines) {}
  // Loads the incident, lets `change` edit it and say what happened (action and detail JSON
  // object), writes it back with the audit row, in one transaction.
  using Change =
      std::function<Status(IncidentRecord& record, std::string* action, std::string* detail_json)>;
  Status Act(const std::string& id, const std::string& actor, int64_t now_ms, const Change& change);

  // The incident's deadline facts, with the deadlines already escalated in its cycle.
  Result<HandlingClock> ClockFor(const IncidentRecord& record) const;

  std::unique_ptr<SqliteDb> db_;
  DeadlineOptions deadlines_;
};

}  // namespace yuqing
