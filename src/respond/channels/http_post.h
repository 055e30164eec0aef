// One HTTP POST through libcurl, the transport of the webhook, robot and SMS channels.
// Timeouts: 5 s to connect, 10 s in all, so one dead receiver cannot stall the delivery thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "respond/delivery.h"

namespace yuqing {

struct HttpResponse {
  int status_code = 0;          // 0: nothing answered (transport error)
  std::string body;             // shortened to 2 KiB: enough to see why a receiver refused
  std::string transport_error;  // curl's message when status_code is 0
};

// curl_global_init, once per process (every channel calls it before its first transfer).
void EnsureCurlInitialized();

// POSTs `body` to `url` with the given "Name: value" headers.
HttpResponse HttpPost(const std::string& url, std::string_view body,
                      const std::vector<std::string>& headers);

// The generic reading of an HTTP answer: 2xx delivered; 408, 429, 5xx and transport errors
// retryable; any other status not (the request itself is wrong, sending it again cannot help).
DeliveryReceipt ReceiptFromHttp(const HttpResponse& response);

// A header value that cannot end the header early: CR and LF become spaces (keys and secrets
// come from configuration, and a stray line break must not inject a header).
std::string HeaderValue(std::string_view value);

// Shortens `text` to at most `max_bytes` without cutting a UTF-8 sequence.
std::string ShortenUtf8(std::string_view text, size_t max_bytes);

}  // namespace yuqing
