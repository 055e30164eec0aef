// RSS 2.0 (and 0.9x/1.0) and Atom (RFC 4287) feeds into Items. A small tolerant scanner rather
// than an XML library: real feeds from government sites are often not well-formed (bare '&',
// unclosed tags, GBK declared in the prolog), and a strict parser would drop the whole feed
// where we only need a handful of fields per entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/status.h"
#include "core/time.h"

namespace yuqing {

struct FeedContext {
  std::string source_id;     // goes into Item.source_id and prefixes Item.id
  std::string feed_url;      // resolves relative links; its host is the site when links lack one
  Timestamp fetched_at;      // created_at of entries without a usable date
  std::string content_type;  // HTTP Content-Type, for the charset when the prolog has none
};

struct ParsedFeed {
  std::string title;  // the channel's / feed's own title
  std::vector<Item> items;
};

// Fails only when the bytes are not a feed at all (no <rss>, <rdf:RDF> or <feed> element);
// entries without a link, guid or title are skipped.
Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedContext& context);

// RFC 822 / 1123 dates as RSS uses them ("Mon, 30 Nov 2026 10:00:00 +0800", "... GMT"), and
// the RFC 3339 / plain "2026-11-30 10:00:00" forms Chinese feeds put there instead.
std::optional<Timestamp> ParseFeedDate(std::string_view text);

// Visible text of an HTML fragment (a feed's description or content): tags dropped,
// entities decoded, block elements as line breaks, runs of blank space collapsed.
std::string HtmlFragmentText(std::string_view html);

// The platform of an item from a host: gov for government sites (*.gov.cn), else news.
Platform PlatformForHost(std::string_view host);

// "<source_id>-<16 hex digits>": stable across polls and restarts for the same key.
std::string StableItemId(std::string_view source_id, std::string_view key);

}  // namespace yuqing
