// Near copies of short posts: locality-sensitive hashing over MinHash signatures (Indyk and
// Motwani, STOC 1998; banding as in Leskovec, Rajaraman and Ullman, Mining of Massive Datasets,
// §3.4). SimHash is weak on a 30-character post, so short texts (IsShortText) come here.
//
// The 64 MinHash values are cut into 16 bands of 4 rows; two posts become candidates when one
// band agrees entirely, with probability 1 - (1 - J^4)^16 for Jaccard similarity J: 0.12 at
// J = 0.3, 0.64 at 0.5, 0.89 at 0.6, 0.99 at 0.7, 1.00 from 0.8 (the S-curve's midpoint is
// (1/16)^(1/4) = 0.5). A candidate is kept when its similarity, estimated from a 1-byte sketch of
// each MinHash value (b-bit MinHash, Li and König, WWW 2010), reaches the threshold (0.5).
//
// State is kept in time slices of window/8: a slice goes whole once its end is out of the window,
// so memory stays about 9/8 of a window of items (~260 B each: 8 B item and time, 64 B sketch,
// 16 band entries of 8 B at half to full load).
//
// Not thread-safe: one writer; Find may run concurrently only with other Finds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "relate/text_fingerprint.h"

namespace yuqing {

struct MinHashIndexOptions {
  // Items older than (newest time inserted - window_seconds) are not found and are dropped.
  int64_t window_seconds = int64_t{72} * 3600;
  // Estimated Jaccard similarity a candidate must reach to be a match.
  double threshold = 0.5;
};

struct MinHashMatch {
  uint32_t item = 0;
  int64_t time = 0;       // Unix seconds, as inserted
  double similarity = 0;  // estimated Jaccard similarity to the query
};

struct MinHashIndexStats {
  size_t items = 0;   // stored, including expired ones not yet dropped
  size_t slices = 0;  // time slices
  size_t bytes = 0;   // everything: items, times, sketches, band tables
};

class MinHashIndex {
 public:
  static constexpr int kBands = 16;
  static constexpr int kRows = kMinHashSize / kBands;

  explicit MinHashIndex(MinHashIndexOptions options = {});
  ~MinHashIndex();
  MinHashIndex(const MinHashIndex&) = delete;
  MinHashIndex& operator=(const MinHashIndex&) = delete;

  // `time` in Unix seconds (clamped to 1970..2106). The signature of a text without content
  // (all 0xFFFFFFFF) is not stored: empty texts are not near copies of each other.
  void Insert(const MinHashSignature& signature, uint32_t item, int64_t time);

  // Appends every live item sharing a band with `signature` whose estimated similarity reaches
  // the threshold, each once, in no particular order.
  void Find(const MinHashSignature& signature, std::vector<MinHashMatch>* matches) const;

  // The earliest (then lowest item number) of Find's matches, if any.
  std::optional<MinHashMatch> FindEarliest(const MinHashSignature& signature) const;

  // Forgets items with time < older_than (whole slices dropped; the rest hidden from Find).
  void Expire(int64_t older_than);

  MinHashIndexStats Stats() const;

 private:
  struct Slice;

  uint32_t Cutoff() const;
  void DropExpiredSlices();

  MinHashIndexOptions options_;
  uint32_t slice_seconds_ = 1;
  std::vector<std::unique_ptr<Slice>> slices_;  // ascending by start
  uint32_t newest_ = 0;
  uint32_t expired_before_ = 0;
};

}  // namespace yuqing
