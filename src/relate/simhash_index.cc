#include "relate/simhash_index.h"

#include <algorithm>
#include <bit>

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

}  // namespace

struct SimHashIndex::Record {
  uint64_t fp;
  uint32_t item;
  uint32_t time;
};

// An immutable sorted run: the store (table 0) plus tables 1-3.
struct SimHashIndex::Run {
  std::vector<uint64_t> fps;  // ascending
  std::vector<uint32_t> items;
  std::vector<uint32_t> times;
  uint32_t min_time = 0xFFFFFFFF;
  uint32_t max_time = 0;
  int bits = 0;
  // dir0[k] .. dir0[k + 1]: the items whose block 0 starts with the `bits`-bit prefix k.
  std::vector<uint32_t> dir0;
  // Tables 1-3 (index t - 1): entries bucketed by the `bits`-bit prefix of block t.
  std::array<std::vector<uint32_t>, 3> dirs;
  std::array<std::vector<uint32_t>, 3> entries;

  size_t size() const { return fps.size(); }
  uint32_t Bucket(uint32_t block) const { return block >> (16 - bits); }

  void Append(uint64_t fp, uint32_t item, uint32_t time) {
    fps.push_back(fp);
    items.push_back(item);
    times.push_back(time);
    min_time = std::min(min_time, time);
    max_time = std::max(max_time, time);
  }

  void Reserve(size_t n) {
    fps.reserve(n);
    items.reserve(n);
    times.reserve(n);
  }

  // Directories and tables from the sorted store, by counting sort.
  void BuildTables() {
    bits = DirectoryBits(size());
    const size_t buckets = size_t{1} << bits;
    dir0.assign(buckets + 1, 0);
    for (const uint64_t fp : fps) ++dir0[Bucket(Block(fp, 0)) + 1];
    for (size_t k = 0; k < buckets; ++k) dir0[k + 1] += dir0[k];
    for (int t = 1; t <= 3; ++t) {
      std::vector<uint32_t>& dir = dirs[t - 1];
      std::vector<uint32_t>& table = entries[t - 1];
      dir.assign(buckets + 1, 0);
      for (const uint64_t fp : fps) ++dir[Bucket(Block(fp, t)) + 1];
      for (size_t k = 0; k < buckets; ++k) dir[k + 1] += dir[k];
      table.assign(size(), 0);
      std::vector<uint32_t> fill(dir.begin(), dir.end() - 1);
      for (const uint64_t fp : fps) table[fill[Bucket(Block(fp, t))]++] = TableKey(fp, t);
    }
  }

  size_t IndexBytes() const {
    size_t bytes = dir0.capacity() * sizeof(uint32_t);
    for (int t = 0; t < 3; ++t) {
      bytes += (dirs[t].capacity() + entries[t].capacity()) * sizeof(uint32_t);
    }
    return bytes;
  }
  size_t StoreBytes() const {
    return fps.capacity() * sizeof(uint64_t) +
           (items.capacity() + times.capacity()) * sizeof(uint32_t);
  }

  // Items with block 0 == `block0` within `d` of `query` and not older than `cutoff`.
  void ScanStore(uint32_t block0, uint64_t query, int d, uint32_t cutoff,
                 std::vector<SimHashMatch>* out) const {
    const uint32_t k = Bucket(block0);
    const uint64_t* begin = fps.data() + dir0[k];
    const uint64_t* end = fps.data() + dir0[k + 1];
    const uint64_t low = uint64_t{block0} << 48;
    const uint64_t* at = bits == 16 ? begin : std::lower_bound(begin, end, low);
    for (; at != end && (*at >> 48) == block0; ++at) {
      const int distance = std::popcount(*at ^ query);
      if (distance > d) continue;
      const size_t i = static_cast<size_t>(at - fps.data());
      if (times[i] < cutoff) continue;
      out->push_back({items[i], times[i], distance});
    }
  }

  void Find(uint64_t query, int d, uint32_t cutoff, std::vector<SimHashMatch>* out) const {
    if (fps.empty() || max_time < cutoff) return;
    const uint32_t q0 = Block(query, 0);
    ScanStore(q0, query, d, cutoff, out);
    // Block-0 values already scanned: q0, then each one a filter lets through (rarely more
    // than the true matches' own).
    uint32_t scanned[16];
    int n_scanned = 0;
    std::vector<uint32_t> more_scanned;  // allocated only past 16
    for (int t = 1; t <= 3; ++t) {
      const uint32_t k = Bucket(Block(query, t));
      const std::vector<uint32_t>& table = entries[t - 1];
      const uint32_t* e = table.data() + dirs[t - 1][k];
      const uint32_t* end = table.data() + dirs[t - 1][k + 1];
      const uint32_t key = TableKey(query, t);
      for (; e != end; ++e) {
        if (std::popcount(*e ^ key) > d) continue;
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
        ScanStore(block0, query, d, cutoff, out);
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
    const bool take_a = j == b.size() || (i < a.size() && a.fps[i] <= b.fps[j]);
    const RunT& from = take_a ? a : b;
    const size_t at = take_a ? i++ : j++;
    if (from.times[at] >= cutoff) out->Append(from.fps[at], from.items[at], from.times[at]);
  }
  out->fps.shrink_to_fit();
  out->items.shrink_to_fit();
  out->times.shrink_to_fit();
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
  for (const auto& run : runs_) run->Find(fingerprint, d, cutoff, matches);
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
