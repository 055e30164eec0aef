#include "relate/story_clusterer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "core/hash64.h"
#include "relate/flat_map.h"

namespace yuqing {
namespace {

constexpr size_t kLookupTerms = 8;
constexpr size_t kMaxStoriesPerTerm = 8;

struct StoryRef {
  uint32_t slot = 0;
  uint32_t generation = 0;
  friend bool operator==(StoryRef a, StoryRef b) {
    return a.slot == b.slot && a.generation == b.generation;
  }
};

struct WeightedTerm {
  uint64_t hash;
  float weight;
};

struct Story {
  std::string id;
  uint32_t generation = 0;
  bool alive = false;
  StoryRef parent;  // itself while it is a root of the union-find
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  int64_t last_original_ms = 0;  // the last item without a parent it took
  uint32_t size = 0;
  uint64_t seen_by = 0;                // the item (by count) that last took it as a candidate
  std::vector<WeightedTerm> centroid;  // sorted by hash; sum of its items' unit vectors
  double centroid_norm = 0;
};

struct IdEntry {
  StoryRef story;
  int64_t last_ms;
  bool lasting;  // an original or a parent: kept for the story window, not the item window
};

// The most recent stories under one word, newest first, in place (no allocation per word).
struct Postings {
  std::array<StoryRef, kMaxStoriesPerTerm> stories{};
  uint32_t count = 0;
  int64_t last_ms = 0;

  StoryRef* begin() { return stories.data(); }
  StoryRef* end() { return stories.data() + count; }
  const StoryRef* begin() const { return stories.data(); }
  const StoryRef* end() const { return stories.data() + count; }
};

}  // namespace

std::string_view StoryReasonName(StoryReason reason) {
  switch (reason) {
    case StoryReason::kNew:
      return "new";
    case StoryReason::kParent:
      return "parent";
    case StoryReason::kDuplicate:
      return "duplicate";
    case StoryReason::kContent:
      return "content";
  }
  return "new";
}

struct StoryClusterer::State {
  StoryOptions options;
  int64_t clock_ms = INT64_MIN;
  int64_t last_sweep_ms = INT64_MIN;
  size_t items_since_sweep = 0;
  std::vector<Story> stories;
  std::vector<uint32_t> free_slots;
  FlatMap<uint64_t, IdEntry> ids;           // item id (and awaited parent id) → story
  FlatMap<uint64_t, StoryRef> story_names;  // story id → its slot
  FlatMap<uint64_t, Postings> postings;     // term → recent stories
  StoryStats stats;
  // Scratch, reused per item.
  std::vector<WeightedTerm> item_terms;
  std::vector<StoryRef> candidates;
  std::vector<WeightedTerm> scratch_centroid;
  std::vector<float> weights;
  float heavy_cutoff = 0;  // weight of the item's kLookupTerms-th heaviest word
  std::vector<StoryRef> refs;

  bool Live(StoryRef ref) const {
    return ref.slot < stories.size() && stories[ref.slot].alive &&
           stories[ref.slot].generation == ref.generation;
  }

  // The root of ref's union-find tree, compressing the path; ref must be live.
  StoryRef Root(StoryRef ref) {
    StoryRef root = ref;
    while (!(stories[root.slot].parent == root)) root = stories[root.slot].parent;
    while (!(ref == root)) {
      StoryRef next = stories[ref.slot].parent;
      stories[ref.slot].parent = root;
      ref = next;
    }
    return root;
  }

  StoryRef Open(std::string_view id, int64_t time_ms) {
    uint32_t slot;
    if (!free_slots.empty()) {
      slot = free_slots.back();
      free_slots.pop_back();
    } else {
      slot = static_cast<uint32_t>(stories.size());
      stories.emplace_back();
    }
    Story& story = stories[slot];
    story.generation++;
    story.alive = true;
    story.id.assign(id);
    story.first_ms = story.last_ms = story.last_original_ms = time_ms;
    story.size = 0;
    story.centroid.clear();
    story.centroid_norm = 0;
    StoryRef ref{slot, story.generation};
    story.parent = ref;
    story_names[Hash64(id)] = ref;
    stats.stories_opened++;
    return ref;
  }

  // Merges the younger root into the older; returns the survivor.
  StoryRef Merge(StoryRef a, StoryRef b, std::vector<std::string>* merged_ids) {
    a = Root(a);
    b = Root(b);
    if (a == b) return a;
    Story* sa = &stories[a.slot];
    Story* sb = &stories[b.slot];
    if (sb->first_ms < sa->first_ms || (sb->first_ms == sa->first_ms && sb->id < sa->id)) {
      std::swap(a, b);
      std::swap(sa, sb);
    }
    sb->parent = a;
    sa->size += sb->size;
    sa->last_ms = std::max(sa->last_ms, sb->last_ms);
    sa->last_original_ms = std::max(sa->last_original_ms, sb->last_original_ms);
    AddToCentroid(sa, sb->centroid, 1.0);
    sb->centroid.clear();
    sb->centroid.shrink_to_fit();
    merged_ids->push_back(sb->id);
    stats.merges++;
    return a;
  }

  void AddToCentroid(Story* story, const std::vector<WeightedTerm>& terms, double scale) {
    if (terms.empty()) return;
    // Merged into a scratch buffer that then trades places with the old centroid: no
    // allocation once the buffers have grown.
    std::vector<WeightedTerm>& merged = scratch_centroid;
    merged.clear();
    size_t i = 0, j = 0;
    while (i < story->centroid.size() || j < terms.size()) {
      if (j == terms.size() ||
          (i < story->centroid.size() && story->centroid[i].hash < terms[j].hash)) {
        merged.push_back(story->centroid[i++]);
      } else if (i == story->centroid.size() || terms[j].hash < story->centroid[i].hash) {
        merged.push_back({terms[j].hash, static_cast<float>(terms[j].weight * scale)});
        j++;
      } else {
        merged.push_back({terms[j].hash,
                          static_cast<float>(story->centroid[i].weight + terms[j].weight * scale)});
        i++;
        j++;
      }
    }
    const size_t keep = options.centroid_terms;
    if (merged.size() > keep) {
      std::nth_element(
          merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end(),
          [](const WeightedTerm& x, const WeightedTerm& y) { return x.weight > y.weight; });
      merged.resize(keep);
      std::sort(merged.begin(), merged.end(),
                [](const WeightedTerm& x, const WeightedTerm& y) { return x.hash < y.hash; });
    }
    double norm = 0;
    for (const WeightedTerm& t : merged) norm += static_cast<double>(t.weight) * t.weight;
    story->centroid.swap(merged);
    story->centroid_norm = std::sqrt(norm);
  }

  // Cosine of the (unit) item vector with the story centroid; both sorted by hash.
  static double Cosine(const std::vector<WeightedTerm>& item, const Story& story) {
    if (story.centroid_norm <= 0) return 0;
    double dot = 0;
    size_t i = 0, j = 0;
    while (i < item.size() && j < story.centroid.size()) {
      if (item[i].hash < story.centroid[j].hash) {
        i++;
      } else if (story.centroid[j].hash < item[i].hash) {
        j++;
      } else {
        dot += static_cast<double>(item[i].weight) * story.centroid[j].weight;
        i++;
        j++;
      }
    }
    return dot / story.centroid_norm;
  }

  // The live story an id points to, resolved to its root.
  bool Lookup(std::string_view id, StoryRef* out) {
    if (id.empty()) return false;
    auto it = ids.find(Hash64(id));
    if (it == ids.end() || !Live(it->second.story)) return false;
    *out = Root(it->second.story);
    return true;
  }

  void Remember(std::string_view id, StoryRef story, int64_t time_ms, bool lasting) {
    auto [it, added] = ids.try_emplace(Hash64(id), IdEntry{story, time_ms, lasting});
    if (added) return;
    it->second.story = story;
    it->second.last_ms = std::max(it->second.last_ms, time_ms);
    it->second.lasting = it->second.lasting || lasting;
  }

  void Post(StoryRef story, int64_t time_ms) {
    size_t posted = 0;
    for (const WeightedTerm& term : item_terms) {
      if (term.weight < heavy_cutoff || posted == kLookupTerms) continue;
      ++posted;
      Postings& p = postings[term.hash];
      p.last_ms = std::max(p.last_ms, time_ms);
      StoryRef* found = std::find(p.begin(), p.end(), story);
      if (found != p.end()) {
        std::rotate(p.begin(), found, found + 1);
        continue;
      }
      if (p.count < options.stories_per_term) p.count++;
      std::move_backward(p.begin(), p.end() - 1, p.end());
      p.stories[0] = story;
    }
  }

  // Forgets what has been idle for a window; its cost per item is constant on average.
  void MaybeSweep() {
    // Both a sixteenth of the window and half as many items as the state holds slots must have
    // passed: a sparse stream (a few items a day) must not sweep the whole state per item.
    items_since_sweep++;
    if (last_sweep_ms != INT64_MIN && (clock_ms - last_sweep_ms < options.window_ms / 16 ||
                                       2 * items_since_sweep < stories.size())) {
      return;
    }
    last_sweep_ms = clock_ms;
    items_since_sweep = 0;
    const int64_t horizon = clock_ms - options.window_ms;
    // A story expires with its root: merged-away stories live as long as their survivor.
    std::vector<uint32_t> dead;
    for (uint32_t slot = 0; slot < stories.size(); slot++) {
      Story& story = stories[slot];
      if (!story.alive) continue;
      StoryRef root = Root({slot, story.generation});
      if (stories[root.slot].last_ms < horizon) dead.push_back(slot);
    }
    for (uint32_t slot : dead) {
      Story& story = stories[slot];
      story_names.erase(Hash64(story.id));
      story.alive = false;
      story.id.clear();
      story.id.shrink_to_fit();
      story.centroid.clear();
      story.centroid.shrink_to_fit();
      free_slots.push_back(slot);
    }
    const int64_t item_horizon = clock_ms - options.item_window_ms;
    EraseIf(ids, [&](const auto& kv) {
      return kv.second.last_ms < (kv.second.lasting ? horizon : item_horizon) ||
             !Live(kv.second.story);
    });
    EraseIf(postings, [&](auto& kv) {
      if (kv.second.last_ms < horizon) return true;
      Postings& p = kv.second;
      p.count = static_cast<uint32_t>(
          std::remove_if(p.begin(), p.end(), [&](StoryRef r) { return !Live(r); }) - p.begin());
      return p.count == 0;
    });
  }
};

StoryClusterer::StoryClusterer(StoryOptions options) : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->options.stories_per_term =
      std::clamp<size_t>(state_->options.stories_per_term, 1, kMaxStoriesPerTerm);
  if (state_->options.centroid_terms == 0) state_->options.centroid_terms = 1;
}

StoryClusterer::~StoryClusterer() = default;

StoryAssignment StoryClusterer::Assign(const StoryEvidence& item) {
  State& s = *state_;
  s.stats.items++;
  s.clock_ms = std::max(s.clock_ms, item.time_ms);
  s.MaybeSweep();

  // The item as a unit vector of hashed terms, sorted by hash, duplicates summed.
  s.item_terms.clear();
  double norm = 0;
  for (const StoryTerm& term : item.terms) {
    if (term.text.empty() || !(term.weight > 0) || !std::isfinite(term.weight)) continue;
    s.item_terms.push_back({Hash64(term.text), static_cast<float>(std::min(term.weight, 1e6))});
  }
  std::sort(s.item_terms.begin(), s.item_terms.end(),
            [](const WeightedTerm& a, const WeightedTerm& b) { return a.hash < b.hash; });
  size_t out = 0;
  for (size_t i = 0; i < s.item_terms.size(); i++) {
    if (out > 0 && s.item_terms[out - 1].hash == s.item_terms[i].hash) {
      s.item_terms[out - 1].weight += s.item_terms[i].weight;
    } else {
      s.item_terms[out++] = s.item_terms[i];
    }
  }
  s.item_terms.resize(out);
  for (const WeightedTerm& t : s.item_terms) norm += static_cast<double>(t.weight) * t.weight;
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (WeightedTerm& t : s.item_terms) t.weight = static_cast<float>(t.weight / norm);
  }

  // The item's kLookupTerms heaviest words are the ones looked up and posted: each posting is
  // a random memory access, the dominant cost of a story look-up.
  s.heavy_cutoff = 0;
  if (s.item_terms.size() > kLookupTerms) {
    s.weights.clear();
    for (const WeightedTerm& t : s.item_terms) s.weights.push_back(t.weight);
    std::nth_element(s.weights.begin(), s.weights.begin() + (kLookupTerms - 1), s.weights.end(),
                     std::greater<>());
    s.heavy_cutoff = s.weights[kLookupTerms - 1];
  }

  StoryAssignment result;
  StoryRef story{};
  bool placed = false;
  StoryRef by_parent{}, by_duplicate{}, awaited{};
  bool has_parent = s.Lookup(item.parent_id, &by_parent);
  const bool has_duplicate = s.Lookup(item.duplicate_of, &by_duplicate);
  // Replies that came before this item already opened a story for it.
  if (s.Lookup(item.item_id, &awaited)) {
    by_parent = has_parent ? s.Merge(by_parent, awaited, &result.merged_ids) : awaited;
    has_parent = true;
  }
  if (has_parent) {
    story = by_parent;
    placed = true;
    result.reason = StoryReason::kParent;
    s.stats.by_parent++;
    if (has_duplicate && !(by_duplicate == by_parent)) {
      story = s.Merge(by_parent, by_duplicate, &result.merged_ids);
    }
  } else if (has_duplicate) {
    story = by_duplicate;
    placed = true;
    result.reason = StoryReason::kDuplicate;
    s.stats.by_duplicate++;
  } else if (s.item_terms.size() >= s.options.min_content_terms) {
    // Candidates: the stories posted under the item's heaviest words, compared only when
    // they share two of those words — one shared word rarely carries a cosine of 0.5.
    // The postings are counted before any story is read: a story is a random memory access,
    // and most stories under one word share no second word with the item.
    s.refs.clear();
    size_t looked_up = 0;
    for (const WeightedTerm& term : s.item_terms) {
      if (term.weight < s.heavy_cutoff || looked_up == kLookupTerms) continue;
      ++looked_up;
      auto it = s.postings.find(term.hash);
      if (it == s.postings.end()) continue;
      s.refs.insert(s.refs.end(), it->second.begin(), it->second.end());
    }
    std::sort(s.refs.begin(), s.refs.end(), [](StoryRef a, StoryRef b) {
      return a.slot != b.slot ? a.slot < b.slot : a.generation < b.generation;
    });
    s.candidates.clear();
    for (size_t i = 0; i < s.refs.size();) {
      size_t j = i + 1;
      while (j < s.refs.size() && s.refs[j] == s.refs[i]) ++j;
      if (j - i >= 2 && s.Live(s.refs[i])) {
        const StoryRef root = s.Root(s.refs[i]);
        Story& candidate = s.stories[root.slot];
        if (candidate.seen_by != s.stats.items) {
          candidate.seen_by = s.stats.items;
          s.candidates.push_back(root);
        }
      }
      i = j;
    }
    double best = 0;
    const int64_t originals_from = item.time_ms - s.options.original_join_window_ms;
    for (StoryRef candidate : s.candidates) {
      // A story that has taken only reactions for a day is closed to new originals: the same
      // words posted afresh then are a new story (a resurfacing), not more of the old one.
      if (item.parent_id.empty() && s.stories[candidate.slot].last_original_ms < originals_from) {
        continue;
      }
      const double similarity = State::Cosine(s.item_terms, s.stories[candidate.slot]);
      if (similarity > best) {
        best = similarity;
        story = candidate;
      }
    }
    if (best >= s.options.content_threshold) {
      placed = true;
      result.reason = StoryReason::kContent;
      result.similarity = best;
      s.stats.by_content++;
    }
  }
  if (!placed) story = s.Open(item.item_id, item.time_ms);

  Story& target = s.stories[story.slot];
  target.size++;
  target.last_ms = std::max(target.last_ms, item.time_ms);
  if (item.parent_id.empty())
    target.last_original_ms = std::max(target.last_original_ms, item.time_ms);
  s.AddToCentroid(&target, s.item_terms, 1.0);
  s.Post(story, item.time_ms);
  s.Remember(item.item_id, story, item.time_ms, item.parent_id.empty());
  // A parent not seen (yet, or any more) is awaited in this story: its other replies and the
  // parent itself, should it come late, join here.
  if (!item.parent_id.empty()) s.Remember(item.parent_id, story, item.time_ms, true);
  result.story_id = target.id;
  return result;
}

std::string StoryClusterer::Resolve(std::string_view story_id) const {
  const State& s = *state_;
  auto it = s.story_names.find(Hash64(story_id));
  if (it == s.story_names.end() || !s.Live(it->second)) return std::string(story_id);
  StoryRef ref = it->second;
  while (!(s.stories[ref.slot].parent == ref)) ref = s.stories[ref.slot].parent;
  return s.stories[ref.slot].id;
}

StoryStats StoryClusterer::stats() const {
  StoryStats stats = state_->stats;
  stats.live_items = state_->ids.size();
  stats.live_stories = state_->stories.size() - state_->free_slots.size();
  stats.live_terms = state_->postings.size();
  return stats;
}

}  // namespace yuqing
