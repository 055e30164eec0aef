#include "relate/simhash_filter.h"

#include <bit>
#include <cstdlib>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define YUQING_FILTER_CLONES 1
#endif

namespace yuqing::simhash_detail {
namespace {

// "At most d (0..3) bits set" without a popcount instruction: clearing the lowest set bit d times
// leaves 0.
inline bool Within(uint32_t x, uint32_t d) {
  x &= (x - 1) | (d > 0 ? 0 : ~0u);
  x &= (x - 1) | (d > 1 ? 0 : ~0u);
  x &= (x - 1) | (d > 2 ? 0 : ~0u);
  return x == 0;
}

// Branch-free over blocks of 16 entries; a block with a hit is then looked at one by one.
[[gnu::always_inline]] inline const uint8_t* NextWithinBody(const uint8_t* at, const uint8_t* end,
                                                            uint32_t key, uint32_t d) {
  while (static_cast<size_t>(end - at) >= 16 * kEntryBytes) {
    uint32_t hits = 0;
    for (int j = 0; j < 16; ++j) hits += Within(LoadEntry(at + j * kEntryBytes) ^ key, d) ? 1 : 0;
    if (hits != 0) break;
    at += 16 * kEntryBytes;
  }
  for (; at < end; at += kEntryBytes) {
    if (Within(LoadEntry(at) ^ key, d)) return at;
  }
  return end;
}

const uint8_t* NextWithinBaseline(const uint8_t* at, const uint8_t* end, uint32_t key, uint32_t d) {
  return NextWithinBody(at, end, key, d);
}

#ifdef YUQING_FILTER_CLONES
// 8 entries a step: 24 bytes loaded as 32 (the padding), dwords 0-2 to the low lane and 3-5 to
// the high one, then each entry's 3 bytes to a 32-bit lane.
[[gnu::target("avx2")]] const uint8_t* NextWithinAvx2(const uint8_t* at, const uint8_t* end,
                                                      uint32_t key, uint32_t d) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 3, 4, 5, 6);
  const __m256i bytes = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,  //
                                         0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
  const __m256i k = _mm256_set1_epi32(static_cast<int>(key));
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i keep0 = _mm256_set1_epi32(d > 0 ? 0 : -1);
  const __m256i keep1 = _mm256_set1_epi32(d > 1 ? 0 : -1);
  const __m256i keep2 = _mm256_set1_epi32(d > 2 ? 0 : -1);
  for (; at < end; at += 8 * kEntryBytes) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
    v = _mm256_shuffle_epi8(_mm256_permutevar8x32_epi32(v, lanes), bytes);
    __m256i x = _mm256_xor_si256(v, k);
    x = _mm256_and_si256(x, _mm256_or_si256(_mm256_sub_epi32(x, one), keep0));
    x = _mm256_and_si256(x, _mm256_or_si256(_mm256_sub_epi32(x, one), keep1));
    x = _mm256_and_si256(x, _mm256_or_si256(_mm256_sub_epi32(x, one), keep2));
    auto hits = static_cast<uint32_t>(
        _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(x, _mm256_setzero_si256()))));
    const auto left = static_cast<size_t>(end - at) / kEntryBytes;
    if (left < 8) hits &= (1u << left) - 1;
    if (hits != 0) return at + std::countr_zero(hits) * kEntryBytes;
  }
  return end;
}

// 16 entries a step: 48 bytes loaded as 64 (the padding), each entry's 3 bytes to a 32-bit lane
// (vpermb, byte 3 of each lane zeroed), vector popcount.
[[gnu::target("avx512f,avx512bw,avx512vbmi,avx512vpopcntdq")]] const uint8_t* NextWithinAvx512(
    const uint8_t* at, const uint8_t* end, uint32_t key, uint32_t d) {
  alignas(64) static constexpr uint8_t kSpread[64] = {
      0,  1,  2,  0,  3,  4,  5,  0,  6,  7,  8,  0,  9,  10, 11, 0,  12, 13, 14, 0,  15, 16,
      17, 0,  18, 19, 20, 0,  21, 22, 23, 0,  24, 25, 26, 0,  27, 28, 29, 0,  30, 31, 32, 0,
      33, 34, 35, 0,  36, 37, 38, 0,  39, 40, 41, 0,  42, 43, 44, 0,  45, 46, 47, 0};
  const __m512i spread = _mm512_load_si512(kSpread);
  const __m512i k = _mm512_set1_epi32(static_cast<int>(key));
  const __m512i most = _mm512_set1_epi32(static_cast<int>(d));
  for (; at < end; at += 16 * kEntryBytes) {
    const __m512i v =
        _mm512_maskz_permutexvar_epi8(0x7777777777777777ULL, spread, _mm512_loadu_si512(at));
    const __m512i bits = _mm512_popcnt_epi32(_mm512_xor_si512(v, k));
    uint32_t hits = _mm512_cmple_epu32_mask(bits, most);
    const auto left = static_cast<size_t>(end - at) / kEntryBytes;
    if (left < 16) hits &= (1u << left) - 1;
    if (hits != 0) return at + std::countr_zero(hits) * kEntryBytes;
  }
  return end;
}
#endif

using FilterFunction = const uint8_t* (*)(const uint8_t*, const uint8_t*, uint32_t, uint32_t);

// YUQING_SIMHASH_FILTER=baseline|avx2 forces a slower variant (the tests run each).
FilterFunction ChooseFilter() {
  const char* forced = std::getenv("YUQING_SIMHASH_FILTER");
  const std::string_view force = forced == nullptr ? "" : forced;
  if (force == "baseline") return NextWithinBaseline;
#ifdef YUQING_FILTER_CLONES
  __builtin_cpu_init();
  if (force != "avx2" && __builtin_cpu_supports("avx512vpopcntdq") &&
      __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw")) {
    return NextWithinAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return NextWithinAvx2;
#endif
  return NextWithinBaseline;
}

}  // namespace

const uint8_t* NextWithin(const uint8_t* at, const uint8_t* end, uint32_t key, uint32_t d) {
  static const FilterFunction chosen = ChooseFilter();
  return chosen(at, end, key, d);
}

}  // namespace yuqing::simhash_detail
