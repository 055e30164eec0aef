// Reading `yuqing replay` output back: one incident event per JSON line (product.md §4.2), as
// IncidentEventJson writes it, so that `yuqing incidents import` can load a replay's incidents
// into the store without re-running the pipeline.
#pragma once

#include <memory>
#include <string_view>

#include "core/status.h"
#include "detect/incident.h"

namespace yuqing::cli {

// An event with the incident it points to.
struct ParsedIncidentEvent {
  std::unique_ptr<Incident> incident;
  IncidentEvent event;
};

// Parses one line. Required: event, at, incident.id; every other incident field is optional
// and read when present. The message names the field, e.g. "incident.grade: expected I..IV".
// `line` must stay readable for simdjson::SIMDJSON_PADDING bytes past its end (LineReader's).
Result<ParsedIncidentEvent> ParseIncidentEventLine(std::string_view line);

}  // namespace yuqing::cli
