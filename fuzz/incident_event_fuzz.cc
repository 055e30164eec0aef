// Fuzzes the reader of `yuqing replay` output (what `yuqing incidents import` reads): any line
// must parse or be refused with a Status, and an event it accepts must survive a round trip:
// written back with IncidentEventJson and read again, it writes the same line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cli/incident_events_jsonl.h"
#include "core/line_reader.h"
#include "detect/incident.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace yuqing;
  auto lines = LineReader::FromString(std::string(reinterpret_cast<const char*>(data), size));
  std::string_view line;
  size_t line_number = 0;
  while (lines->Next(&line, &line_number) == LineReader::Outcome::kLine) {
    auto first = cli::ParseIncidentEventLine(line);
    if (!first.ok()) continue;
    const std::string written = IncidentEventJson(first->event);
    auto padded = LineReader::FromString(written);
    std::string_view again_line;
    size_t again_number = 0;
    if (padded->Next(&again_line, &again_number) != LineReader::Outcome::kLine) std::abort();
    auto second = cli::ParseIncidentEventLine(again_line);
    if (!second.ok()) std::abort();                                 // what we write must read back
    if (IncidentEventJson(second->event) != written) std::abort();  // and the same
  }
  return 0;
}
