#include "respond/incident_handover.h"

#include <simdjson.h>

#include "respond/notification_render.h"
#include "store/outbox.h"

namespace yuqing {

IncidentStore::ParentOf ParentInTree(const OrganisationTree& tree) {
  return [&tree](const std::string& unit_id) -> std::optional<std::string> {
    const Unit* unit = tree.Find(unit_id);
    if (unit == nullptr) return Gbt2260Parent(unit_id);
    const Unit* parent = tree.Parent(*unit);
    if (parent == nullptr) return std::nullopt;
    return parent->id;
  };
}

Status TakeRoutedUnit(IncidentStore& store, const IncidentEvent& event) {
  const Incident& incident = *event.incident;
  if (incident.routed_to.empty()) return Status::Ok();
  const std::string& label = incident.routed_to.front();
  const std::string unit = label.substr(0, label.find(' '));
  if (unit.empty()) return Status::Ok();
  auto view = store.Show(incident.id);
  if (!view.ok()) return view.status();
  if (!view->record.unit.empty()) return Status::Ok();
  return store.SetUnit(incident.id, unit, "router", event.at.unix_ms);
}

Result<size_t> QueueEscalationNotices(IncidentStore& store, const OrganisationTree& tree,
                                      const std::vector<EscalationRecord>& escalations) {
  auto outbox = Outbox::Open(&store.db());
  if (!outbox.ok()) return outbox.status();
  size_t queued = 0;
  simdjson::dom::parser parser;
  for (const EscalationRecord& e : escalations) {
    if (e.to_unit.empty()) continue;
    auto view = store.Show(e.incident_id);
    if (!view.ok()) return view.status();
    EscalationNotice notice{e.incident_id,
                            view->record.title,
                            view->record.grade,
                            {},
                            std::string(DeadlineName(e.deadline)),
                            e.due_ms,
                            e.at_ms,
                            e.from_unit,
                            e.to_unit};
    simdjson::dom::element snapshot;
    simdjson::dom::array schemes;
    if (!parser.parse(view->record.snapshot_json).get(snapshot) &&
        !snapshot["schemes"].get_array().get(schemes)) {
      for (auto scheme : schemes) {
        std::string_view id;
        if (!scheme.get_string().get(id)) notice.topics.emplace_back(id);
      }
    }
    for (const Delivery& delivery : RenderEscalation(tree, notice)) {
      auto fresh = (*outbox)->Enqueue(delivery);
      if (!fresh.ok()) return fresh.status();
      queued += *fresh ? 1 : 0;
    }
  }
  return queued;
}

}  // namespace yuqing
