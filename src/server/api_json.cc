#include "server/api_json.h"

#include "core/time.h"
#include "core/utf8.h"

namespace yuqing {
namespace {

using nlohmann::json;

std::string Str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The first `limit` characters of `text`, never splitting one.
std::string Prefix(const std::string& text, size_t limit) {
  size_t bytes = 0, chars = 0;
  while (bytes < text.size() && chars < limit) {
    const auto c = static_cast<unsigned char>(text[bytes]);
    bytes += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return text.substr(0, std::min(bytes, text.size()));
}

json Parse(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json::object();
}

std::string_view GradeLabel(Grade grade) {
  switch (grade) {
    case Grade::kI:
      return "特别重大";
    case Grade::kII:
      return "重大";
    case Grade::kIII:
      return "较大";
    case Grade::kIV:
      return "一般";
    case Grade::kNone:
      break;
  }
  return "";
}

std::string_view DeadlineLabel(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kAcknowledge:
      return "确认";
    case DeadlineKind::kAuthoritativeInfo:
      return "权威信息";
    case DeadlineKind::kResponse:
      return "回应";
  }
  return "";
}

}  // namespace

std::string ApiTime(int64_t unix_ms) { return FormatIso8601(Timestamp{unix_ms, 480}); }

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

json ItemSummaryJson(const std::string& item_json, const std::string& snippet) {
  const json item = Parse(item_json);
  json out = json::object();
  for (const char* key : {"id", "platform", "url", "site", "author", "created_at", "title",
                          "source_class", "story_id"}) {
    out[key] = Str(item, key);
  }
  std::string text = Str(item, "clean_text");
  if (text.empty()) text = Str(item, "text");
  out["snippet"] = snippet.empty() ? EscapeHtml(Prefix(text, 160)) : snippet;
  out["sentiment"] = item.contains("sentiment") ? item["sentiment"] : json(nullptr);
  json regions = json::array();
  if (auto it = item.find("regions"); it != item.end() && it->is_array()) {
    for (const json& region : *it) {
      regions.push_back({{"code", Str(region, "code")},
                         {"name", Str(region, "name")},
                         {"level", Str(region, "level")}});
    }
  }
  out["regions"] = std::move(regions);
  out["schemes"] = item.contains("schemes") ? item["schemes"] : json::array();
  return out;
}

json ItemDetailJson(const std::string& item_json) {
  const json item = Parse(item_json);
  json out = ItemSummaryJson(item_json, "");
  std::string text = Str(item, "clean_text");
  out["text"] = text.empty() ? Str(item, "text") : text;
  for (const char* key : {"keywords", "source_credibility", "duplicate_of", "parent_id", "reposts",
                          "comments", "likes", "author_location"}) {
    out[key] = item.contains(key) ? item[key] : json(nullptr);
  }
  return out;
}

std::vector<std::string> IncidentItemIds(const IncidentRecord& record, size_t limit) {
  std::vector<std::string> ids;
  const json snapshot = Parse(record.snapshot_json);
  if (auto it = snapshot.find("item_ids"); it != snapshot.end() && it->is_array()) {
    for (const json& id : *it) {
      if (ids.size() >= limit) break;
      if (id.is_string()) ids.push_back(id.get<std::string>());
    }
  }
  return ids;
}

std::vector<std::string> IncidentRegionCodes(const IncidentRecord& record) {
  std::vector<std::string> codes;
  const json snapshot = Parse(record.snapshot_json);
  if (auto it = snapshot.find("region_codes"); it != snapshot.end() && it->is_array()) {
    for (const json& entry : *it) {
      if (entry.is_string()) codes.push_back(entry.get<std::string>());
      if (entry.is_object()) codes.push_back(Str(entry, "code"));
    }
  }
  if (!record.unit.empty()) codes.push_back(record.unit);
  return codes;
}

json IncidentSummaryJson(const IncidentView& view, const OrganisationTree& tree, int64_t now_ms,
                         const RegionNamer& region_name) {
  const IncidentRecord& r = view.record;
  const json snapshot = Parse(r.snapshot_json);
  const Unit* unit = tree.Find(r.unit);
  json out = {{"id", r.id},
              {"title", r.title},
              {"grade", std::string(GradeName(r.grade))},
              {"grade_name", std::string(GradeLabel(r.grade))},
              {"score", r.score},
              {"state", std::string(HandlingStateName(r.state))},
              {"state_name", std::string(HandlingStateLabel(r.state))},
              {"emergency", r.emergency},
              {"unit", r.unit},
              {"unit_name", unit != nullptr ? unit->name : r.unit},
              {"assignee", r.assignee},
              {"opened_at", ApiTime(r.opened_ms)},
              {"last_event_at", ApiTime(r.last_event_ms)},
              {"detector_open", r.detector_open}};
  out["item_count"] = snapshot.value("item_count", 0);
  const std::vector<std::string> codes = IncidentRegionCodes(r);  // the snapshot's, then unit
  const size_t from_snapshot = codes.size() - (r.unit.empty() ? 0 : 1);
  json regions = json::array();
  for (size_t i = 0; i < from_snapshot; ++i) {
    regions.push_back(
        {{"code", codes[i]}, {"name", region_name ? region_name(codes[i]) : codes[i]}});
  }
  out["regions"] = std::move(regions);
  out["region_codes"] = codes;
  json deadlines = json::array();
  for (const Deadline& deadline : view.deadlines) {
    std::optional<int64_t> met;
    if (deadline.kind == DeadlineKind::kAcknowledge) met = r.acknowledged_ms;
    if (deadline.kind == DeadlineKind::kAuthoritativeInfo) met = r.informed_ms;
    if (deadline.kind == DeadlineKind::kResponse) met = r.responded_ms;
    deadlines.push_back({{"kind", std::string(DeadlineName(deadline.kind))},
                         {"name", std::string(DeadlineLabel(deadline.kind))},
                         {"due_at", ApiTime(deadline.due_ms)},
                         {"due_ms", deadline.due_ms},
                         {"met_at", met ? json(ApiTime(*met)) : json(nullptr)},
                         {"missed", met ? *met > deadline.due_ms : now_ms > deadline.due_ms}});
  }
  out["deadlines"] = std::move(deadlines);
  return out;
}

json IncidentDetailJson(const IncidentView& view, const OrganisationTree& tree, int64_t now_ms,
                        const RegionNamer& region_name) {
  json out = IncidentSummaryJson(view, tree, now_ms, region_name);
  const json snapshot = Parse(view.record.snapshot_json);
  out["timeline"] = snapshot.contains("timeline") ? snapshot["timeline"] : json::array();
  out["reasons"] = snapshot.contains("reasons") ? snapshot["reasons"] : json::array();
  out["keywords"] = snapshot.contains("keywords") ? snapshot["keywords"] : json::array();
  json notes = json::array();
  for (const NoteRecord& note : view.notes) {
    notes.push_back({{"at", ApiTime(note.at_ms)}, {"author", note.author}, {"text", note.text}});
  }
  out["notes"] = std::move(notes);
  json reports = json::array();
  for (const ReportRecord& report : view.reports) {
    reports.push_back({{"at", ApiTime(report.at_ms)},
                       {"kind", std::string(ReportKindName(report.kind))},
                       {"kind_name", std::string(ReportKindLabel(report.kind))},
                       {"author", report.author},
                       {"text", report.text}});
  }
  out["reports"] = std::move(reports);
  json escalations = json::array();
  for (const EscalationRecord& e : view.escalations) {
    escalations.push_back({{"at", ApiTime(e.at_ms)},
                           {"deadline", std::string(DeadlineName(e.deadline))},
                           {"from_unit", e.from_unit},
                           {"to_unit", e.to_unit}});
  }
  out["escalations"] = std::move(escalations);
  json audit = json::array();
  for (const AuditEntry& entry : view.audit) {
    audit.push_back({{"at", ApiTime(entry.at_ms)},
                     {"actor", entry.actor},
                     {"action", entry.action},
                     {"detail", Parse(entry.detail_json)}});
  }
  out["audit"] = std::move(audit);
  return out;
}

}  // namespace yuqing
