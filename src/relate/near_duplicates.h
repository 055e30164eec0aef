// Near-duplicates of one item among the recent ones (product.md §2.5): `simhash` and
// `duplicate_of`, the earliest item it duplicates.
//
// Three checks: the same page (the URL after NormalizeUrl); for a long text, SimHash within
// `max_distance` bits (SimHashIndex), which catches copies with a few words changed; and for
// every text, MinHash over character 3-grams (MinHashIndex), which SimHash needs beside it: on
// short posts SimHash is unstable, and on long ones 3 bits means ~97% cosine, so a copy with a
// paragraph cut or a sentence added (8–10% of it) is 4–10 bits away but still shares ~90% of
// its 3-grams. Only the author's own content is hashed (ContentSpans: no repost chain,
// emoticon codes, links or boilerplate), and a text with less than `min_content` letters,
// digits or CJK characters is never called a duplicate (转发, [泪], 是啊 are not reprints).
//
// Among the matches, the one published first (PublishedBefore: earliest, then the more credible
// source) is the original. When the item itself was published before every match — a late
// arrival, or a copy that beat the original into the stream — it duplicates nothing and is the
// first publisher.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace yuqing {

struct NearDuplicateOptions {
  // Items older than the newest item seen by more than this are forgotten (stream time).
  int64_t window_seconds = 7LL * 24 * 3600;
  int max_distance = 3;              // SimHash bits
  double min_similarity = 0.5;       // MinHash Jaccard estimate, short texts
  double long_min_similarity = 0.7;  // the same for long texts (SimHash's kShortTextLength)
  size_t min_content = 12;           // content code points below which nothing is a duplicate
};

struct NearDuplicateQuery {
  std::string_view id;          // required
  std::string_view url;         // may be empty
  std::string_view clean_text;  // normalised text
  std::span<const uint32_t> word_ends;
  int64_t time_ms = 0;
  double credibility = 0;  // source_credibility, breaks ties of publish time
};

enum class DuplicateEvidence : uint8_t { kNone, kUrl, kSimHash, kMinHash };

struct NearDuplicateResult {
  std::optional<uint64_t> simhash;  // set when the text has min_content to compare
  std::string duplicate_of;         // empty: duplicates nothing earlier
  // The first publisher among the items it matched, even one published after it (it is then
  // itself the first publisher): the same story either way.
  std::string matched;
  // The publish time of the most recent item it matched directly (INT64_MIN: none): how fresh
  // the copy it repeats is.
  int64_t latest_copy_ms = INT64_MIN;
  DuplicateEvidence evidence = DuplicateEvidence::kNone;
  bool short_text = false;  // compared as a short text (MinHash only)
  int distance = 0;         // kSimHash: Hamming distance
  double similarity = 0;    // kMinHash: estimated Jaccard
};

struct NearDuplicateStats {
  size_t items = 0;  // remembered now
  size_t simhash_index_bytes = 0;
  size_t simhash_store_bytes = 0;
  size_t minhash_bytes = 0;
};

class NearDuplicateFinder {
 public:
  explicit NearDuplicateFinder(NearDuplicateOptions options = {});
  ~NearDuplicateFinder();
  NearDuplicateFinder(const NearDuplicateFinder&) = delete;
  NearDuplicateFinder& operator=(const NearDuplicateFinder&) = delete;

  // Looks the item up, then remembers it for the items after it.
  NearDuplicateResult Check(const NearDuplicateQuery& item);

  NearDuplicateStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
