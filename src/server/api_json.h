// The JSON shapes of docs/api.md, built from what the stores hold. nlohmann::json is used at
// this edge only: the pipeline itself reads and writes items with simdjson and its own writer.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "respond/organisation.h"
#include "respond/workflow/incident_store.h"

namespace yuqing {

// "2026-11-30T08:15:00+08:00": the API speaks Beijing time.
std::string ApiTime(int64_t unix_ms);

// An ItemSummary from an item as AppendItemJson wrote it; `snippet` empty: the first
// characters of the clean text, escaped.
nlohmann::json ItemSummaryJson(const std::string& item_json, const std::string& snippet);
// The summary plus text, keywords and the rest (GET /api/items/{id}).
nlohmann::json ItemDetailJson(const std::string& item_json);

// A region code's name ("510104" → "锦江区").
using RegionNamer = std::function<std::string(const std::string& code)>;

// `now_ms`: a deadline not met by then is missed. `regions` lists the incident's region codes
// with their names.
nlohmann::json IncidentSummaryJson(const IncidentView& view, const OrganisationTree& tree,
                                   int64_t now_ms, const RegionNamer& region_name);
// Summary plus timeline, notes, reports, escalations, audit (items are added by the caller).
nlohmann::json IncidentDetailJson(const IncidentView& view, const OrganisationTree& tree,
                                  int64_t now_ms, const RegionNamer& region_name);
// The first `limit` item ids of an incident, in arrival order.
std::vector<std::string> IncidentItemIds(const IncidentRecord& record, size_t limit);
// The region codes an incident concerns (its snapshot's region_codes) and its unit.
std::vector<std::string> IncidentRegionCodes(const IncidentRecord& record);

// HTML-escapes text (& < > " ').
std::string EscapeHtml(std::string_view text);

}  // namespace yuqing
