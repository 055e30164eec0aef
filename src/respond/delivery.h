// What leaves yuqing for a person (product.md §2.7): one Delivery per receiver endpoint, sent
// through the Channel of its kind. The outbox stores Deliveries so that an alert survives a
// crash; the idempotency key in every message lets the receiver drop a repeat, which is how a
// delivery that may be retried after a crash still reaches each receiver exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yuqing {

enum class ChannelKind : uint8_t { kWebhook, kWeCom, kDingTalk, kFeishu, kEmail, kSms };
std::string_view ChannelKindName(ChannelKind kind);  // "webhook", "wecom", ..., "sms"
std::optional<ChannelKind> ParseChannelKind(std::string_view name);

// Where one person or group receives: the kind and its address.
struct Endpoint {
  ChannelKind kind = ChannelKind::kWebhook;
  // webhook / wecom / dingtalk / feishu: the URL to POST to; email: the mailbox; sms: the phone
  // number (the gateway URL is the SMS channel's own setting).
  std::string address;
  // webhook: the HMAC-SHA256 key of the signature header; dingtalk / feishu: the robot's
  // signing secret ("加签"); empty for none.
  std::string secret;
};

struct Delivery {
  std::string idempotency_key;  // stable for this message to this endpoint; repeats reuse it
  std::string receiver;         // who, for people: "成都市人社局 养老保险处 张三"
  Endpoint endpoint;
  std::string subject;       // one line: "【II 重大】成都市 养老金停发传言 (inc-…)"
  std::string text;          // Markdown body for robots, plain text for e-mail and SMS
  std::string html;          // e-mail HTML part; empty: derived from `text`
  std::string payload_json;  // the structured notification, the webhook's "data" member
  int64_t created_ms = 0;    // stream or wall time the notification was made, ms since epoch
};

// What came back from one attempt to send.
struct DeliveryReceipt {
  bool delivered = false;
  bool retryable = true;  // false: retrying cannot help (a 4xx other than 408/429, bad address)
  int status_code = 0;    // HTTP status or SMTP reply code; 0 when nothing answered
  std::string detail;     // the receiver's answer or the transport error, shortened
};

// One kind of channel. Send may block (network); implementations are safe to call from one
// delivery thread at a time.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual DeliveryReceipt Send(const Delivery& delivery) = 0;
};

}  // namespace yuqing
