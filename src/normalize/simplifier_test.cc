#include "normalize/simplifier.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/resources.h"

namespace yuqing {
namespace {

class SimplifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created =
        Simplifier::Create("t2s.json", ResourcePath("resources/normalize/t2s_corrections.tsv"));
    ASSERT_TRUE(created.ok()) << created.status().message();
    simplifier_ = std::move(created.value());
  }
  std::string Convert(const std::string& text, size_t* converted = nullptr) {
    size_t local = 0;
    return simplifier_->Convert(text, converted != nullptr ? converted : &local);
  }
  std::unique_ptr<Simplifier> simplifier_;
};

TEST_F(SimplifierTest, ConvertsTraditionalAndCounts) {
  size_t converted = 0;
  EXPECT_EQ(Convert("精細社保須精準宣傳", &converted), "精细社保须精准宣传");
  EXPECT_EQ(converted, 4U);
}

TEST_F(SimplifierTest, ZheInVerbAndParticleUse) {
  EXPECT_EQ(Convert("胸懷大局、著眼大事，找準切入點和著力點"),
            "胸怀大局、着眼大事，找准切入点和着力点");
  EXPECT_EQ(Convert("機構承擔著諸多改革"), "机构承担着诸多改革");
  EXPECT_EQ(Convert("這標誌著雜誌在追求"), "这标志着杂志在追求");
  EXPECT_EQ(Convert("隨著覆蓋城鄉"), "随着覆盖城乡");
  EXPECT_EQ(Convert("沿著這條路，意味著變化，著手準備，著重說明"),
            "沿着这条路，意味着变化，着手准备，着重说明");
  EXPECT_EQ(Convert("隨著作者的思路"), "随着作者的思路");  // the verb wins over 著作
}

TEST_F(SimplifierTest, ZhuStaysInItsWords) {
  EXPECT_EQ(Convert("著名學者的著作成效顯著，以勤勉著稱，功勳卓著"),
            "著名学者的著作成效显著，以勤勉著称，功勋卓著");
}

TEST_F(SimplifierTest, OtherCorrections) { EXPECT_EQ(Convert("這是甚麼"), "这是什么"); }

TEST_F(SimplifierTest, SimplifiedTextIsNotTouched) {
  // 著 alone in simplified text is left as written: nothing OpenCC changes is on the line.
  size_t converted = 0;
  const std::string text = "鲁迅著《呐喊》，反复阅读，这么说";
  EXPECT_EQ(Convert(text, &converted), text);
  EXPECT_EQ(converted, 0U);
}

TEST_F(SimplifierTest, BitmapAndPhraseOnlyCharacters) {
  EXPECT_TRUE(simplifier_->MayChange(U'國'));
  EXPECT_FALSE(simplifier_->MayChange(U'国'));
  EXPECT_FALSE(simplifier_->MayChange(U'的'));
  EXPECT_EQ(simplifier_->SimplifyChar(U'發'), U'发');
  EXPECT_EQ(simplifier_->SimplifyChar(U'社'), U'社');
  // 覆 changes only inside phrases such as 反覆; a line with 覆盖 alone needs no OpenCC.
  EXPECT_TRUE(simplifier_->MayChange(U'覆'));
  EXPECT_FALSE(simplifier_->NeedsConversion("覆盖全国，这么好"));
  EXPECT_TRUE(simplifier_->NeedsConversion("反覆"));
  EXPECT_TRUE(simplifier_->NeedsConversion("中國"));
}

TEST_F(SimplifierTest, OnlyLinesWithTraditionalCharactersAreConverted) {
  EXPECT_EQ(Convert("隨著發展\n鲁迅著作\n"), "随着发展\n鲁迅著作\n");
}

// OpenCC stops at a NUL (found by fuzz_normalizer): the text after it must survive.
TEST_F(SimplifierTest, NulBytesDoNotTruncate) {
  const std::string in = std::string("隨") + '\0' + "著發展" + '\0';
  EXPECT_EQ(Convert(in), std::string("随") + '\0' + "着发展" + '\0');
}

TEST(SimplifierCreateTest, MissingConfigIsAnError) {
  auto created = Simplifier::Create("/nonexistent/t2s.json", "");
  EXPECT_FALSE(created.ok());
}

TEST(SimplifierCreateTest, BadCorrectionsFileIsAnError) {
  auto created = Simplifier::Create("t2s.json", "/nonexistent/corrections.tsv");
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace yuqing
