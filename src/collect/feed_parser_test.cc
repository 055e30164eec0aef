// Parsers of the collectors without the network: feeds, dates, robots.txt, URLs, article links,
// CSV items.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collect/article_links.h"
#include "collect/feed_parser.h"
#include "collect/folder_source.h"
#include "collect/robots.h"
#include "collect/url.h"

namespace yuqing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

FeedContext Context(const std::string& url) {
  FeedContext context;
  context.source_id = "test";
  context.feed_url = url;
  context.fetched_at = Timestamp{1'800'000'000'000, 480};
  return context;
}

TEST(FeedParser, Rss) {
  auto feed = ParseFeed(ReadFile("src/collect/testdata/rss.xml"),
                        Context("http://www.mohrss.gov.cn/rss.xml"));
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->title, "人力资源和社会保障部 新闻");
  ASSERT_EQ(feed->items.size(), 3u);
  const Item& a = feed->items[0];
  EXPECT_EQ(a.title, "人社部：养老保险全国统筹 & 基金调剂");
  EXPECT_EQ(a.url,
            "http://www.mohrss.gov.cn/SYrlzyhshbzb/dongtaixinwen/buneiyaowen/202611/"
            "t20261130_123456.html");
  EXPECT_EQ(a.id, StableItemId("test", "mohrss-123456"));
  EXPECT_EQ(FormatIso8601(a.created_at), "2026-11-30T10:00:00+08:00");
  EXPECT_EQ(*a.text, "11月30日，人社部召开新闻发布会。\n养老金\u00a0按时足额发放。");
  EXPECT_EQ(a.author, "人社部新闻办");
  EXPECT_EQ(a.site, "www.mohrss.gov.cn");
  EXPECT_EQ(a.platform, Platform::kGov);
  EXPECT_EQ(a.source_id, "test");

  const Item& b = feed->items[1];
  EXPECT_EQ(b.title, "医保个人账户 & 家庭共济");
  EXPECT_EQ(b.url, "http://www.mohrss.gov.cn/news/202611/t20261129_1.html");  // resolved
  EXPECT_EQ(*b.text, "第一段 加粗\n第二段");  // content:encoded preferred to description
  EXPECT_EQ(FormatIso8601(b.created_at), "2026-11-29T08:30:00Z");
  EXPECT_EQ(b.id, StableItemId("test", b.url));  // no guid: the link is the key

  const Item& c = feed->items[2];
  EXPECT_EQ(c.created_at.unix_ms, 1'800'000'000'000);  // no date: fetch time
  EXPECT_EQ(c.platform, Platform::kNews);
  EXPECT_EQ(c.site, "news.example.com");
  EXPECT_EQ(*c.text, "正文");
}

TEST(FeedParser, Atom) {
  auto feed = ParseFeed(ReadFile("src/collect/testdata/atom.xml"),
                        Context("https://rst.sc.gov.cn/atom.xml"));
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->title, "四川人社 动态");
  ASSERT_EQ(feed->items.size(), 2u);
  const Item& a = feed->items[0];
  EXPECT_EQ(a.title, "成都市 社保卡 <便民> 服务升级");
  EXPECT_EQ(a.url, "https://rst.sc.gov.cn/rst/gzdt/2026/11/30/abc.shtml");
  EXPECT_EQ(FormatIso8601(a.created_at), "2026-11-30T09:15:00+08:00");  // published first
  EXPECT_EQ(*a.text, "社保卡可以扫码办理。");
  EXPECT_EQ(a.author, "四川省人社厅");
  EXPECT_EQ(a.platform, Platform::kGov);
  const Item& b = feed->items[1];
  EXPECT_EQ(b.url, "https://rst.sc.gov.cn/rst/gzdt/2026/11/29/def.shtml");
  EXPECT_EQ(FormatIso8601(b.created_at), "2026-11-29T08:00:00Z");
  EXPECT_EQ(*b.text, "摘要文本");
}

TEST(FeedParser, GbkDeclaredInProlog) {
  auto feed = ParseFeed(ReadFile("src/collect/testdata/gbk_feed.xml"),
                        Context("http://rsj.example.gov.cn/rss.xml"));
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title, "关于调整城乡居民基本养老保险基础养老金的通知");
  // A date without a zone in a Chinese feed is Beijing time.
  EXPECT_EQ(FormatIso8601(feed->items[0].created_at), "2026-11-30T16:20:00+08:00");
}

TEST(FeedParser, NotAFeed) {
  EXPECT_FALSE(ParseFeed("<html><body>hi</body></html>", Context("http://a.com/")).ok());
  EXPECT_FALSE(ParseFeed("", Context("http://a.com/")).ok());
  // Truncated junk is tolerated: what was there is kept.
  auto feed = ParseFeed("<rss><channel><item><title>x</title><link>http://a.com/1", Context(""));
  ASSERT_TRUE(feed.ok());
}

TEST(FeedParser, Dates) {
  EXPECT_EQ(FormatIso8601(*ParseFeedDate("Tue, 1 Dec 2026 08:00:00 -0500")),
            "2026-12-01T08:00:00-05:00");
  EXPECT_EQ(FormatIso8601(*ParseFeedDate("01 Dec 26 08:00 CST")), "2026-12-01T08:00:00+08:00");
  EXPECT_EQ(FormatIso8601(*ParseFeedDate(" 2026-12-01T08:00:00Z ")), "2026-12-01T08:00:00Z");
  EXPECT_EQ(FormatIso8601(*ParseFeedDate("2026年12月1日 08:00")), "2026-12-01T08:00:00+08:00");
  EXPECT_FALSE(ParseFeedDate("yesterday").has_value());
  EXPECT_FALSE(ParseFeedDate("").has_value());
}

TEST(Robots, GroupsAndLongestMatch) {
  const std::string text =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: Googlebot\nUser-agent: yuqing\nDisallow: /private/\nAllow: /private/ok\n"
      "Disallow: /*.pdf$\nCrawl-delay: 3\n";
  const RobotsRules rules = RobotsRules::Parse(text, "yuqing");
  EXPECT_TRUE(rules.Allowed("/news/1.html"));
  EXPECT_FALSE(rules.Allowed("/private/x"));
  EXPECT_TRUE(rules.Allowed("/private/ok.html"));
  EXPECT_FALSE(rules.Allowed("/a/b.pdf"));
  EXPECT_TRUE(rules.Allowed("/a/b.pdf?x"));
  EXPECT_EQ(rules.crawl_delay_ms(), 3000);
  const RobotsRules other = RobotsRules::Parse(text, "somebot");
  EXPECT_FALSE(other.Allowed("/news/1.html"));
  EXPECT_TRUE(other.Allowed("/robots.txt"));
  EXPECT_TRUE(RobotsRules::Parse("User-agent: *\nDisallow:\n", "yuqing").Allowed("/x"));
}

TEST(Url, ParseAndResolve) {
  auto u = ParseHttpUrl("HTTP://Example.COM:80/a/b?c=1#frag");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 0);
  EXPECT_EQ(u->path, "/a/b?c=1");
  EXPECT_EQ(u->Authority(), "example.com");
  EXPECT_FALSE(ParseHttpUrl("file:///etc/passwd").has_value());
  EXPECT_FALSE(ParseHttpUrl("ftp://a.com/").has_value());
  EXPECT_EQ(ResolveUrl("http://a.com/x/y/list.shtml", "../z/1.html"), "http://a.com/x/z/1.html");
  EXPECT_EQ(ResolveUrl("http://a.com/x/list.shtml", "./2.html"), "http://a.com/x/2.html");
  EXPECT_EQ(ResolveUrl("https://a.com/x/", "//b.com/p"), "https://b.com/p");
  EXPECT_EQ(ResolveUrl("http://a.com/x/", "javascript:void(0)"), "");
  EXPECT_EQ(ResolveUrl("http://a.com/x/", "#top"), "");
  EXPECT_EQ(ResolveUrl("http://127.0.0.1:8080/list", "/a?id=1"), "http://127.0.0.1:8080/a?id=1");
}

TEST(ArticleLinks, KeepsArticlesDropsNavigation) {
  const std::string html =
      "<html><body><nav><a href='/2026/11/30/navitem.html'>首页</a></nav>"
      "<div class=list><ul>"
      "<li><a href='t20261130_1001.html'>关于做好2026年城乡居民医保参保工作的通知</a></li>"
      "<li><a href='./t20261129_1000.shtml'>社保卡</a></li>"
      "<li><a href='/rst/gzdt/index.shtml'>工作动态 更多新闻列表栏目</a></li>"
      "<li><a href='http://other.com/2026/1.html'>外站的一篇很长很长的文章标题</a></li>"
      "<li><a href='t20261130_1001.html'>重复链接 重复链接 重复链接</a></li>"
      "<li><a href='/about'>关于我们</a></li>"
      "</ul></div></body></html>";
  const auto links = FindArticleLinks(html, "http://rst.sc.gov.cn/rst/gzdt/list.shtml");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0], "http://rst.sc.gov.cn/rst/gzdt/t20261130_1001.html");
  EXPECT_EQ(links[1], "http://rst.sc.gov.cn/rst/gzdt/t20261129_1000.shtml");
}

TEST(Csv, ItemsAndBadRecords) {
  const std::string csv =
      "id,created_at,text,title,platform,reposts,region_hint\n"
      "a1,2026-11-30T10:00:00+08:00,\"养老金,按时发放\",标题,weibo,12,成都\n"
      "a2,not a date,正文,,weibo,,\n"
      "a3,2026-11-30T11:00:00+08:00,\"跨行\n文本 \"\"引号\"\"\",,news,,\n"
      "a4,2026-11-30T11:00:00+08:00,too,few\n"
      "\n";
  std::vector<Item> items;
  std::vector<BadRecord> bad;
  ASSERT_TRUE(ReadCsvItems(
                  csv, "in.csv", [&](Item item) { items.push_back(std::move(item)); },
                  [&](const BadRecord& b) { bad.push_back(b); })
                  .ok());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(*items[0].text, "养老金,按时发放");
  EXPECT_EQ(items[0].platform, Platform::kWeibo);
  EXPECT_EQ(*items[0].reposts, 12);
  ASSERT_EQ(items[0].extra_fields.size(), 1u);
  EXPECT_EQ(items[0].extra_fields[0].first, "region_hint");
  EXPECT_EQ(*items[1].text, "跨行\n文本 \"引号\"");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].line, 3u);
  EXPECT_NE(bad[0].Describe().find("in.csv:3: created_at"), std::string::npos) << bad[0].Describe();
  EXPECT_EQ(bad[1].line, 6u);  // after the record spanning lines 4-5
  EXPECT_FALSE(ReadCsvItems(
                   "text,title\nx,y\n", "h.csv", [](Item) {}, [](const BadRecord&) {})
                   .ok());
}

}  // namespace
}  // namespace yuqing
