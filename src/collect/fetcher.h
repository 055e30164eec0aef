// Polite HTTP GET over libcurl for the collectors (docs/collect.md): robots.txt per site,
// a least interval between requests to one host, conditional GET, retries with exponential
// back-off on 5xx and transport errors (never on 4xx), timeouts, a body size cap, http(s) only.
// One Fetcher per collector thread; it is not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "collect/robots.h"

namespace yuqing {

struct FetcherOptions {
  std::string user_agent = "yuqing/0.1 (public-opinion monitoring; robots.txt honoured)";
  std::string robots_agent = "yuqing";  // the token robots.txt groups are matched against
  int64_t host_interval_ms = 2000;      // default least time between requests to one host
  int64_t connect_timeout_ms = 10'000;
  int64_t timeout_ms = 30'000;  // whole transfer
  size_t max_body_bytes = size_t{10} << 20;
  int max_attempts = 3;          // per fetch, the first try included
  int64_t retry_base_ms = 1000;  // back-off before retry n is retry_base_ms * 2^(n-1)
  int64_t robots_ttl_ms = 24 * 3600'000LL;
  // Clock and sleep; monotonic milliseconds. Tests may replace them.
  std::function<int64_t()> now_ms;
  std::function<void(int64_t)> sleep_ms;
};

struct FetchResult {
  enum class Outcome {
    kOk,              // 2xx with a body
    kNotModified,     // 304 to a conditional GET: nothing new, nothing downloaded
    kDisallowed,      // robots.txt forbids it; never requested
    kBadUrl,          // not an http(s) URL
    kHttpError,       // a final non-2xx status (after retries for 5xx)
    kTransportError,  // connection, DNS, timeout (after retries)
    kTooLarge,        // body over max_body_bytes
  };
  Outcome outcome = Outcome::kTransportError;
  int status_code = 0;
  std::string body;
  std::string content_type;
  std::string final_url;  // after redirects (at most 5, each checked against robots.txt)
  std::string error;      // for people: "GET http://...: HTTP 503 after 3 attempts"
  int attempts = 0;

  bool ok() const { return outcome == Outcome::kOk; }
};

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options = {});

  // Raises the least interval for `host` ("example.com" or "example.com:8080"); the largest
  // value asked for wins, and robots.txt Crawl-delay can raise it further.
  void SetHostInterval(const std::string& host, int64_t interval_ms);

  // `conditional`: send the ETag / Last-Modified remembered from this URL's last 200, so an
  // unchanged page answers 304 without a body.
  FetchResult Fetch(const std::string& url, bool conditional = true);

  // Whether robots.txt lets us fetch `url` (fetches robots.txt when not known or expired).
  bool Allowed(const std::string& url);

 private:
  struct RawResponse {
    int status_code = 0;
    std::string body, content_type, etag, last_modified, final_url, redirect_url, error;
    bool too_large = false;
  };
  struct Validators {
    std::string etag, last_modified;
  };
  struct RobotsEntry {
    RobotsRules rules;
    int64_t fetched_at_ms = 0;
    // Why robots.txt could not be had (5xx, no answer): everything is disallowed meanwhile,
    // but fetches fail as transport errors, not as disallowed pages, so nothing is given up.
    std::string unavailable;
  };

  RawResponse Transfer(const std::string& url, const Validators* validators);
  void WaitForHost(const std::string& host_key);
  const RobotsEntry& RobotsFor(const std::string& origin, const std::string& host_key);
  int64_t Now() const;
  void Sleep(int64_t ms) const;

  FetcherOptions options_;
  std::map<std::string, int64_t> host_interval_ms_;  // host[:port] -> least interval
  std::map<std::string, int64_t> last_request_ms_;   // host[:port] -> time of the last request
  std::map<std::string, RobotsEntry> robots_;        // origin -> rules
  std::map<std::string, Validators> validators_;     // URL -> validators of its last 200
};

}  // namespace yuqing
