// A notification as people read it (issue 8): the subject line, a Markdown text for robots and
// e-mail, the JSON a webhook receives, and one Delivery per recipient with a stable idempotency
// key, so a notification rendered twice (a replay, a restart) never reaches anyone twice.
#pragma once

#include <string>
#include <vector>

#include "respond/delivery.h"
#include "respond/dispatcher.h"

namespace yuqing {

std::string NotificationSubject(const Notification& notification);
std::string NotificationText(const Notification& notification);  // Markdown
std::string NotificationJson(const Notification& notification);  // one line
// One per recipient; the key is notification.id + the endpoint, hashed: "n-<16 hex>".
std::vector<Delivery> RenderDeliveries(const Notification& notification);

}  // namespace yuqing
