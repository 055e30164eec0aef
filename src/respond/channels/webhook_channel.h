// The generic webhook (product.md §2.7): one JSON POST per delivery, for the agency's own
// systems. Body: {"idempotency_key","receiver","subject","text","created_at","data"}, "data"
// being the structured notification as is. Headers: Idempotency-Key, and when the endpoint has
// a secret X-Yuqing-Signature: sha256=<hex HMAC-SHA256(secret, body)> (GitHub's scheme), which
// the receiver recomputes over the raw body.
#pragma once

#include <string>

#include "respond/delivery.h"

namespace yuqing {

class WebhookChannel : public Channel {
 public:
  DeliveryReceipt Send(const Delivery& delivery) override;
};

// The body Send posts (exposed for tests and for receivers' documentation).
std::string WebhookBody(const Delivery& delivery);

}  // namespace yuqing
