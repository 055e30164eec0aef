#include "respond/channels/http_post.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace yuqing {
namespace {

constexpr size_t kMaxBody = 2048;

size_t CollectBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (body->size() < kMaxBody) body->append(data, std::min(n, kMaxBody - body->size()));
  return n;  // keep reading; the rest is dropped
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct EasyFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

}  // namespace

void EnsureCurlInitialized() {
  // curl_global_init is not thread-safe and must run once before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string HeaderValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

std::string ShortenUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut sequence.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

HttpResponse HttpPost(const std::string& url, std::string_view body,
                      const std::vector<std::string>& headers) {
  EnsureCurlInitialized();
  HttpResponse response;
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) {
    response.transport_error = "curl_easy_init failed";
    return response;
  }
  curl_slist* raw_list = nullptr;
  for (const std::string& h : headers) raw_list = curl_slist_append(raw_list, h.c_str());
  // An empty Expect: stops curl waiting for "100 Continue" on larger bodies.
  raw_list = curl_slist_append(raw_list, "Expect:");
  std::unique_ptr<curl_slist, SlistFree> list(raw_list);
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads)
  curl_easy_setopt(h, CURLOPT_USERAGENT, "yuqing/0.1");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    response.transport_error = error[0] != 0 ? error : curl_easy_strerror(rc);
    response.status_code = 0;
    return response;
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status_code = static_cast<int>(code);
  return response;
}

DeliveryReceipt ReceiptFromHttp(const HttpResponse& response) {
  DeliveryReceipt receipt;
  receipt.status_code = response.status_code;
  const int s = response.status_code;
  if (s == 0) {
    receipt.retryable = true;
    receipt.detail = ShortenUtf8(response.transport_error, 512);
    return receipt;
  }
  receipt.delivered = s >= 200 && s < 300;
  receipt.retryable = s == 408 || s == 429 || s >= 500;
  receipt.detail = ShortenUtf8(response.body, 512);
  return receipt;
}

}  // namespace yuqing
