#include "normalize/mojibake.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/resources.h"
#include "normalize/char_model.h"
#include "normalize/gbk_table.h"
#include "normalize/simplifier.h"

namespace yuqing {
namespace {

class MojibakeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto model = CharModel::Load(ResourcePath("resources/normalize/char_bigrams.tsv"));
    ASSERT_TRUE(model.ok()) << model.status().message();
    model_ = new CharModel(std::move(model.value()));
    auto gbk = GbkTable::Build();
    ASSERT_TRUE(gbk.ok()) << gbk.status().message();
    gbk_ = new GbkTable(std::move(gbk.value()));
    auto simplifier = Simplifier::Create("t2s.json", "");
    ASSERT_TRUE(simplifier.ok()) << simplifier.status().message();
    simplifier_ = simplifier.value().release();
  }
  static void TearDownTestSuite() {
    delete model_;
    delete gbk_;
    delete simplifier_;
  }
  std::string Repair(const std::string& text, size_t* repaired = nullptr) {
    size_t local = 0;
    const MojibakeRepairer repairer(model_, gbk_, simplifier_);
    return repairer.Repair(text, repaired != nullptr ? repaired : &local);
  }
  static CharModel* model_;
  static GbkTable* gbk_;
  static Simplifier* simplifier_;
};
CharModel* MojibakeTest::model_ = nullptr;
GbkTable* MojibakeTest::gbk_ = nullptr;
Simplifier* MojibakeTest::simplifier_ = nullptr;

TEST_F(MojibakeTest, GbkTableRoundTrips) {
  EXPECT_EQ(gbk_->Decode(0xB1, 0xA3), U'保');
  EXPECT_EQ(gbk_->Encode(U'保'), 0xB1A3);
  EXPECT_EQ(gbk_->Decode(0xAC, 0xBC), 0xE0D7U);  // user-defined area -> PUA, as glibc does
  EXPECT_EQ(gbk_->Decode(0xB1, 0x30), 0U);       // a four-byte GB18030 start, not a pair
  EXPECT_EQ(gbk_->Encode(U'a'), 0);
}

// The five spots of the seed page (tests/data/seed-page/page.txt).
TEST_F(MojibakeTest, RepairsTheSeedSpots) {
  size_t repaired = 0;
  EXPECT_EQ(Repair("社保便民服務(wù)、社??òl(fā)放使用等內", &repaired),
            "社保便民服務(wù)、社保卡發(fā)放使用等內");
  EXPECT_EQ(Repair("營造了良好的社會氛圍??梢赃@樣講,全民參保", &repaired),
            "營造了良好的社會氛圍。可以這樣講,全民參保");
  EXPECT_EQ(Repair("在“全民社?!睍r代,各地社保機", &repaired), "在“全民社保”時代,各地社保機");
  EXPECT_EQ(Repair("二是把握“全民社?!备窬郑\xEE\x83\x97哟箅s志推介力度。", &repaired),
            "二是把握“全民社保”格局，加大雜志推介力度。");
  EXPECT_EQ(Repair("隨著“全民社?!毙赂窬值男纬?,雜志的目標", &repaired),
            "隨著“全民社保”新格局的形成,雜志的目標");
  EXPECT_EQ(repaired, 5U);
}

// Made like the seed's damage (a lead byte replaced by '?', decoded as GB18030 with '?' for
// undecodable bytes, full-width forms folded to ASCII), from sentences the model never saw.
TEST_F(MojibakeTest, RepairsOtherPhaseShifts) {
  // The lead byte of 险 gone; the run goes on to the end of the line, through two user-defined
  // (PUA) pairs and a folded "Ｗ".
  EXPECT_EQ(Repair("社会保?站\xEE\x84\xA9旎\xEE\x8C\x88钩械W胖疃喔母锶挝瘛?"),
            "社会保险经办机构承担着诸多改革任务。");
  EXPECT_EQ(Repair("各级经办机构要加?慷杂咔榈墓刈⒍龋\xEE\x83\xAF銮慷酝环⒂咔榈募嗫啬芰Α?"),
            "各级经办机构要加强对舆情的关注度，增强对突发舆情的监控能力。");
}

TEST_F(MojibakeTest, LeavesQuestionMarksInOrdinaryText) {
  for (const char* text :
       {"为什么?我不知道", "真的吗??太好了", "Is it ok? yes", "http://a.cn/?id=1&b=2",
        "社保卡怎么办?", "?开头的问题", "养老金涨了吗?涨了多少?", "价格多少??求告知!!",
        "什么情况？？", "\xEF\xBF\xBD\xEF\xBF\xBD"}) {
    size_t repaired = 0;
    EXPECT_EQ(Repair(text, &repaired), text);
    EXPECT_EQ(repaired, 0U) << text;
  }
}

TEST_F(MojibakeTest, LossyConversionIsNotGuessedAt) {
  // Every '?' is a character a Big5 -> GB conversion could not map; the bytes are gone.
  const std::string text = "?款?子只能?Vista，才能?示??卡";
  EXPECT_EQ(Repair(text), text);
}

TEST_F(MojibakeTest, MayNeedRepair) {
  EXPECT_FALSE(MojibakeRepairer::MayNeedRepair("社保卡发放"));
  EXPECT_TRUE(MojibakeRepairer::MayNeedRepair("社?"));
  EXPECT_TRUE(MojibakeRepairer::MayNeedRepair("社\xEF\xBF\xBD"));
}

TEST_F(MojibakeTest, CharModelPrefersText) {
  const auto sym = [](char32_t c) { return CharModel::ClassOf(c); };
  EXPECT_GT(model_->LogProb(sym(U'社'), sym(U'会')), model_->LogProb(sym(U'社'), sym(U'窬')));
  EXPECT_EQ(CharModel::ClassOf(U'Ｑ'), U'A');
  EXPECT_EQ(CharModel::ClassOf(U'７'), U'0');
  EXPECT_EQ(CharModel::ClassOf(U'ò'), U'ò');  // a Latin letter amid Chinese is not "a letter"
  EXPECT_DOUBLE_EQ(model_->LogProb(U'A', U'A'), 0.0);
}

TEST(CharModelLoadTest, ErrorsNameTheFileAndLine) {
  auto missing = CharModel::Load("/nonexistent/char_bigrams.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/char_bigrams.tsv"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
