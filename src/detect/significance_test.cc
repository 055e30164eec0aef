#include "detect/significance.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

constexpr int64_t kHour = 3600LL * 1000;

TEST(SignificanceSketchTest, ASurgeStandsOutAgainstItsOwnBaseline) {
  SignificanceSketch sketch;
  // Key 1: about 5 a hour for two days; key 2: about 50 a hour.
  for (int64_t hour = 0; hour < 48; ++hour) {
    for (int i = 0; i < 5; ++i) sketch.Add(1, hour * kHour + i * 1000);
    for (int i = 0; i < 50; ++i) sketch.Add(2, hour * kHour + i * 1000);
  }
  // The same 40 extra items are a surge for key 1 and ordinary for key 2.
  Significance one, two;
  for (int i = 0; i < 45; ++i) one = sketch.Add(1, 48 * kHour + i * 1000);
  for (int i = 0; i < 45; ++i) two = sketch.Add(2, 48 * kHour + i * 1000);
  EXPECT_GT(one.z, 10);
  EXPECT_LT(two.z, 1);
  EXPECT_NEAR(one.mean, 5, 1);
  EXPECT_NEAR(two.mean, 50, 5);
}

TEST(SignificanceSketchTest, ANewKeyNeedsMoreThanTheNoiseFloor) {
  SignificanceSketch sketch;
  Significance s;
  for (int i = 0; i < 3; ++i) s = sketch.Add(42, i);
  EXPECT_NEAR(s.z, 1.5, 1e-6);  // 3 items over a 0 baseline with a floor of 2
  for (int i = 0; i < 20; ++i) s = sketch.Add(42, 100 + i);
  EXPECT_GT(s.z, 10);
}

TEST(SignificanceSketchTest, QuietTimeLowersTheBaselineAndOddTimesDoNotCrash) {
  SignificanceSketch sketch;
  for (int64_t hour = 0; hour < 24; ++hour) {
    for (int i = 0; i < 30; ++i) sketch.Add(7, hour * kHour + i);
  }
  const Significance after_gap = sketch.Add(7, 24 * 30 * kHour);
  EXPECT_LT(after_gap.mean, 1);  // a month of silence: the baseline is forgotten
  sketch.Add(7, INT64_MIN);
  sketch.Add(7, INT64_MAX);
  sketch.Add(7, -5);
  EXPECT_GT(sketch.bytes(), 0u);
}

}  // namespace
}  // namespace yuqing
