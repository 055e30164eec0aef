// Incidents (product.md §2.6) and the events that report them (§4.2): what `yuqing replay` and
// the service print, and what routing (issue 8) reads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace yuqing {

// I 特别重大 > II 重大 > III 较大 > IV 一般. kNone: below notice.
enum class Grade : uint8_t { kNone = 0, kIV = 1, kIII = 2, kII = 3, kI = 4 };
std::string_view GradeName(Grade grade);  // "I".."IV", "" for kNone
// Grades I-III page people; IV is a notice.
inline bool Pages(Grade grade) { return grade >= Grade::kIII; }

struct IncidentTimelineEntry {
  Timestamp at;
  std::string event;  // opened | escalated | merged | ...
  Grade grade = Grade::kNone;
  uint32_t item_count = 0;
};

struct NamedCount {
  std::string name;
  uint32_t count = 0;
};

struct Incident {
  std::string id;        // "inc-" + the story id it grew from
  std::string story_id;  // the story (relate) it follows
  std::string title;     // the first item's title, else the start of its text
  Grade grade = Grade::kNone;
  double score = 0;
  std::vector<std::string> reasons;  // why this grade, one line per component that counted
  std::vector<std::string> schemes;
  std::vector<NamedCount> regions;   // by items naming them, most first
  std::vector<NamedCount> keywords;  // most first
  std::vector<NamedCount> platforms;
  std::vector<NamedCount> region_codes;    // GB/T 2260 codes of mainland regions, most first
  std::vector<NamedCount> source_classes;  // official | media | self_media | ..., most first
  Timestamp first_seen;                    // the story's first item
  Timestamp last_seen;
  std::vector<std::string> item_ids;  // every item so far, in arrival order
  uint32_t negative = 0, neutral = 0, positive = 0;
  std::string first_publisher;         // id of the story's first item
  std::vector<std::string> key_items;  // the first item and the most-followed authors' items
  std::vector<IncidentTimelineEntry> timeline;
  std::vector<std::string> routed_to;  // filled by routing (issue 8)

  uint32_t item_count() const { return static_cast<uint32_t>(item_ids.size()); }
  double negative_ratio() const;
};

enum class IncidentEventKind : uint8_t { kOpened, kUpdated, kEscalated, kMerged, kClosed };
std::string_view IncidentEventName(IncidentEventKind kind);

struct IncidentEvent {
  IncidentEventKind kind = IncidentEventKind::kOpened;
  Timestamp at;  // stream time
  const Incident* incident = nullptr;
  std::string merged_from;  // kMerged: the incident absorbed into this one
};

// One JSON line: {"event","at","incident":{...}} (product.md §4.2), "merged_from" for merges.
std::string IncidentEventJson(const IncidentEvent& event);
// The same with `routed_to` given by routing, which reads the incident but does not own it.
std::string IncidentEventJson(const IncidentEvent& event,
                              const std::vector<std::string>& routed_to);

}  // namespace yuqing
