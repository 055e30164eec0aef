#include "relate/near_duplicates.h"

#include <algorithm>
#include <climits>
#include <deque>
#include <vector>

#include "core/hash64.h"
#include "relate/flat_map.h"
#include "relate/minhash_index.h"
#include "relate/simhash_index.h"
#include "relate/story_records.h"
#include "relate/text_fingerprint.h"

namespace yuqing {
namespace {

int64_t FloorSeconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

struct Record {
  std::string id;
  int64_t time_ms;
  double credibility;
  uint64_t original;  // ordinal of the first publisher of its reprint chain (itself if none)
};

}  // namespace

struct NearDuplicateFinder::State {
  NearDuplicateOptions options;
  SimHashIndex simhash;
  MinHashIndex minhash;
  std::deque<Record> records;  // ordinals [base, base + size)
  uint64_t base = 0;
  int64_t newest_ms = INT64_MIN;
  FlatMap<uint64_t, uint64_t> by_url;  // normalised URL → ordinal
  std::vector<SimHashMatch> simhash_matches;
  std::vector<MinHashMatch> minhash_matches;
  struct Candidate {
    uint64_t ordinal;
    DuplicateEvidence evidence;
    int distance;
    double similarity;
  };
  std::vector<Candidate> candidates;

  explicit State(const NearDuplicateOptions& o)
      : options(o),
        simhash(SimHashIndexOptions{.window_seconds = o.window_seconds}),
        minhash(MinHashIndexOptions{.window_seconds = o.window_seconds,
                                    .threshold = o.min_similarity}) {}

  bool Live(uint64_t ordinal) const { return ordinal >= base && ordinal - base < records.size(); }
  const Record& At(uint64_t ordinal) const { return records[ordinal - base]; }
  // The indexes hold 32-bit item numbers; live ordinals span far less than 2^32.
  uint64_t OrdinalOf(uint32_t item) const {
    return base + static_cast<uint32_t>(item - static_cast<uint32_t>(base));
  }

  void Forget() {
    const int64_t horizon = newest_ms - options.window_seconds * 1000;
    while (!records.empty() && records.front().time_ms < horizon) {
      records.pop_front();
      ++base;
    }
    if (by_url.size() > 2 * records.size() + 1024) {
      EraseIf(by_url, [&](const auto& kv) { return !Live(kv.second); });
    }
  }
};

NearDuplicateFinder::NearDuplicateFinder(NearDuplicateOptions options)
    : state_(std::make_unique<State>(options)) {}

NearDuplicateFinder::~NearDuplicateFinder() = default;

NearDuplicateResult NearDuplicateFinder::Check(const NearDuplicateQuery& item) {
  State& s = *state_;
  s.newest_ms = std::max(s.newest_ms, item.time_ms);
  s.Forget();
  NearDuplicateResult result;
  s.candidates.clear();
  const uint64_t ordinal = s.base + s.records.size();
  const int64_t seconds = FloorSeconds(item.time_ms);

  uint64_t url_key = 0;
  if (!item.url.empty()) {
    url_key = Hash64(NormalizeUrl(item.url));
    auto it = s.by_url.find(url_key);
    if (it != s.by_url.end() && s.Live(it->second)) {
      s.candidates.push_back({it->second, DuplicateEvidence::kUrl, 0, 1.0});
    }
  }

  const std::vector<TextSpan> spans = ContentSpans(item.clean_text);
  const std::string text = JoinSpans(item.clean_text, spans);
  const size_t content = ContentLength(text);
  bool short_text = false;
  MinHashSignature signature{};
  uint64_t fingerprint = 0;
  const bool comparable = content >= s.options.min_content;
  if (comparable) {
    fingerprint = SimHash64(item.clean_text, item.word_ends, spans);
    result.simhash = fingerprint;
  }
  if (comparable) {
    short_text = content < kShortTextLength;  // IsShortText(text), content already counted
    result.short_text = short_text;
    signature = MinHash(text);
    s.minhash_matches.clear();
    s.minhash.Find(signature, &s.minhash_matches);
    const double needed = short_text ? s.options.min_similarity : s.options.long_min_similarity;
    for (const MinHashMatch& m : s.minhash_matches) {
      if (m.similarity < needed) continue;
      s.candidates.push_back({s.OrdinalOf(m.item), DuplicateEvidence::kMinHash, 0, m.similarity});
    }
    if (!short_text) {
      s.simhash_matches.clear();
      s.simhash.Find(fingerprint, s.options.max_distance, &s.simhash_matches);
      for (const SimHashMatch& m : s.simhash_matches) {
        s.candidates.push_back({s.OrdinalOf(m.item), DuplicateEvidence::kSimHash, m.distance, 0});
      }
    }
  }

  // The original: the first publisher of any matched item's reprint chain.
  const PublishedItem self{
      .id = std::string(item.id), .time_ms = item.time_ms, .credibility = item.credibility};
  std::optional<uint64_t> original;
  PublishedItem best;
  for (const State::Candidate& candidate : s.candidates) {
    if (!s.Live(candidate.ordinal)) continue;
    result.latest_copy_ms = std::max(result.latest_copy_ms, s.At(candidate.ordinal).time_ms);
    uint64_t root = s.At(candidate.ordinal).original;
    if (!s.Live(root)) root = candidate.ordinal;
    for (uint64_t o : {root, candidate.ordinal}) {
      const Record& r = s.At(o);
      const PublishedItem published{.id = r.id, .time_ms = r.time_ms, .credibility = r.credibility};
      if (!original || PublishedBefore(published, best)) {
        original = o;
        best = published;
        result.evidence = candidate.evidence;
        result.distance = candidate.distance;
        result.similarity = candidate.similarity;
      }
    }
  }
  uint64_t own_original = ordinal;
  if (original) result.matched = best.id;
  if (original && PublishedBefore(best, self)) {
    result.duplicate_of = best.id;
    own_original = *original;
  } else {
    result.evidence = DuplicateEvidence::kNone;
    result.distance = 0;
    result.similarity = 0;
  }

  const auto number = static_cast<uint32_t>(ordinal);
  if (comparable) {
    s.minhash.Insert(signature, number, seconds);
    if (!short_text) s.simhash.Insert(fingerprint, number, seconds);
  }
  if (!item.url.empty()) s.by_url.try_emplace(url_key, ordinal);
  s.records.push_back({std::string(item.id), item.time_ms, item.credibility, own_original});
  return result;
}

NearDuplicateStats NearDuplicateFinder::stats() const {
  const SimHashIndexStats simhash = state_->simhash.Stats();
  return {.items = state_->records.size(),
          .simhash_index_bytes = simhash.index_bytes,
          .simhash_store_bytes = simhash.store_bytes,
          .minhash_bytes = state_->minhash.Stats().bytes};
}

}  // namespace yuqing
