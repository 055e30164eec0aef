#include "detect/significance.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/hash64.h"

namespace yuqing {
namespace {

// One independent hash per row: the key's hash, salted, finalised again.
uint64_t Mix(uint64_t x, uint64_t seed) { return Fmix64(x ^ seed); }

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

SignificanceSketch::SignificanceSketch(SignificanceOptions options) : options_(options) {
  options_.width = std::bit_ceil(std::max<uint32_t>(options_.width, 16));
  options_.depth = std::clamp<uint32_t>(options_.depth, 1, 8);
  options_.bucket_ms = std::max<int64_t>(options_.bucket_ms, 1);
  mask_ = options_.width - 1;
  cells_.resize(static_cast<size_t>(options_.width) * options_.depth);
}

// Folds the cell's finished bucket, and the empty buckets after it, into its baseline.
void SignificanceSketch::Roll(Cell& cell, int64_t bucket) const {
  if (cell.bucket == bucket) return;
  if (cell.bucket == INT64_MIN || bucket < cell.bucket) {
    // First use, or an item from an earlier bucket than the cell's: count it in the current
    // bucket (streams are nearly in order; a late item is not worth a second clock).
    if (cell.bucket == INT64_MIN) cell.bucket = bucket;
    return;
  }
  const double a = options_.alpha;
  double mean = cell.mean, variance = cell.variance;
  auto fold = [&](double x) {
    const double delta = x - mean;
    mean += a * delta;
    variance = (1 - a) * (variance + a * delta * delta);
  };
  fold(cell.count);
  // Empty buckets since then: at most enough of them to forget the baseline, folded exactly.
  const int64_t empty = std::min<int64_t>(bucket - cell.bucket - 1, 200);
  for (int64_t i = 0; i < empty; ++i) fold(0);
  cell.mean = static_cast<float>(mean);
  cell.variance = static_cast<float>(variance);
  cell.count = 0;
  cell.bucket = bucket;
}

Significance SignificanceSketch::Add(uint64_t key, int64_t time_ms) {
  const int64_t bucket = FloorDiv(time_ms, options_.bucket_ms);
  Significance best;
  bool first = true;
  for (uint32_t row = 0; row < options_.depth; ++row) {
    Cell& cell = cells_[static_cast<size_t>(row) * options_.width +
                        (Mix(key, 0x9e3779b97f4a7c15ULL * (row + 1)) & mask_)];
    Roll(cell, bucket);
    cell.count += 1;
    if (first || cell.count < best.count) {
      first = false;
      best.count = cell.count;
      best.mean = cell.mean;
      const double sd =
          std::max<double>(std::sqrt(std::max<float>(cell.variance, 0)), options_.noise_floor);
      best.z = (cell.count - cell.mean) / sd;
    }
  }
  return best;
}

}  // namespace yuqing
