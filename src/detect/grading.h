// The grade of an incident (I 特别重大 … IV 一般) from an auditable score: each component adds
// points and, when it counts, one line of reasons, so a duty officer sees why.
//
// The score is in doublings of volume: 0 is the paging line (grade III), where the story's
// projected 24-hour volume equals the stream's alert volume. Volume comes first because it is
// what every other component needs to matter: negativity, sensitivity, reach, authority and
// spread add points only once the story has reached the paging line (aggravate_from), so they
// set how urgent a paged incident is (III → II → I) and words alone never page anyone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detect/incident.h"

namespace yuqing {

struct GradeInputs {
  uint32_t items = 0;
  double projected_volume = 0;               // items the story is projected to reach within 24 h
  double alert_volume = 1;                   // the stream-calibrated projected volume that pages
  double items_per_hour = 0;                 // recent velocity
  double velocity_z = 0;                     // σ above the stream's baseline story velocity
  double negative_ratio = 0;                 // of the items with a sentiment
  std::vector<std::string> sensitive_kinds;  // death, protest, fraud, … (in items so far)
  int64_t max_followers = 0;                 // the largest audience among its authors
  bool verified_author = false;
  uint32_t authority_items = 0;  // items from official or media sources
  uint32_t provinces = 0;        // distinct provinces (and HK/MO/TW) its items name
  // The strongest surge among its items' scheme × region and source-class counters, against
  // their own baselines (detect/significance.h): "养老金 × 四川省/成都市", 6.1σ.
  std::string surge;
  double surge_z = 0;
  std::vector<std::string> emerging_terms;  // words and pairs far above their own baseline
};

struct GradeOptions {
  double negative_ratio = 0.4;  // at or above (with ≥ 10 items): +0.5
  double negative_points = 0.5;
  double sensitive_points = 0.5;  // per kind, at most 2 kinds
  int64_t reach_followers = 1000000;
  double reach_points = 0.5;
  double authority_points = 0.5;
  uint32_t spread_provinces = 3;  // +0.5; twice as many: +1
  double spread_points = 0.5;
  double surge_sigma = 5;  // a scheme × region or source-class surge this far above baseline: +0.5
  double surge_points = 0.5;
  double aggravate_from = 0;  // volume score from which the other components count
  double grade_ii = 3;  // score at or above: II (8× the alert volume, or less with aggravation)
  double grade_i = 5;   // I
  double notice = -2;   // IV (a quarter of the alert volume)
};

struct GradeResult {
  Grade grade = Grade::kNone;
  double score = 0;
  std::vector<std::string> reasons;
};

// `explain` false: grade and score only, no reasons (the detector grades a story at every item
// and needs the reasons only when it reports).
GradeResult GradeIncident(const GradeInputs& inputs, const GradeOptions& options = {},
                          bool explain = true);

}  // namespace yuqing
