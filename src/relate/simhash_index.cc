#include "relate/simhash_index.h"

#include <algorithm>
#include <bit>
#include <span>
#include <tuple>
#include <utility>

#include "relate/simhash_filter.h"

namespace yuqing {
namespace {

using simhash_detail::BytesOf;
using simhash_detail::HugeVector;
using simhash_detail::NextWithin;
using simhash_detail::PrefetchBytes;

constexpr int kMaxDistance = 3;

// Block b of a fingerprint: block 0 is the top 16 bits, block 3 the bottom ones.
inline uint32_t Block(uint64_t fp, int b) {
  return static_cast<uint32_t>(fp >> (48 - 16 * b)) & 0xFFFF;
}

// Table t (1..3) keeps block 0 and block PairedBlock(t) of each item; each of blocks 1-3 is paired
// once, so every bit outside block 0 is checked by some table's filter.
inline int PairedBlock(int t) { return t % 3 + 1; }

// The 24-bit filter entry of a fingerprint in table t: table 0 (in store order, where block 0
// is the query's) keeps block 1 and the top byte of block 2; tables 1-3 keep block 0 (where to
// look in the store) and the top byte of the paired block. A random entry passes "within 3
// bits" with p = 2325 / 2^24 ~ 1.4e-4.
inline uint32_t EntryKey(uint64_t fp, int t) {
  return t == 0 ? (Block(fp, 1) << 8) | (Block(fp, 2) >> 8)
                : (Block(fp, 0) << 8) | (Block(fp, PairedBlock(t)) >> 8);
}

using simhash_detail::kEntryBytes;
using simhash_detail::kEntryPadding;
using simhash_detail::LoadEntry;

uint32_t ClampTime(int64_t time) {
  return static_cast<uint32_t>(std::clamp<int64_t>(time, 0, 0xFFFFFFFFLL));
}

// Directory bits of a run of n items: about 8 items per bucket, at most 16 (one block).
int DirectoryBits(size_t n) { return std::clamp(static_cast<int>(std::bit_width(n)) - 3, 0, 16); }

}  // namespace

struct SimHashIndex::Record {
  uint64_t fp;
  uint32_t item;
  uint32_t time;
};

// An immutable sorted run: the store (table 0) plus tables 1-3.
struct SimHashIndex::Run {
  // The store, sorted. Table 0's probe filters a block-0 bucket on `filter0` (3 bytes an item,
  // like tables 1-3) and reads the fingerprint only for the rare entry that passes.
  HugeVector<uint64_t> fps;
  // The caller's item number and the time of each, side by side: a match costs one miss.
  HugeVector<std::array<uint32_t, 2>> metas;
  uint32_t min_time = 0xFFFFFFFF;
  uint32_t max_time = 0;
  int bits = 0;
  // dir0[k] .. dir0[k + 1]: the items whose block 0 starts with the `bits`-bit prefix k.
  HugeVector<uint32_t> dir0;
  // EntryKey(fps[i], 0) at i * kEntryBytes.
  HugeVector<uint8_t> filter0;
  // Tables 1-3 (index t - 1): entries (EntryKey(fp, t)) bucketed by the `bits`-bit prefix of
  // block t; dirs in entries, not bytes.
  std::array<HugeVector<uint32_t>, 3> dirs;
  std::array<HugeVector<uint8_t>, 3> entries;

  size_t size() const { return fps.size(); }
  uint64_t Fingerprint(size_t i) const { return fps[i]; }
  uint32_t Bucket(uint32_t block) const { return block >> (16 - bits); }

  void Append(uint64_t fp, uint32_t item, uint32_t time) {
    fps.push_back(fp);
    metas.push_back({item, time});
    min_time = std::min(min_time, time);
    max_time = std::max(max_time, time);
  }

  void Reserve(size_t n) {
    fps.reserve(n);
    metas.reserve(n);
  }

  void ShrinkToFit() {
    fps.shrink_to_fit();
    metas.shrink_to_fit();
  }

  // Directories and tables from the sorted store, by counting sort.
  void BuildTables() {
    bits = DirectoryBits(size());
    const size_t buckets = size_t{1} << bits;
    dir0.assign(buckets + 1, 0);
    for (const uint64_t fp : fps) ++dir0[Bucket(Block(fp, 0)) + 1];
    for (size_t k = 0; k < buckets; ++k) dir0[k + 1] += dir0[k];
    filter0.assign(size() * kEntryBytes + kEntryPadding, 0);
    for (size_t i = 0; i < size(); ++i) {
      simhash_detail::StoreEntry(&filter0[i * kEntryBytes], EntryKey(fps[i], 0));
    }
    for (int t = 1; t <= 3; ++t) {
      HugeVector<uint32_t>& dir = dirs[t - 1];
      HugeVector<uint8_t>& table = entries[t - 1];
      dir.assign(buckets + 1, 0);
      for (size_t i = 0; i < size(); ++i) ++dir[Bucket(Block(Fingerprint(i), t)) + 1];
      for (size_t k = 0; k < buckets; ++k) dir[k + 1] += dir[k];
      table.assign(size() * kEntryBytes + kEntryPadding, 0);
      std::vector<uint32_t> fill(dir.begin(), dir.end() - 1);
      for (size_t i = 0; i < size(); ++i) {
        const uint64_t fp = Fingerprint(i);
        const size_t at = fill[Bucket(Block(fp, t))]++;
        simhash_detail::StoreEntry(&table[at * kEntryBytes], EntryKey(fp, t));
      }
    }
  }

  size_t IndexBytes() const {
    size_t bytes = BytesOf(dir0) + BytesOf(filter0);
    for (int t = 0; t < 3; ++t) bytes += BytesOf(dirs[t]) + BytesOf(entries[t]);
    return bytes;
  }
  size_t StoreBytes() const { return BytesOf(fps) + BytesOf(metas); }

  // [begin, end) of the store positions with block 0 == `block0`.
  std::pair<size_t, size_t> StoreRange(uint32_t block0) const {
    const uint32_t k = Bucket(block0);
    size_t begin = dir0[k];
    size_t end = dir0[k + 1];
    if (bits < 16) {
      // The bucket holds several block-0 values; the store is sorted, so they are runs.
      const auto first = fps.begin() + static_cast<ptrdiff_t>(begin);
      const auto last = fps.begin() + static_cast<ptrdiff_t>(end);
      const auto low = std::partition_point(
          first, last, [block0](uint64_t fp) { return Block(fp, 0) < block0; });
      const auto high =
          std::partition_point(low, last, [block0](uint64_t fp) { return Block(fp, 0) == block0; });
      begin = static_cast<size_t>(low - fps.begin());
      end = static_cast<size_t>(high - fps.begin());
    }
    return {begin, end};
  }

  // The items at store positions [begin, end) (one block-0 value) within d of `query` and not
  // older than `cutoff`.
  void ScanStore(size_t begin, size_t end, uint64_t query, uint32_t d, uint32_t cutoff,
                 std::vector<SimHashMatch>* out) const {
    const uint8_t* first = filter0.data();
    const uint8_t* last = first + end * kEntryBytes;
    const uint32_t key = EntryKey(query, 0);
    for (const uint8_t* at = NextWithin(first + begin * kEntryBytes, last, key, d); at != last;
         at = NextWithin(at + kEntryBytes, last, key, d)) {
      const auto i = static_cast<size_t>(at - first) / kEntryBytes;
      const int distance = std::popcount(Fingerprint(i) ^ query);
      if (distance > static_cast<int>(d) || metas[i][1] < cutoff) continue;
      out->push_back({metas[i][0], metas[i][1], distance});
    }
  }

  // Where a query's four buckets lie in this run (the directories read).
  struct Probe {
    uint64_t query = 0;
    size_t store_begin = 0;
    size_t store_end = 0;
    std::array<const uint8_t*, 3> begins{};
    std::array<const uint8_t*, 3> ends{};
  };

  void PrefetchTableDirectories(uint64_t query) const {
    for (int t = 1; t <= 3; ++t) __builtin_prefetch(&dirs[t - 1][Bucket(Block(query, t))]);
  }

  void PrefetchDirectories(uint64_t query) const {
    __builtin_prefetch(&dir0[Bucket(Block(query, 0))]);
    PrefetchTableDirectories(query);
  }

  // Tables 1-3 only (FindBatch probes the store apart).
  void LocateTables(uint64_t query, Probe* p) const {
    p->query = query;
    for (int t = 1; t <= 3; ++t) {
      const uint32_t k = Bucket(Block(query, t));
      p->begins[t - 1] = entries[t - 1].data() + size_t{dirs[t - 1][k]} * kEntryBytes;
      p->ends[t - 1] = entries[t - 1].data() + size_t{dirs[t - 1][k + 1]} * kEntryBytes;
    }
  }

  Probe Locate(uint64_t query) const {
    Probe p;
    LocateTables(query, &p);
    std::tie(p.store_begin, p.store_end) = StoreRange(Block(query, 0));
    return p;
  }

  void PrefetchTableBuckets(const Probe& p) const {
    for (int t = 0; t < 3; ++t) {
      PrefetchBytes(p.begins[t], static_cast<size_t>(p.ends[t] - p.begins[t]));
    }
  }

  // Every bucket asked for before any is scanned: the misses overlap instead of each waiting
  // for the one before (a look-up is bound by memory latency otherwise).
  void PrefetchBuckets(const Probe& p) const {
    PrefetchBytes(filter0.data() + p.store_begin * kEntryBytes,
                  (p.store_end - p.store_begin) * kEntryBytes);
    PrefetchTableBuckets(p);
  }

  // Calls visit(block0) for each block-0 value other than the query's own that an entry of
  // tables 1-3 within d bits points to, each value once (rarely more than the true matches' own).
  template <typename Visit>
  void ForEachOtherBlock0(const Probe& p, uint32_t d, Visit&& visit) const {
    const uint64_t query = p.query;
    const uint32_t q0 = Block(query, 0);
    uint32_t scanned[16];
    int n_scanned = 0;
    std::vector<uint32_t> more_scanned;  // allocated only past 16
    for (int t = 1; t <= 3; ++t) {
      const uint8_t* end = p.ends[t - 1];
      const uint32_t key = EntryKey(query, t);
      for (const uint8_t* e = NextWithin(p.begins[t - 1], end, key, d); e != end;
           e = NextWithin(e + kEntryBytes, end, key, d)) {
        const uint32_t block0 = LoadEntry(e) >> 8;
        if (block0 == q0) continue;
        bool seen = false;
        for (int s = 0; s < n_scanned; ++s) seen = seen || scanned[s] == block0;
        if (!seen && n_scanned == 16) {
          seen = std::find(more_scanned.begin(), more_scanned.end(), block0) != more_scanned.end();
          if (!seen) more_scanned.push_back(block0);
        }
        if (seen) continue;
        if (n_scanned < 16) scanned[n_scanned++] = block0;
        visit(block0);
      }
    }
  }

  void Scan(const Probe& p, uint32_t d, uint32_t cutoff, std::vector<SimHashMatch>* out) const {
    ScanStore(p.store_begin, p.store_end, p.query, d, cutoff, out);
    ForEachOtherBlock0(p, d, [&](uint32_t block0) {
      const auto [begin, stop] = StoreRange(block0);
      ScanStore(begin, stop, p.query, d, cutoff, out);
    });
  }

  bool Live(uint32_t cutoff) const { return size() > 0 && max_time >= cutoff; }

  // FindBatch's work lists (per call: FindBatch may run concurrently with other look-ups).
  struct StoreProbe {
    uint32_t query;  // index into the batch
    uint32_t block0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  struct Candidate {
    uint32_t query;
    uint32_t position;  // in the store
  };
  struct BatchScratch {
    std::vector<StoreProbe> probes;
    std::vector<Candidate> candidates;
  };

  // Look-ups of many queries in three software-pipelined passes, so that no cache miss waits for
  // another one: (1) tables 1-3: directories asked for 2 * kAhead queries ahead, buckets kAhead
  // ahead, filtered into store probes (query, block-0 value), the query's own block 0 first;
  // (2) store probes: the directory entry 2 * kAhead ahead, the `filter0` range kAhead ahead,
  // filtered into candidate positions, whose fingerprint and (item, time) are asked for at once;
  // (3) candidates checked in full. Stage (2) is what a filter hit costs; in Find it waits for
  // three misses in a row. Queries are taken kChunk at a time so that the candidates' lines are
  // still cached.
  void FindBatch(std::span<const uint64_t> queries, uint32_t d, uint32_t cutoff,
                 BatchScratch* scratch, std::vector<std::pair<uint32_t, SimHashMatch>>* out) const {
    if (!Live(cutoff)) return;
    constexpr size_t kChunk = 256;
    for (size_t from = 0; from < queries.size(); from += kChunk) {
      const size_t n = std::min(kChunk, queries.size() - from);
      FindChunk(queries.subspan(from, n), static_cast<uint32_t>(from), d, cutoff, scratch, out);
    }
  }

  void FindChunk(std::span<const uint64_t> queries, uint32_t first, uint32_t d, uint32_t cutoff,
                 BatchScratch* scratch, std::vector<std::pair<uint32_t, SimHashMatch>>* out) const {
    constexpr size_t kAhead = 4;
    std::vector<StoreProbe>& probes = scratch->probes;
    std::vector<Candidate>& candidates = scratch->candidates;
    probes.clear();
    candidates.clear();
    // (1) A probe lives from its Locate (i = k + kAhead) to its scan (i = k + 2 * kAhead).
    std::array<Probe, 2 * kAhead> located;
    const size_t n = queries.size();
    for (size_t i = 0; i < n + 2 * kAhead; ++i) {
      if (i < n) PrefetchTableDirectories(queries[i]);
      if (i >= kAhead && i - kAhead < n) {
        Probe& p = located[(i - kAhead) % located.size()];
        LocateTables(queries[i - kAhead], &p);
        PrefetchTableBuckets(p);
      }
      if (i >= 2 * kAhead && i - 2 * kAhead < n) {
        const auto k = static_cast<uint32_t>(i - 2 * kAhead);
        const Probe& p = located[k % located.size()];
        probes.push_back({k, Block(p.query, 0)});
        ForEachOtherBlock0(p, d, [&](uint32_t block0) { probes.push_back({k, block0}); });
      }
    }
    // (2)
    const size_t m = probes.size();
    for (size_t c = 0; c < m + 2 * kAhead; ++c) {
      if (c < m) __builtin_prefetch(&dir0[Bucket(probes[c].block0)]);
      if (c >= kAhead && c - kAhead < m) {
        StoreProbe& s = probes[c - kAhead];
        const auto [begin, end] = StoreRange(s.block0);
        s.begin = static_cast<uint32_t>(begin);
        s.end = static_cast<uint32_t>(end);
        PrefetchBytes(filter0.data() + begin * kEntryBytes, (end - begin) * kEntryBytes);
      }
      if (c >= 2 * kAhead && c - 2 * kAhead < m) {
        const StoreProbe& s = probes[c - 2 * kAhead];
        const uint8_t* f0 = filter0.data();
        const uint8_t* last = f0 + size_t{s.end} * kEntryBytes;
        const uint32_t key = EntryKey(queries[s.query], 0);
        for (const uint8_t* at = NextWithin(f0 + size_t{s.begin} * kEntryBytes, last, key, d);
             at != last; at = NextWithin(at + kEntryBytes, last, key, d)) {
          const auto i = static_cast<uint32_t>(static_cast<size_t>(at - f0) / kEntryBytes);
          __builtin_prefetch(&fps[i]);
          __builtin_prefetch(&metas[i]);
          candidates.push_back({s.query, i});
        }
      }
    }
    // (3)
    for (const Candidate& c : candidates) {
      const int distance = std::popcount(Fingerprint(c.position) ^ queries[c.query]);
      const auto [item, time] = metas[c.position];
      if (distance > static_cast<int>(d) || time < cutoff) continue;
      out->emplace_back(first + c.query, SimHashMatch{item, time, distance});
    }
  }
};

SimHashIndex::SimHashIndex(SimHashIndexOptions options) : options_(options) {
  options_.buffer_items = std::clamp<size_t>(options_.buffer_items, 1, size_t{1} << 24);
  buffer_.reserve(options_.buffer_items);
  for (int b = 0; b < 4; ++b) {
    heads_[b].assign(size_t{1} << 16, 0);
    next_[b].assign(options_.buffer_items, 0);
  }
}

SimHashIndex::~SimHashIndex() = default;

uint32_t SimHashIndex::Cutoff() const {
  const int64_t by_window = static_cast<int64_t>(newest_) - options_.window_seconds;
  return std::max(expired_before_, ClampTime(by_window));
}

void SimHashIndex::Insert(uint64_t fingerprint, uint32_t item, int64_t time) {
  const uint32_t t = ClampTime(time);
  newest_ = std::max(newest_, t);
  if (t < Cutoff()) return;
  const auto index = static_cast<uint32_t>(buffer_.size());
  buffer_.push_back({fingerprint, item, t});
  for (int b = 0; b < 4; ++b) {
    uint32_t& head = heads_[b][Block(fingerprint, b)];
    next_[b][index] = head;
    head = index + 1;
  }
  if (buffer_.size() >= options_.buffer_items) Flush();
}

void SimHashIndex::Flush() {
  if (buffer_.empty()) return;
  for (const Record& r : buffer_) {
    for (int b = 0; b < 4; ++b) heads_[b][Block(r.fp, b)] = 0;
  }
  const uint32_t cutoff = Cutoff();
  std::sort(buffer_.begin(), buffer_.end(), [](const Record& a, const Record& b) {
    return a.fp != b.fp ? a.fp < b.fp : a.item < b.item;
  });
  auto run = std::make_unique<Run>();
  run->Reserve(buffer_.size());
  for (const Record& r : buffer_) {
    if (r.time >= cutoff) run->Append(r.fp, r.item, r.time);
  }
  buffer_.clear();
  if (run->size() > 0) {
    run->BuildTables();
    runs_.push_back(std::move(run));
  }
  DropExpiredRuns(cutoff);
  MergeTail();
}

namespace {

// The merge of two sorted runs' stores, without items older than `cutoff`.
template <typename RunT>
void MergeInto(const RunT& a, const RunT& b, uint32_t cutoff, RunT* out) {
  out->Reserve(a.size() + b.size());
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && a.Fingerprint(i) <= b.Fingerprint(j));
    const RunT& from = take_a ? a : b;
    const size_t at = take_a ? i++ : j++;
    const auto [item, time] = from.metas[at];
    if (time >= cutoff) out->Append(from.Fingerprint(at), item, time);
  }
  out->ShrinkToFit();
}

}  // namespace

// Size-tiered: the newest two runs merge while the newer holds at least half as many items as
// the older and the result would span at most a quarter of the window (so runs expire whole).
void SimHashIndex::MergeTail() {
  const uint32_t cutoff = Cutoff();
  const int64_t max_span = std::max<int64_t>(options_.window_seconds / 4, 1);
  while (runs_.size() >= 2) {
    const Run& older = *runs_[runs_.size() - 2];
    const Run& newer = *runs_.back();
    if (newer.size() * 2 < older.size()) break;
    const int64_t span = static_cast<int64_t>(std::max(older.max_time, newer.max_time)) -
                         std::min(older.min_time, newer.min_time);
    if (span > max_span) break;
    auto merged = std::make_unique<Run>();
    MergeInto(older, newer, cutoff, merged.get());
    runs_.pop_back();
    runs_.pop_back();
    if (merged->size() > 0) {
      merged->BuildTables();
      runs_.push_back(std::move(merged));
    }
  }
}

void SimHashIndex::DropExpiredRuns(uint32_t cutoff) {
  std::erase_if(runs_,
                [cutoff](const std::unique_ptr<Run>& run) { return run->max_time < cutoff; });
}

void SimHashIndex::Expire(int64_t older_than) {
  expired_before_ = std::max(expired_before_, ClampTime(older_than));
  const uint32_t cutoff = Cutoff();
  DropExpiredRuns(cutoff);
  // A run that straddles the cut-off is rewritten without its expired items.
  for (auto& run : runs_) {
    if (run->min_time >= cutoff) continue;
    auto kept = std::make_unique<Run>();
    MergeInto(*run, Run{}, cutoff, kept.get());
    kept->BuildTables();
    run = std::move(kept);
  }
  std::erase_if(runs_, [](const std::unique_ptr<Run>& run) { return run->size() == 0; });
}

void SimHashIndex::Compact() {
  Flush();
  const uint32_t cutoff = Cutoff();
  while (runs_.size() >= 2) {
    auto merged = std::make_unique<Run>();
    MergeInto(*runs_[runs_.size() - 2], *runs_.back(), cutoff, merged.get());
    runs_.pop_back();
    runs_.pop_back();
    runs_.push_back(std::move(merged));
  }
  if (runs_.size() == 1) {
    if (runs_[0]->size() == 0) {
      runs_.clear();
    } else {
      runs_[0]->BuildTables();
    }
  }
}

void SimHashIndex::FindInBuffer(uint64_t fingerprint, int max_distance, uint32_t cutoff,
                                std::vector<SimHashMatch>* matches) const {
  if (buffer_.empty()) return;  // the heads are all 0: no need to touch them
  for (int b = 0; b < 4; ++b) {
    for (uint32_t at = heads_[b][Block(fingerprint, b)]; at != 0; at = next_[b][at - 1]) {
      const Record& r = buffer_[at - 1];
      const int distance = std::popcount(r.fp ^ fingerprint);
      if (distance > max_distance || r.time < cutoff) continue;
      // Reported from the first block it agrees on only.
      bool earlier = false;
      for (int e = 0; e < b; ++e) earlier = earlier || Block(r.fp, e) == Block(fingerprint, e);
      if (!earlier) matches->push_back({r.item, r.time, distance});
    }
  }
}

void SimHashIndex::Find(uint64_t fingerprint, int max_distance,
                        std::vector<SimHashMatch>* matches) const {
  const int d = std::clamp(max_distance, 0, kMaxDistance);
  const uint32_t cutoff = Cutoff();
  // Every live run's directory entries, then every run's buckets, are asked for before any run
  // (or the buffer) is scanned: the misses overlap instead of each run waiting for the one before.
  if (!buffer_.empty()) {
    for (int b = 0; b < 4; ++b) __builtin_prefetch(&heads_[b][Block(fingerprint, b)]);
  }
  constexpr size_t kOverlap = 16;
  std::array<Run::Probe, kOverlap> probes;
  const auto u = static_cast<uint32_t>(d);
  for (size_t from = 0; from < runs_.size(); from += kOverlap) {
    const size_t to = std::min(runs_.size(), from + kOverlap);
    for (size_t r = from; r < to; ++r) {
      if (runs_[r]->Live(cutoff)) runs_[r]->PrefetchDirectories(fingerprint);
    }
    for (size_t r = from; r < to; ++r) {
      if (!runs_[r]->Live(cutoff)) continue;
      probes[r - from] = runs_[r]->Locate(fingerprint);
      runs_[r]->PrefetchBuckets(probes[r - from]);
    }
    if (from == 0) FindInBuffer(fingerprint, d, cutoff, matches);  // while the buckets arrive
    for (size_t r = from; r < to; ++r) {
      if (runs_[r]->Live(cutoff)) runs_[r]->Scan(probes[r - from], u, cutoff, matches);
    }
  }
  if (runs_.empty()) FindInBuffer(fingerprint, d, cutoff, matches);
}

void SimHashIndex::FindBatch(std::span<const uint64_t> fingerprints, int max_distance,
                             std::vector<std::pair<uint32_t, SimHashMatch>>* matches) const {
  const int d = std::clamp(max_distance, 0, kMaxDistance);
  const uint32_t cutoff = Cutoff();
  std::vector<SimHashMatch> scratch;
  constexpr size_t kAhead = 8;  // the buffer's chain heads, asked for 8 look-ups ahead
  for (size_t i = 0; i < fingerprints.size() && !buffer_.empty(); ++i) {
    if (i + kAhead < fingerprints.size()) {
      for (int b = 0; b < 4; ++b)
        __builtin_prefetch(&heads_[b][Block(fingerprints[i + kAhead], b)]);
    }
    scratch.clear();
    FindInBuffer(fingerprints[i], d, cutoff, &scratch);
    for (const SimHashMatch& m : scratch) matches->emplace_back(static_cast<uint32_t>(i), m);
  }
  Run::BatchScratch batch_scratch;
  for (const auto& run : runs_) {
    run->FindBatch(fingerprints, static_cast<uint32_t>(d), cutoff, &batch_scratch, matches);
  }
}

std::optional<SimHashMatch> SimHashIndex::FindEarliest(uint64_t fingerprint,
                                                       int max_distance) const {
  thread_local std::vector<SimHashMatch> matches;
  matches.clear();
  Find(fingerprint, max_distance, &matches);
  if (matches.empty()) return std::nullopt;
  return *std::min_element(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return a.time != b.time ? a.time < b.time : a.item < b.item;
  });
}

SimHashIndexStats SimHashIndex::Stats() const {
  SimHashIndexStats stats;
  stats.items = buffer_.size();
  stats.store_bytes = buffer_.capacity() * sizeof(Record);
  for (int b = 0; b < 4; ++b) {
    stats.index_bytes += (heads_[b].capacity() + next_[b].capacity()) * sizeof(uint32_t);
  }
  for (const auto& run : runs_) {
    stats.items += run->size();
    stats.index_bytes += run->IndexBytes();
    stats.store_bytes += run->StoreBytes();
  }
  stats.runs = runs_.size();
  return stats;
}

}  // namespace yuqing
