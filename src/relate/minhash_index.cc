#include "relate/minhash_index.h"

#include <algorithm>
#include <array>

namespace yuqing {
namespace {

using Sketch = std::array<uint8_t, kMinHashSize>;

uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint32_t ClampTime(int64_t time) {
  return static_cast<uint32_t>(std::clamp<int64_t>(time, 0, 0xFFFFFFFFLL));
}

// Band b's key: its rows hashed together with b (so equal rows in different bands differ); never
// 0, which marks an empty slot.
uint32_t BandKey(const MinHashSignature& sig, int band) {
  uint64_t h = 0x6a09e667f3bcc908ULL ^ static_cast<uint64_t>(band);
  for (int r = 0; r < MinHashIndex::kRows; ++r) {
    h = Mix64(h ^ sig[band * MinHashIndex::kRows + r]);
  }
  const auto key = static_cast<uint32_t>(h >> 32);
  return key == 0 ? 1 : key;
}

Sketch MakeSketch(const MinHashSignature& sig) {
  Sketch sketch;
  for (int k = 0; k < kMinHashSize; ++k) sketch[k] = static_cast<uint8_t>(sig[k]);
  return sketch;
}

// b-bit MinHash (b = 8): equal bytes come from equal minima or, 1 time in 256, by chance.
double EstimateFromSketches(const Sketch& a, const Sketch& b) {
  int equal = 0;
  for (int k = 0; k < kMinHashSize; ++k) equal += a[k] == b[k] ? 1 : 0;
  const double share = static_cast<double>(equal) / kMinHashSize;
  return std::max(0.0, (share - 1.0 / 256) / (1.0 - 1.0 / 256));
}

}  // namespace

// The items of one time slice and their band entries in one open-addressing table (linear
// probing; equal keys sit in a run of slots, so one probe sequence yields all of them).
struct MinHashIndex::Slice {
  uint32_t start = 0;  // slice number: time / slice_seconds
  uint32_t max_time = 0;
  std::vector<uint32_t> items;
  std::vector<uint32_t> times;
  std::vector<Sketch> sketches;
  std::vector<uint64_t> slots;  // key << 32 | local index; 0 = empty
  size_t used = 0;

  static size_t Home(uint32_t key, size_t mask) { return Mix64(key) & mask; }

  void Place(uint64_t slot) {
    const size_t mask = slots.size() - 1;
    size_t at = Home(static_cast<uint32_t>(slot >> 32), mask);
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = slot;
  }

  void Add(const MinHashSignature& sig, uint32_t item, uint32_t time) {
    // Grow at 3/4 load: 16 entries per item.
    if ((used + kBands) * 4 >= slots.size() * 3) {
      std::vector<uint64_t> old = std::move(slots);
      slots.assign(std::max<size_t>(1024, old.size() * 2), 0);
      for (const uint64_t slot : old) {
        if (slot != 0) Place(slot);
      }
    }
    const auto local = static_cast<uint32_t>(items.size());
    items.push_back(item);
    times.push_back(time);
    sketches.push_back(MakeSketch(sig));
    max_time = std::max(max_time, time);
    for (int band = 0; band < kBands; ++band) {
      Place((uint64_t{BandKey(sig, band)} << 32) | local);
      ++used;
    }
  }

  // Local indexes of the items that share a band with the query (with repeats).
  void Candidates(const std::array<uint32_t, kBands>& keys, std::vector<uint32_t>* out) const {
    if (slots.empty()) return;
    const size_t mask = slots.size() - 1;
    for (const uint32_t key : keys) {
      for (size_t at = Home(key, mask); slots[at] != 0; at = (at + 1) & mask) {
        if (static_cast<uint32_t>(slots[at] >> 32) == key) {
          out->push_back(static_cast<uint32_t>(slots[at]));
        }
      }
    }
  }

  size_t Bytes() const {
    return items.capacity() * 4 + times.capacity() * 4 + sketches.capacity() * sizeof(Sketch) +
           slots.capacity() * 8;
  }
};

MinHashIndex::MinHashIndex(MinHashIndexOptions options) : options_(options) {
  options_.window_seconds = std::max<int64_t>(options_.window_seconds, 1);
  slice_seconds_ = static_cast<uint32_t>(
      std::clamp<int64_t>(options_.window_seconds / 8, 1, int64_t{0xFFFFFFFF}));
}

MinHashIndex::~MinHashIndex() = default;

uint32_t MinHashIndex::Cutoff() const {
  const int64_t by_window = static_cast<int64_t>(newest_) - options_.window_seconds;
  return std::max(expired_before_, ClampTime(by_window));
}

void MinHashIndex::Insert(const MinHashSignature& signature, uint32_t item, int64_t time) {
  if (std::all_of(signature.begin(), signature.end(), [](uint32_t v) { return v == 0xFFFFFFFF; })) {
    return;
  }
  const uint32_t t = ClampTime(time);
  if (t > newest_) {
    newest_ = t;
    DropExpiredSlices();
  }
  if (t < Cutoff()) return;
  const uint32_t number = t / slice_seconds_;
  auto at =
      std::lower_bound(slices_.begin(), slices_.end(), number,
                       [](const std::unique_ptr<Slice>& s, uint32_t n) { return s->start < n; });
  if (at == slices_.end() || (*at)->start != number) {
    auto slice = std::make_unique<Slice>();
    slice->start = number;
    at = slices_.insert(at, std::move(slice));
  }
  (*at)->Add(signature, item, t);
}

void MinHashIndex::Find(const MinHashSignature& signature,
                        std::vector<MinHashMatch>* matches) const {
  std::array<uint32_t, kBands> keys;
  for (int band = 0; band < kBands; ++band) keys[band] = BandKey(signature, band);
  const Sketch query = MakeSketch(signature);
  const uint32_t cutoff = Cutoff();
  std::vector<uint32_t> candidates;
  for (const auto& slice : slices_) {
    if (slice->max_time < cutoff) continue;
    candidates.clear();
    slice->Candidates(keys, &candidates);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const uint32_t local : candidates) {
      if (slice->times[local] < cutoff) continue;
      const double similarity = EstimateFromSketches(query, slice->sketches[local]);
      if (similarity >= options_.threshold) {
        matches->push_back({slice->items[local], slice->times[local], similarity});
      }
    }
  }
}

std::optional<MinHashMatch> MinHashIndex::FindEarliest(const MinHashSignature& signature) const {
  std::vector<MinHashMatch> matches;
  Find(signature, &matches);
  if (matches.empty()) return std::nullopt;
  return *std::min_element(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return a.time != b.time ? a.time < b.time : a.item < b.item;
  });
}

void MinHashIndex::DropExpiredSlices() {
  const uint64_t cutoff = Cutoff();
  // A slice ends where the next begins; once that is at or before the cut-off, all is expired.
  std::erase_if(slices_, [&](const std::unique_ptr<Slice>& s) {
    return (uint64_t{s->start} + 1) * slice_seconds_ <= cutoff;
  });
}

void MinHashIndex::Expire(int64_t older_than) {
  expired_before_ = std::max(expired_before_, ClampTime(older_than));
  DropExpiredSlices();
}

MinHashIndexStats MinHashIndex::Stats() const {
  MinHashIndexStats stats;
  stats.slices = slices_.size();
  for (const auto& slice : slices_) {
    stats.items += slice->items.size();
    stats.bytes += slice->Bytes();
  }
  return stats;
}

}  // namespace yuqing
