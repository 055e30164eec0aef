#include "match/literal_scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <tuple>

namespace yuqing::match {
namespace {

using Hit = std::tuple<uint32_t, uint32_t, uint32_t>;

std::vector<Hit> ScanAll(const LiteralScanner& scanner, std::string_view text) {
  std::vector<Hit> hits;
  std::string scratch;
  scanner.Scan(text, &scratch,
               [&](uint32_t id, uint32_t b, uint32_t e) { hits.emplace_back(id, b, e); });
  return hits;
}

// Every occurrence of every literal, by std::string::find over the ASCII-lowered text.
std::vector<Hit> Naive(const std::vector<std::string>& literals, std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  std::vector<Hit> hits;
  for (uint32_t id = 0; id < literals.size(); ++id) {
    for (size_t at = text.find(literals[id]); at != std::string::npos;
         at = text.find(literals[id], at + 1)) {
      // Only at character starts, as a scan over characters sees them.
      if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
      hits.emplace_back(id, at, at + literals[id].size());
    }
  }
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return std::get<1>(a) < std::get<1>(b); });
  return hits;
}

TEST(LiteralScanner, FindsEveryOccurrenceInOrderIncludingOverlaps) {
  const std::vector<std::string> literals = {"养老", "养老金", "金", "老金额", "12333", "qfii"};
  LiteralScanner scanner(literals);
  const std::string text = "养老金额养老金12333QFII";
  auto hits = ScanAll(scanner, text);
  std::vector<Hit> expected = {{0, 0, 6},   {1, 0, 9},   {3, 3, 12},  {2, 6, 9},  {0, 12, 18},
                               {1, 12, 21}, {2, 18, 21}, {4, 21, 26}, {5, 26, 30}};
  EXPECT_EQ(hits, expected);
}

TEST(LiteralScanner, EmptySetsTextsAndBadBytes) {
  LiteralScanner none(std::vector<std::string>{});
  EXPECT_TRUE(ScanAll(none, "养老金").empty());
  LiteralScanner scanner(std::vector<std::string>{"养老金", "a"});
  EXPECT_TRUE(ScanAll(scanner, "").empty());
  // Invalid bytes match nothing and do not hide what follows them.
  auto hits = ScanAll(scanner, std::string("\xff\xe5\x85\xbb") + "养老金\xe5");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0], Hit(0, 4, 13));
}

TEST(LiteralScanner, AgreesWithFindOnRandomTexts) {
  const std::vector<std::string> alphabet = {
      "养", "老", "金", "保", "险", "a", "B", "1", "\xf0\x9f\x98\x80"};
  std::mt19937 rng(7);
  auto random_string = [&](size_t max) {
    std::string s;
    const size_t n = 1 + rng() % max;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> literals;
    for (int i = 0; i < 1 + static_cast<int>(rng() % 30); ++i) {
      std::string l = random_string(4);
      for (char& c : l) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      }
      if (std::find(literals.begin(), literals.end(), l) == literals.end()) literals.push_back(l);
    }
    LiteralScanner scanner(literals);
    for (int t = 0; t < 20; ++t) {
      const std::string text = random_string(60);
      auto got = ScanAll(scanner, text);
      auto want = Naive(literals, text);
      // Same multiset; the scanner orders by begin, ties in its own group order.
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
      ASSERT_EQ(got, want) << text;
    }
  }
}

}  // namespace
}  // namespace yuqing::match

namespace yuqing::match {
namespace {

TEST(LiteralScanner, CapitalsAnywhereInALongTextAreFound) {
  LiteralScanner scanner(std::vector<std::string>{"qfii"});
  for (size_t pad = 0; pad < 20; ++pad) {
    const std::string text = std::string(pad, 'x') + "QfIi" + std::string(pad % 7, '\x80');
    std::string scratch;
    int hits = 0;
    scanner.Scan(text, &scratch, [&](uint32_t, uint32_t b, uint32_t) {
      ++hits;
      EXPECT_EQ(b, pad);
    });
    EXPECT_EQ(hits, 1) << pad;
  }
}

}  // namespace
}  // namespace yuqing::match
