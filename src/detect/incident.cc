#include "detect/incident.h"

#include <cmath>

#include "core/json_text.h"

namespace yuqing {

std::string_view GradeName(Grade grade) {
  switch (grade) {
    case Grade::kI:
      return "I";
    case Grade::kII:
      return "II";
    case Grade::kIII:
      return "III";
    case Grade::kIV:
      return "IV";
    case Grade::kNone:
      break;
  }
  return "";
}

std::string_view IncidentEventName(IncidentEventKind kind) {
  switch (kind) {
    case IncidentEventKind::kOpened:
      return "opened";
    case IncidentEventKind::kUpdated:
      return "updated";
    case IncidentEventKind::kEscalated:
      return "escalated";
    case IncidentEventKind::kMerged:
      return "merged";
    case IncidentEventKind::kClosed:
      return "closed";
  }
  return "";
}

double Incident::negative_ratio() const {
  const uint32_t scored = negative + neutral + positive;
  return scored == 0 ? 0 : static_cast<double>(negative) / scored;
}

namespace {

void AppendStrings(const std::vector<std::string>& values, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *out += ',';
    AppendJsonString(values[i], out);
  }
  *out += ']';
}

void AppendCounts(const std::vector<NamedCount>& values, std::string_view key, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *out += ',';
    *out += "{\"";
    *out += key;
    *out += "\":";
    AppendJsonString(values[i].name, out);
    *out += ",\"items\":" + std::to_string(values[i].count) + '}';
  }
  *out += ']';
}

void AppendNumber(double value, std::string* out) {
  // Three decimals for the scores people read; anything %.3f cannot hold in the buffer (or
  // NaN/Inf, which JSON has no word for) goes through the general writer.
  if (!std::isfinite(value) || std::fabs(value) >= 1e12) {
    AppendJsonNumber(value, out);
    return;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  *out += buffer;
}

}  // namespace

std::string IncidentEventJson(const IncidentEvent& event) {
  return IncidentEventJson(event, event.incident->routed_to);
}

std::string IncidentEventJson(const IncidentEvent& event,
                              const std::vector<std::string>& routed_to) {
  const Incident& incident = *event.incident;
  std::string out = "{\"event\":";
  AppendJsonString(IncidentEventName(event.kind), &out);
  out += ",\"at\":";
  AppendJsonString(FormatIso8601(event.at), &out);
  if (!event.merged_from.empty()) {
    out += ",\"merged_from\":";
    AppendJsonString(event.merged_from, &out);
  }
  out += ",\"incident\":{\"id\":";
  AppendJsonString(incident.id, &out);
  out += ",\"story_id\":";
  AppendJsonString(incident.story_id, &out);
  out += ",\"title\":";
  AppendJsonString(incident.title, &out);
  out += ",\"grade\":";
  AppendJsonString(GradeName(incident.grade), &out);
  out += ",\"score\":";
  AppendNumber(incident.score, &out);
  out += ",\"reasons\":";
  AppendStrings(incident.reasons, &out);
  out += ",\"schemes\":";
  AppendStrings(incident.schemes, &out);
  out += ",\"regions\":";
  AppendCounts(incident.regions, "name", &out);
  out += ",\"keywords\":";
  AppendCounts(incident.keywords, "word", &out);
  out += ",\"platforms\":";
  AppendCounts(incident.platforms, "platform", &out);
  out += ",\"region_codes\":";
  AppendCounts(incident.region_codes, "code", &out);
  out += ",\"source_classes\":";
  AppendCounts(incident.source_classes, "class", &out);
  out += ",\"first_seen\":";
  AppendJsonString(FormatIso8601(incident.first_seen), &out);
  out += ",\"last_seen\":";
  AppendJsonString(FormatIso8601(incident.last_seen), &out);
  out += ",\"first_publisher\":";
  AppendJsonString(incident.first_publisher, &out);
  out += ",\"item_count\":" + std::to_string(incident.item_count());
  out += ",\"negative_ratio\":";
  AppendNumber(incident.negative_ratio(), &out);
  out += ",\"sentiment_mix\":{\"negative\":" + std::to_string(incident.negative) +
         ",\"neutral\":" + std::to_string(incident.neutral) +
         ",\"positive\":" + std::to_string(incident.positive) + '}';
  out += ",\"key_items\":";
  AppendStrings(incident.key_items, &out);
  out += ",\"timeline\":[";
  for (size_t i = 0; i < incident.timeline.size(); ++i) {
    const IncidentTimelineEntry& entry = incident.timeline[i];
    if (i > 0) out += ',';
    out += "{\"at\":";
    AppendJsonString(FormatIso8601(entry.at), &out);
    out += ",\"event\":";
    AppendJsonString(entry.event, &out);
    out += ",\"grade\":";
    AppendJsonString(GradeName(entry.grade), &out);
    out += ",\"item_count\":" + std::to_string(entry.item_count) + '}';
  }
  out += "],\"routed_to\":";
  AppendStrings(routed_to, &out);
  out += ",\"item_ids\":";
  AppendStrings(incident.item_ids, &out);
  out += "}}";
  return out;
}

}  // namespace yuqing
