// robots.txt (RFC 9309): the group for our user agent (else `*`), Allow/Disallow with `*` and
// `$` patterns, the longest match deciding (Allow on a tie), and the Crawl-delay extension.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

class RobotsRules {
 public:
  // Everything allowed (no robots.txt, or a 4xx for it: RFC 9309 §2.3.1.3).
  static RobotsRules AllowAll() { return RobotsRules(); }
  // Nothing allowed (robots.txt unreachable or 5xx: §2.3.1.4 says assume complete disallow).
  static RobotsRules DisallowAll();
  // `agent`: our product token ("yuqing"), matched case-insensitively against User-agent lines.
  static RobotsRules Parse(std::string_view text, std::string_view agent);

  // `path`: the URL's path and query, e.g. "/a/b.html?x=1".
  bool Allowed(std::string_view path) const;
  int64_t crawl_delay_ms() const { return crawl_delay_ms_; }  // 0 when none given

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules_;
  int64_t crawl_delay_ms_ = 0;
};

}  // namespace yuqing
