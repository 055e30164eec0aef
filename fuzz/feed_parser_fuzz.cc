// Fuzzes what the collectors parse from the network or a dropped file: feeds (the tolerant
// scanner, CDATA, entities, charset from the prolog, dates), robots.txt, list-page links, URL
// resolution and CSV items. Any bytes must give a result; the invariants below must hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/article_links.h"
#include "collect/feed_parser.h"
#include "collect/folder_source.h"
#include "collect/robots.h"
#include "collect/url.h"
#include "core/json_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace yuqing;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FeedContext context;
  context.source_id = "fuzz";
  context.feed_url = "http://example.gov.cn/feed/rss.xml";
  context.fetched_at = Timestamp{1'800'000'000'000, 480};
  if (auto feed = ParseFeed(bytes, context); feed.ok()) {
    for (const Item& item : feed->items) {
      if (item.id.empty() || !item.text.has_value()) std::abort();  // what every item needs
      if (!IsValidUtf8(*item.text) || !IsValidUtf8(item.title)) std::abort();
    }
  }
  (void)ParseFeedDate(bytes.substr(0, 200));
  const RobotsRules rules = RobotsRules::Parse(bytes, "yuqing");
  if (!rules.Allowed("/robots.txt")) std::abort();  // always fetchable (RFC 9309 §2.2.2)
  (void)rules.Allowed(std::string(bytes.substr(0, 100)));
  for (const std::string& link : FindArticleLinks(bytes, context.feed_url)) {
    if (UrlHost(link) != "example.gov.cn") std::abort();  // never leaves the site
  }
  (void)ResolveUrl(context.feed_url, bytes.substr(0, 300));
  (void)ReadCsvItems(
      bytes, "fuzz.csv", [](Item) {}, [](const BadRecord&) {});
  return 0;
}
