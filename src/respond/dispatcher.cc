#include "respond/dispatcher.h"

#include <algorithm>

namespace yuqing {
namespace {

constexpr std::string_view kResponsible = "responsible";

bool IsProvinceLevel(const Unit& unit) {
  return unit.region_code.size() == 6 && unit.region_code.ends_with("0000");
}

AlertSummary Summarise(const Incident& incident) {
  AlertSummary summary;
  summary.incident_id = incident.id;
  summary.story_id = incident.story_id;
  summary.title = incident.title;
  summary.grade = incident.grade;
  summary.score = incident.score;
  summary.reasons = incident.reasons;
  for (const NamedCount& region : incident.regions) summary.regions.push_back(region.name);
  summary.topics = incident.schemes;
  summary.item_count = incident.item_count();
  summary.negative_ratio = incident.negative_ratio();
  summary.first_seen = incident.first_seen;
  summary.last_seen = incident.last_seen;
  return summary;
}

std::vector<InhibitRule> DefaultInhibitRules() {
  return {
      InhibitRule{{Matcher{"grade", {"I"}}}, {Matcher{"grade", {"II", "III", "IV"}}}, {"story"}}};
}

}  // namespace

void AppendRecipients(const std::vector<Person>& people, const std::string& where,
                      std::vector<Recipient>* out) {
  for (const Person& person : people) {
    for (const Endpoint& endpoint : person.endpoints) {
      out->push_back({where + " " + person.name, endpoint});
    }
  }
}

std::string RoutingTarget::Label() const {
  std::string label = unit_id.empty() ? std::string() : unit_id + " " + unit_name;
  if (!department_name.empty()) label += "/" + department_name;
  return label;
}

Result<Dispatcher> Dispatcher::Create(RespondDefinition definition) {
  Dispatcher dispatcher;
  definition.organisation.source = definition.source;
  auto organisation = OrganisationTree::Build(std::move(definition.organisation));
  if (!organisation.ok()) return organisation.status();
  dispatcher.organisation_ = std::move(*organisation);
  auto routing = RoutingTree::Build(definition.routing);
  if (!routing.ok()) return routing.status().WithPrefix(definition.source + ": routing");
  dispatcher.routing_ = std::move(*routing);
  dispatcher.receivers_ = std::move(definition.receivers);
  for (const Receiver& receiver : dispatcher.receivers_) {
    if (!receiver.unit.empty() && dispatcher.organisation_.Find(receiver.unit) == nullptr) {
      return Status::InvalidInput(definition.source + ": receiver '" + receiver.name +
                                  "': unknown unit '" + receiver.unit + "'");
    }
    if (receiver.unit.empty() && receiver.endpoints.empty()) {
      return Status::InvalidInput(definition.source + ": receiver '" + receiver.name +
                                  "' names neither a unit nor endpoints");
    }
  }
  // Every receiver a route names must exist; "responsible" always does.
  std::vector<const Route*> stack = {&dispatcher.routing_.root()};
  while (!stack.empty()) {
    const Route* route = stack.back();
    stack.pop_back();
    const bool known = route->receiver == kResponsible || dispatcher.ReceiverFor(*route) != nullptr;
    if (!known) {
      return Status::InvalidInput(definition.source + ": route " + route->id +
                                  ": unknown receiver '" + route->receiver + "'");
    }
    for (const auto& child : route->children) stack.push_back(child.get());
  }
  dispatcher.silences_ = std::move(definition.silences);
  dispatcher.inhibit_rules_ = definition.inhibit_rules.value_or(DefaultInhibitRules());
  dispatcher.inhibit_sources_.resize(dispatcher.inhibit_rules_.size());
  dispatcher.plans_ = std::move(definition.plans);
  return dispatcher;
}

const Receiver* Dispatcher::ReceiverFor(const Route& route) const {
  for (const Receiver& receiver : receivers_) {
    if (receiver.name == route.receiver) return &receiver;
  }
  return nullptr;
}

std::vector<RoutingTarget> Dispatcher::Targets(const Receiver& receiver, const Route& route,
                                               const AlertLabels& labels) const {
  std::vector<RoutingTarget> targets;
  auto add = [&](const Unit& unit, const std::string& department_id, std::string reason) {
    RoutingTarget target;
    target.unit_id = unit.id;
    target.unit_name = unit.name;
    const Department* department = nullptr;
    if (!department_id.empty()) {
      for (const Department& d : unit.departments) {
        if (d.id == department_id) department = &d;
      }
    }
    if (department == nullptr) department = organisation_.DepartmentFor(unit, labels.topics);
    if (department != nullptr) {
      target.department_id = department->id;
      target.department_name = department->name;
    }
    target.reason = std::move(reason);
    for (const RoutingTarget& t : targets) {
      if (t.unit_id == target.unit_id && t.department_id == target.department_id) return;
    }
    targets.push_back(std::move(target));
  };
  if (receiver.name == kResponsible) {
    const Unit* unit = organisation_.Responsible(labels.regions);
    if (unit == nullptr) return targets;
    add(*unit, "", "responsible");
    // Copies upward by grade: II to the province, I to the province and the nation.
    if (labels.grade >= Grade::kII) {
      const Unit* up = unit;
      while (up != nullptr && !IsProvinceLevel(*up) && up->region_code != kNationalCode) {
        up = organisation_.Parent(*up);
      }
      if (up != nullptr && up != unit)
        add(*up, "", "copy: grade " + std::string(GradeName(labels.grade)));
    }
    if (labels.grade >= Grade::kI) {
      if (const Unit* nation = organisation_.ForRegion(kNationalCode); nation != nullptr) {
        add(*nation, "", "copy: grade I");
      }
    }
    return targets;
  }
  const std::string reason = "route " + route.id + " (receiver " + receiver.name + ")";
  if (const Unit* unit = organisation_.Find(receiver.unit); unit != nullptr) {
    add(*unit, receiver.department, reason);
  } else {
    RoutingTarget target;
    target.unit_name = receiver.name;
    target.reason = reason;
    targets.push_back(std::move(target));
  }
  return targets;
}

bool Dispatcher::Silenced(const AlertLabels& labels, int64_t now_ms) const {
  return std::any_of(silences_.begin(), silences_.end(), [&](const Silence& s) {
    return s.starts_ms <= now_ms && now_ms < s.ends_ms && MatchesAll(s.matchers, labels);
  });
}

bool Dispatcher::Inhibited(const AlertLabels& labels) const {
  for (size_t r = 0; r < inhibit_rules_.size(); ++r) {
    const InhibitRule& rule = inhibit_rules_[r];
    if (!MatchesAll(rule.target, labels)) continue;
    const auto it = inhibit_sources_[r].find(GroupLabelValues(rule.equal, labels));
    if (it == inhibit_sources_[r].end()) continue;
    const std::set<std::string>& sources = it->second;
    if (sources.size() > 1 || !sources.contains(labels.incident_id)) return true;
  }
  return false;
}

void Dispatcher::SetOpen(const AlertLabels& labels) {
  SetClosed(labels.incident_id);
  for (size_t r = 0; r < inhibit_rules_.size(); ++r) {
    if (MatchesAll(inhibit_rules_[r].source, labels)) {
      inhibit_sources_[r][GroupLabelValues(inhibit_rules_[r].equal, labels)].insert(
          labels.incident_id);
    }
  }
  open_[labels.incident_id] = labels;
}

void Dispatcher::SetClosed(const std::string& incident_id) {
  auto open = open_.find(incident_id);
  if (open == open_.end()) return;
  for (size_t r = 0; r < inhibit_rules_.size(); ++r) {
    auto it = inhibit_sources_[r].find(GroupLabelValues(inhibit_rules_[r].equal, open->second));
    if (it == inhibit_sources_[r].end()) continue;
    it->second.erase(incident_id);
    if (it->second.empty()) inhibit_sources_[r].erase(it);
  }
  open_.erase(open);
}

void Dispatcher::Schedule(Group& group, int64_t at_ms) {
  if (group.next_flush_ms != kUnscheduled) due_.erase({group.next_flush_ms, group.key});
  group.next_flush_ms = at_ms;
  due_.insert({at_ms, group.key});
}

void Dispatcher::MarkChanged(Group& group, int64_t now_ms) {
  // A flushed group runs on its group_interval grid; a quiet one may be parked until its repeat
  // falls due, so a change brings its next flush back to the first grid point from now.
  if (group.last_flush_ms < 0) return;  // group_wait still running
  const int64_t interval = std::max<int64_t>(1, group.route->group_interval_ms);
  const int64_t steps =
      (std::max<int64_t>(0, now_ms - group.last_flush_ms) + interval - 1) / interval;
  const int64_t grid = group.last_flush_ms + std::max<int64_t>(1, steps) * interval;
  if (grid < group.next_flush_ms) Schedule(group, grid);
}

const EmergencyPlan* Dispatcher::PlanFor(const std::vector<std::string>& topics) const {
  for (const EmergencyPlan& plan : plans_) {
    for (const std::string& topic : topics) {
      if (std::find(plan.topics.begin(), plan.topics.end(), topic) != plan.topics.end()) {
        return &plan;
      }
    }
  }
  for (const EmergencyPlan& plan : plans_) {
    if (plan.topics.empty()) return &plan;
  }
  return nullptr;
}

std::vector<Recipient> Dispatcher::RecipientsOf(const Group& group, bool emergency) const {
  std::vector<Recipient> recipients;
  const Unit* unit = organisation_.Find(group.target.unit_id);
  if (unit != nullptr) {
    for (const Department& department : unit->departments) {
      if (department.id == group.target.department_id) {
        AppendRecipients(department.people, unit->name + " " + department.name, &recipients);
      }
    }
    if (emergency || (group.receiver != nullptr && group.receiver->leaders)) {
      AppendRecipients(unit->leaders, unit->name + " 领导", &recipients);
    }
  }
  if (group.receiver != nullptr) {
    for (const Endpoint& endpoint : group.receiver->endpoints) {
      recipients.push_back({group.receiver->name, endpoint});
    }
  }
  return recipients;
}

std::vector<RoutingTarget> Dispatcher::Accept(const IncidentEvent& event,
                                              std::vector<Notification>* out) {
  const int64_t now_ms = event.at.unix_ms;
  Advance(event.at, out);
  ++counts_.accepted;
  const Incident& incident = *event.incident;
  const AlertLabels labels = LabelsOf(incident);
  std::vector<RoutingTarget> all_targets;
  std::vector<std::pair<const Route*, RoutingTarget>> routed;
  for (const Route* route : routing_.Match(labels)) {
    const Receiver* receiver = ReceiverFor(*route);
    static const Receiver kDefault{std::string(kResponsible), "", "", {}, false};
    for (RoutingTarget& target :
         Targets(receiver != nullptr ? *receiver : kDefault, *route, labels)) {
      all_targets.push_back(target);
      routed.emplace_back(route, std::move(target));
    }
  }
  if (all_targets.empty()) ++counts_.unrouted;

  auto resolve = [&](const std::string& incident_id) {
    SetClosed(incident_id);
    auto member = group_keys_of_.find(incident_id);
    if (member == group_keys_of_.end()) return;
    for (const std::string& key : member->second) {
      auto group = groups_.find(key);
      if (group == groups_.end()) continue;
      auto it = group->second.alerts.find(incident_id);
      if (it == group->second.alerts.end() || it->second.summary.resolved) continue;
      it->second.summary.resolved = true;
      it->second.changed = true;
      MarkChanged(group->second, now_ms);
    }
  };
  if (event.kind == IncidentEventKind::kMerged && !event.merged_from.empty()) {
    resolve(event.merged_from);
  }
  if (event.kind == IncidentEventKind::kClosed || !Pages(incident.grade)) {
    if (event.kind == IncidentEventKind::kClosed) resolve(incident.id);
    Advance(event.at, out);
    return all_targets;
  }
  SetOpen(labels);
  for (auto& [route, target] : routed) {
    const Receiver* receiver = ReceiverFor(*route);
    const std::string key = route->id + "|" + target.unit_id + "/" + target.department_id + "|" +
                            route->receiver + "|" + GroupLabelValues(route->group_by, labels);
    auto [it, created] = groups_.try_emplace(key);
    Group& group = it->second;
    if (created) {
      group.key = key;
      group.route = route;
      group.target = target;
      group.receiver = receiver;
      Schedule(group, now_ms + route->group_wait_ms);
    }
    auto [alert_it, new_alert] = group.alerts.try_emplace(incident.id);
    GroupAlert& alert = alert_it->second;
    if (new_alert) group_keys_of_[incident.id].insert(key);
    const Grade before = new_alert ? Grade::kNone : alert.summary.grade;
    alert.summary = Summarise(incident);
    alert.labels = labels;
    if (new_alert || incident.grade != before) {
      alert.changed = true;
      MarkChanged(group, now_ms);
    }
    // A grade that rose after people were told goes out at once, not after group_interval.
    if (!new_alert && incident.grade > before && group.last_notified_ms >= 0) {
      Schedule(group, now_ms);
    }
  }
  Advance(event.at, out);
  return all_targets;
}

void Dispatcher::Advance(Timestamp now, std::vector<Notification>* out) {
  // In time order, every flush that fell due: a silence that ended an hour ago released its
  // alerts at the first flush after its end, not at `now`.
  while (!due_.empty() && due_.begin()->first <= now.unix_ms) {
    const auto [at_ms, key] = *due_.begin();
    due_.erase(due_.begin());
    auto it = groups_.find(key);
    if (it == groups_.end()) continue;
    Group& group = it->second;
    group.next_flush_ms = kUnscheduled;
    Flush(group, at_ms, out);
    if (group.alerts.empty()) {
      groups_.erase(it);
    }
  }
}

void Dispatcher::Flush(Group& group, int64_t now_ms, std::vector<Notification>* out) {
  Notification notification;
  bool changed = false;
  for (auto& [id, alert] : group.alerts) {
    if (alert.summary.resolved) {
      notification.alerts.push_back(alert.summary);
      changed = true;
      continue;
    }
    if (Silenced(alert.labels, now_ms)) {
      ++counts_.silenced;
      continue;
    }
    if (Inhibited(alert.labels)) {
      ++counts_.inhibited;
      continue;
    }
    notification.alerts.push_back(alert.summary);
    changed = changed || alert.changed;
  }
  const bool firing = std::any_of(notification.alerts.begin(), notification.alerts.end(),
                                  [](const AlertSummary& a) { return !a.resolved; });
  const bool repeat = !changed && firing && group.last_notified_ms >= 0 &&
                      now_ms - group.last_notified_ms >= group.route->repeat_interval_ms;
  // A group whose only news is that its alerts closed tells the people who heard of them.
  const bool send = changed ? (firing || group.last_notified_ms >= 0) : repeat;
  group.last_flush_ms = now_ms;
  if (send) {
    notification.group_key = group.key;
    notification.sequence = ++group.sequence;
    notification.id = group.key + "#" + std::to_string(notification.sequence);
    notification.at = Timestamp{now_ms, 480};
    notification.receiver = group.route->receiver;
    notification.target = group.target;
    notification.repeat = repeat;
    std::vector<std::string> topics;
    for (const AlertSummary& alert : notification.alerts) {
      if (!alert.resolved && alert.grade >= Grade::kII) notification.emergency = true;
      for (const std::string& topic : alert.topics) {
        if (std::find(topics.begin(), topics.end(), topic) == topics.end()) topics.push_back(topic);
      }
    }
    if (notification.emergency) {
      if (const EmergencyPlan* plan = PlanFor(topics)) notification.plan = *plan;
    }
    notification.recipients = RecipientsOf(group, notification.emergency);
    group.last_notified_ms = now_ms;
    ++counts_.notifications;
    out->push_back(std::move(notification));
  }
  bool pending_change = false;
  for (auto it = group.alerts.begin(); it != group.alerts.end();) {
    GroupAlert& alert = it->second;
    const bool muted =
        !alert.summary.resolved && (Silenced(alert.labels, now_ms) || Inhibited(alert.labels));
    if (send && !muted) alert.changed = false;
    if (alert.summary.resolved && (send || group.last_notified_ms < 0)) {
      if (auto member = group_keys_of_.find(it->first); member != group_keys_of_.end()) {
        member->second.erase(group.key);
        if (member->second.empty()) group_keys_of_.erase(member);
      }
      it = group.alerts.erase(it);
    } else {
      pending_change = pending_change || alert.changed;
      ++it;
    }
  }
  if (group.alerts.empty()) return;
  // Next flush: the next group_interval, or, when nothing waits to be told, the first interval
  // at which the repeat falls due (a change in between brings it back: MarkChanged).
  const int64_t interval = std::max<int64_t>(1, group.route->group_interval_ms);
  int64_t next = now_ms + interval;
  if (!pending_change && group.last_notified_ms >= 0) {
    const int64_t repeat_at = group.last_notified_ms + group.route->repeat_interval_ms;
    if (repeat_at > next) next = now_ms + (repeat_at - now_ms + interval - 1) / interval * interval;
  }
  Schedule(group, next);
}
}  // namespace yuqing
