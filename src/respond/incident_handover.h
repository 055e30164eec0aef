// Where routing meets the handling workflow: the responsible unit routing chose becomes the
// incident's unit, the organisation tree says who is above whom for escalation, and the unit
// that takes an incident over after a missed deadline is told through the outbox. Shared by
// `yuqing incidents` and the service.
#pragma once

#include <cstddef>
#include <vector>

#include "core/status.h"
#include "detect/incident.h"
#include "respond/organisation.h"
#include "respond/workflow/incident_store.h"

namespace yuqing {

// The parent of a unit in `tree`; a unit the tree does not know climbs the GB/T 2260 chain
// (the built-in tree is generated from the same codes, so it gives the same answer). `tree`
// must outlive the function.
IncidentStore::ParentOf ParentInTree(const OrganisationTree& tree);

// Routing's answer (routed_to: "510100 成都市人社局/养老保险处") names the responsible unit
// first; an incident without a unit takes it, so deadlines escalate from the right place.
Status TakeRoutedUnit(IncidentStore& store, const IncidentEvent& event);

// Tells the unit that took an incident over (its department for the topic and its leaders)
// through the outbox in the store's database. Returns how many deliveries were queued.
Result<size_t> QueueEscalationNotices(IncidentStore& store, const OrganisationTree& tree,
                                      const std::vector<EscalationRecord>& escalations);

}  // namespace yuqing
