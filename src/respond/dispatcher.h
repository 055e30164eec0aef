// From incidents to notifications (issue 8), after Alertmanager's dispatch.go and timer.go, in
// stream time: each paging incident is matched against the routing tree, its receiver resolved
// to organisation units and departments (the default policy: the lowest unit whose jurisdiction
// covers the incident's regions, copied upward by grade), and gathered into groups that notify
// after group_wait, then at most every group_interval when something changed, and again every
// repeat_interval while the incident stays open. Silences and inhibition mute alerts without
// losing them: they are counted and shown, not sent.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/incident.h"
#include "respond/organisation.h"
#include "respond/routing_tree.h"

namespace yuqing {

// A receiver of the routing tree. "responsible" is built in: the default policy.
struct Receiver {
  std::string name;
  std::string unit;        // a unit id: its department for the topic (or `department`) receives
  std::string department;  // a department id of `unit`; empty: by topic
  std::vector<Endpoint> endpoints;  // extra endpoints (a duty group's robot, an SMS gateway)
  bool leaders = false;             // page the unit's leaders too, whatever the grade
};

// Time-bounded muting, with who and why (Alertmanager silences).
struct Silence {
  std::string id;
  std::vector<Matcher> matchers;
  int64_t starts_ms = 0, ends_ms = 0;
  std::string created_by, comment;
};

// While an open incident matches `source`, incidents matching `target` with the same values
// of the `equal` labels are muted. Default: a grade-I incident mutes lower grades of its story.
struct InhibitRule {
  std::vector<Matcher> source, target;
  std::vector<std::string> equal;
};

// 应急预案: the prepared plan of a topic, attached when an incident becomes an emergency.
struct EmergencyPlan {
  std::string id, name;
  std::vector<std::string> topics;  // scheme ids; empty: the general plan
  std::vector<std::string> steps;
  std::string spokesperson;
  std::string holding_statement;  // template; {title} and {regions} are filled in
  std::vector<std::string> contacts;
};

struct RespondDefinition {
  OrganisationDefinition organisation;
  RouteDefinition routing;
  std::vector<Receiver> receivers;
  std::vector<Silence> silences;
  std::optional<std::vector<InhibitRule>> inhibit_rules;  // unset: the default rule
  std::vector<EmergencyPlan> plans;
  std::string source = "<built-in>";
};

// Where an incident went: one unit and department, and why.
struct RoutingTarget {
  std::string unit_id, unit_name, department_id, department_name;
  std::string reason;         // "responsible", "copy: grade II", "route root.1 (receiver x)"
  std::string Label() const;  // "510100 成都市人社局/养老保险处"
};

struct Recipient {
  std::string name;  // "成都市人社局 养老保险处 张三"
  Endpoint endpoint;
};

// Every endpoint of `people`, named "<where> <person>" ("成都市人社局 养老保险处 张三").
void AppendRecipients(const std::vector<Person>& people, const std::string& where,
                      std::vector<Recipient>* out);

// An incident as a notification shows it (no item ids: those stay in the store).
struct AlertSummary {
  std::string incident_id, story_id, title;
  Grade grade = Grade::kNone;
  double score = 0;
  std::vector<std::string> reasons, regions, topics;
  uint32_t item_count = 0;
  double negative_ratio = 0;
  Timestamp first_seen, last_seen;
  bool resolved = false;  // closed since the last notification
};

struct Notification {
  std::string group_key;  // route id + target + group_by values
  uint32_t sequence = 0;  // 1 for the group's first notification
  std::string id;         // group_key#sequence: stable across replays, the idempotency base
  Timestamp at;
  std::string receiver;
  RoutingTarget target;
  bool emergency = false;  // 应急响应: grade I or II
  bool repeat = false;     // nothing changed; repeat_interval passed
  std::vector<AlertSummary> alerts;
  std::vector<Recipient> recipients;
  std::optional<EmergencyPlan> plan;
};

struct DispatchCounts {
  uint64_t accepted = 0, notifications = 0, silenced = 0, inhibited = 0, unrouted = 0;
};

class Dispatcher {
 public:
  static Result<Dispatcher> Create(RespondDefinition definition);

  // Takes one incident event at its stream time; notifications that became due up to then are
  // appended to `out`. Returns where the incident is routed (for `routed_to`); grade IV and
  // below are routed (a unit sees them on its board) but never notify.
  std::vector<RoutingTarget> Accept(const IncidentEvent& event, std::vector<Notification>* out);
  // Flushes every group due at or before `now`.
  void Advance(Timestamp now, std::vector<Notification>* out);
  void AddSilence(Silence silence) { silences_.push_back(std::move(silence)); }

  const DispatchCounts& counts() const { return counts_; }
  size_t live_groups() const { return groups_.size(); }
  size_t open_incidents() const { return open_.size(); }
  const OrganisationTree& organisation() const { return organisation_; }

 private:
  static constexpr int64_t kUnscheduled = INT64_MIN;
  struct GroupAlert {
    AlertSummary summary;
    AlertLabels labels;
    bool changed = true;
  };
  struct Group {
    std::string key;
    const Route* route = nullptr;
    RoutingTarget target;
    const Receiver* receiver = nullptr;
    std::map<std::string, GroupAlert> alerts;  // by incident id
    int64_t next_flush_ms = kUnscheduled;
    int64_t last_flush_ms = -1;
    int64_t last_notified_ms = -1;
    uint32_t sequence = 0;
  };

  const Receiver* ReceiverFor(const Route& route) const;  // nullptr: the default policy
  std::vector<RoutingTarget> Targets(const Receiver& receiver, const Route& route,
                                     const AlertLabels& labels) const;
  bool Silenced(const AlertLabels& labels, int64_t now_ms) const;
  bool Inhibited(const AlertLabels& labels) const;
  void Flush(Group& group, int64_t now_ms, std::vector<Notification>* out);
  void Schedule(Group& group, int64_t at_ms);
  void MarkChanged(Group& group, int64_t now_ms);
  void SetOpen(const AlertLabels& labels);
  void SetClosed(const std::string& incident_id);
  std::vector<Recipient> RecipientsOf(const Group& group, bool emergency) const;
  const EmergencyPlan* PlanFor(const std::vector<std::string>& topics) const;

  OrganisationTree organisation_;
  RoutingTree routing_;
  std::vector<Receiver> receivers_;
  std::vector<Silence> silences_;
  std::vector<InhibitRule> inhibit_rules_;
  std::vector<EmergencyPlan> plans_;
  std::map<std::string, Group> groups_;            // by key
  std::set<std::pair<int64_t, std::string>> due_;  // (next flush, group key): time order
  std::map<std::string, std::set<std::string>> group_keys_of_;  // incident id -> its groups
  std::map<std::string, AlertLabels> open_;                     // open paging incidents
  // Per inhibit rule: `equal` label values -> open incidents matching its source, so that a
  // flush asks one map instead of scanning every open incident.
  std::vector<std::map<std::string, std::set<std::string>>> inhibit_sources_;
  DispatchCounts counts_;
};

}  // namespace yuqing
