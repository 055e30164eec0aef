// JSONL item reading and writing: yuqing's reader (simdjson + validation) against nlohmann::json
// on the same lines, and against the bare line split (the I/O ceiling), in one run.
//
//   build/bench/bench_jsonl ITEMS.jsonl
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "core/item_jsonl.h"
#include "core/line_reader.h"

using namespace yuqing;
using namespace yuqing::bench;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s ITEMS.jsonl\n", argv[0]);
    return 1;
  }
  const std::string path = argv[1];

  // Ceiling: split lines only.
  Measurement split{"line split only (I/O ceiling)"};
  {
    auto lines = LineReader::Open(path);
    if (!lines.ok()) {
      std::fprintf(stderr, "%s\n", lines.status().message().c_str());
      return 1;
    }
    std::string_view line;
    size_t number = 0;
    const auto start = Clock::now();
    while ((*lines)->Next(&line, &number) == LineReader::Outcome::kLine) ++split.items;
    split.seconds = SecondsSince(start);
    split.bytes = (*lines)->bytes_read();
  }

  // Baseline: nlohmann::json parse of every line (no validation, no Item).
  Measurement nlohmann_read{"read: nlohmann::json::parse (baseline)"};
  Latencies nlohmann_latency;
  {
    auto lines = LineReader::Open(path);
    std::string_view line;
    size_t number = 0;
    nlohmann_latency.Reserve(split.items);
    const auto start = Clock::now();
    while ((*lines)->Next(&line, &number) == LineReader::Outcome::kLine) {
      const auto t0 = Clock::now();
      auto doc = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
      nlohmann_latency.Add(t0, Clock::now());
      if (!doc.is_discarded()) ++nlohmann_read.items;
    }
    nlohmann_read.seconds = SecondsSince(start);
    nlohmann_read.bytes = (*lines)->bytes_read();
  }

  // yuqing: parse + validate into an Item, as `yuqing analyze` does (one Item reused).
  Measurement read{"read: yuqing ItemReader (simdjson+validate)"};
  Latencies read_latency;
  size_t bad_records = 0;
  {
    auto reader = ItemReader::Open(path);
    read_latency.Reserve(split.items);
    Item item;
    BadRecord bad;
    const auto start = Clock::now();
    for (;;) {
      const auto t0 = Clock::now();
      const auto outcome = (*reader)->Next(&item, &bad);
      read_latency.Add(t0, Clock::now());
      if (outcome == ItemReader::Outcome::kItem) {
        ++read.items;
      } else if (outcome == ItemReader::Outcome::kBadRecord) {
        ++bad_records;
      } else {
        break;
      }
    }
    read.seconds = SecondsSince(start);
    read.bytes = (*reader)->bytes_read();
  }

  // Writing: the same items through yuqing's writer and through nlohmann::json's dump of the
  // same documents (parsed back from yuqing's output, so both write identical content). Items
  // go in chunks, as in `yuqing analyze`, so memory stays bounded; only the writing is timed.
  Measurement write{"write: yuqing AppendItemJson"};
  Measurement nlohmann_write{"write: nlohmann::json dump (baseline)"};
  Latencies write_latency;
  {
    constexpr size_t kChunk = 10000;
    auto reader = ItemReader::Open(path);
    std::vector<Item> items(kChunk);
    std::vector<nlohmann::json> docs;
    std::string out, line;
    Item item;
    BadRecord bad;
    write_latency.Reserve(read.items);
    bool more = true;
    while (more) {
      size_t n = 0;
      while (n < kChunk) {
        const auto outcome = (*reader)->Next(&items[n], &bad);
        if (outcome == ItemReader::Outcome::kItem) ++n;
        if (outcome == ItemReader::Outcome::kEnd || outcome == ItemReader::Outcome::kIoError) {
          more = false;
          break;
        }
      }
      docs.clear();
      for (size_t i = 0; i < n; ++i) {
        line.clear();
        AppendItemJson(items[i], &line);
        docs.push_back(nlohmann::json::parse(line));
      }
      out.clear();
      auto start = Clock::now();
      for (size_t i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        AppendItemJson(items[i], &out);
        out += '\n';
        write_latency.Add(t0, Clock::now());
      }
      write.seconds += SecondsSince(start);
      write.bytes += out.size();
      write.items += n;
      out.clear();
      start = Clock::now();
      for (const auto& j : docs) {
        out += j.dump();
        out += '\n';
      }
      nlohmann_write.seconds += SecondsSince(start);
      nlohmann_write.bytes += out.size();
      nlohmann_write.items += n;
    }
  }

  std::printf("input: %s (%llu lines, %.1f MB, %zu bad records)\n", path.c_str(),
              static_cast<unsigned long long>(split.items), split.bytes / 1e6, bad_records);
  PrintHeader();
  Print(split, nullptr, nullptr);
  Print(nlohmann_read, &nlohmann_latency, nullptr);
  Print(read, &read_latency, &nlohmann_read);
  Print(nlohmann_write, nullptr, nullptr);
  Print(write, &write_latency, &nlohmann_write);
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return 0;
}
