// Golden-hour detection (product.md §2.6): incidents that open within minutes of a story
// taking off, absorb its new items, merge when two stories turn out to be one, close after
// quiet, and carry a grade with its reasons (detect/grading.h).
//
// Everything runs in stream time (item timestamps): a replay of a month gives the incidents a
// live run would have given. Per item, in O(1): the item's story (relate's story_id) updates
// its counts and decaying velocity; its projected 24-hour volume,
//     projected = n · ((24 h + τ) / (age + τ))^γ        (γ = 0.5: cascades grow sub-linearly),
// while the wave is younger than an hour, the items it has after that, is compared with the
// stream's alert volume, calibrated on the stream itself (a share of the
// stream's own daily volume, never below a floor), so one configuration serves a county and
// the nation. A story's velocity is also scored against the stream's baseline of story
// velocities (EWMA and EWM variance with a noise floor, SigniTrend), and every item counts in
// fixed-memory sketches of scheme × region (four levels), source class, words and word pairs,
// each against its own baseline: surges and emerging terms nobody configured become reasons
// (and aggravate the grade of a paged incident).
//
// Memory: a story's state is dropped once it has been quiet for `story_window`; an incident
// is dropped when it closes. So state follows the live part of the stream, not its length.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/item.h"
#include "detect/grading.h"
#include "detect/incident.h"
#include "detect/significance.h"

namespace yuqing {

struct DetectOptions {
  // Projected 24-hour volume that pages (grade III): max(min_alert_volume, alert_share × the
  // stream's items per day).
  double min_alert_volume = 137;
  double alert_share = 0.002;
  double growth_exponent = 0.5;      // γ of the projection
  int64_t growth_offset_ms = 60000;  // τ: keeps the first minute from projecting wildly
  // The projection is trusted for a wave's first hour (the golden hour); after that a story
  // pages on the items it has (in the last 24 h once it is a day old), not on a forecast: on
  // the CED cascades the sqrt law overestimates late growth (n24/n is 1.2 at 10 h, not 1.55).
  int64_t projection_horizon_ms = 60LL * 60 * 1000;
  double late_factor = 2;  // a story a day old counts its volume at 1/late_factor
  uint32_t min_items = 3;  // no incident for fewer items
  // `updated` at most this often per incident, and only when it grew by update_growth× since
  // its last event (grade changes, merges and closes go out at once).
  int64_t update_interval_ms = 5LL * 60 * 1000;
  double update_growth = 1.5;
  int64_t close_after_ms = 12LL * 3600 * 1000;   // quiet time that closes an incident
  int64_t story_window_ms = 48LL * 3600 * 1000;  // quiet time after which a story is forgotten
  size_t max_item_ids = 20000;                   // ids kept per story/incident (then counted only)
  // Counters of scheme × region (each of the four levels), source class, words and word
  // pairs, each against its own baseline (detect/significance.h). A key counts as a surge
  // (or an emerging term) from this many σ and this many items in the current hour.
  SignificanceOptions significance;
  double surge_sigma = 4;
  double surge_min_items = 5;
  GradeOptions grading;
};

// Words that make an incident sensitive, with their kind (resources/detect/sensitive_terms.tsv).
class SensitiveTerms {
 public:
  static SensitiveTerms Load(const std::string& path, std::string* error);
  // The kind of `word`, or empty.
  std::string_view KindOf(std::string_view word) const;
  size_t size() const;

 private:
  struct Table;
  std::shared_ptr<const Table> table_;
};

using IncidentEventSink = std::function<void(const IncidentEvent&)>;

struct DetectStats {
  uint64_t items = 0;
  size_t live_stories = 0;
  size_t open_incidents = 0;
  uint64_t incidents_opened = 0;
};

class Detector {
 public:
  Detector(DetectOptions options, SensitiveTerms terms);
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  // Feeds one analysed item (story_id set by relate; an item without one is its own story).
  void Observe(const Item& item, const IncidentEventSink& emit);
  // Relate merged story `from` into `into` (relate/story_clusterer.h).
  void MergeStories(std::string_view from, std::string_view into, Timestamp at,
                    const IncidentEventSink& emit);

  DetectStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
