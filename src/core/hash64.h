// The 64-bit hash in-memory state is keyed by (item ids, words, URLs, detection keys): FNV-1a
// with MurmurHash3's fmix64 finaliser. Never stored, so it may change between versions; a
// collision at 2^-64 per pair is far below any error the stage makes.
#pragma once

#include <cstdint>
#include <string_view>

namespace yuqing {

// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
inline uint64_t Fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

inline uint64_t Hash64(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Fmix64(h);
}

}  // namespace yuqing
