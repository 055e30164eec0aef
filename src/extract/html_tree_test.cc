#include "extract/html_tree.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/html_lines.h"

namespace yuqing {
namespace {

std::vector<std::string> Lines(std::string_view html) {
  const HtmlDocument doc = HtmlDocument::Parse(html);
  std::vector<std::string> out;
  for (const HtmlLine& line : BuildHtmlLines(doc).lines) out.push_back(line.text);
  return out;
}

uint32_t FindTag(const HtmlDocument& doc, HtmlTag tag) {
  for (uint32_t id = 0; id < doc.nodes().size(); ++id) {
    if (doc.node(id).tag == tag) return id;
  }
  return kNoNode;
}

TEST(HtmlTreeTest, EntitiesAreDecoded) {
  EXPECT_EQ(DecodeHtml("a&amp;b &lt;p&gt; &#20013;&#x6587; &ldquo;x&rdquo;&nbsp;&copy;"),
            "a&b <p> 中文 “x”\xC2\xA0©");
  EXPECT_EQ(DecodeHtml("&bogus; & &#; &#xZZ; &#1114112;"), "&bogus; & &#; &#xZZ; \xEF\xBF\xBD");
}

TEST(HtmlTreeTest, UnclosedParagraphsAndListItemsEndWhereBrowsersEndThem) {
  EXPECT_EQ(Lines("<p>一<p>二<div>三</div><ul><li>四<li>五</ul>"),
            (std::vector<std::string>{"一", "二", "三", "四", "五"}));
}

TEST(HtmlTreeTest, BlockEndTagClosesWhatWasOpenedInsideIt) {
  // </div> closes the unclosed <p> and <span>; text after it is outside the div.
  const HtmlDocument doc = HtmlDocument::Parse("<div class=a><p><span>x</div><b>y</b>");
  const uint32_t div = FindTag(doc, HtmlTag::kDiv);
  const uint32_t b = FindTag(doc, HtmlTag::kB);
  ASSERT_NE(div, kNoNode);
  ASSERT_NE(b, kNoNode);
  EXPECT_NE(doc.node(b).parent, div);
  EXPECT_EQ(doc.InnerText(div), "x");
}

TEST(HtmlTreeTest, StrayEndTagsAndStrayHtmlEndAreIgnored) {
  // A stray </html> after a header include must not end the page (gov.cn gazette pages).
  EXPECT_EQ(Lines("<html><body><div>头</div></html></span></p><div>正文，内容。</div>"),
            (std::vector<std::string>{"头", "正文，内容。"}));
}

TEST(HtmlTreeTest, ScriptStyleAndHiddenTextAreNotLines) {
  EXPECT_EQ(Lines("<script>var s = '<p>no</p>';</script><style>p{}</style>"
                  "<div style=\"display: none\">隐藏</div><div hidden>也隐藏</div>"
                  "<noscript>无脚本</noscript><p>可见</p>"),
            std::vector<std::string>{"可见"});
}

TEST(HtmlTreeTest, WhitespaceCollapsesAndIndentationIsTrimmed) {
  EXPECT_EQ(Lines("<p>\xE3\x80\x80\xE3\x80\x80第一段 \t 继续&nbsp;&nbsp;文字\xE3\x80\x80</p>"),
            std::vector<std::string>{"第一段 继续 文字"});
  // A source line break between two Chinese characters renders as nothing (CSS Text 3
  // segment-break rule); between Latin words it is a space.
  EXPECT_EQ(Lines("<p>社会\n保障 and\nmore</p>"), std::vector<std::string>{"社会保障 and more"});
  // Adjacent spans with numbers render apart ("09-30" "22:46").
  EXPECT_EQ(Lines("<div><span>09-30</span><span>22:46</span></div>"),
            std::vector<std::string>{"09-30 22:46"});
}

TEST(HtmlTreeTest, BrSplitsLines) {
  EXPECT_EQ(Lines("<p>下周一，<br>施工<br/>开始</p>"),
            (std::vector<std::string>{"下周一，", "施工", "开始"}));
}

TEST(HtmlTreeTest, AttributesAnyCaseAndQuoting) {
  const HtmlDocument doc =
      HtmlDocument::Parse("<META Property='og:title' CONTENT=\"标题&amp;副\"><a href=x>y</a>");
  const uint32_t meta = FindTag(doc, HtmlTag::kMeta);
  ASSERT_NE(meta, kNoNode);
  EXPECT_EQ(doc.Attribute(meta, "property"), "og:title");
  EXPECT_EQ(DecodeHtml(doc.Attribute(meta, "content")), "标题&副");
  EXPECT_EQ(doc.Attribute(FindTag(doc, HtmlTag::kA), "href"), "x");
}

TEST(HtmlTreeTest, TruncatedMarkupGivesATree) {
  for (std::string_view html :
       {"<", "<div", "<div class=\"a", "<!--", "<!--x-", "<script>var a", "</", "<p>a<b",
        "<title>t", "&#x", "<a href='", "<p>文字\xE4\xB8"}) {
    const HtmlDocument doc = HtmlDocument::Parse(html);
    EXPECT_GE(doc.nodes().size(), 1u) << html;
    BuildHtmlLines(doc);
  }
}

TEST(HtmlTreeTest, DeepNestingIsFlattened) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "深";
  const HtmlDocument doc = HtmlDocument::Parse(html);
  EXPECT_EQ(Lines(html), std::vector<std::string>{"深"});
  uint32_t depth = 0;
  for (uint32_t id = doc.nodes().size() - 1; id != HtmlDocument::kRoot; id = doc.node(id).parent) {
    ++depth;
  }
  EXPECT_LE(depth, kMaxHtmlDepth + 1);
}

TEST(HtmlTreeTest, ClassHints) {
  EXPECT_TRUE(ClassNamesBoilerplate("detail-comment"));
  EXPECT_TRUE(ClassNamesBoilerplate("article-related"));
  EXPECT_TRUE(ClassNamesBoilerplate("ad"));
  EXPECT_FALSE(ClassNamesBoilerplate("read-more"));  // "ad" only as a word
  EXPECT_FALSE(ClassNamesBoilerplate("thread"));
  EXPECT_EQ(ClassBoilerplateStrength("detail-comment"), 2);
  EXPECT_EQ(ClassBoilerplateStrength("left-side"), 1);
  EXPECT_TRUE(ClassNamesContent("article_content"));
  EXPECT_TRUE(ClassNamesContent("artibody"));
}

}  // namespace
}  // namespace yuqing
