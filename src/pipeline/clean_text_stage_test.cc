#include "pipeline/clean_text_stage.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(CleanTextStage, NormalisesTitleAndText) {
  auto stage = CleanTextStage::Create();
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  Item item;
  item.id = "1";
  item.title = "養老金調整";
  item.text = "退休人員養老金又漲了(zhǎng),大家怎麼看?";
  ASSERT_TRUE((*stage)->Process(item).ok());
  ASSERT_TRUE(item.analysis.clean_text.has_value());
  EXPECT_EQ(*item.analysis.clean_text, "养老金调整\n退休人员养老金又涨了，大家怎么看？");
  EXPECT_EQ(*item.text, "退休人員養老金又漲了(zhǎng),大家怎麼看?");  // the original stays
}

TEST(CleanTextStage, ExtractsTheArticleFromHtmlItems) {
  auto stage = CleanTextStage::Create();
  ASSERT_TRUE(stage.ok());
  Item item;
  item.id = "2";
  item.html =
      "<html><head><title>医保新规_某某网</title></head><body><div class=nav><a href=/>首页</a>"
      "<a href=/a>新闻</a></div><div class=article><h1>医保新规</h1><p>从下月起，参保人在"
      "异地就医可以直接结算门诊费用，不必先行垫付，报销比例与参保地保持一致。</p><p>医保部门"
      "提醒参保人提前办理备案手续，可以通过国家医保服务平台在线办理。</p></div></body></html>";
  ASSERT_TRUE((*stage)->Process(item).ok());
  ASSERT_TRUE(item.analysis.clean_text.has_value());
  EXPECT_NE(item.analysis.clean_text->find("异地就医可以直接结算门诊费用"), std::string::npos)
      << *item.analysis.clean_text;
  EXPECT_EQ(item.analysis.clean_text->find("首页"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
