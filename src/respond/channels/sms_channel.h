// Text messages through the agency's SMS gateway (operators differ, so yuqing speaks one small
// JSON POST and the gateway adapts): {"phone","text","idempotency_key"} to the configured URL,
// signed like the webhook (X-Yuqing-Signature) when the gateway has a secret. The text is cut
// to 300 characters, about five concatenated SMS segments.
#pragma once

#include <string>

#include "respond/delivery.h"

namespace yuqing {

struct SmsGatewaySettings {
  std::string url;
  std::string secret;  // empty: unsigned
};

class SmsChannel : public Channel {
 public:
  explicit SmsChannel(SmsGatewaySettings settings) : settings_(std::move(settings)) {}
  DeliveryReceipt Send(const Delivery& delivery) override;

 private:
  SmsGatewaySettings settings_;
};

constexpr size_t kSmsMaxCodePoints = 300;
std::string SmsBody(const Delivery& delivery);
// The first `max` code points of `text`.
std::string FirstCodePoints(std::string_view text, size_t max);

}  // namespace yuqing
