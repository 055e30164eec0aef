#include "respond/channels/sms_channel.h"

#include <vector>

#include "core/json_text.h"
#include "core/utf8.h"
#include "respond/channels/http_post.h"
#include "respond/channels/signature.h"

namespace yuqing {

std::string FirstCodePoints(std::string_view text, size_t max) {
  size_t pos = 0;
  for (size_t n = 0; n < max && pos < text.size(); ++n) NextCodePoint(text, &pos);
  return std::string(text.substr(0, pos));
}

std::string SmsBody(const Delivery& delivery) {
  std::string body = "{\"phone\":";
  AppendJsonString(delivery.endpoint.address, &body);
  body += ",\"text\":";
  AppendJsonString(FirstCodePoints(delivery.text, kSmsMaxCodePoints), &body);
  body += ",\"idempotency_key\":";
  AppendJsonString(delivery.idempotency_key, &body);
  body += '}';
  return body;
}

DeliveryReceipt SmsChannel::Send(const Delivery& delivery) {
  if (settings_.url.empty()) {
    return {.retryable = false, .detail = "sms: no gateway URL configured"};
  }
  const std::string body = SmsBody(delivery);
  std::vector<std::string> headers = {"Content-Type: application/json",
                                      "Idempotency-Key: " + HeaderValue(delivery.idempotency_key)};
  if (!settings_.secret.empty()) {
    headers.push_back("X-Yuqing-Signature: " + WebhookSignature(settings_.secret, body));
  }
  return ReceiptFromHttp(HttpPost(settings_.url, body, headers));
}

}  // namespace yuqing
