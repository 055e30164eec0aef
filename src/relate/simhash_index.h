// Near-duplicate look-up over 64-bit SimHash fingerprints: "which items within 3 bits?" without
// enumerating bit flips (the permuted tables of Manku, Jain and Das Sarma, WWW 2007, §3).
//
// Split a fingerprint into four 16-bit blocks; two fingerprints within 3 bits agree exactly on at
// least one block (pigeonhole). Table 0 is the fingerprint store itself, sorted, so block 0 is
// its leading 16 bits, with a 3-byte filter entry per item beside it (block 1, top byte of
// block 2). Tables 1-3 are bucketed by block 1, 2, 3 and hold 3-byte entries: block 0 plus the
// top byte of one other block. A probe keeps the entries within the distance on those 24 bits
// (a random entry passes with p ~ 1.4e-4) and looks the passing block-0 value up in the store.
// Every answer is exact: the same as comparing with every item.
//
// Streaming (LSM-like): inserts go to a small mutable buffer (chained on all four blocks); a full
// buffer becomes an immutable sorted run with its own tables; runs of similar size are merged while
// the merged run spans at most a quarter of the window, so a run expires whole soon after its
// newest item does, and state stays about (window + window/4) of items on an endless stream.
//
// Bytes, as Stats() counts them: the index is the four 3-byte filter arrays and every directory
// (amortised: 12.9 B per item at 10 million in one run); the store is the fingerprint (8 B), the
// caller's item number (4 B) and the time (4 B) of each item, 16 B, counted apart.
//
//   SimHashIndex index;                          // 72-hour window
//   index.Insert(SimHash64(text, ends), slot, unix_seconds);
//   std::vector<SimHashMatch> matches;
//   index.Find(fingerprint, 3, &matches);
//
// Not thread-safe: one writer; Find may run concurrently only with other Finds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace yuqing {

struct SimHashIndexOptions {
  // Items older than (newest time inserted - window_seconds) are not found and are dropped.
  int64_t window_seconds = int64_t{72} * 3600;
  // Items held in the mutable buffer before they become a sorted run.
  size_t buffer_items = 1 << 16;
};

struct SimHashMatch {
  uint32_t item = 0;  // as inserted
  int64_t time = 0;   // Unix seconds, as inserted
  int distance = 0;   // Hamming distance to the query
};

struct SimHashIndexStats {
  size_t items = 0;  // stored, including expired ones not yet dropped
  size_t runs = 0;
  size_t index_bytes = 0;  // filter arrays, all directories, the buffer's chains
  size_t store_bytes = 0;  // fingerprint, item and time of each stored item
};

class SimHashIndex {
 public:
  explicit SimHashIndex(SimHashIndexOptions options = {});
  ~SimHashIndex();
  SimHashIndex(const SimHashIndex&) = delete;
  SimHashIndex& operator=(const SimHashIndex&) = delete;

  // `time` in Unix seconds (1970 to 2106; outside that it is clamped). An item older than the
  // window, or than an Expire cut-off, is not stored.
  void Insert(uint64_t fingerprint, uint32_t item, int64_t time);

  // Appends every live item within `max_distance` bits (clamped to 0..3, the pigeonhole bound)
  // of `fingerprint` to *matches, each once, in no particular order.
  void Find(uint64_t fingerprint, int max_distance, std::vector<SimHashMatch>* matches) const;

  // Find for many fingerprints at once, faster per look-up (the memory accesses of several
  // look-ups overlap): appends (index into `fingerprints`, match) pairs, grouped by run, not
  // by query. Items in `fingerprints` are not matched with each other.
  void FindBatch(std::span<const uint64_t> fingerprints, int max_distance,
                 std::vector<std::pair<uint32_t, SimHashMatch>>* matches) const;

  // The earliest (then lowest item number) of Find's matches, if any.
  std::optional<SimHashMatch> FindEarliest(uint64_t fingerprint, int max_distance) const;

  // Forgets items with time < older_than: whole runs are dropped, partly expired ones rewritten.
  // Inserting advances a cut-off of its own (newest - window) and drops runs past it.
  void Expire(int64_t older_than);

  // Buffer and all runs into one run (after a bulk load: one run answers fastest).
  void Compact();

  SimHashIndexStats Stats() const;

 private:
  struct Record;
  struct Run;

  uint32_t Cutoff() const;
  void Flush();
  void MergeTail();
  void DropExpiredRuns(uint32_t cutoff);
  void FindInBuffer(uint64_t fingerprint, int max_distance, uint32_t cutoff,
                    std::vector<SimHashMatch>* matches) const;

  SimHashIndexOptions options_;
  // The buffer: records in arrival order, chained per block (heads_: 1 + record index, 0 none).
  std::vector<Record> buffer_;
  std::array<std::vector<uint32_t>, 4> heads_;
  std::array<std::vector<uint32_t>, 4> next_;
  std::vector<std::unique_ptr<Run>> runs_;  // oldest first
  uint32_t newest_ = 0;
  uint32_t expired_before_ = 0;
};

}  // namespace yuqing
