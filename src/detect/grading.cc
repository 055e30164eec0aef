#include "detect/grading.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace yuqing {

GradeResult GradeIncident(const GradeInputs& in, const GradeOptions& options, bool explain) {
  GradeResult result;
  const double volume =
      std::log2(std::max(in.projected_volume, 1e-9) / std::max(in.alert_volume, 1e-9));
  result.score = volume;
  if (explain)
    result.reasons.push_back(
        fmt::format("{} items; projected {:.0f} within 24 h ({:.1f}× the "
                    "alert volume {:.0f})",
                    in.items, in.projected_volume,
                    in.projected_volume / std::max(in.alert_volume, 1e-9), in.alert_volume));
  if (!in.surge.empty()) {
    if (explain)
      result.reasons.push_back(
          fmt::format("surge: {} {:.1f}σ above its baseline", in.surge, in.surge_z));
  }
  if (!in.emerging_terms.empty()) {
    std::string list;
    for (const auto& term : in.emerging_terms) list += (list.empty() ? "" : ", ") + term;
    if (explain) result.reasons.push_back("emerging terms: " + list);
  }
  if (in.velocity_z >= 2) {
    if (explain)
      result.reasons.push_back(fmt::format("velocity {:.1f}σ above baseline ({:.0f} items/h)",
                                           in.velocity_z, in.items_per_hour));
  }
  if (volume >= options.aggravate_from) {
    if (in.items >= 10 && in.negative_ratio >= options.negative_ratio) {
      result.score += options.negative_points;
      if (explain)
        result.reasons.push_back(fmt::format("{:.0f}% negative", in.negative_ratio * 100));
    }
    if (!in.sensitive_kinds.empty()) {
      const size_t kinds = std::min<size_t>(in.sensitive_kinds.size(), 2);
      result.score += options.sensitive_points * static_cast<double>(kinds);
      std::string list;
      for (const auto& kind : in.sensitive_kinds) list += (list.empty() ? "" : ", ") + kind;
      if (explain) result.reasons.push_back("sensitive: " + list);
    }
    if (in.max_followers >= options.reach_followers) {
      result.score += options.reach_points;
      if (explain)
        result.reasons.push_back(fmt::format("reach: an author with {} followers{}",
                                             in.max_followers,
                                             in.verified_author ? " (verified)" : ""));
    }
    if (in.authority_items > 0) {
      result.score += options.authority_points;
      if (explain)
        result.reasons.push_back(
            fmt::format("carried by {} official or media items", in.authority_items));
    }
    if (in.surge_z >= options.surge_sigma) {
      result.score += options.surge_points;
    }
    if (in.provinces >= options.spread_provinces) {
      result.score += in.provinces >= 2 * options.spread_provinces ? 2 * options.spread_points
                                                                   : options.spread_points;
      if (explain) result.reasons.push_back(fmt::format("spread to {} provinces", in.provinces));
    }
  }
  if (result.score >= options.grade_i) {
    result.grade = Grade::kI;
  } else if (result.score >= options.grade_ii) {
    result.grade = Grade::kII;
  } else if (result.score >= 0) {
    result.grade = Grade::kIII;
  } else if (result.score >= options.notice) {
    result.grade = Grade::kIV;
  }
  return result;
}

}  // namespace yuqing
