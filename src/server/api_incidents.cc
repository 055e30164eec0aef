// Incidents and their workflow (docs/api.md "Incidents"). An incident belongs to a unit's
// jurisdiction when its responsible unit or one of its regions lies inside it; any other id
// answers 404, exactly as an id that does not exist.
#include <httplib.h>

#include "respond/workflow/incident_store.h"
#include "server/api_json.h"
#include "server/http_api.h"
#include "server/service.h"

namespace yuqing {
namespace {

using nlohmann::json;

// Open first, then by grade (I first), then newest.
bool BoardOrder(const IncidentRecord& a, const IncidentRecord& b) {
  const bool a_open = a.state != HandlingState::kClosed;
  const bool b_open = b.state != HandlingState::kClosed;
  if (a_open != b_open) return a_open;
  if (a.grade != b.grade) return a.grade > b.grade;
  return a.last_event_ms > b.last_event_ms;
}

std::string Text(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void HttpApi::ListIncidents(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  IncidentFilter filter;
  if (const std::string state = api::Param(req, "state"); !state.empty()) {
    filter.state = ParseHandlingState(state);
    if (!filter.state)
      return api::Fail(res, 400, "state: new, acknowledged, handling, responded or closed");
  }
  if (const std::string grade = api::Param(req, "grade"); !grade.empty()) {
    for (Grade g : {Grade::kI, Grade::kII, Grade::kIII, Grade::kIV}) {
      if (GradeName(g) == grade) filter.grade = g;
    }
    if (!filter.grade) return api::Fail(res, 400, "grade: I, II, III or IV");
  }
  auto limit = api::IntParam(req, "limit", 100, 1, 500);
  if (!limit.ok()) return api::Fail(res, 400, limit.status().message());
  json list = json::array();
  Status status = service_.WithReader([&](ReadContext& read) {
    auto records = read.incidents->List(filter);
    if (!records.ok()) return records.status();
    std::vector<IncidentRecord> seen;
    for (IncidentRecord& record : *records) {
      if (record.grade != Grade::kNone && service_.Sees(session->user, record)) {
        seen.push_back(std::move(record));
      }
    }
    std::sort(seen.begin(), seen.end(), BoardOrder);
    for (const IncidentRecord& record : seen) {
      if (list.size() >= static_cast<size_t>(*limit)) break;
      auto view = read.incidents->Show(record.id);
      if (!view.ok()) return view.status();
      list.push_back(
          IncidentSummaryJson(*view, service_.organisation(), service_.clock().NowMs(), namer_));
    }
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  api::Reply(res, 200,
             {{"incidents", std::move(list)}, {"now", ApiTime(service_.clock().NowMs())}});
}

void HttpApi::GetIncident(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const std::string id = req.matches[1].str();
  json body;
  bool found = false;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto view = read.incidents->Show(id);
    if (!view.ok())
      return view.status().code() == Status::Code::kNotFound ? Status::Ok() : view.status();
    if (!service_.Sees(session->user, view->record)) return Status::Ok();
    found = true;
    body = IncidentDetailJson(*view, service_.organisation(), service_.clock().NowMs(), namer_);
    // An incident led by the province may reach into several counties: each county sees it,
    // but only its own items in it.
    const Jurisdiction who = JurisdictionOf(session->user.region_code);
    json items = json::array();
    for (const std::string& item_id : IncidentItemIds(view->record, 2000)) {
      if (items.size() >= 20) break;
      auto item = read.items->Get(item_id, who);
      if (!item.ok()) return item.status();
      if (*item) items.push_back(ItemSummaryJson(**item, ""));
    }
    body["items"] = std::move(items);
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  if (!found) return api::Fail(res, 404, "no such incident");
  body["now"] = ApiTime(service_.clock().NowMs());
  api::Reply(res, 200, body);
}

void HttpApi::IncidentAction(const Request& req, Response& res) {
  auto session = Authorise(req, res, Role::kOperator);
  if (!session) return;
  const std::string id = req.matches[1].str();
  const std::string action = req.matches[2].str();
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  // Fields first (400), so that what the workflow refuses afterwards is a state conflict (409).
  if ((action == "assign" && Text(*body, "assignee").empty()) ||
      (action == "note" && Text(*body, "text").empty()) ||
      (action == "report" &&
       (Text(*body, "text").empty() || !ParseReportKind(Text(*body, "kind")))) ||
      (action == "emergency" && (!body->contains("on") || !(*body)["on"].is_boolean()))) {
    return api::Fail(res, 400,
                     "missing or wrong field for " + action +
                         " (assign: assignee; note: text; report: kind initial|followup|final "
                         "and text; emergency: on true|false)");
  }
  const std::string actor = session->user.username;
  const int64_t now_ms = service_.clock().NowMs();
  bool visible = false, known_action = true;
  Status status = service_.WithIncidents([&](IncidentStore& store) {
    auto view = store.Show(id);
    if (!view.ok())
      return view.status().code() == Status::Code::kNotFound ? Status::Ok() : view.status();
    if (!service_.Sees(session->user, view->record)) return Status::Ok();
    visible = true;
    if (action == "ack") return store.Acknowledge(id, actor, now_ms);
    if (action == "assign") {
      const std::string assignee = Text(*body, "assignee");
      if (assignee.empty()) return Status::InvalidInput("assignee: required");
      return store.Assign(id, assignee, actor, now_ms);
    }
    if (action == "handle") return store.StartHandling(id, actor, now_ms);
    if (action == "note") {
      const std::string text = Text(*body, "text");
      if (text.empty()) return Status::InvalidInput("text: required");
      return store.AddNote(id, actor, text, now_ms);
    }
    if (action == "report") {
      auto kind = ParseReportKind(Text(*body, "kind"));
      if (!kind) return Status::InvalidInput("kind: initial, followup or final");
      const std::string text = Text(*body, "text");
      if (text.empty()) return Status::InvalidInput("text: required");
      return store.FileReport(id, *kind, actor, text, now_ms);
    }
    if (action == "respond") return store.MarkResponded(id, actor, now_ms);
    if (action == "close") return store.Close(id, actor, Text(*body, "reason"), now_ms);
    if (action == "reopen") return store.Reopen(id, actor, Text(*body, "reason"), now_ms);
    if (action == "emergency") {
      auto on = body->find("on");
      if (on == body->end() || !on->is_boolean()) return Status::InvalidInput("on: true or false");
      return store.SetEmergency(id, on->get<bool>(), actor, now_ms);
    }
    known_action = false;
    return Status::Ok();
  });
  if (!visible) return api::Fail(res, 404, "no such incident");
  if (!known_action) return api::Fail(res, 404, "no such action: " + action);
  if (!status.ok()) {
    // The workflow refusing a transition (close without 终报, ack twice) is a conflict with the
    // incident's state, not a server error.
    const int code = status.code() == Status::Code::kInvalidInput ? 409 : 500;
    return api::Fail(res, code, status.message());
  }
  GetIncident(req, res);
}

}  // namespace yuqing
