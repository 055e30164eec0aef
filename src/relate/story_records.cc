#include "relate/story_records.h"

#include <algorithm>
#include <climits>

#include "absl/container/node_hash_map.h"
#include "relate/flat_map.h"

namespace yuqing {

bool PublishedBefore(const PublishedItem& a, const PublishedItem& b) {
  if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
  if (a.credibility != b.credibility) return a.credibility > b.credibility;
  return a.id < b.id;
}

struct StoryRecords::State {
  int64_t window_ms;
  size_t max_reprints;
  int64_t clock_ms = INT64_MIN;
  int64_t last_sweep_ms = INT64_MIN;
  size_t adds_since_sweep = 0;
  // Nodes, not slots: a record is a few hundred bytes, and a flat table would move them all
  // on every resize.
  absl::node_hash_map<std::string, StoryRecord> records;

  void MaybeSweep() {
    ++adds_since_sweep;
    if (last_sweep_ms != INT64_MIN &&
        (clock_ms - last_sweep_ms < window_ms / 16 || 2 * adds_since_sweep < records.size())) {
      return;
    }
    last_sweep_ms = clock_ms;
    adds_since_sweep = 0;
    const int64_t horizon = clock_ms - window_ms;
    EraseIf(records, [&](const auto& kv) { return kv.second.last_ms < horizon; });
  }
};

StoryRecords::StoryRecords(int64_t window_ms, size_t max_reprints)
    : state_(std::make_unique<State>()) {
  state_->window_ms = window_ms;
  state_->max_reprints = max_reprints;
}

StoryRecords::~StoryRecords() = default;

void StoryRecords::Add(std::string_view story_id, const PublishedItem& item,
                       std::string_view duplicate_of) {
  State& s = *state_;
  s.clock_ms = std::max(s.clock_ms, item.time_ms);
  s.MaybeSweep();
  auto [it, added] = s.records.try_emplace(std::string(story_id));
  StoryRecord& record = it->second;
  if (added) {
    record.story_id.assign(story_id);
    record.first_ms = record.last_ms = item.time_ms;
    record.first_publisher = item;
  } else if (PublishedBefore(item, record.first_publisher)) {
    record.first_publisher = item;
  }
  record.items++;
  record.first_ms = std::min(record.first_ms, item.time_ms);
  record.last_ms = std::max(record.last_ms, item.time_ms);
  if (!duplicate_of.empty()) {
    record.reprints_total++;
    if (record.reprints.size() < s.max_reprints) {
      record.reprints.push_back({item.id, std::string(duplicate_of), item.site, item.time_ms});
    }
  }
}

void StoryRecords::Merge(std::string_view from, std::string_view into) {
  State& s = *state_;
  auto source = s.records.find(std::string(from));
  if (source == s.records.end() || from == into) return;
  StoryRecord moved = std::move(source->second);
  s.records.erase(source);
  auto [it, added] = s.records.try_emplace(std::string(into));
  StoryRecord& record = it->second;
  if (added) {
    moved.story_id.assign(into);
    record = std::move(moved);
    return;
  }
  if (PublishedBefore(moved.first_publisher, record.first_publisher)) {
    record.first_publisher = moved.first_publisher;
  }
  record.items += moved.items;
  record.first_ms = std::min(record.first_ms, moved.first_ms);
  record.last_ms = std::max(record.last_ms, moved.last_ms);
  record.reprints_total += moved.reprints_total;
  for (Reprint& r : moved.reprints) {
    if (record.reprints.size() >= s.max_reprints) break;
    record.reprints.push_back(std::move(r));
  }
}

const StoryRecord* StoryRecords::Find(std::string_view story_id) const {
  auto it = state_->records.find(std::string(story_id));
  return it == state_->records.end() ? nullptr : &it->second;
}

void StoryRecords::ForEach(const std::function<void(const StoryRecord&)>& each) const {
  // In order of first item, then id: the hash map's order changes from run to run, and a file
  // of story summaries should be the same for the same input.
  std::vector<const StoryRecord*> ordered;
  ordered.reserve(state_->records.size());
  for (const auto& [id, record] : state_->records) ordered.push_back(&record);
  std::sort(ordered.begin(), ordered.end(), [](const StoryRecord* a, const StoryRecord* b) {
    return a->first_ms != b->first_ms ? a->first_ms < b->first_ms : a->story_id < b->story_id;
  });
  for (const StoryRecord* record : ordered) each(*record);
}

size_t StoryRecords::size() const { return state_->records.size(); }

}  // namespace yuqing
