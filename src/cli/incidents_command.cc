// yuqing incidents: the handling workflow on the command line (issue 8) — list, show, import a
// replay's events, and the actions (ack, assign, handle, note, report, respond, close, reopen,
// emergency, escalate-due) against the store in <data_dir>/yuqing.db. Every action is written
// with its audit row; times are the wall clock unless --now gives one (replays, tests).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <simdjson.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/incident_events_jsonl.h"
#include "core/json_text.h"
#include "core/line_reader.h"
#include "core/time.h"
#include "respond/incident_handover.h"
#include "respond/notification_render.h"
#include "respond/organisation.h"
#include "respond/workflow/incident_store.h"
#include "store/outbox.h"

namespace yuqing::cli {
namespace {

// Times shown to people are in China Standard Time, the users' zone; JSON carries ms too.
constexpr int32_t kDisplayOffsetMin = 480;

std::string Time(int64_t ms) { return FormatIso8601(Timestamp{ms, kDisplayOffsetMin}); }
std::string Time(const std::optional<int64_t>& ms) { return ms ? Time(*ms) : "-"; }

int ExitFor(const Status& status) {
  spdlog::error("{}", status.message());
  return status.code() == Status::Code::kInvalidInput || status.code() == Status::Code::kNotFound
             ? kExitUnusableInput
             : kExitInternal;
}

// met: done by the due time; late: done after it; missed: not done and past due; pending.
std::string_view DeadlineStatus(const IncidentRecord& r, const Deadline& d, int64_t now_ms) {
  const std::optional<int64_t>& done = d.kind == DeadlineKind::kAcknowledge ? r.acknowledged_ms
                                       : d.kind == DeadlineKind::kAuthoritativeInfo
                                           ? r.informed_ms
                                           : r.responded_ms;
  if (done) return *done <= d.due_ms ? "met" : "late";
  if (r.state == HandlingState::kClosed) return "closed";
  return now_ms > d.due_ms ? "missed" : "pending";
}

void AppendOptionalTime(std::string_view key, const std::optional<int64_t>& ms, std::string* out) {
  *out += ',';
  AppendJsonString(key, out);
  *out += ':';
  if (ms) {
    AppendJsonString(Time(*ms), out);
  } else {
    *out += "null";
  }
}

std::string RecordJson(const IncidentRecord& r, const DeadlineOptions& options, int64_t now_ms) {
  std::string out = "{\"id\":";
  AppendJsonString(r.id, &out);
  for (auto [key, value] : {std::pair<std::string_view, std::string_view>{"story_id", r.story_id},
                            {"title", r.title},
                            {"grade", GradeName(r.grade)},
                            {"state", HandlingStateName(r.state)},
                            {"state_label", HandlingStateLabel(r.state)},
                            {"assignee", r.assignee},
                            {"unit", r.unit},
                            {"close_reason", r.close_reason}}) {
    out += ',';
    AppendJsonString(key, &out);
    out += ':';
    AppendJsonString(value, &out);
  }
  out += ",\"score\":";
  AppendJsonNumber(r.score, &out);
  // In emergency mode by a person's decision, or by its grade (DeadlineOptions).
  const bool emergency = r.emergency || (options.automatic_emergency_from &&
                                         r.grade >= *options.automatic_emergency_from);
  out += std::string(",\"emergency\":") + (emergency ? "true" : "false");
  out += std::string(",\"emergency_declared\":") + (r.emergency ? "true" : "false");
  out += std::string(",\"detector_open\":") + (r.detector_open ? "true" : "false");
  out += ",\"cycle\":";
  AppendJsonNumber(r.cycle, &out);
  AppendOptionalTime("opened", r.opened_ms, &out);
  AppendOptionalTime("last_event", r.last_event_ms, &out);
  AppendOptionalTime("cycle_started", r.cycle_started_ms, &out);
  AppendOptionalTime("acknowledged", r.acknowledged_ms, &out);
  AppendOptionalTime("informed", r.informed_ms, &out);
  AppendOptionalTime("responded", r.responded_ms, &out);
  AppendOptionalTime("closed", r.closed_ms, &out);
  out += ",\"deadlines\":[";
  const auto deadlines = ComputeDeadlines(r.grade, r.emergency, r.cycle_started_ms, options);
  for (size_t i = 0; i < deadlines.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"name\":";
    AppendJsonString(DeadlineName(deadlines[i].kind), &out);
    out += ",\"due\":";
    AppendJsonString(Time(deadlines[i].due_ms), &out);
    out += ",\"due_ms\":";
    AppendJsonNumber(deadlines[i].due_ms, &out);
    out += ",\"status\":";
    AppendJsonString(DeadlineStatus(r, deadlines[i], now_ms), &out);
    out += '}';
  }
  out += "]}";
  return out;
}

// The record's JSON with the snapshot and the handling history added.
std::string ViewJson(const IncidentView& view, const DeadlineOptions& options, int64_t now_ms) {
  std::string out = RecordJson(view.record, options, now_ms);
  out.pop_back();  // reopen the object
  out += ",\"incident\":" + (view.record.snapshot_json.empty() ? "{}" : view.record.snapshot_json);
  out += ",\"notes\":[";
  for (size_t i = 0; i < view.notes.size(); ++i) {
    out += i > 0 ? ",{\"at\":" : "{\"at\":";
    AppendJsonString(Time(view.notes[i].at_ms), &out);
    out += ",\"author\":";
    AppendJsonString(view.notes[i].author, &out);
    out += ",\"text\":";
    AppendJsonString(view.notes[i].text, &out);
    out += '}';
  }
  out += "],\"reports\":[";
  for (size_t i = 0; i < view.reports.size(); ++i) {
    out += i > 0 ? ",{\"at\":" : "{\"at\":";
    AppendJsonString(Time(view.reports[i].at_ms), &out);
    out += ",\"kind\":";
    AppendJsonString(ReportKindName(view.reports[i].kind), &out);
    out += ",\"label\":";
    AppendJsonString(ReportKindLabel(view.reports[i].kind), &out);
    out += ",\"author\":";
    AppendJsonString(view.reports[i].author, &out);
    out += ",\"text\":";
    AppendJsonString(view.reports[i].text, &out);
    out += '}';
  }
  out += "],\"escalations\":[";
  for (size_t i = 0; i < view.escalations.size(); ++i) {
    const EscalationRecord& e = view.escalations[i];
    out += i > 0 ? ",{\"deadline\":" : "{\"deadline\":";
    AppendJsonString(DeadlineName(e.deadline), &out);
    out += ",\"cycle\":";
    AppendJsonNumber(e.cycle, &out);
    out += ",\"due\":";
    AppendJsonString(Time(e.due_ms), &out);
    out += ",\"at\":";
    AppendJsonString(Time(e.at_ms), &out);
    out += ",\"from_unit\":";
    AppendJsonString(e.from_unit, &out);
    out += ",\"to_unit\":";
    AppendJsonString(e.to_unit, &out);
    out += '}';
  }
  out += "],\"audit\":[";
  for (size_t i = 0; i < view.audit.size(); ++i) {
    const AuditEntry& a = view.audit[i];
    out += i > 0 ? ",{\"seq\":" : "{\"seq\":";
    AppendJsonNumber(a.seq, &out);
    out += ",\"at\":";
    AppendJsonString(Time(a.at_ms), &out);
    out += ",\"at_ms\":";
    AppendJsonNumber(a.at_ms, &out);
    out += ",\"actor\":";
    AppendJsonString(a.actor, &out);
    out += ",\"action\":";
    AppendJsonString(a.action, &out);
    out += ",\"detail\":" + (a.detail_json.empty() ? "{}" : a.detail_json) + '}';
  }
  out += "]}";
  return out;
}

void PrintView(const IncidentView& view, const DeadlineOptions& options, int64_t now_ms) {
  const IncidentRecord& r = view.record;
  std::string out = fmt::format("{}  {}\n", r.id, r.title);
  out += fmt::format("  grade 等级: {}   score 分值: {}   state 状态: {} {}   emergency 应急: {}\n",
                     r.grade == Grade::kNone ? "-" : GradeName(r.grade), r.score,
                     HandlingStateName(r.state), HandlingStateLabel(r.state),
                     r.emergency ? "yes 是" : "no 否");
  out += fmt::format("  unit 责任单位: {}   assignee 负责人: {}\n", r.unit.empty() ? "-" : r.unit,
                     r.assignee.empty() ? "-" : r.assignee);
  out += fmt::format("  opened 发现: {}   cycle 轮次: {} (from {})   detector 监测: {}\n",
                     Time(r.opened_ms), r.cycle, Time(r.cycle_started_ms),
                     r.detector_open ? "open" : "closed");
  if (r.state == HandlingState::kClosed) {
    out += fmt::format("  closed 关闭: {}   reason 原因: {}\n", Time(r.closed_ms),
                       r.close_reason.empty() ? "(终报)" : r.close_reason);
  }
  out += "  deadlines 时限:\n";
  for (const Deadline& d : ComputeDeadlines(r.grade, r.emergency, r.cycle_started_ms, options)) {
    out += fmt::format("    {:<20} due {}  {}\n", DeadlineName(d.kind), Time(d.due_ms),
                       DeadlineStatus(r, d, now_ms));
  }
  if (!view.reports.empty()) out += "  reports 报告:\n";
  for (const ReportRecord& rep : view.reports) {
    out += fmt::format("    {} {} by {}: {}\n", Time(rep.at_ms), ReportKindLabel(rep.kind),
                       rep.author, rep.text);
  }
  if (!view.notes.empty()) out += "  notes 备注:\n";
  for (const NoteRecord& n : view.notes) {
    out += fmt::format("    {} {}: {}\n", Time(n.at_ms), n.author, n.text);
  }
  if (!view.escalations.empty()) out += "  escalations 升级:\n";
  for (const EscalationRecord& e : view.escalations) {
    out +=
        fmt::format("    {} missed {} (due {}): {} -> {}\n", Time(e.at_ms),
                    DeadlineName(e.deadline), Time(e.due_ms),
                    e.from_unit.empty() ? "-" : e.from_unit, e.to_unit.empty() ? "-" : e.to_unit);
  }
  out += "  audit 审计:\n";
  for (const AuditEntry& a : view.audit) {
    out += fmt::format("    #{} {} {} {} {}\n", a.seq, Time(a.at_ms), a.actor, a.action,
                       a.detail_json);
  }
  std::fputs(out.c_str(), stdout);
}

int RunList(IncidentStore& store, const IncidentsOptions& o, int64_t now_ms) {
  IncidentFilter filter;
  if (!o.state.empty()) {
    filter.state = ParseHandlingState(o.state);
    if (!filter.state) {
      return ExitFor(Status::InvalidInput("--state " + o.state +
                                          ": expected new|acknowledged|handling|responded|closed"));
    }
  }
  if (!o.grade.empty()) {
    for (Grade g : {Grade::kI, Grade::kII, Grade::kIII, Grade::kIV}) {
      if (GradeName(g) == o.grade) filter.grade = g;
    }
    if (!filter.grade)
      return ExitFor(Status::InvalidInput("--grade " + o.grade + ": expected I..IV"));
  }
  filter.unit = o.unit;
  auto records = store.List(filter);
  if (!records.ok()) return ExitFor(records.status());
  if (o.json) {
    for (const IncidentRecord& r : *records) {
      std::puts(RecordJson(r, store.deadline_options(), now_ms).c_str());
    }
    return kExitOk;
  }
  std::string out = fmt::format("{:<24} {:<5} {:<22} {:<8} {:<12} {:<26} {}\n", "ID", "GRADE",
                                "STATE 状态", "UNIT", "ASSIGNEE", "OPENED 发现", "TITLE 标题");
  for (const IncidentRecord& r : *records) {
    out +=
        fmt::format("{:<24} {:<5} {:<22} {:<8} {:<12} {:<26} {}\n", r.id,
                    r.grade == Grade::kNone ? "-" : GradeName(r.grade),
                    fmt::format("{} {}", HandlingStateName(r.state), HandlingStateLabel(r.state)),
                    r.unit.empty() ? "-" : r.unit, r.assignee.empty() ? "-" : r.assignee,
                    Time(r.opened_ms), r.title);
  }
  std::fputs(out.c_str(), stdout);
  spdlog::info("incidents: {} listed", records->size());
  return kExitOk;
}

int RunImport(IncidentStore& store, const IncidentsOptions& o) {
  auto reader = LineReader::Open(o.input);
  if (!reader.ok()) {  // an input that cannot be read is unusable input, whatever the cause
    spdlog::error("{}: {}", o.input, reader.status().message());
    return kExitUnusableInput;
  }
  std::string_view line;
  size_t line_number = 0;
  size_t applied = 0;
  size_t repeated = 0;  // imported before: the store keeps each event once
  size_t bad = 0;
  while (true) {
    const LineReader::Outcome outcome = (*reader)->Next(&line, &line_number);
    if (outcome == LineReader::Outcome::kEnd) break;
    if (outcome == LineReader::Outcome::kError) return ExitFor((*reader)->error());
    if (outcome == LineReader::Outcome::kTooLong) {
      spdlog::warn("{}:{}: line too long, skipped", (*reader)->name(), line_number);
      ++bad;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto parsed = ParseIncidentEventLine(line);
    if (!parsed.ok()) {
      spdlog::warn("{}:{}: {}", (*reader)->name(), line_number, parsed.status().message());
      ++bad;
      continue;
    }
    auto fresh = store.ApplyIncidentEvent(parsed->event);
    if (!fresh.ok()) {
      return ExitFor(
          fresh.status().WithPrefix((*reader)->name() + ":" + std::to_string(line_number)));
    }
    ++(*fresh ? applied : repeated);
    if (Status s = TakeRoutedUnit(store, parsed->event); !s.ok()) return ExitFor(s);
  }
  spdlog::info("incidents import: {} events applied, {} already known, {} lines skipped", applied,
               repeated, bad);
  std::printf("imported %zu events (%zu already known, %zu lines skipped) into %s\n", applied,
              repeated, bad, store.db().path().c_str());
  return kExitOk;
}

int RunEscalateDue(IncidentStore& store, const IncidentsOptions& o, int64_t now_ms,
                   const IncidentStore::ParentOf& parent_of, const OrganisationTree& tree) {
  if (o.dry_run) {
    auto due = store.DueEscalations(now_ms);
    if (!due.ok()) return ExitFor(due.status());
    for (const DueEscalation& d : *due) {
      std::printf("%s: %s overdue since %s (would escalate)\n", d.incident_id.c_str(),
                  std::string(DeadlineName(d.kind)).c_str(), Time(d.due_ms).c_str());
    }
    return kExitOk;
  }
  auto escalated = store.EscalateDue(now_ms, parent_of);
  if (!escalated.ok()) return ExitFor(escalated.status());
  for (const EscalationRecord& e : *escalated) {
    if (o.json) {
      std::string out = "{\"incident_id\":";
      AppendJsonString(e.incident_id, &out);
      out += ",\"deadline\":";
      AppendJsonString(DeadlineName(e.deadline), &out);
      out += ",\"due\":";
      AppendJsonString(Time(e.due_ms), &out);
      out += ",\"from_unit\":";
      AppendJsonString(e.from_unit, &out);
      out += ",\"to_unit\":";
      AppendJsonString(e.to_unit, &out);
      std::puts((out + '}').c_str());
    } else {
      std::printf("%s: missed %s (due %s), escalated %s -> %s\n", e.incident_id.c_str(),
                  std::string(DeadlineName(e.deadline)).c_str(), Time(e.due_ms).c_str(),
                  e.from_unit.empty() ? "-" : e.from_unit.c_str(),
                  e.to_unit.empty() ? "-" : e.to_unit.c_str());
    }
  }
  auto queued = QueueEscalationNotices(store, tree, *escalated);
  if (!queued.ok()) return ExitFor(queued.status());
  spdlog::info("incidents escalate-due: {} escalations at {}; {} notices queued for yuqing deliver",
               escalated->size(), Time(now_ms), *queued);
  return kExitOk;
}

// The one-line confirmation of an action: the state the incident is now in.
int Confirm(IncidentStore& store, const IncidentsOptions& o, const Status& status) {
  if (!status.ok()) return ExitFor(status);
  auto view = store.Show(o.id);
  if (!view.ok()) return ExitFor(view.status());
  std::printf("%s: %s by %s; state %s %s\n", o.id.c_str(), view->audit.back().action.c_str(),
              o.by.c_str(), std::string(HandlingStateName(view->record.state)).c_str(),
              std::string(HandlingStateLabel(view->record.state)).c_str());
  return kExitOk;
}

}  // namespace

int RunIncidents(const IncidentsOptions& o) {
  auto config = LoadConfigOrReport(o.config_path);
  if (!config) return kExitUnusableInput;
  const std::string data_dir = o.data_dir.empty() ? config->data_dir : o.data_dir;
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) return ExitFor(Status::IoError(data_dir + ": " + error.message()));
  auto store = IncidentStore::Open((std::filesystem::path(data_dir) / "yuqing.db").string());
  if (!store.ok()) return ExitFor(store.status());
  IncidentStore& s = **store;

  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (!o.now.empty()) {
    auto now = ParseIso8601(o.now);
    if (!now.ok())
      return ExitFor(Status::InvalidInput("--now " + o.now + ": " + now.status().message()));
    now_ms = now->unix_ms;
  }

  const std::string& a = o.action;
  if (a == "list") return RunList(s, o, now_ms);
  if (a == "import") return RunImport(s, o);
  if (a == "escalate-due") {
    // The configured organisation tree says who is above whom; without one, the GB/T 2260
    // chain (the built-in tree is generated from the same codes, so it gives the same answer).
    OrganisationTree tree;
    if (config->has_organisation) {
      auto built = OrganisationTree::Build(config->respond.organisation);
      if (!built.ok()) return ExitFor(built.status());
      tree = std::move(*built);
    }
    const IncidentStore::ParentOf parent_of = ParentInTree(tree);
    return RunEscalateDue(s, o, now_ms, parent_of, tree);
  }
  if (a == "show") {
    auto view = s.Show(o.id);
    if (!view.ok()) return ExitFor(view.status());
    if (o.json) {
      std::puts(ViewJson(*view, s.deadline_options(), now_ms).c_str());
    } else {
      PrintView(*view, s.deadline_options(), now_ms);
    }
    return kExitOk;
  }
  if (a == "ack") return Confirm(s, o, s.Acknowledge(o.id, o.by, now_ms));
  if (a == "handle") return Confirm(s, o, s.StartHandling(o.id, o.by, now_ms));
  if (a == "respond") return Confirm(s, o, s.MarkResponded(o.id, o.by, now_ms));
  if (a == "note") return Confirm(s, o, s.AddNote(o.id, o.by, o.text, now_ms));
  if (a == "close") return Confirm(s, o, s.Close(o.id, o.by, o.reason, now_ms));
  if (a == "reopen") return Confirm(s, o, s.Reopen(o.id, o.by, o.reason, now_ms));
  if (a == "emergency") return Confirm(s, o, s.SetEmergency(o.id, !o.off, o.by, now_ms));
  if (a == "report") {
    auto kind = ParseReportKind(o.kind);
    if (!kind) {
      return ExitFor(
          Status::InvalidInput("--kind " + o.kind + ": expected initial|followup|final"));
    }
    return Confirm(s, o, s.FileReport(o.id, *kind, o.by, o.text, now_ms));
  }
  if (a == "assign") {
    if (o.to.empty() && o.unit.empty()) {
      return ExitFor(Status::InvalidInput("assign " + o.id + ": give --to WHO and/or --unit CODE"));
    }
    // Two actions, two audit rows: who handles it and which unit answers for it differ.
    if (!o.unit.empty()) {
      if (Status st = s.SetUnit(o.id, o.unit, o.by, now_ms); !st.ok() || o.to.empty()) {
        return Confirm(s, o, st);
      }
    }
    return Confirm(s, o, s.Assign(o.id, o.to, o.by, now_ms));
  }
  return ExitFor(Status::Internal("incidents: unknown action " + a));
}

CLI::App* AddIncidentsCommand(CLI::App& app, IncidentsOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "incidents",
      "The handling workflow (docs/workflow.md): incidents in <data_dir>/yuqing.db, their state\n"
      "(new → acknowledged → handling → responded → closed), assignment, notes, 初报/续报/终报,\n"
      "deadlines and escalation to the parent unit; every action is in the audit log.");
  cmd->require_subcommand(1);
  const auto add = [&](const std::string& name, const std::string& help) {
    CLI::App* sub = cmd->add_subcommand(name, help);
    sub->add_option("--data-dir", o->data_dir, "data folder (overrides the configuration)");
    sub->add_option("--config", o->config_path, "YAML configuration (default: built-in)");
    sub->add_option("--now", o->now,
                    "the time of the action, ISO 8601 (default: now; for replays and tests)");
    sub->callback([o, name] { o->action = name; });
    return sub;
  };
  const auto need_id = [&](CLI::App* sub) {
    sub->add_option("id", o->id, "incident id")->required();
  };
  const auto need_by = [&](CLI::App* sub) {
    sub->add_option("--by", o->by, "who does it (goes into the audit log)")->required();
  };

  CLI::App* list = add("list", "Lists incidents, newest first.");
  list->add_option("--state", o->state, "new|acknowledged|handling|responded|closed");
  list->add_option("--grade", o->grade, "I|II|III|IV");
  list->add_option("--unit", o->unit, "responsible unit");
  list->add_flag("--json", o->json, "one JSON object per line");
  CLI::App* show = add("show", "An incident: snapshot, state, deadlines, reports, notes, audit.");
  need_id(show);
  show->add_flag("--json", o->json, "one JSON object");
  CLI::App* import = add("import", "Loads `yuqing replay` output (incident events, JSON Lines).");
  import->add_option("events", o->input, "events file; '-' reads standard input")->required();
  for (auto [name, help] : {std::pair<std::string, std::string>{"ack", "Acknowledges (确认)."},
                            {"handle", "Starts handling (处置)."},
                            {"respond", "Marks it responded (已回应)."}}) {
    CLI::App* sub = add(name, help);
    need_id(sub);
    need_by(sub);
  }
  CLI::App* assign = add("assign", "Assigns a person or unit, and/or sets the responsible unit.");
  need_id(assign);
  need_by(assign);
  assign->add_option("--to", o->to, "person or unit handling it");
  assign->add_option("--unit", o->unit, "responsible unit (GB/T 2260 code), escalates upward");
  CLI::App* note = add("note", "Adds a note.");
  need_id(note);
  need_by(note);
  note->add_option("text", o->text, "the note")->required();
  CLI::App* report = add("report", "Files a report: initial 初报, followup 续报, final 终报.");
  need_id(report);
  need_by(report);
  report->add_option("--kind", o->kind, "initial|followup|final")->required();
  report->add_option("text", o->text, "the report")->required();
  for (const std::string name : {"close", "reopen"}) {
    CLI::App* sub = add(name, name == "close" ? "Closes (needs a 终报 or --reason)."
                                              : "Reopens a closed incident.");
    need_id(sub);
    need_by(sub);
    sub->add_option("--reason", o->reason, "why");
  }
  CLI::App* emergency = add("emergency", "Switches emergency mode (tighter deadlines) on.");
  need_id(emergency);
  need_by(emergency);
  emergency->add_flag("--off", o->off, "switch it off instead");
  CLI::App* escalate = add("escalate-due",
                           "Escalates every missed deadline to the parent unit (GB/T 2260: "
                           "county → city → province → 000000), once each.");
  escalate->add_flag("--json", o->json, "one JSON object per escalation");
  escalate->add_flag("--dry-run", o->dry_run, "only list what is overdue; change nothing");
  return cmd;
}

}  // namespace yuqing::cli
