#include "relate/simhash_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <tuple>
#include <vector>

namespace yuqing {
namespace {

struct Stored {
  uint64_t fp;
  uint32_t item;
  int64_t time;
};

uint64_t FlipBits(uint64_t fp, int n, std::mt19937_64* rng) {
  uint64_t mask = 0;
  while (std::popcount(mask) < n) mask |= uint64_t{1} << ((*rng)() % 64);
  return fp ^ mask;
}

std::vector<std::tuple<uint32_t, int64_t, int>> Sorted(std::vector<SimHashMatch> matches) {
  std::vector<std::tuple<uint32_t, int64_t, int>> out;
  for (const auto& m : matches) out.emplace_back(m.item, m.time, m.distance);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<SimHashMatch> BruteForce(const std::vector<Stored>& all, uint64_t query, int d,
                                     int64_t cutoff) {
  std::vector<SimHashMatch> out;
  for (const Stored& s : all) {
    const int distance = std::popcount(s.fp ^ query);
    if (distance <= d && s.time >= cutoff) out.push_back({s.item, s.time, distance});
  }
  return out;
}

// FindBatch gives each query what Find gives it.
void CheckBatchAgreesWithFind(const SimHashIndex& index, const std::vector<Stored>& all,
                              std::mt19937_64* rng) {
  std::vector<uint64_t> queries;
  // More than FindBatch's chunk of 256 queries.
  for (int i = 0; i < 600; ++i) {
    queries.push_back(i % 5 == 0 ? (*rng)() : FlipBits(all[(*rng)() % all.size()].fp, i % 4, rng));
  }
  for (int d = 0; d <= 3; ++d) {
    std::vector<std::pair<uint32_t, SimHashMatch>> batch;
    index.FindBatch(queries, d, &batch);
    std::vector<std::vector<SimHashMatch>> by_query(queries.size());
    for (const auto& [q, m] : batch) by_query.at(q).push_back(m);
    for (size_t q = 0; q < queries.size(); ++q) {
      std::vector<SimHashMatch> single;
      index.Find(queries[q], d, &single);
      ASSERT_EQ(Sorted(by_query[q]), Sorted(single)) << "query " << q << " d=" << d;
    }
  }
}

// Random fingerprints, a share of them near copies (0-4 bits) of earlier ones, few distinct
// block values so that buckets collide, and queries that are near copies or random.
class SimHashIndexTest : public ::testing::TestWithParam<size_t> {};

TEST_P(SimHashIndexTest, SameAnswerAsBruteForceAcrossRunsMergesAndExpiry) {
  std::mt19937_64 rng(7);
  SimHashIndexOptions options;
  options.window_seconds = 4000;
  options.buffer_items = GetParam();
  SimHashIndex index(options);
  std::vector<Stored> all;
  int64_t now = 1'700'000'000;
  int64_t explicit_cutoff = 0;
  size_t checked_matches = 0;
  for (uint32_t i = 0; i < 6000; ++i) {
    uint64_t fp = rng();
    if (!all.empty() && rng() % 3 == 0) fp = FlipBits(all[rng() % all.size()].fp, rng() % 5, &rng);
    if (rng() % 4 == 0) fp = (fp & 0x0000FFFFFFFFFFFFULL) | (uint64_t{rng() % 4} << 48);
    now += static_cast<int64_t>(rng() % 3);
    const int64_t time = now - static_cast<int64_t>(rng() % 50);  // slightly out of order
    index.Insert(fp, i, time);
    all.push_back({fp, i, time});
    if (i % 1500 == 1499) {
      explicit_cutoff = now - 2500;
      index.Expire(explicit_cutoff);
    }
    if (i % 7 == 0) {
      const int64_t newest = std::max_element(all.begin(), all.end(), [](auto& a, auto& b) {
                               return a.time < b.time;
                             })->time;
      const int64_t cutoff = std::max(explicit_cutoff, newest - options.window_seconds);
      // An inserted item older than the cut-off at its insertion is not stored.
      const uint64_t query =
          rng() % 4 == 0 ? rng() : FlipBits(all[rng() % all.size()].fp, rng() % 5, &rng);
      for (int d = 0; d <= 3; ++d) {
        std::vector<SimHashMatch> got;
        index.Find(query, d, &got);
        const auto want = BruteForce(all, query, d, cutoff);
        ASSERT_EQ(Sorted(got), Sorted(want)) << "i=" << i << " d=" << d;
        checked_matches += want.size();
      }
    }
  }
  EXPECT_GT(checked_matches, 1000u);
  CheckBatchAgreesWithFind(index, all, &rng);
  if (GetParam() < 6000) {
    EXPECT_GT(index.Stats().runs, 0u);
  }
  index.Compact();
  EXPECT_LE(index.Stats().runs, 1u);
  CheckBatchAgreesWithFind(index, all, &rng);
  for (int q = 0; q < 300; ++q) {
    const uint64_t query = FlipBits(all[rng() % all.size()].fp, q % 4, &rng);
    std::vector<SimHashMatch> got;
    index.Find(query, 3, &got);
    const int64_t newest = std::max_element(all.begin(), all.end(), [](auto& a, auto& b) {
                             return a.time < b.time;
                           })->time;
    ASSERT_EQ(Sorted(got),
              Sorted(BruteForce(all, query, 3, std::max(explicit_cutoff, newest - 4000))));
  }
}

INSTANTIATE_TEST_SUITE_P(BufferSizes, SimHashIndexTest, ::testing::Values(1, 37, 256, 100000));

TEST(SimHashIndexBasicsTest, FindEarliestAndWindow) {
  SimHashIndexOptions options;
  options.window_seconds = 100;
  options.buffer_items = 4;
  SimHashIndex index(options);
  const uint64_t fp = 0x0123456789ABCDEFULL;
  index.Insert(fp ^ 0x7, 1, 1000);  // 3 bits away
  index.Insert(fp, 2, 1010);
  index.Insert(fp ^ 0xF, 3, 1005);  // 4 bits: never a match
  auto earliest = index.FindEarliest(fp, 3);
  ASSERT_TRUE(earliest.has_value());
  EXPECT_EQ(earliest->item, 1u);
  EXPECT_EQ(earliest->distance, 3);
  EXPECT_EQ(index.FindEarliest(fp, 2)->item, 2u);
  for (uint32_t i = 0; i < 10; ++i) index.Insert(0xFFFF0000FFFF0000ULL + i * 977, 10 + i, 1095);
  EXPECT_EQ(index.FindEarliest(fp, 3)->item, 1u);
  index.Insert(42, 99, 1105);  // the window now starts at 1005
  EXPECT_EQ(index.FindEarliest(fp, 3)->item, 2u);
  index.Expire(1011);
  EXPECT_FALSE(index.FindEarliest(fp, 3).has_value());
  index.Insert(fp, 100, 1000);  // older than the cut-off: not stored
  EXPECT_FALSE(index.FindEarliest(fp, 3).has_value());
  EXPECT_EQ(index.FindEarliest(0xFFFF0000FFFF0000ULL, 0)->item, 10u);
}

// Runs that may not merge (each pair would span more than a quarter of the window): more runs
// than Find overlaps at once (16), and FindBatch's store probes across all of them.
TEST(SimHashIndexBasicsTest, ManyRunsSameAnswerAsBruteForce) {
  SimHashIndexOptions options;
  options.window_seconds = 1'000'000;
  options.buffer_items = 50;
  SimHashIndex index(options);
  std::mt19937_64 rng(11);
  std::vector<Stored> all;
  for (uint32_t i = 0; i < 50 * 40; ++i) {
    uint64_t fp = rng();
    if (!all.empty() && rng() % 2 == 0) fp = FlipBits(all[rng() % all.size()].fp, rng() % 5, &rng);
    if (rng() % 4 == 0) fp = (fp & 0xFFFF0000FFFFFFFFULL) | (uint64_t{rng() % 3} << 32);
    const int64_t time = 1'700'000'000 + ((i / 50) % 2 == 0 ? 0 : 300'000) + i % 7;
    index.Insert(fp, i, time);
    all.push_back({fp, i, time});
  }
  ASSERT_GT(index.Stats().runs, 16u);
  for (int q = 0; q < 400; ++q) {
    const uint64_t query = q % 5 == 0 ? rng() : FlipBits(all[rng() % all.size()].fp, q % 4, &rng);
    std::vector<SimHashMatch> got;
    index.Find(query, 3, &got);
    ASSERT_EQ(Sorted(got), Sorted(BruteForce(all, query, 3, 0))) << "query " << q;
  }
  CheckBatchAgreesWithFind(index, all, &rng);
}

TEST(SimHashIndexBasicsTest, StaysBoundedOnAnEndlessStream) {
  SimHashIndexOptions options;
  options.window_seconds = 1000;
  options.buffer_items = 64;
  SimHashIndex index(options);
  std::mt19937_64 rng(3);
  size_t most = 0;
  for (uint32_t i = 0; i < 200000; ++i) {
    index.Insert(rng(), i, i / 10);  // 10 items per second: 10,000 per window
    if (i > 20000) most = std::max(most, index.Stats().items);
  }
  EXPECT_LE(most, 10000u * 5 / 4 + 2 * 64 + 1000);
  EXPECT_GE(most, 10000u);
}

}  // namespace
}  // namespace yuqing
