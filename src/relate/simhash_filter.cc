#include "relate/simhash_filter.h"

#include <bit>
#include <cstdlib>
#include <string_view>

namespace yuqing::simhash_detail {
namespace {

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

}  // namespace

const uint32_t* NextWithin(const uint32_t* at, const uint32_t* end, uint32_t key, uint32_t d) {
  static const FilterFunction chosen = ChooseFilter();
  return chosen(at, end, key, d);
}

}  // namespace yuqing::simhash_detail
