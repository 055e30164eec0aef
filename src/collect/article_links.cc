#include "collect/article_links.h"

#include <cctype>
#include <unordered_set>

#include "collect/url.h"
#include "core/utf8.h"
#include "extract/html_tree.h"

namespace yuqing {
namespace {

bool InNavigation(const HtmlDocument& doc, uint32_t id) {
  for (uint32_t p = doc.node(id).parent; p != kNoNode; p = doc.node(p).parent) {
    const HtmlTag tag = doc.node(p).tag;
    if (tag == HtmlTag::kNav || tag == HtmlTag::kHeader || tag == HtmlTag::kFooter) return true;
  }
  return false;
}

size_t LongestDigitRun(std::string_view text) {
  size_t best = 0, run = 0;
  for (char c : text) {
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

bool LooksLikeArticle(const UrlParts& url, std::string_view link_text) {
  const std::string_view path = std::string_view(url.path).substr(0, url.path.find('?'));
  const size_t slash = path.rfind('/');
  const std::string_view file = path.substr(slash + 1);
  // Section fronts and list pages, not articles.
  if (file.starts_with("index") || file.starts_with("list") || file.starts_with("default")) {
    return false;
  }
  int score = 0;
  // Articles carry a date or a number (/2026/11/30/, t20261130_123456.html, ?id=12345).
  if (LongestDigitRun(url.path) >= 4) ++score;
  if (file.ends_with(".html") || file.ends_with(".htm") || file.ends_with(".shtml") ||
      file.ends_with(".jhtml")) {
    ++score;
  }
  // Navigation says 首页 or 机构设置; an article link is its headline.
  if (CountCodePoints(TrimSpace(link_text)) >= 8) ++score;
  return score >= 2;
}

}  // namespace

std::vector<std::string> FindArticleLinks(std::string_view utf8_html, const std::string& page_url) {
  std::vector<std::string> links;
  const auto page = ParseHttpUrl(page_url);
  if (!page) return links;
  const std::string page_resolved = page->Origin() + page->path;
  const HtmlDocument doc = HtmlDocument::Parse(utf8_html);
  std::unordered_set<std::string> seen;
  for (uint32_t id = 0; id < doc.nodes().size(); ++id) {
    if (doc.node(id).tag != HtmlTag::kA || InNavigation(doc, id)) continue;
    const std::string href = DecodeHtml(doc.Attribute(id, "href"));
    const std::string url = ResolveUrl(page_url, href);
    if (url.empty() || url == page_resolved) continue;
    const auto parts = ParseHttpUrl(url);
    if (!parts || parts->host != page->host || parts->port != page->port) continue;
    if (!LooksLikeArticle(*parts, doc.InnerText(id))) continue;
    if (seen.insert(url).second) links.push_back(url);
  }
  return links;
}

}  // namespace yuqing
