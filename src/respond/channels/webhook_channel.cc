#include "respond/channels/webhook_channel.h"

#include <vector>

#include "core/json_text.h"
#include "core/time.h"
#include "respond/channels/http_post.h"
#include "respond/channels/signature.h"

namespace yuqing {

std::string WebhookBody(const Delivery& delivery) {
  std::string body = "{\"idempotency_key\":";
  AppendJsonString(delivery.idempotency_key, &body);
  body += ",\"receiver\":";
  AppendJsonString(delivery.receiver, &body);
  body += ",\"subject\":";
  AppendJsonString(delivery.subject, &body);
  body += ",\"text\":";
  AppendJsonString(delivery.text, &body);
  body += ",\"created_at\":";
  AppendJsonString(FormatIso8601({.unix_ms = delivery.created_ms, .utc_offset_min = 480}), &body);
  // payload_json is produced by yuqing's own writers, so it is valid JSON and goes in raw.
  body += ",\"data\":";
  body += delivery.payload_json.empty() ? "null" : delivery.payload_json;
  body += '}';
  return body;
}

DeliveryReceipt WebhookChannel::Send(const Delivery& delivery) {
  const std::string body = WebhookBody(delivery);
  std::vector<std::string> headers = {"Content-Type: application/json",
                                      "Idempotency-Key: " + HeaderValue(delivery.idempotency_key)};
  if (!delivery.endpoint.secret.empty()) {
    headers.push_back("X-Yuqing-Signature: " + WebhookSignature(delivery.endpoint.secret, body));
  }
  return ReceiptFromHttp(HttpPost(delivery.endpoint.address, body, headers));
}

}  // namespace yuqing
