// What a story says about its publishers (product.md §2.5): who published first (首发) and
// the chain of reprints, kept per story as items arrive. "First" is the earliest publish time;
// at the same time, the more credible source (source_credibility) — a wire copy and a content
// farm stamped with the same minute go to the wire.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

struct PublishedItem {
  std::string id;
  std::string site;
  std::string author;
  int64_t time_ms = 0;
  double credibility = 0;  // source_credibility in [0, 1]
};

// True when `a` counts as published before `b`.
bool PublishedBefore(const PublishedItem& a, const PublishedItem& b);

struct Reprint {
  std::string id;
  std::string duplicate_of;  // the earliest item it duplicates
  std::string site;
  int64_t time_ms = 0;
};

struct StoryRecord {
  std::string story_id;
  uint32_t items = 0;
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  PublishedItem first_publisher;
  std::vector<Reprint> reprints;  // in arrival order, at most max_reprints
  uint32_t reprints_total = 0;
};

class StoryRecords {
 public:
  // Records idle for `window_ms` of stream time are dropped.
  explicit StoryRecords(int64_t window_ms, size_t max_reprints = 32);
  ~StoryRecords();
  StoryRecords(const StoryRecords&) = delete;
  StoryRecords& operator=(const StoryRecords&) = delete;

  // One item of `story_id`; `duplicate_of` empty when it duplicates nothing.
  void Add(std::string_view story_id, const PublishedItem& item, std::string_view duplicate_of);
  // `from` turned out to be part of `into`.
  void Merge(std::string_view from, std::string_view into);
  const StoryRecord* Find(std::string_view story_id) const;
  // Every record, in order of first item time, then story id (the same for the same input).
  void ForEach(const std::function<void(const StoryRecord&)>& each) const;
  size_t size() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
