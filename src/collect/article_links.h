// Which links on a site's list page lead to articles: same host, not in navigation, header or
// footer, and looking like an article (a dated or numbered path, an .html/.shtml page, a
// headline-length link text) rather than a section or the home page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

// Absolute article URLs in page order, without duplicates. `utf8_html`: the decoded list page;
// `page_url`: where it came from (resolves relative links, gives the host).
std::vector<std::string> FindArticleLinks(std::string_view utf8_html, const std::string& page_url);

}  // namespace yuqing
