#include "respond/workflow/workflow.h"

#include <algorithm>

namespace yuqing {

std::string_view HandlingStateName(HandlingState state) {
  switch (state) {
    case HandlingState::kNew:
      return "new";
    case HandlingState::kAcknowledged:
      return "acknowledged";
    case HandlingState::kHandling:
      return "handling";
    case HandlingState::kResponded:
      return "responded";
    case HandlingState::kClosed:
      return "closed";
  }
  return "";
}

std::string_view HandlingStateLabel(HandlingState state) {
  switch (state) {
    case HandlingState::kNew:
      return "新建";
    case HandlingState::kAcknowledged:
      return "已确认";
    case HandlingState::kHandling:
      return "处置中";
    case HandlingState::kResponded:
      return "已回应";
    case HandlingState::kClosed:
      return "已关闭";
  }
  return "";
}

std::optional<HandlingState> ParseHandlingState(std::string_view name) {
  for (HandlingState s :
       {HandlingState::kNew, HandlingState::kAcknowledged, HandlingState::kHandling,
        HandlingState::kResponded, HandlingState::kClosed}) {
    if (HandlingStateName(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view HandlingActionName(HandlingAction action) {
  switch (action) {
    case HandlingAction::kAcknowledge:
      return "acknowledge";
    case HandlingAction::kStartHandling:
      return "start handling";
    case HandlingAction::kMarkResponded:
      return "mark responded";
    case HandlingAction::kClose:
      return "close";
    case HandlingAction::kReopen:
      return "reopen";
  }
  return "";
}

Result<HandlingState> NextState(HandlingState from, HandlingAction action, bool ever_acknowledged) {
  using S = HandlingState;
  std::optional<S> to;
  std::string_view allowed;
  switch (action) {
    case HandlingAction::kAcknowledge:
      if (from == S::kNew) to = S::kAcknowledged;
      allowed = "new";
      break;
    case HandlingAction::kStartHandling:
      if (from == S::kAcknowledged) to = S::kHandling;
      allowed = "acknowledged";
      break;
    case HandlingAction::kMarkResponded:
      // Acknowledged → responded too: a short incident may be answered at once.
      if (from == S::kAcknowledged || from == S::kHandling) to = S::kResponded;
      allowed = "acknowledged or handling";
      break;
    case HandlingAction::kClose:
      if (from != S::kClosed) to = S::kClosed;
      allowed = "any state but closed";
      break;
    case HandlingAction::kReopen:
      if (from == S::kClosed) to = ever_acknowledged ? S::kHandling : S::kNew;
      allowed = "closed";
      break;
  }
  if (to) return *to;
  return Status::InvalidInput("cannot " + std::string(HandlingActionName(action)) +
                              " an incident in state " + std::string(HandlingStateName(from)) +
                              " (allowed from " + std::string(allowed) + ")");
}

std::string_view ReportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::kInitial:
      return "initial";
    case ReportKind::kFollowUp:
      return "followup";
    case ReportKind::kFinal:
      return "final";
  }
  return "";
}

std::string_view ReportKindLabel(ReportKind kind) {
  switch (kind) {
    case ReportKind::kInitial:
      return "初报";
    case ReportKind::kFollowUp:
      return "续报";
    case ReportKind::kFinal:
      return "终报";
  }
  return "";
}

std::optional<ReportKind> ParseReportKind(std::string_view name) {
  for (ReportKind k : {ReportKind::kInitial, ReportKind::kFollowUp, ReportKind::kFinal}) {
    if (ReportKindName(k) == name || ReportKindLabel(k) == name) return k;
  }
  return std::nullopt;
}

Status CheckClose(bool has_final_report, std::string_view reason) {
  if (has_final_report || !reason.empty()) return Status::Ok();
  return Status::InvalidInput(
      "closing needs a final report (终报) or a reason (e.g. --reason 'false alarm')");
}

std::string_view DeadlineName(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kAcknowledge:
      return "acknowledge";
    case DeadlineKind::kAuthoritativeInfo:
      return "authoritative_info";
    case DeadlineKind::kResponse:
      return "response";
  }
  return "";
}

std::optional<DeadlineKind> ParseDeadlineKind(std::string_view name) {
  for (DeadlineKind k :
       {DeadlineKind::kAcknowledge, DeadlineKind::kAuthoritativeInfo, DeadlineKind::kResponse}) {
    if (DeadlineName(k) == name) return k;
  }
  return std::nullopt;
}

std::array<Deadline, 3> ComputeDeadlines(Grade grade, bool emergency, int64_t started_ms,
                                         const DeadlineOptions& o) {
  const bool major = grade >= Grade::kII;
  if (o.automatic_emergency_from && grade >= *o.automatic_emergency_from) emergency = true;
  const int64_t ack = emergency ? o.emergency_acknowledge_ms : o.acknowledge_ms;
  const int64_t info = emergency ? o.emergency_authoritative_info_ms : o.authoritative_info_ms;
  const int64_t response =
      emergency ? o.emergency_response_ms : (major ? o.response_major_ms : o.response_ms);
  return {Deadline{DeadlineKind::kAcknowledge, started_ms + ack},
          Deadline{DeadlineKind::kAuthoritativeInfo, started_ms + info},
          Deadline{DeadlineKind::kResponse, started_ms + response}};
}

std::vector<DueEscalation> DueEscalations(const std::vector<HandlingClock>& clocks, int64_t now_ms,
                                          const DeadlineOptions& options) {
  std::vector<DueEscalation> due;
  for (const HandlingClock& clock : clocks) {
    if (clock.state == HandlingState::kClosed) continue;
    for (const Deadline& deadline :
         ComputeDeadlines(clock.grade, clock.emergency, clock.cycle_started_ms, options)) {
      if (now_ms <= deadline.due_ms) continue;
      if (std::find(clock.escalated.begin(), clock.escalated.end(), deadline.kind) !=
          clock.escalated.end()) {
        continue;
      }
      const std::optional<int64_t>& done =
          deadline.kind == DeadlineKind::kAcknowledge         ? clock.acknowledged_ms
          : deadline.kind == DeadlineKind::kAuthoritativeInfo ? clock.informed_ms
                                                              : clock.responded_ms;
      if (done && *done <= deadline.due_ms) continue;
      due.push_back({clock.incident_id, deadline.kind, deadline.due_ms});
    }
  }
  return due;
}

std::optional<std::string> Gbt2260Parent(const std::string& code) {
  if ((code.size() != 6 && code.size() != 9) ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  if (code.size() == 9) return code.substr(0, 6);  // a street (乡镇街道) → its county
  if (code == "000000") return std::nullopt;
  if (code.compare(4, 2, "00") != 0) return code.substr(0, 4) + "00";
  if (code.compare(2, 2, "00") != 0) return code.substr(0, 2) + "0000";
  return std::string("000000");
}

}  // namespace yuqing
