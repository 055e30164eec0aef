#include "extract/text_page_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace yuqing {
namespace {

const RemovedContent* Removed(const ExtractedPage& page, const std::string& kind) {
  auto it = std::find_if(page.removed.begin(), page.removed.end(),
                         [&](const RemovedContent& r) { return r.kind == kind; });
  return it == page.removed.end() ? nullptr : &*it;
}

constexpr const char* kFarmPage =
    "国产精品_亚洲欧美日韩_一区二区三区_在线观看\n"
    "\n"
    "?\n"
    "养老金调整方案公布\n"
    "2024-07-10 09:30张三\n"
    "劳动保障报 2024年第7期\n"
    "关键词：养老金调整退休人员\n"
    "■文/张三\n"
    "养老金调整方案公布\n"
    "今年退休人员基本养老金将继续上调，总体调整水平为上年退休人员月人均基本养老金的3%。\n"
    "调整办法\n"
    "调整采取定额调整、挂钩调整与适当倾斜相结合的办法，退休人员养老金调整后普遍增加。■\n"
    "作者系某市社保局干部\n"
    "猜你喜欢\n"
    "养老金何时到账\n"
    "退休人员待遇认证\n"
    "和静县| 灯塔市| 临西县| 资阳市| 德惠市| 梓潼县| 苏州市| 沙坪坝区| 濉溪县\n";

TEST(TextPageExtractor, ReadsAContentFarmPageByItsLines) {
  const ExtractedPage page = ExtractTextPage(kFarmPage, {});
  EXPECT_EQ(page.title, "养老金调整方案公布");
  EXPECT_EQ(page.author, "张三");
  EXPECT_EQ(page.source, "劳动保障报 2024年第7期");
  ASSERT_TRUE(page.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*page.published_at), "2024-07-10T09:30:00+08:00");
  ASSERT_EQ(page.paragraphs.size(), 3u);
  EXPECT_EQ(page.paragraphs[1], "调整办法");            // subheadings stay in the body
  EXPECT_TRUE(page.paragraphs[2].ends_with("增加。"));  // the closing ■ is dropped
  EXPECT_EQ(page.author_note, "作者系某市社保局干部");
  EXPECT_EQ(page.keywords, (std::vector<std::string>{"养老金调整", "退休人员"}));
  EXPECT_EQ(page.page_class, PageClass::kArticle);

  ASSERT_NE(Removed(page, "spam_header"), nullptr);
  ASSERT_NE(Removed(page, "related"), nullptr);
  EXPECT_EQ(Removed(page, "related")->count, 2u);
  ASSERT_NE(Removed(page, "link_farm"), nullptr);
  EXPECT_EQ(Removed(page, "link_farm")->count, 9u);
  EXPECT_EQ(Removed(page, "duplicate_title")->count, 1u);
  EXPECT_EQ(page.flags, (std::vector<std::string>{"seo_spam_header", "link_farm"}));
}

TEST(TextPageExtractor, PlainTextWithoutCuesIsStillAnArticle) {
  const ExtractedPage page = ExtractTextPage(
      "异地就医直接结算范围扩大\n"
      "记者从国家医保局获悉，跨省异地就医直接结算的定点医疗机构数量继续增加，参保人办理备案后可以"
      "直接结算住院和门诊费用，不必先行垫付再回参保地报销。\n"
      "医保部门提醒，备案可以通过国家医保服务平台办理。\n",
      {});
  EXPECT_EQ(page.title, "异地就医直接结算范围扩大");
  EXPECT_EQ(page.paragraphs.size(), 2u);
  EXPECT_FALSE(page.published_at.has_value());
  EXPECT_EQ(page.page_class, PageClass::kArticle);
}

TEST(TextPageExtractor, SpamOnlyAndEmptyPages) {
  EXPECT_EQ(ExtractTextPage("国产精品_亚洲欧美日韩_一区二区三区_在线观看\n", {}).page_class,
            PageClass::kSpam);
  const ExtractedPage empty = ExtractTextPage("", {});
  EXPECT_TRUE(empty.title.empty());
  EXPECT_TRUE(empty.paragraphs.empty());
  EXPECT_EQ(empty.page_class, PageClass::kOther);
  // Invalid UTF-8 and stray bytes never crash and never leak into fields as raw bytes.
  const ExtractedPage bad = ExtractTextPage("\xFF\xFE标题\n\xE7\xA4\n", {});
  EXPECT_EQ(bad.paragraphs.size(), 0u);
}

}  // namespace
}  // namespace yuqing
