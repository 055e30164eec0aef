// The little URL handling the collectors need: split an absolute http(s) URL, resolve a link
// against the page it is on (RFC 3986 §5.2, without the corner cases feeds never use).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yuqing {

struct UrlParts {
  std::string scheme;  // http | https (lower case)
  std::string host;    // lower case, without port
  int port = 0;        // 0: the scheme's default
  std::string path;    // "/a/b.html?x=1" (always starts with '/'; the fragment dropped)

  std::string Origin() const;     // "https://host[:port]": what robots.txt is per
  std::string Authority() const;  // "host[:port]": what the per-host rate limit is per
};

// Only http and https URLs with a host; anything else gives nullopt.
std::optional<UrlParts> ParseHttpUrl(std::string_view url);

// `ref` as found in a page at `base` made absolute; "" when it cannot be (javascript:, mailto:,
// a fragment-only link, a non-http scheme).
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The host of an absolute URL, "" when it has none.
std::string UrlHost(std::string_view url);

}  // namespace yuqing
