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

// A deadline missed by the responsible unit (issue 8 workflow): its parent unit takes over.
struct EscalationNotice {
  std::string incident_id, title;
  Grade grade = Grade::kNone;
  std::vector<std::string> topics;  // scheme ids: which department of the parent answers
  std::string deadline;             // acknowledge | inform | respond
  int64_t due_ms = 0, at_ms = 0;
  std::string from_unit, to_unit;  // unit ids
};
// To the department of `to_unit` that answers for the topics, and its leaders; one per endpoint,
// keyed by incident, deadline, unit and endpoint so a repeated sweep sends nothing twice.
std::vector<Delivery> RenderEscalation(const OrganisationTree& organisation,
                                       const EscalationNotice& notice);

}  // namespace yuqing
