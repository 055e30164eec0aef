// What every yuqing benchmark prints: throughput, latency percentiles, peak memory, and the
// ratio against a baseline measured in the same run (docs/benchmarks.md).
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing::bench {

using Clock = std::chrono::steady_clock;

// A TSV cell of ../shared/data with its \\ \t \n \r escapes undone.
inline std::string UnescapeTsvCell(std::string_view cell) {
  std::string text;
  text.reserve(cell.size());
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 1 < cell.size()) {
      const char c = cell[++i];
      text += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
    } else {
      text += cell[i];
    }
  }
  return text;
}

// The non-empty texts of ../shared/data/ced_weibo_rumor_cascades/posts.tsv (id event_id
// parent_id user created_at year_inferred text, header line first), with the \\ \t \n \r
// escapes undone; at most `limit`. False when the file cannot be read.
inline bool ReadPostTexts(const std::string& path, size_t limit, std::vector<std::string>* posts) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (posts->size() < limit && std::getline(in, line)) {
    size_t at = 0;
    for (int tab = 0; tab < 6 && at != std::string::npos; ++tab) {
      at = line.find('\t', at);
      if (at != std::string::npos) ++at;
    }
    if (at == std::string::npos || at >= line.size()) continue;
    posts->push_back(UnescapeTsvCell(std::string_view(line).substr(at)));
  }
  return true;
}

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Peak resident set size of this process so far, in MiB.
inline double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Per-operation latencies in nanoseconds.
class Latencies {
 public:
  void Reserve(size_t n) { nanos_.reserve(n); }
  void Add(Clock::time_point start, Clock::time_point end) {
    nanos_.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
  }
  // p in [0, 100]
  double PercentileMicros(double p) {
    if (nanos_.empty()) return 0;
    if (!sorted_) {
      std::sort(nanos_.begin(), nanos_.end());
      sorted_ = true;
    }
    const size_t i = std::min(nanos_.size() - 1, static_cast<size_t>(p / 100.0 * nanos_.size()));
    return static_cast<double>(nanos_[i]) / 1000.0;
  }

 private:
  std::vector<int64_t> nanos_;
  bool sorted_ = false;
};

struct Measurement {
  std::string name;
  uint64_t items = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  double items_per_sec() const { return seconds > 0 ? items / seconds : 0; }
  double mb_per_sec() const { return seconds > 0 ? bytes / seconds / 1e6 : 0; }
};

inline void PrintHeader() {
  std::printf("%-44s %12s %10s %9s %9s %9s %9s\n", "case", "items/s", "MB/s", "p50 us", "p99 us",
              "p99.9 us", "x base");
}

inline void Print(const Measurement& m, Latencies* latencies, const Measurement* baseline) {
  std::printf("%-44s %12.0f %10.1f", m.name.c_str(), m.items_per_sec(), m.mb_per_sec());
  if (latencies) {
    std::printf(" %9.2f %9.2f %9.2f", latencies->PercentileMicros(50),
                latencies->PercentileMicros(99), latencies->PercentileMicros(99.9));
  } else {
    std::printf(" %9s %9s %9s", "-", "-", "-");
  }
  if (baseline && baseline->seconds > 0) {
    std::printf(" %9.2f", baseline->seconds / m.seconds);
  } else {
    std::printf(" %9s", "-");
  }
  std::printf("\n");
}

}  // namespace yuqing::bench
