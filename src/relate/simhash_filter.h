// The SimHash index's inner loop and memory helpers (relate/simhash_index.cc): the filter that
// keeps the 32-bit entries within d bits of a key, compiled once per instruction set, and
// arrays in 2 MiB pages.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace yuqing::simhash_detail {

// The first entry of [at, end) within d (0..3) bits of `key`, or `end`. Branch-free over blocks
// of 16 entries, so it vectorises; a block with a hit is then looked at one by one. This filter
// is most of a look-up's work, so it is compiled three times and the best the CPU runs is
// chosen at start-up: AVX-512 with a vector popcount (16 lanes), AVX2 (8 lanes), and baseline
// x86-64 (4 lanes). Without a popcount instruction, "at most d bits" is "clearing the lowest set
// bit d times leaves 0".
const uint32_t* NextWithin(const uint32_t* at, const uint32_t* end, uint32_t key, uint32_t d);

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
