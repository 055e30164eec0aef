// What a configured source is (the `sources:` section, docs/collect.md): a plain value type with
// no dependencies, so that the configuration can hold it without linking the collectors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yuqing {

enum class SourceKind : uint8_t { kRss, kHtml, kFolder };

inline std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kRss:
      return "rss";
    case SourceKind::kHtml:
      return "html";
    case SourceKind::kFolder:
      return "folder";
  }
  return "rss";
}

inline std::optional<SourceKind> ParseSourceKind(std::string_view name) {
  if (name == "rss" || name == "atom") return SourceKind::kRss;  // one parser reads both
  if (name == "html") return SourceKind::kHtml;
  if (name == "folder") return SourceKind::kFolder;
  return std::nullopt;
}

struct SourceSpec {
  std::string id;  // unique among sources; prefixes item ids and names the source in health
  SourceKind kind = SourceKind::kRss;
  std::string name;                     // for people; the id when not given
  std::string url;                      // rss: the feed; html: the list page
  std::string path;                     // folder: the watched directory
  int64_t interval_ms = 10 * 60'000LL;  // time between polls while the source is healthy
  // Least time between two requests to one host; 0 = the collector's default (2 s). The
  // largest value any source on a host asks for applies to that host, and robots.txt
  // Crawl-delay can raise it further.
  int64_t min_host_interval_ms = 0;
  int max_articles_per_poll = 20;  // html: new article pages fetched per poll, newest first
};

}  // namespace yuqing
