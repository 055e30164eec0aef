#include "cli/incident_events_jsonl.h"

#include <simdjson.h>

#include <cmath>

#include "core/line_reader.h"
#include "core/time.h"

namespace yuqing::cli {

static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Status ReadString(object parent, std::string_view prefix, std::string_view key, std::string* out) {
  element value;
  if (parent[key].get(value) != simdjson::SUCCESS || value.is_null()) return Status::Ok();
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Status::InvalidInput(std::string(prefix) + std::string(key) + ": expected a string");
  }
  *out = std::string(text);
  return Status::Ok();
}

Status ReadTime(object parent, std::string_view prefix, std::string_view key, Timestamp* out) {
  std::string text;
  if (Status s = ReadString(parent, prefix, key, &text); !s.ok() || text.empty()) return s;
  auto at = ParseIso8601(text);
  if (!at.ok()) {
    return Status::InvalidInput(std::string(prefix) + std::string(key) + ": " +
                                at.status().message());
  }
  *out = *at;
  return Status::Ok();
}

Status ReadStrings(object parent, std::string_view key, std::vector<std::string>* out) {
  simdjson::dom::array array;
  if (parent[key].get(array) != simdjson::SUCCESS) return Status::Ok();
  for (element value : array) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      return Status::InvalidInput("incident." + std::string(key) + ": expected strings");
    }
    out->emplace_back(text);
  }
  return Status::Ok();
}

uint32_t ReadCount(object parent, std::string_view key) {
  int64_t count = 0;
  if (parent[key].get(count) != simdjson::SUCCESS || count < 0) return 0;
  return static_cast<uint32_t>(count);
}

// [{<name_key>: "...", "items": N}], as IncidentEventJson writes regions, keywords, platforms.
Status ReadCounts(object parent, std::string_view key, std::string_view name_key,
                  std::vector<NamedCount>* out) {
  simdjson::dom::array array;
  if (parent[key].get(array) != simdjson::SUCCESS) return Status::Ok();
  for (element value : array) {
    object entry;
    if (value.get_object().get(entry) != simdjson::SUCCESS) {
      return Status::InvalidInput("incident." + std::string(key) + ": expected objects");
    }
    NamedCount count;
    if (Status s = ReadString(entry, "incident." + std::string(key) + ".", name_key, &count.name);
        !s.ok()) {
      return s;
    }
    count.count = ReadCount(entry, "items");
    out->push_back(std::move(count));
  }
  return Status::Ok();
}

Grade ParseGradeName(std::string_view name, bool* ok) {
  *ok = true;
  for (Grade g : {Grade::kI, Grade::kII, Grade::kIII, Grade::kIV, Grade::kNone}) {
    if (GradeName(g) == name) return g;
  }
  *ok = false;
  return Grade::kNone;
}

}  // namespace

Result<ParsedIncidentEvent> ParseIncidentEventLine(std::string_view line) {
  simdjson::dom::parser parser;
  element doc;
  if (auto error = parser.parse(line.data(), line.size(), false).get(doc); error) {
    return Status::InvalidInput(std::string("not JSON: ") + simdjson::error_message(error));
  }
  object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    return Status::InvalidInput("expected a JSON object");
  }
  ParsedIncidentEvent parsed;
  parsed.incident = std::make_unique<Incident>();
  Incident& incident = *parsed.incident;
  IncidentEvent& event = parsed.event;
  event.incident = parsed.incident.get();

  std::string kind;
  if (Status s = ReadString(root, "", "event", &kind); !s.ok()) return s;
  bool known = false;
  for (IncidentEventKind k :
       {IncidentEventKind::kOpened, IncidentEventKind::kUpdated, IncidentEventKind::kEscalated,
        IncidentEventKind::kMerged, IncidentEventKind::kClosed}) {
    if (IncidentEventName(k) == kind) {
      event.kind = k;
      known = true;
    }
  }
  if (!known) {
    return Status::InvalidInput("event: expected opened|updated|escalated|merged|closed, got '" +
                                kind + "'");
  }
  std::string at;
  if (Status s = ReadString(root, "", "at", &at); !s.ok()) return s;
  if (at.empty()) return Status::InvalidInput("at: missing");
  if (Status s = ReadTime(root, "", "at", &event.at); !s.ok()) return s;
  if (Status s = ReadString(root, "", "merged_from", &event.merged_from); !s.ok()) return s;

  object o;
  if (root["incident"].get(o) != simdjson::SUCCESS) {
    return Status::InvalidInput("incident: missing or not an object");
  }
  constexpr std::string_view kPrefix = "incident.";
  if (Status s = ReadString(o, kPrefix, "id", &incident.id); !s.ok()) return s;
  if (incident.id.empty()) return Status::InvalidInput("incident.id: missing");
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"story_id", &incident.story_id},
                          {"title", &incident.title},
                          {"first_publisher", &incident.first_publisher}}) {
    if (Status s = ReadString(o, kPrefix, key, out); !s.ok()) return s;
  }
  std::string grade;
  if (Status s = ReadString(o, kPrefix, "grade", &grade); !s.ok()) return s;
  bool grade_ok = false;
  incident.grade = ParseGradeName(grade, &grade_ok);
  if (!grade_ok) return Status::InvalidInput("incident.grade: expected I..IV, got '" + grade + "'");
  // Real scores are a few doublings plus points (docs/detect.md); a bound keeps absurd values
  // out of the store, and IncidentEventJson prints scores into a fixed-size buffer.
  constexpr double kMaxScore = 1e6;
  element score;
  if (o["score"].get(score) == simdjson::SUCCESS && !score.is_null()) {
    if (score.get_double().get(incident.score) != simdjson::SUCCESS ||
        !(std::abs(incident.score) <= kMaxScore)) {
      return Status::InvalidInput("incident.score: expected a number within ±1e6");
    }
  }
  for (auto [key, out] :
       {std::pair<std::string_view, std::vector<std::string>*>{"reasons", &incident.reasons},
        {"schemes", &incident.schemes},
        {"item_ids", &incident.item_ids},
        {"key_items", &incident.key_items},
        {"routed_to", &incident.routed_to}}) {
    if (Status s = ReadStrings(o, key, out); !s.ok()) return s;
  }
  if (Status s = ReadCounts(o, "regions", "name", &incident.regions); !s.ok()) return s;
  if (Status s = ReadCounts(o, "keywords", "word", &incident.keywords); !s.ok()) return s;
  if (Status s = ReadCounts(o, "platforms", "platform", &incident.platforms); !s.ok()) return s;
  if (Status s = ReadCounts(o, "region_codes", "code", &incident.region_codes); !s.ok()) return s;
  if (Status s = ReadCounts(o, "source_classes", "class", &incident.source_classes); !s.ok()) {
    return s;
  }
  if (Status s = ReadTime(o, kPrefix, "first_seen", &incident.first_seen); !s.ok()) return s;
  if (Status s = ReadTime(o, kPrefix, "last_seen", &incident.last_seen); !s.ok()) return s;
  object mix;
  if (o["sentiment_mix"].get(mix) == simdjson::SUCCESS) {
    incident.negative = ReadCount(mix, "negative");
    incident.neutral = ReadCount(mix, "neutral");
    incident.positive = ReadCount(mix, "positive");
  }
  simdjson::dom::array timeline;
  if (o["timeline"].get(timeline) == simdjson::SUCCESS) {
    for (element value : timeline) {
      object entry;
      if (value.get_object().get(entry) != simdjson::SUCCESS) continue;
      IncidentTimelineEntry t;
      if (Status s = ReadTime(entry, "incident.timeline.", "at", &t.at); !s.ok()) return s;
      if (Status s = ReadString(entry, "incident.timeline.", "event", &t.event); !s.ok()) return s;
      std::string entry_grade;
      (void)ReadString(entry, "incident.timeline.", "grade", &entry_grade);
      bool entry_ok = false;
      t.grade = ParseGradeName(entry_grade, &entry_ok);
      t.item_count = ReadCount(entry, "item_count");
      incident.timeline.push_back(std::move(t));
    }
  }
  return parsed;
}

}  // namespace yuqing::cli
