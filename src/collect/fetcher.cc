#include "collect/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "collect/url.h"

namespace yuqing {
namespace {

struct EasyFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct TransferState {
  std::string* body;
  size_t max_bytes;
  bool too_large = false;
  std::string etag, last_modified, content_type;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  const size_t n = size * count;
  if (state->body->size() + n > state->max_bytes) {
    state->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  state->body->append(data, n);
  return n;
}

std::string_view TrimLine(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return text;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  // A new status line (after a redirect) starts a new set of headers.
  if (line.starts_with("HTTP/")) {
    state->etag.clear();
    state->last_modified.clear();
    state->content_type.clear();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string value(TrimLine(line.substr(colon + 1)));
  if (name == "etag") state->etag = value;
  if (name == "last-modified") state->last_modified = value;
  if (name == "content-type") state->content_type = value;
  return n;
}

void EnsureCurl() {
  // curl_global_init is not thread-safe and must run once before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

constexpr int kMaxRedirects = 5;

bool Retryable(int status_code) {
  // 0: no answer (connection refused, timeout); 408/429 and 5xx: the server may do better later.
  return status_code == 0 || status_code == 408 || status_code == 429 || status_code >= 500;
}

}  // namespace

Fetcher::Fetcher(FetcherOptions options) : options_(std::move(options)) { EnsureCurl(); }

int64_t Fetcher::Now() const {
  if (options_.now_ms) return options_.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Fetcher::Sleep(int64_t ms) const {
  if (ms <= 0) return;
  if (options_.sleep_ms) {
    options_.sleep_ms(ms);
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
}

void Fetcher::SetHostInterval(const std::string& host, int64_t interval_ms) {
  int64_t& current = host_interval_ms_[host];
  current = std::max(current, interval_ms);
}

void Fetcher::WaitForHost(const std::string& host_key) {
  int64_t interval = options_.host_interval_ms;
  if (auto it = host_interval_ms_.find(host_key); it != host_interval_ms_.end()) {
    interval = std::max(interval, it->second);
  }
  auto last = last_request_ms_.find(host_key);
  if (last != last_request_ms_.end()) Sleep(last->second + interval - Now());
  last_request_ms_[host_key] = Now();
}

const Fetcher::RobotsEntry& Fetcher::RobotsFor(const std::string& origin,
                                               const std::string& host_key) {
  auto it = robots_.find(origin);
  const int64_t now = Now();
  if (it != robots_.end() && now - it->second.fetched_at_ms < options_.robots_ttl_ms) {
    return it->second;
  }
  WaitForHost(host_key);
  const RawResponse response = Transfer(origin + "/robots.txt", nullptr);
  RobotsEntry entry;
  entry.fetched_at_ms = Now();
  if (response.status_code >= 200 && response.status_code < 300) {
    entry.rules = RobotsRules::Parse(response.body, options_.robots_agent);
  } else if (response.status_code >= 400 && response.status_code < 500) {
    entry.rules = RobotsRules::AllowAll();
  } else {
    // Unreachable or 5xx: RFC 9309 §2.3.1.4 says assume complete disallow. Asked again after
    // an hour rather than a day, so a passing outage does not silence the site for long.
    entry.rules = RobotsRules::DisallowAll();
    entry.unavailable = "robots.txt unavailable (" +
                        (response.status_code != 0 ? "HTTP " + std::to_string(response.status_code)
                                                   : response.error) +
                        ")";
    entry.fetched_at_ms =
        Now() - options_.robots_ttl_ms + std::min<int64_t>(options_.robots_ttl_ms, 3600'000);
  }
  if (entry.rules.crawl_delay_ms() > 0) SetHostInterval(host_key, entry.rules.crawl_delay_ms());
  return robots_[origin] = std::move(entry);
}

bool Fetcher::Allowed(const std::string& url) {
  const auto parts = ParseHttpUrl(url);
  if (!parts) return false;
  return RobotsFor(parts->Origin(), parts->Authority()).rules.Allowed(parts->path);
}

Fetcher::RawResponse Fetcher::Transfer(const std::string& url, const Validators* validators) {
  RawResponse response;
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) {
    response.error = "curl_easy_init failed";
    return response;
  }
  curl_slist* raw_list = nullptr;
  if (validators != nullptr) {
    if (!validators->etag.empty()) {
      raw_list = curl_slist_append(raw_list, ("If-None-Match: " + validators->etag).c_str());
    }
    if (!validators->last_modified.empty()) {
      raw_list =
          curl_slist_append(raw_list, ("If-Modified-Since: " + validators->last_modified).c_str());
    }
  }
  std::unique_ptr<curl_slist, SlistFree> list(raw_list);
  TransferState state{&response.body, options_.max_body_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (list) curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  // Only http(s); redirects are followed by Fetch, which accepts only http(s) targets too.
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decompress
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads)
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(h);
  response.etag = state.etag;
  response.last_modified = state.last_modified;
  response.content_type = state.content_type;
  response.final_url = url;
  char* redirect = nullptr;  // the Location resolved by curl, which does not follow it
  curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &redirect);
  if (redirect != nullptr) response.redirect_url = redirect;
  if (state.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    response.too_large = true;
    response.error = "body larger than " + std::to_string(options_.max_body_bytes) + " bytes";
    response.body.clear();
    return response;
  }
  if (rc != CURLE_OK) {
    response.error = error[0] != 0 ? error : curl_easy_strerror(rc);
    response.body.clear();
    return response;
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status_code = static_cast<int>(code);
  return response;
}

FetchResult Fetcher::Fetch(const std::string& url, bool conditional) {
  FetchResult result;
  const Validators* validators = nullptr;
  if (conditional) {
    if (auto it = validators_.find(url); it != validators_.end()) validators = &it->second;
  }
  RawResponse response;
  std::string current = url;
  // Redirects are followed here rather than by curl, so that every hop is checked against its
  // own site's robots.txt and waits for its own host's interval.
  for (int hop = 0;; ++hop) {
    const auto parts = ParseHttpUrl(current);
    if (!parts) {
      result.outcome = FetchResult::Outcome::kBadUrl;
      result.error = "not an http(s) URL: '" + current + "'";
      return result;
    }
    const std::string host_key = parts->Authority();
    const RobotsEntry& robots = RobotsFor(parts->Origin(), host_key);
    if (!robots.unavailable.empty()) {
      result.outcome = FetchResult::Outcome::kTransportError;
      result.error = "GET " + current + ": " + robots.unavailable;
      return result;
    }
    if (!robots.rules.Allowed(parts->path)) {
      result.outcome = FetchResult::Outcome::kDisallowed;
      result.error = "robots.txt disallows " + current;
      return result;
    }
    for (int attempt = 1; attempt <= std::max(1, options_.max_attempts); ++attempt) {
      if (attempt > 1) Sleep(options_.retry_base_ms << (attempt - 2));
      WaitForHost(host_key);
      response = Transfer(current, validators);
      result.attempts = attempt;
      if (response.too_large || !Retryable(response.status_code)) break;
    }
    const int s = response.status_code;
    const bool redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    if (!redirect || response.redirect_url.empty() || hop >= kMaxRedirects) break;
    current = response.redirect_url;
    validators = nullptr;  // they belong to the first URL
  }
  result.status_code = response.status_code;
  result.final_url = current;
  result.content_type = response.content_type;
  const std::string attempts =
      result.attempts > 1 ? " after " + std::to_string(result.attempts) + " attempts" : "";
  if (response.too_large) {
    result.outcome = FetchResult::Outcome::kTooLarge;
    result.error = "GET " + url + ": " + response.error;
  } else if (response.status_code == 0) {
    result.outcome = FetchResult::Outcome::kTransportError;
    result.error = "GET " + url + ": " + response.error + attempts;
  } else if (response.status_code == 304) {
    result.outcome = FetchResult::Outcome::kNotModified;
  } else if (response.status_code < 200 || response.status_code >= 300) {
    result.outcome = FetchResult::Outcome::kHttpError;
    result.error = "GET " + url + ": HTTP " + std::to_string(response.status_code) + attempts;
  } else {
    result.outcome = FetchResult::Outcome::kOk;
    result.body = std::move(response.body);
    if (conditional && (!response.etag.empty() || !response.last_modified.empty())) {
      validators_[url] = {response.etag, response.last_modified};
    }
  }
  return result;
}

}  // namespace yuqing
