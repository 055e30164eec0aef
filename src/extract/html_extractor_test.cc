#include "extract/html_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "extract/html_cues.h"

namespace yuqing {
namespace {

// Tests run from the repository root (yuqing_test sets the working directory).
std::string ReadPage(const std::string& name) {
  std::ifstream in("src/extract/testdata/html/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

ExtractedPage Extract(std::string_view html) { return ExtractHtml(html, HtmlExtractOptions{}); }

std::string Body(const ExtractedPage& page) {
  std::string body;
  for (const std::string& p : page.paragraphs) body += p + "\n";
  return body;
}

bool Removed(const ExtractedPage& page, std::string_view kind) {
  return std::any_of(page.removed.begin(), page.removed.end(),
                     [&](const RemovedContent& r) { return r.kind == kind; });
}

std::string Published(const ExtractedPage& page) {
  return page.published_at ? FormatIso8601(*page.published_at) : "";
}

TEST(HtmlExtractorTest, XinhuanetArticle) {
  const std::string html = ReadPage("xinhuanet_1.html");
  ASSERT_FALSE(html.empty());
  const ExtractedPage page = Extract(html);
  EXPECT_EQ(page.page_class, PageClass::kArticle);
  EXPECT_EQ(page.title, "法国全国大罢工再次严重影响交通");  // not "<title>-新华网"
  EXPECT_EQ(Published(page), "2019-12-10T07:57:40+08:00");
  EXPECT_EQ(page.author, "唐霁");  // from the lead "（记者唐霁）"
  EXPECT_EQ(page.source, "新华网");
  ASSERT_FALSE(page.paragraphs.empty());
  EXPECT_TRUE(page.paragraphs.front().starts_with("新华社巴黎12月9日电（记者唐霁）"));
  EXPECT_TRUE(page.paragraphs.back().ends_with("总理菲利普将于11日宣布退休制度改革的总体架构。"))
      << page.paragraphs.back();
}

TEST(HtmlExtractorTest, MonthDayShownWithTheYearAndSecondsFromMeta) {
  // The page shows "09-30 22:46"; <meta itemprop="dateUpdate"> has 2019-09-30 22:46:13.
  const ExtractedPage page = Extract(ReadPage("baijiahao_2.html"));
  EXPECT_EQ(page.title, "日本最后一家传呼机公司停止服务，殡仪馆为BB机送终");
  EXPECT_EQ(Published(page), "2019-09-30T22:46:13+08:00");
  EXPECT_FALSE(page.published_date_only);
  EXPECT_EQ(page.author, "");
  ASSERT_FALSE(page.paragraphs.empty());
  EXPECT_TRUE(page.paragraphs.front().starts_with("IT之家9月30日消息"));
}

TEST(HtmlExtractorTest, HeadlineOverSeveralLinesAndDateFromMeta) {
  // A gazette page: the headline is a <strong> broken by <br>, no date is printed, and the
  // first body line carries an older date (the session that passed the resolution).
  const ExtractedPage page = Extract(ReadPage("gov_gazette_1.html"));
  EXPECT_EQ(page.title,
            "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额"
            "的决议");
  EXPECT_EQ(Published(page), "2007-08-20T00:00:00+08:00");
  EXPECT_TRUE(page.published_date_only);
  ASSERT_FALSE(page.paragraphs.empty());
  EXPECT_EQ(page.paragraphs.front(),
            "（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）");
  EXPECT_EQ(Body(page).find("全国人民代表大会常务委员会\n"), std::string::npos);
}

TEST(HtmlExtractorTest, BylineSourceAndDisclaimerAreNotBody) {
  const ExtractedPage page = Extract(ReadPage("stcn_1.html"));
  EXPECT_EQ(page.title, "午间公告：天奇股份中标广汽丰田项目；运达股份中标7亿元项目");
  EXPECT_EQ(Published(page), "2019-09-26T12:11:00+08:00");
  EXPECT_EQ(page.author, "李在山");
  EXPECT_EQ(page.source, "证券时报网");
  const std::string body = Body(page);
  EXPECT_TRUE(body.starts_with("证券时报e公司讯")) << body;
  EXPECT_EQ(body.find("声明："), std::string::npos);
  EXPECT_EQ(body.find("您所在的位置"), std::string::npos);
  EXPECT_EQ(body.find("来源：证券时报网"), std::string::npos);
}

TEST(HtmlExtractorTest, TrailingPhotoByline) {
  const ExtractedPage page = Extract(ReadPage("cjddsb_1.html"));
  EXPECT_EQ(page.title, "常德市金融系统积极开展“金融知识普及月 金融知识进万家”活动");
  EXPECT_EQ(page.author, "刘玺东 易赛楠");  // "(文/图 刘玺东 易赛楠)" ends the text
  EXPECT_EQ(Published(page), "2019-09-23T14:34:05+08:00");
  ASSERT_FALSE(page.paragraphs.empty());
  EXPECT_TRUE(page.paragraphs.back().ends_with("(文/图 刘玺东 易赛楠)"));
}

TEST(HtmlExtractorTest, ForumBoardIsAListNotAnArticle) {
  const ExtractedPage page = Extract(ReadPage("netease_forum_list.html"));
  EXPECT_EQ(page.page_class, PageClass::kList);
  EXPECT_TRUE(page.paragraphs.empty());
}

TEST(HtmlExtractorTest, LinkListPageIsAList) {
  std::string html = "<html><head><title>新闻列表_某网</title></head><body><ul>";
  for (int i = 0; i < 40; ++i) {
    html += "<li><a href=\"/n/" + std::to_string(i) + ".html\">社保卡发放进度通报第" +
            std::to_string(i) + "期详情公布</a><span>09-0" + std::to_string(i % 9 + 1) + " 10:1" +
            std::to_string(i % 10) + "</span></li>";
  }
  html += "</ul></body></html>";
  const ExtractedPage page = Extract(html);
  EXPECT_EQ(page.page_class, PageClass::kList);
  EXPECT_TRUE(page.paragraphs.empty());
}

constexpr std::string_view kArticleWithFurniture = R"(<html><head>
<title>养老金调整方案公布_社保新闻_某某网</title>
<meta property="article:published_time" content="2023-05-20T09:30:00+08:00">
</head><body>
<div class="nav"><a href="/">首页</a><a href="/a">新闻</a><a href="/b">社保</a></div>
<div class="main">
 <h1>养老金调整方案公布</h1>
 <div class="info">2023-05-20 09:30 来源：人民日报 作者：张三</div>
 <div class="share">分享到：<a>微博</a><a>微信</a></div>
 <div class="article-content">
  <p>　　本报北京5月20日电　人力资源社会保障部、财政部近日印发通知，从2023年1月1日起，为2022年底前已按规定办理退休手续的人员提高基本养老金水平。</p>
  <p><strong>一、调整范围</strong></p>
  <p>总体调整水平为2022年退休人员月人均基本养老金的3.8%。各省以全国总体调整比例为高限确定本省调整比例和水平。</p>
  <p class="caption">图为社保经办大厅。记者 李四 摄</p>
  <p>调整办法实行定额调整、挂钩调整与适当倾斜相结合的办法，继续体现公平与效率相结合的原则。</p>
  <p>（责任编辑：王五）</p>
  <div class="related"><h3>相关阅读</h3><ul>
   <li><a href="/1">延迟退休政策解读来了</a></li><li><a href="/2">个人养老金制度全面推开</a></li>
  </ul></div>
 </div>
 <div id="comments"><p>网友甲：这次调整幅度还不错，希望继续提高，真心感谢国家的好政策。</p>
  <p>网友乙：农村养老金什么时候能涨一涨，我们也等了很久了，希望早日落实。</p></div>
</div>
<div class="footer">版权所有 © 某某网 京ICP备12345678号</div>
</body></html>)";

TEST(HtmlExtractorTest, FurnitureIsDroppedAndRecorded) {
  const ExtractedPage page = Extract(kArticleWithFurniture);
  EXPECT_EQ(page.page_class, PageClass::kArticle);
  EXPECT_EQ(page.title, "养老金调整方案公布");
  EXPECT_EQ(page.author, "张三");  // not the 责任编辑, not the photographer
  EXPECT_EQ(page.source, "人民日报");
  EXPECT_EQ(Published(page), "2023-05-20T09:30:00+08:00");
  const std::string body = Body(page);
  EXPECT_TRUE(body.starts_with("本报北京5月20日电")) << body;
  EXPECT_NE(body.find("一、调整范围\n"), std::string::npos);      // subheading kept
  EXPECT_NE(body.find("图为社保经办大厅。"), std::string::npos);  // caption kept
  EXPECT_TRUE(body.ends_with("继续体现公平与效率相结合的原则。\n")) << body;
  for (std::string_view junk :
       {"责任编辑", "相关阅读", "延迟退休政策解读", "网友甲", "分享到", "版权所有", "首页"}) {
    EXPECT_EQ(body.find(junk), std::string::npos) << junk;
  }
  EXPECT_TRUE(Removed(page, "editor"));
  EXPECT_TRUE(Removed(page, "related"));
}

TEST(HtmlExtractorTest, InvalidAndTruncatedHtmlNeverFails) {
  const std::string full(kArticleWithFurniture);
  for (size_t cut :
       {size_t{0}, size_t{1}, size_t{40}, full.size() / 3, full.size() / 2, full.size() - 7}) {
    const ExtractedPage page = Extract(std::string_view(full).substr(0, cut));
    for (const std::string& p : page.paragraphs) EXPECT_FALSE(p.empty());
  }
  // Cut in the middle of the second paragraph: the first is still found.
  const size_t mid = full.find("各省以全国");
  const ExtractedPage half = Extract(std::string_view(full).substr(0, mid));
  EXPECT_EQ(half.title, "养老金调整方案公布");
  EXPECT_NE(Body(half).find("本报北京5月20日电"), std::string::npos);

  std::string garbage = "<p>\xFF\xFE\xC3<div \x80=\"\xE4\xB8\">文字，内容。</p><";
  garbage.push_back('\0');
  garbage += "</</<!---<!DOCTYPE<?xml &#xFFFFFFFF; &#0;";
  Extract(garbage);
  Extract(std::string(100000, '<'));
  Extract(std::string(100000, '&'));
}

TEST(HtmlExtractorTest, RelativePublishTimeUsesTheFetchTime) {
  const std::string html =
      "<html><body><h1>社保卡发放通知发布</h1><div>3小时前 来源：某某日报</div>"
      "<div><p>近日，市人社局发布通知，第三代社保卡将于下月开始发放，市民可以到就近网点申领，"
      "也可以通过手机办理，相关费用全部免除，申领流程详见官网说明，办理时请携带身份证件。</p>"
      "</div></body></html>";
  HtmlExtractOptions options;
  options.fetched_at = ParseIso8601("2023-05-20T12:00:00+08:00").value();
  const ExtractedPage page = ExtractHtml(html, options);
  EXPECT_EQ(Published(page), "2023-05-20T09:00:00+08:00");
  EXPECT_EQ(page.source, "某某日报");
  EXPECT_EQ(Extract(html).published_at, std::nullopt);  // no fetch time, no date
}

TEST(HtmlCuesTest, AuthorsFromBylines) {
  EXPECT_EQ(FindAuthor("新京报讯（记者 陆一夫）11月25日，新京报记者登录"), "陆一夫");
  EXPECT_EQ(FindAuthor("采写：南都见习记者 林子沛"), "林子沛");
  EXPECT_EQ(FindAuthor("【文/观察者网专栏作者 王文】"), "王文");
  EXPECT_EQ(FindAuthor("执笔/叨叨姐、胡一刀&李小飞刀"), "叨叨姐 胡一刀 李小飞刀");
  EXPECT_EQ(FindAuthor("作者：未知"), "");
  EXPECT_EQ(FindAuthor("作者：网络整理"), "");
  EXPECT_EQ(FindAuthor("责任编辑：张三"), "");
  EXPECT_EQ(FindAuthor("记者从上海昆剧团获悉"), "");  // prose, not a byline
  EXPECT_EQ(FindAuthor("中新社记者 贾天勇 摄"), "");  // a photo credit
}

TEST(HtmlCuesTest, LineKinds) {
  EXPECT_EQ(BoilerplateLineKind("（责任编辑：王五）"), "editor");
  EXPECT_EQ(BoilerplateLineKind("本文来源：证券市场红周刊 责任编辑：王晓易_NE0011"), "editor");
  EXPECT_EQ(BoilerplateLineKind("Copyright © 2019 某某网 版权所有"), "copyright");
  EXPECT_EQ(BoilerplateLineKind("分享到："), "share");
  EXPECT_EQ(BoilerplateLineKind("来源：无锡交警"), "");  // a source note in the text is kept
  EXPECT_TRUE(IsRelatedHeading("延伸 · 推荐"));
  EXPECT_TRUE(IsRelatedHeading("猜你喜欢"));
  EXPECT_FALSE(IsRelatedHeading("相关部门表示，将继续推进改革。"));
  EXPECT_TRUE(IsBylineLine("采写：南都见习记者 林子沛"));
  EXPECT_FALSE(IsBylineLine("记者梳理发现，有不少网民反映这类情况。"));
  EXPECT_EQ(FindSourceMedium("2019-09-07 13:43:45　来源: 证券市场红周刊"), "证券市场红周刊");
  EXPECT_EQ(FindSourceMedium("发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 0 条评论"), "CSDN");
}

}  // namespace
}  // namespace yuqing
