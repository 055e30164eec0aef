// Segmenter against cppjieba itself (JiebaReference) on real posts: token for token.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "nlp/jieba_reference.h"
#include "nlp/segmenter.h"

namespace yuqing {
namespace {

std::vector<std::string> SampleLines() {
  std::vector<std::string> texts;
  std::ifstream in("src/nlp/testdata/posts_sample.txt");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') texts.push_back(line);
  }
  texts.insert(texts.end(),
               {
                   "iPhone12和DRG付费改革，3.14.15版本 abc123def 2024年12月",
                   "灵活就业人员怎么补缴养老保险？打12333问问",
                   "  前后 空格\t制表符\n换行，逗号。句号",
                   "😀👍🏻养老金🎉 emoji ①②③ ＡＢＣ ｆｕｌｌ",
                   "韩玉赏鉴蓝翔区块链云计算",
                   "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
               });
  return texts;
}

void ExpectAgreement(const SegmenterOptions& options) {
  auto ours = Segmenter::Load(options);
  ASSERT_TRUE(ours.ok()) << ours.status().message();
  auto reference = JiebaReference::Load(options);
  ASSERT_TRUE(reference.ok()) << reference.status().message();
  const auto texts = SampleLines();
  ASSERT_GT(texts.size(), 400u);
  std::vector<std::string_view> words;
  std::vector<std::string> expected;
  size_t disagreements = 0;
  for (const auto& text : texts) {
    (*ours)->Cut(text, &words);
    (*reference)->Cut(text, &expected);
    const std::vector<std::string> got(words.begin(), words.end());
    if (got != expected && ++disagreements <= 5) {
      std::string a, b;
      for (const auto& w : got) a += w + "/";
      for (const auto& w : expected) b += w + "/";
      ADD_FAILURE() << "text: " << text << "\n ours:     " << a << "\n cppjieba: " << b;
    }
  }
  EXPECT_EQ(disagreements, 0u) << "of " << texts.size();
}

TEST(SegmenterAgreement, SameAsCppjiebaWithTheDomainDictionary) { ExpectAgreement({}); }

TEST(SegmenterAgreement, SameAsCppjiebaWithItsOwnDictionaryOnly) {
  ExpectAgreement([&] {
    SegmenterOptions o;
    o.use_domain_dictionary = false;
    return o;
  }());
}

TEST(SegmenterAgreement, SameAsCppjiebaWithCppjiebasDemoUserDictionary) {
  // word / word tag / word freq tag lines, and one-character words.
  ExpectAgreement([&] {
    SegmenterOptions o;
    o.user_dictionaries = {"third_party/cppjieba/dict/user.dict.utf8"};
    return o;
  }());
}

}  // namespace
}  // namespace yuqing
