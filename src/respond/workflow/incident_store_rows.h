// Private to the incident store: reading and writing one incidents row, the audit row every
// action ends with, and small JSON helpers for audit details.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_text.h"
#include "respond/workflow/incident_store.h"

namespace yuqing::incident_rows {

// The columns LoadRecord reads, in order; List and Show select the same.
inline constexpr std::string_view kRecordColumns =
    "id, story_id, title, grade, score, opened_ms, last_event_ms, snapshot, detector_open, "
    "state, emergency, assignee, unit, cycle, cycle_started_ms, ever_acknowledged, "
    "acknowledged_ms, informed_ms, responded_ms, closed_ms, close_reason";

IncidentRecord RecordFromRow(const SqliteStatement& row);
// NotFound naming the id when there is no such incident.
Result<IncidentRecord> LoadRecord(SqliteDb& db, const std::string& id);
Status WriteRecord(SqliteDb& db, const IncidentRecord& record);
Status AppendAudit(SqliteDb& db, int64_t at_ms, std::string_view actor, std::string_view id,
                   std::string_view action, std::string_view detail_json);
Grade GradeFromName(std::string_view name);  // "I".."IV"; anything else: kNone

// A flat JSON object built key by key, for audit details.
class DetailJson {
 public:
  DetailJson& Add(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(value, &out_);
    return *this;
  }
  DetailJson& Add(std::string_view key, int64_t value) {
    Key(key);
    AppendJsonNumber(value, &out_);
    return *this;
  }
  std::string Done() const { return out_ + "}"; }

 private:
  void Key(std::string_view key) {
    if (out_.size() > 1) out_ += ',';
    AppendJsonString(key, &out_);
    out_ += ':';
  }
  std::string out_ = "{";
};

}  // namespace yuqing::incident_rows
