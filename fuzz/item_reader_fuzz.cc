// Fuzzes the JSONL item reader end to end: line splitting, JSON parsing, validation, and
// writing back every item it accepts (the output must again be a valid item).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/item_jsonl.h"
#include "core/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace yuqing;
  auto lines = LineReader::FromString(std::string(reinterpret_cast<const char*>(data), size));
  lines->set_max_line(4096);  // exercise the over-long-line path too
  ItemReader reader(std::move(lines));
  ItemParser reparser;
  Item item, again;
  BadRecord bad;
  std::string out;
  for (;;) {
    const auto outcome = reader.Next(&item, &bad);
    if (outcome == ItemReader::Outcome::kEnd || outcome == ItemReader::Outcome::kIoError) break;
    if (outcome != ItemReader::Outcome::kItem) continue;
    out.clear();
    AppendItemJson(item, &out);
    if (!reparser.Parse(out, &again).ok() || again.id != item.id ||
        again.created_at.unix_ms != item.created_at.unix_ms) {
      std::abort();  // what we write must read back as the same item
    }
  }
  return 0;
}
