#include "relate/simhash_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <new>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>

namespace yuqing {
namespace {

constexpr int kMaxDistance = 3;

// Block b of a fingerprint: block 0 is the top 16 bits, block 3 the bottom ones.
inline uint32_t Block(uint64_t fp, int b) {
  return static_cast<uint32_t>(fp >> (48 - 16 * b)) & 0xFFFF;
}

// Table t (1..3) keeps block 0 and block PairedBlock(t) of each item; each of blocks 1-3 is paired
// once, so every bit outside block 0 is checked by some table's filter.
inline int PairedBlock(int t) { return t % 3 + 1; }

inline uint32_t TableKey(uint64_t fp, int t) {
  return (Block(fp, 0) << 16) | Block(fp, PairedBlock(t));
}

uint32_t ClampTime(int64_t time) {
  return static_cast<uint32_t>(std::clamp<int64_t>(time, 0, 0xFFFFFFFFLL));
}

// Directory bits of a run of n items: about 8 items per bucket, at most 16 (one block).
int DirectoryBits(size_t n) { return std::clamp(static_cast<int>(std::bit_width(n)) - 3, 0, 16); }

// The first entry of [at, end) within d (0..3) bits of `key`, or `end`. Branch-free over blocks
// of 16 entries, so it vectorises; a block with a hit is then looked at one by one. This filter
// is most of a look-up's work, so it is compiled three times and the best the CPU runs is
// chosen at start-up: AVX-512 with a vector popcount (16 lanes), AVX2 (8 lanes), and baseline
// x86-64 (4 lanes). Without a popcount instruction, "at most d bits" is "clearing the lowest set
// bit d times leaves 0".
template <bool kPopcount>
[[gnu::always_inline]] inline const uint32_t* NextWithinBody(const uint32_t* at,
                                                             const uint32_t* end, uint32_t key,
                                                             uint32_t d) {
  const uint32_t keep0 = d > 0 ? 0 : ~0u;
  const uint32_t keep1 = d > 1 ? 0 : ~0u;
  const uint32_t keep2 = d > 2 ? 0 : ~0u;
  auto within = [&](uint32_t x) {
    if constexpr (kPopcount) {
      return static_cast<uint32_t>(std::popcount(x)) <= d;
    } else {
      x &= (x - 1) | keep0;
      x &= (x - 1) | keep1;
      x &= (x - 1) | keep2;
      return x == 0;
    }
  };
  while (end - at >= 16) {
    uint32_t hits = 0;
    for (int j = 0; j < 16; ++j) hits += within(at[j] ^ key) ? 1 : 0;
    if (hits != 0) break;
    at += 16;
  }
  for (; at != end; ++at) {
    if (within(*at ^ key)) return at;
  }
  return end;
}

const uint32_t* NextWithinBaseline(const uint32_t* at, const uint32_t* end, uint32_t key,
                                   uint32_t d) {
  return NextWithinBody<false>(at, end, key, d);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define YUQING_FILTER_CLONES 1
[[gnu::target("avx2")]] const uint32_t* NextWithinAvx2(const uint32_t* at, const uint32_t* end,
                                                       uint32_t key, uint32_t d) {
  return NextWithinBody<false>(at, end, key, d);
}

[[gnu::target("avx512f,avx512vl,avx512bw,avx512vpopcntdq")]] const uint32_t* NextWithinAvx512(
    const uint32_t* at, const uint32_t* end, uint32_t key, uint32_t d) {
  return NextWithinBody<true>(at, end, key, d);
}
#endif

using FilterFunction = const uint32_t* (*)(const uint32_t*, const uint32_t*, uint32_t, uint32_t);

// YUQING_SIMHASH_FILTER=baseline|avx2 forces a slower variant (the tests run each).
FilterFunction ChooseFilter() {
  const char* forced = std::getenv("YUQING_SIMHASH_FILTER");
  const std::string_view force = forced == nullptr ? "" : forced;
  if (force == "baseline") return NextWithinBaseline;
#ifdef YUQING_FILTER_CLONES
  __builtin_cpu_init();
  if (force != "avx2" && __builtin_cpu_supports("avx512vpopcntdq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
    return NextWithinAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return NextWithinAvx2;
#endif
  return NextWithinBaseline;
}

inline const uint32_t* NextWithin(const uint32_t* at, const uint32_t* end, uint32_t key,
                                  uint32_t d) {
  static const FilterFunction chosen = ChooseFilter();
  return chosen(at, end, key, d);
}

// Asks for the bytes of `data` in a prefetch, at most 32 cache lines.
void PrefetchBytes(const void* data, size_t bytes) {
  const char* p = static_cast<const char*>(data);
  const size_t lines = std::min<size_t>((bytes + 63) / 64, 32);
  for (size_t i = 0; i < lines; ++i) __builtin_prefetch(p + i * 64);
}

// Large arrays in 2 MiB pages where the kernel gives them for the asking (THP "madvise"): a
// look-up touches a few random places of 100+ MiB, and with 4 KiB pages each is a TLB miss and
// a page walk. The advice must come before the pages are first touched.
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeFrom = 2 * kHugePage;

size_t AllocatedBytes(size_t bytes) {
  return bytes >= kHugeFrom ? (bytes + kHugePage - 1) / kHugePage * kHugePage : bytes;
}

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>& /*other*/) {
  }  // NOLINT(google-explicit-constructor)

  T* allocate(size_t n) {
    const size_t bytes = AllocatedBytes(n * sizeof(T));
    void* p = bytes >= kHugeFrom ? std::aligned_alloc(kHugePage, bytes) : std::malloc(bytes);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    // Advice only: without THP it fails and nothing changes.
    if (bytes >= kHugeFrom) (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t /*n*/) { std::free(p); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>& /*other*/) const {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

template <typename V>
size_t BytesOf(const V& v) {
  return AllocatedBytes(v.capacity() * sizeof(typename V::value_type));
}

}  // namespace

struct SimHashIndex::Record {
  uint64_t fp;
  uint32_t item;
  uint32_t time;
};

// An immutable sorted run: the store (table 0) plus tables 1-3.
struct SimHashIndex::Run {
  // The store, sorted by fingerprint, in halves: hi = blocks 0-1, lo = blocks 2-3. Table 0's
  // probe filters a block-0 bucket on lo alone (4 bytes an item, like tables 1-3) and reads hi
  // only for the rare entry that passes.
  HugeVector<uint32_t> hi;
  HugeVector<uint32_t> lo;
  // The caller's item number and the time of each, side by side: a match costs one miss.
  HugeVector<std::array<uint32_t, 2>> metas;
  uint32_t min_time = 0xFFFFFFFF;
  uint32_t max_time = 0;
  int bits = 0;
  // dir0[k] .. dir0[k + 1]: the items whose block 0 starts with the `bits`-bit prefix k.
  HugeVector<uint32_t> dir0;
  // Tables 1-3 (index t - 1): entries bucketed by the `bits`-bit prefix of block t.
  std::array<HugeVector<uint32_t>, 3> dirs;
  std::array<HugeVector<uint32_t>, 3> entries;

  size_t size() const { return hi.size(); }
  uint64_t Fingerprint(size_t i) const { return (uint64_t{hi[i]} << 32) | lo[i]; }
  uint32_t Bucket(uint32_t block) const { return block >> (16 - bits); }

  void Append(uint64_t fp, uint32_t item, uint32_t time) {
    hi.push_back(static_cast<uint32_t>(fp >> 32));
    lo.push_back(static_cast<uint32_t>(fp));
    metas.push_back({item, time});
    min_time = std::min(min_time, time);
    max_time = std::max(max_time, time);
  }

  void Reserve(size_t n) {
    hi.reserve(n);
    lo.reserve(n);
    metas.reserve(n);
  }

  void ShrinkToFit() {
    hi.shrink_to_fit();
    lo.shrink_to_fit();
    metas.shrink_to_fit();
  }

  // Directories and tables from the sorted store, by counting sort.
  void BuildTables() {
    bits = DirectoryBits(size());
    const size_t buckets = size_t{1} << bits;
    dir0.assign(buckets + 1, 0);
    for (const uint32_t h : hi) ++dir0[Bucket(h >> 16) + 1];
    for (size_t k = 0; k < buckets; ++k) dir0[k + 1] += dir0[k];
    for (int t = 1; t <= 3; ++t) {
      HugeVector<uint32_t>& dir = dirs[t - 1];
      HugeVector<uint32_t>& table = entries[t - 1];
      dir.assign(buckets + 1, 0);
      for (size_t i = 0; i < size(); ++i) ++dir[Bucket(Block(Fingerprint(i), t)) + 1];
      for (size_t k = 0; k < buckets; ++k) dir[k + 1] += dir[k];
      table.assign(size(), 0);
      std::vector<uint32_t> fill(dir.begin(), dir.end() - 1);
      for (size_t i = 0; i < size(); ++i) {
        const uint64_t fp = Fingerprint(i);
        table[fill[Bucket(Block(fp, t))]++] = TableKey(fp, t);
      }
    }
  }

  size_t IndexBytes() const {
    size_t bytes = BytesOf(dir0);
    for (int t = 0; t < 3; ++t) bytes += BytesOf(dirs[t]) + BytesOf(entries[t]);
    return bytes;
  }
  size_t StoreBytes() const { return BytesOf(hi) + BytesOf(lo) + BytesOf(metas); }

  // [begin, end) of the store positions with block 0 == `block0`.
  std::pair<size_t, size_t> StoreRange(uint32_t block0) const {
    const uint32_t k = Bucket(block0);
    size_t begin = dir0[k];
    size_t end = dir0[k + 1];
    if (bits < 16) {
      // The bucket holds several block-0 values; the store is sorted, so they are runs.
      const auto first = hi.begin() + static_cast<ptrdiff_t>(begin);
      const auto last = hi.begin() + static_cast<ptrdiff_t>(end);
      // 64-bit bounds: (0xFFFF + 1) << 16 does not fit 32 bits.
      const uint64_t low = uint64_t{block0} << 16;
      const uint64_t high = (uint64_t{block0} + 1) << 16;
      begin = static_cast<size_t>(std::lower_bound(first, last, low) - hi.begin());
      end = static_cast<size_t>(std::lower_bound(first, last, high) - hi.begin());
    }
    return {begin, end};
  }

  // The items at store positions [begin, end) (one block-0 value) within d of `query` and not
  // older than `cutoff`.
  void ScanStore(size_t begin, size_t end, uint64_t query, uint32_t d, uint32_t cutoff,
                 std::vector<SimHashMatch>* out) const {
    const uint32_t* last = lo.data() + end;
    const auto key = static_cast<uint32_t>(query);
    for (const uint32_t* at = NextWithin(lo.data() + begin, last, key, d); at != last;
         at = NextWithin(at + 1, last, key, d)) {
      const auto i = static_cast<size_t>(at - lo.data());
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
    std::array<const uint32_t*, 3> begins{};
    std::array<const uint32_t*, 3> ends{};
  };

  void PrefetchDirectories(uint64_t query) const {
    __builtin_prefetch(&dir0[Bucket(Block(query, 0))]);
    for (int t = 1; t <= 3; ++t) __builtin_prefetch(&dirs[t - 1][Bucket(Block(query, t))]);
  }

  Probe Locate(uint64_t query) const {
    Probe p;
    p.query = query;
    std::tie(p.store_begin, p.store_end) = StoreRange(Block(query, 0));
    for (int t = 1; t <= 3; ++t) {
      const uint32_t k = Bucket(Block(query, t));
      p.begins[t - 1] = entries[t - 1].data() + dirs[t - 1][k];
      p.ends[t - 1] = entries[t - 1].data() + dirs[t - 1][k + 1];
    }
    return p;
  }

  // Every bucket asked for before any is scanned: the misses overlap instead of each waiting
  // for the one before (a look-up is bound by memory latency otherwise).
  void PrefetchBuckets(const Probe& p) const {
    PrefetchBytes(lo.data() + p.store_begin, (p.store_end - p.store_begin) * sizeof(uint32_t));
    for (int t = 0; t < 3; ++t) {
      PrefetchBytes(p.begins[t], (p.ends[t] - p.begins[t]) * sizeof(uint32_t));
    }
  }

  void Scan(const Probe& p, uint32_t d, uint32_t cutoff, std::vector<SimHashMatch>* out) const {
    const uint64_t query = p.query;
    const uint32_t q0 = Block(query, 0);
    ScanStore(p.store_begin, p.store_end, query, d, cutoff, out);
    // Block-0 values already scanned: q0, then each one a filter lets through (rarely more
    // than the true matches' own).
    uint32_t scanned[16];
    int n_scanned = 0;
    std::vector<uint32_t> more_scanned;  // allocated only past 16
    for (int t = 1; t <= 3; ++t) {
      const uint32_t* end = p.ends[t - 1];
      const uint32_t key = TableKey(query, t);
      for (const uint32_t* e = NextWithin(p.begins[t - 1], end, key, d); e != end;
           e = NextWithin(e + 1, end, key, d)) {
        const uint32_t block0 = *e >> 16;
        if (block0 == q0) continue;
        bool seen = false;
        for (int s = 0; s < n_scanned; ++s) seen = seen || scanned[s] == block0;
        if (!seen && n_scanned == 16) {
          seen = std::find(more_scanned.begin(), more_scanned.end(), block0) != more_scanned.end();
          if (!seen) more_scanned.push_back(block0);
        }
        if (seen) continue;
        if (n_scanned < 16) scanned[n_scanned++] = block0;
        const auto [begin, stop] = StoreRange(block0);
        ScanStore(begin, stop, query, d, cutoff, out);
      }
    }
  }

  void Find(uint64_t query, uint32_t d, uint32_t cutoff, std::vector<SimHashMatch>* out) const {
    if (size() == 0 || max_time < cutoff) return;
    const Probe p = Locate(query);
    PrefetchBuckets(p);
    Scan(p, d, cutoff, out);
  }

  // A software pipeline over many queries: directories asked for 2 * kAhead queries ahead,
  // buckets kAhead ahead, so that a scan finds its data arrived.
  void FindBatch(std::span<const uint64_t> queries, uint32_t d, uint32_t cutoff,
                 std::vector<SimHashMatch>* scratch,
                 std::vector<std::pair<uint32_t, SimHashMatch>>* out) const {
    if (size() == 0 || max_time < cutoff) return;
    constexpr size_t kAhead = 4;
    // A probe lives from its Locate (i = k + kAhead) to its Scan (i = k + 2 * kAhead).
    std::array<Probe, 2 * kAhead> probes;
    const size_t n = queries.size();
    for (size_t i = 0; i < n + 2 * kAhead; ++i) {
      if (i < n) PrefetchDirectories(queries[i]);
      if (i >= kAhead && i - kAhead < n) {
        probes[(i - kAhead) % probes.size()] = Locate(queries[i - kAhead]);
        PrefetchBuckets(probes[(i - kAhead) % probes.size()]);
      }
      if (i >= 2 * kAhead && i - 2 * kAhead < n) {
        const size_t k = i - 2 * kAhead;
        scratch->clear();
        Scan(probes[k % probes.size()], d, cutoff, scratch);
        for (const SimHashMatch& m : *scratch) out->emplace_back(static_cast<uint32_t>(k), m);
      }
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
  FindInBuffer(fingerprint, d, cutoff, matches);
  for (const auto& run : runs_) run->Find(fingerprint, static_cast<uint32_t>(d), cutoff, matches);
}

void SimHashIndex::FindBatch(std::span<const uint64_t> fingerprints, int max_distance,
                             std::vector<std::pair<uint32_t, SimHashMatch>>* matches) const {
  const int d = std::clamp(max_distance, 0, kMaxDistance);
  const uint32_t cutoff = Cutoff();
  std::vector<SimHashMatch> scratch;
  for (size_t i = 0; i < fingerprints.size(); ++i) {
    scratch.clear();
    FindInBuffer(fingerprints[i], d, cutoff, &scratch);
    for (const SimHashMatch& m : scratch) matches->emplace_back(static_cast<uint32_t>(i), m);
  }
  for (const auto& run : runs_) {
    run->FindBatch(fingerprints, static_cast<uint32_t>(d), cutoff, &scratch, matches);
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
