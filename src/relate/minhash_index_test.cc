#include "relate/minhash_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "relate/text_fingerprint.h"

namespace yuqing {
namespace {

MinHashSignature Sig(const std::string& text) { return MinHash(TextForHashing(text)); }

TEST(MinHashIndexTest, FindsANearCopyOfAShortPostAndNotUnrelatedOnes) {
  MinHashIndex index;
  index.Insert(Sig("成都社保卡补办流程来了，线上就能办，不用跑窗口"), 1, 1000);
  index.Insert(Sig("明天气温骤降，大家注意添衣保暖"), 2, 1001);
  index.Insert(Sig("养老金今年上调3%，7月底前补发到位"), 3, 1002);
  index.Insert(Sig(""), 4, 1003);  // no content: not stored
  EXPECT_EQ(index.Stats().items, 3u);

  std::vector<MinHashMatch> matches;
  index.Find(Sig("成都社保卡补办流程来了!线上就能办 不用跑窗口[赞]//@某人:转发"), &matches);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].item, 1u);
  EXPECT_EQ(matches[0].similarity, 1.0);

  matches.clear();
  index.Find(Sig("养老金今年上调3%，7月底前补发到位，大家查一下"), &matches);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].item, 3u);

  matches.clear();
  index.Find(Sig("医保个人账户改革有哪些变化"), &matches);
  EXPECT_TRUE(matches.empty());
  matches.clear();
  index.Find(Sig(""), &matches);
  EXPECT_TRUE(matches.empty());
}

TEST(MinHashIndexTest, RecallAndPrecisionOnSyntheticSets) {
  // Shingle sets with a known Jaccard similarity: near copies (J >= 0.8) are found nearly
  // always, far ones (J <= 0.2) nearly never.
  std::mt19937_64 rng(11);
  MinHashIndex index;
  std::vector<std::vector<char32_t>> texts;
  std::string all_text;
  auto random_text = [&](size_t n) {
    std::string text;
    for (size_t i = 0; i < n; ++i) {
      const char32_t c = 0x4E00 + static_cast<char32_t>(rng() % 3000);
      text += static_cast<char>(0xE0 | (c >> 12));
      text += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (c & 0x3F));
    }
    return text;
  };
  std::vector<std::string> stored;
  for (uint32_t i = 0; i < 2000; ++i) {
    stored.push_back(random_text(40));
    index.Insert(MinHash(stored.back()), i, 1000 + i);
  }
  int found = 0;
  int false_found = 0;
  for (uint32_t i = 0; i < 500; ++i) {
    // Change 2 of 40 characters at the end: about 34 of 38 3-grams stay, J ~ 0.85.
    std::string copy = stored[i].substr(0, 38 * 3) + random_text(2);
    std::vector<MinHashMatch> matches;
    index.Find(MinHash(copy), &matches);
    for (const auto& m : matches) {
      if (m.item == i) ++found;
      if (m.item != i) ++false_found;
    }
  }
  EXPECT_GE(found, 495);
  EXPECT_EQ(false_found, 0);
}

TEST(MinHashIndexTest, WindowAndExpiry) {
  MinHashIndexOptions options;
  options.window_seconds = 800;  // slices of 100 s
  MinHashIndex index(options);
  const auto a = Sig("社保卡补办流程来了线上就能办");
  index.Insert(a, 1, 1000);
  index.Insert(a, 2, 1500);
  EXPECT_EQ(index.FindEarliest(a)->item, 1u);
  index.Insert(Sig("别的内容完全不一样的一句话"), 3, 1850);  // window starts at 1050
  EXPECT_EQ(index.FindEarliest(a)->item, 2u);
  EXPECT_EQ(index.Stats().items, 3u);  // the slice of time 1000 ended at 1100 > 1050: kept...
  index.Insert(Sig("又一句别的话和前面无关"), 4, 1950);  // ...until the cut-off passes 1100
  EXPECT_EQ(index.Stats().items, 3u);
  index.Expire(1600);
  EXPECT_FALSE(index.FindEarliest(a).has_value());
  index.Insert(a, 5, 1200);  // older than the cut-off: not stored
  EXPECT_FALSE(index.FindEarliest(a).has_value());
}

}  // namespace
}  // namespace yuqing
