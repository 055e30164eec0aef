// Stories (product.md §2.5): incremental clustering of items about one event, in constant time
// per item and bounded memory.
//
// Evidence, strongest first:
//   1. the parent (a repost or comment names the post it answers: `parent_id`);
//   2. a near-duplicate (`duplicate_of`, from the near-duplicate index);
//   3. content: the item's weighted terms (TF-IDF keywords) against the centroids of recent
//      stories that share a term (an inverted index over the terms of live stories, each term
//      keeping only its most recent stories, so a look-up costs at most
//      terms × stories_per_term centroid comparisons — a first-story-detection scheme after
//      Petrović et al., 2010, with the term index in place of random-hyperplane LSH).
// An item no evidence places opens a new story named after the item (its first publisher).
// When hard evidence (1 or 2) names two different live stories, they merge: the older one
// survives, and Resolve() maps the younger id to it from then on.
//
// Memory: items, stories and term postings expire once the stream's clock has moved
// `window` past their last activity; a story stays alive while it keeps getting items.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

struct StoryTerm {
  std::string_view text;
  double weight = 0;  // e.g. count × idf
};

struct StoryEvidence {
  std::string_view item_id;          // required, unique
  std::string_view parent_id;        // empty: none
  std::string_view duplicate_of;     // empty: none
  int64_t time_ms = 0;               // the item's publish time (unix ms)
  std::span<const StoryTerm> terms;  // its keywords, any order; may be empty
};

struct StoryOptions {
  // Idle time after which a story, its term postings and the ids of its originals (items with
  // no parent) and of items that got replies are forgotten (stream time). Cascades have long
  // tails: on the CED cascades a 7-day window leaves 3% of replies outside their story, 30
  // days 0.6% (docs/relate.md).
  int64_t window_ms = 30LL * 24 * 3600 * 1000;
  // Idle time after which the id of any other item (a reply no one has answered) is forgotten:
  // the bulk of a stream, and rarely a parent after a week.
  int64_t item_window_ms = 7LL * 24 * 3600 * 1000;
  // Cosine similarity (item terms vs story centroid) at or above which content places an item.
  double content_threshold = 0.5;
  // Items with fewer terms than this are never placed by content alone (a two-word comment is
  // not evidence of an event).
  size_t min_content_terms = 3;
  // An original post (no parent) joins a story by content only while that story has taken an
  // original within this time; after a day of reactions only, a new original is a new story.
  int64_t original_join_window_ms = 24LL * 3600 * 1000;
  size_t stories_per_term = 8;  // postings kept per term (the most recent stories), 1..8
  size_t centroid_terms = 32;   // terms kept per story centroid
};

enum class StoryReason : uint8_t { kNew, kParent, kDuplicate, kContent };
std::string_view StoryReasonName(StoryReason reason);

struct StoryAssignment {
  std::string story_id;  // the id of the story's first item, as resolved now
  StoryReason reason = StoryReason::kNew;
  double similarity = 0;  // for kContent: the cosine that placed it
  // Story ids this item merged into story_id (hard evidence named both); each now resolves to
  // story_id. Whoever keeps stories (a store, an evaluation) applies these.
  std::vector<std::string> merged_ids;
};

struct StoryStats {
  uint64_t items = 0;
  uint64_t stories_opened = 0;
  uint64_t merges = 0;
  uint64_t by_parent = 0, by_duplicate = 0, by_content = 0;
  size_t live_items = 0;    // item ids remembered now
  size_t live_stories = 0;  // stories alive now
  size_t live_terms = 0;    // terms with postings now
};

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryOptions options = {});
  ~StoryClusterer();
  StoryClusterer(const StoryClusterer&) = delete;
  StoryClusterer& operator=(const StoryClusterer&) = delete;

  // Places one item. Items should come roughly in time order; the clock is the largest time
  // seen, so a late item is placed with the state the stream has now.
  StoryAssignment Assign(const StoryEvidence& item);

  // The id a story id stands for now (after merges). Ids the clusterer has forgotten, or never
  // issued, come back unchanged.
  std::string Resolve(std::string_view story_id) const;

  StoryStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
