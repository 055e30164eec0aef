// Exponentially weighted moving statistics in stream time (SigniTrend, Schubert et al., KDD
// 2014): a mean and a variance that adapt as the stream moves, and how far a new value stands
// above them in standard deviations, with a noise floor so that a quiet baseline (variance
// near 0) does not turn every small wobble into a huge z.
#pragma once

#include <algorithm>
#include <cmath>

namespace yuqing {

class EwmStats {
 public:
  // `alpha`: the weight of each new value (1/alpha values ≈ the memory).
  explicit EwmStats(double alpha = 0.01) : alpha_(alpha) {}

  void Add(double x) {
    if (count_ == 0) {
      mean_ = x;
    } else {
      const double delta = x - mean_;
      mean_ += alpha_ * delta;
      variance_ = (1 - alpha_) * (variance_ + alpha_ * delta * delta);
    }
    ++count_;
  }
  // (x - mean) / max(stddev, noise_floor); 0 before any value was added.
  double ZScore(double x, double noise_floor) const {
    if (count_ == 0) return 0;
    return (x - mean_) / std::max(std::sqrt(variance_), noise_floor);
  }
  double mean() const { return mean_; }
  double stddev() const { return std::sqrt(variance_); }
  long count() const { return count_; }

 private:
  double alpha_;
  double mean_ = 0;
  double variance_ = 0;
  long count_ = 0;
};

// A count that decays with a half-life in stream time: "items in about the last h", updated
// in O(1) per item. Value(t) = sum over past items of 2^(-(t - t_i) / half_life).
class DecayingCount {
 public:
  void Add(int64_t time_ms, double half_life_ms, double weight = 1) {
    value_ = Value(time_ms, half_life_ms) + weight;
    time_ms_ = std::max(time_ms_, time_ms);
  }
  double Value(int64_t time_ms, double half_life_ms) const {
    if (time_ms <= time_ms_) return value_;
    return value_ * std::exp2(-static_cast<double>(time_ms - time_ms_) / half_life_ms);
  }

 private:
  double value_ = 0;
  int64_t time_ms_ = 0;
};

}  // namespace yuqing
