// The routing tree (issue 8), after Prometheus Alertmanager's dispatch/route.go: nested routes
// with matchers on an incident's labels; a route inherits its parent's receiver and timings and
// overrides only what it sets; matching walks depth-first and stops at the first matching child
// unless that child says `continue`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/incident.h"

namespace yuqing {

// What routing sees of an incident. Labels are sets: an incident spans several regions and
// schemes; a matcher holds when any value matches.
struct AlertLabels {
  std::string incident_id;
  std::string story;
  Grade grade = Grade::kNone;
  std::vector<std::string> regions;  // GB/T 2260 codes, most named first
  std::vector<std::string> topics;   // scheme ids
  std::vector<std::string> source_classes;
  std::vector<std::string> platforms;
};
AlertLabels LabelsOf(const Incident& incident);

// One condition. Labels: region (a code; holds for any region inside that jurisdiction), topic,
// grade (names I..IV), grade_at_least (one name), source_class, platform, story. `negate`: holds
// when no value matches (Alertmanager's !=).
struct Matcher {
  std::string label;
  std::vector<std::string> values;
  bool negate = false;
};
// The labels a matcher may name, for messages.
const std::vector<std::string_view>& MatcherLabels();
Status CheckMatcher(const Matcher& matcher);  // unknown label, bad grade, bad region code
bool Matches(const Matcher& matcher, const AlertLabels& labels);
bool MatchesAll(const std::vector<Matcher>& matchers, const AlertLabels& labels);

struct RouteDefinition {
  std::vector<Matcher> matchers;
  std::optional<std::string> receiver;
  bool continue_matching = false;                    // YAML `continue`
  std::optional<std::vector<std::string>> group_by;  // labels: story, region, topic, grade, ...
  std::optional<int64_t> group_wait_ms, group_interval_ms, repeat_interval_ms;
  std::vector<RouteDefinition> routes;
  std::string where;  // "file:line" for messages
};

// A route with every option resolved (its own, else inherited).
struct Route {
  std::string id;  // position in the tree: "root", "root.0", "root.0.1"
  std::vector<Matcher> matchers;
  std::string receiver;
  bool continue_matching = false;
  std::vector<std::string> group_by;
  int64_t group_wait_ms = 0, group_interval_ms = 0, repeat_interval_ms = 0;
  std::vector<std::unique_ptr<Route>> children;
};

class RoutingTree {
 public:
  // The root's unset options take these defaults: receiver "responsible" (the default policy),
  // group_by [story], group_wait 30 s, group_interval 5 min, repeat_interval 4 h. The root's own
  // matchers are ignored: every incident enters the tree.
  static Result<RoutingTree> Build(const RouteDefinition& root);
  static RoutingTree Default();

  // The routes that take the incident (at least the root).
  std::vector<const Route*> Match(const AlertLabels& labels) const;
  const Route& root() const { return *root_; }

 private:
  std::shared_ptr<const Route> root_;
};

// Label values a group is keyed by: "story=s-12,grade=II".
std::string GroupLabelValues(const std::vector<std::string>& group_by, const AlertLabels& labels);

}  // namespace yuqing
