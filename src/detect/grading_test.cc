#include "detect/grading.h"

#include <gtest/gtest.h>

#include <cmath>

namespace yuqing {
namespace {

GradeInputs AtAlertVolume(double multiple) {
  GradeInputs in;
  in.items = 40;
  in.alert_volume = 100;
  in.projected_volume = 100 * multiple;
  return in;
}

TEST(Grading, VolumeSetsTheGradeInDoublings) {
  EXPECT_EQ(GradeIncident(AtAlertVolume(0.1)).grade, Grade::kNone);
  EXPECT_EQ(GradeIncident(AtAlertVolume(0.3)).grade, Grade::kIV);
  EXPECT_EQ(GradeIncident(AtAlertVolume(1.0)).grade, Grade::kIII);
  EXPECT_EQ(GradeIncident(AtAlertVolume(8.0)).grade, Grade::kII);
  EXPECT_EQ(GradeIncident(AtAlertVolume(32.0)).grade, Grade::kI);
  EXPECT_NEAR(GradeIncident(AtAlertVolume(4.0)).score, 2.0, 1e-9);
}

TEST(Grading, AggravationRaisesTheGradeAndSaysWhy) {
  GradeInputs in = AtAlertVolume(4.0);  // score 2: grade III
  in.negative_ratio = 0.6;
  in.sensitive_kinds = {"death", "protest"};
  in.provinces = 4;
  const GradeResult result = GradeIncident(in);
  EXPECT_EQ(result.grade, Grade::kII);
  EXPECT_NEAR(result.score, 2 + 0.5 + 1 + 0.5, 1e-9);
  std::string all;
  for (const auto& r : result.reasons) all += r + "\n";
  EXPECT_NE(all.find("60% negative"), std::string::npos) << all;
  EXPECT_NE(all.find("sensitive: death, protest"), std::string::npos) << all;
  EXPECT_NE(all.find("spread to 4 provinces"), std::string::npos) << all;
}

TEST(Grading, UnexplainedGradesAreTheSameWithoutReasons) {
  GradeInputs in = AtAlertVolume(6.0);
  in.negative_ratio = 0.5;
  in.sensitive_kinds = {"protest"};
  in.provinces = 7;
  const GradeResult explained = GradeIncident(in);
  const GradeResult bare = GradeIncident(in, {}, false);
  EXPECT_EQ(bare.grade, explained.grade);
  EXPECT_EQ(bare.score, explained.score);
  EXPECT_TRUE(bare.reasons.empty());
  EXPECT_EQ(explained.reasons.size(), 4u);
}

TEST(Grading, WordsAloneNeverPage) {
  GradeInputs in = AtAlertVolume(0.9);  // just below the paging line
  in.negative_ratio = 1.0;
  in.sensitive_kinds = {"death", "fraud"};
  in.max_followers = 50000000;
  in.authority_items = 3;
  in.provinces = 10;
  const GradeResult result = GradeIncident(in);
  EXPECT_FALSE(Pages(result.grade));
  EXPECT_NEAR(result.score, std::log2(0.9), 1e-9);
}

}  // namespace
}  // namespace yuqing
