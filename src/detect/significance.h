// Significance of a key's current frequency against its own baseline, for any number of keys
// in fixed memory (SigniTrend, Schubert, Weiler and Kriegel, KDD 2014): a count-min sketch
// whose cells hold, per time bucket, the count so far and an exponentially weighted mean and
// variance of past buckets' counts. A key's significance is
//     z = (count in the current bucket − mean) / max(stddev, noise_floor)
// taken from the cell with the smallest count (count-min: the least inflated by collisions).
//
// Keys are 64-bit hashes of whatever is counted: a scheme in a region, a source class, a word,
// a pair of words. Time is stream time: buckets follow item timestamps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace yuqing {

struct SignificanceOptions {
  int64_t bucket_ms = 60LL * 60 * 1000;  // a bucket of one hour
  double alpha = 0.05;                   // weight of each finished bucket in the baseline
  double noise_floor = 2;                // smallest stddev, in items per bucket
  uint32_t width = 1 << 15;              // cells per row (rounded up to a power of two)
  uint32_t depth = 3;                    // rows
};

struct Significance {
  double count = 0;  // in the current bucket
  double mean = 0;   // baseline per bucket
  double z = 0;
};

class SignificanceSketch {
 public:
  explicit SignificanceSketch(SignificanceOptions options = {});

  // Counts one occurrence of `key` at `time_ms` and returns its significance now.
  Significance Add(uint64_t key, int64_t time_ms);
  size_t bytes() const { return cells_.size() * sizeof(Cell); }

 private:
  struct Cell {
    int64_t bucket = INT64_MIN;
    float count = 0;
    float mean = 0;
    float variance = 0;
  };
  void Roll(Cell& cell, int64_t bucket) const;

  SignificanceOptions options_;
  uint32_t mask_;
  std::vector<Cell> cells_;
};

}  // namespace yuqing
