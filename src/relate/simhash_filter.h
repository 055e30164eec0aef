// The SimHash index's inner loop and memory helpers (relate/simhash_index.cc): the filter that
// keeps the 3-byte entries within d bits of a key, compiled once per instruction set, and arrays
// in 2 MiB pages.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace yuqing::simhash_detail {

// Filter entries are 24 bits, 3 bytes each, little-endian, in arrays with kEntryPadding readable
// bytes after the last entry (the filter loads 16 entries at once).
constexpr size_t kEntryBytes = 3;
constexpr size_t kEntryPadding = 64;

inline uint32_t LoadEntry(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16);
}

inline void StoreEntry(uint8_t* p, uint32_t entry) {
  p[0] = static_cast<uint8_t>(entry);
  p[1] = static_cast<uint8_t>(entry >> 8);
  p[2] = static_cast<uint8_t>(entry >> 16);
}

// The first entry of [at, end) within d (0..3) bits of the 24-bit `key`, or `end`. This filter
// is most of a look-up's work, so it is compiled three times and the best the CPU runs is chosen
// at start-up: AVX-512 (VBMI byte permute, vector popcount: 16 entries a step), AVX2 (8), and
// baseline x86-64.
const uint8_t* NextWithin(const uint8_t* at, const uint8_t* end, uint32_t key, uint32_t d);

// Asks for the bytes of `data` in a prefetch, at most 32 cache lines.
inline void PrefetchBytes(const void* data, size_t bytes) {
  const char* p = static_cast<const char*>(data);
  const size_t lines = std::min<size_t>((bytes + 63) / 64, 32);
  for (size_t i = 0; i < lines; ++i) __builtin_prefetch(p + i * 64);
}

// Large arrays in 2 MiB pages where the kernel gives them for the asking (THP "madvise"): a
// look-up touches a few random places of 100+ MiB, and with 4 KiB pages each is a TLB miss and
// a page walk. The advice must come before the pages are first touched.
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeFrom = 2 * kHugePage;

inline size_t AllocatedBytes(size_t bytes) {
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

}  // namespace yuqing::simhash_detail
