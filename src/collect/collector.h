// The collectors (product.md §2.1, docs/collect.md): RSS/Atom feeds, HTML list pages with their
// articles, and watched folders, polled on each source's schedule and handed on as Items.
//
// The service owns the thread: it calls Poll(now) in a loop, sleeping until the time Poll
// returns (or until shutdown); items, dead letters and health notices arrive through the
// callbacks on that thread, during Poll. Health() may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "collect/fetcher.h"
#include "collect/source_health.h"
#include "collect/source_spec.h"
#include "core/item.h"
#include "core/item_jsonl.h"
#include "core/status.h"

namespace yuqing {

class PageExtractor;

struct CollectorOptions {
  FetcherOptions fetcher;
  // Where html sources remember the article URLs already taken (<state_dir>/<id>.seen, one
  // URL a line), so a restart does not fetch them again. "" keeps them in memory only; item
  // ids are stable hashes of the URL either way, so the store drops any repeat.
  std::string state_dir;
  int64_t max_backoff_ms = 6 * 3600'000LL;  // a failing source is polled at most this rarely
  size_t health_window = 20;                // polls counted in the error rate
  int failing_after = 3;                    // consecutive failed polls that make a source failing
};

struct CollectorCallbacks {
  std::function<void(Item)> on_item;
  std::function<void(const BadRecord&)> on_dead_letter;  // folder records that are not items
  std::function<void(const SourceNotice&)> on_notice;    // stale / failing / recovered
};

class Collector {
 public:
  // Fails on specs that cannot work (duplicate ids, a bad URL, a folder source without path).
  static Result<std::unique_ptr<Collector>> Create(std::vector<SourceSpec> sources,
                                                   CollectorOptions options,
                                                   CollectorCallbacks callbacks);
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Polls every source due at `now_ms` (unix ms: stamps fetch times and health), one after
  // another, blocking on the network as politeness requires. Returns the unix ms at which the
  // next source falls due.
  int64_t Poll(int64_t now_ms);

  // Polls one source now, whatever its schedule (an operator's "poll now"; tests); the
  // poll's error, if it failed. Its schedule and health are updated as after any poll.
  Status PollSource(std::string_view id, int64_t now_ms);

  // A snapshot for GET /api/sources, in configuration order. Thread-safe.
  std::vector<SourceHealth> Health(int64_t now_ms) const;

 private:
  struct SourceState;
  Collector(CollectorOptions options, CollectorCallbacks callbacks);
  Status PollOne(SourceState& source, int64_t now_ms, size_t* items);
  Status PollFeed(SourceState& source, int64_t now_ms, size_t* items);
  Status PollHtml(SourceState& source, int64_t now_ms, size_t* items);
  Status PollFolder(SourceState& source, size_t* items);
  Status RunPoll(SourceState& source, int64_t now_ms);
  void Remember(SourceState& source, const std::string& url);

  CollectorOptions options_;
  CollectorCallbacks callbacks_;
  Fetcher fetcher_;
  std::unique_ptr<PageExtractor> extractor_;
  std::vector<std::unique_ptr<SourceState>> sources_;
  mutable std::mutex health_mutex_;  // guards each SourceState's health and next_poll_ms
};

}  // namespace yuqing
