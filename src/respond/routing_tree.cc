#include "respond/routing_tree.h"

#include <algorithm>

#include "respond/organisation.h"

namespace yuqing {
namespace {

constexpr int64_t kSecondMs = 1000;

std::optional<Grade> ParseGrade(std::string_view name) {
  if (name == "I") return Grade::kI;
  if (name == "II") return Grade::kII;
  if (name == "III") return Grade::kIII;
  if (name == "IV") return Grade::kIV;
  return std::nullopt;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool AnyShared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& v) { return Contains(b, v); });
}

bool InJurisdiction(std::string_view code, std::string_view area) {
  for (const std::string& ancestor : RegionAncestors(code)) {
    if (ancestor == area) return true;
  }
  return false;
}

bool MatchesAny(const Matcher& matcher, const AlertLabels& labels) {
  const std::string& label = matcher.label;
  if (label == "region") {
    for (const std::string& code : labels.regions) {
      for (const std::string& area : matcher.values) {
        if (InJurisdiction(code, area)) return true;
      }
    }
    return false;
  }
  if (label == "grade") {
    return Contains(matcher.values, GradeName(labels.grade));
  }
  if (label == "grade_at_least") {
    for (const std::string& value : matcher.values) {
      const auto grade = ParseGrade(value);
      if (grade && labels.grade != Grade::kNone && labels.grade >= *grade) return true;
    }
    return false;
  }
  if (label == "topic") return AnyShared(labels.topics, matcher.values);
  if (label == "source_class") return AnyShared(labels.source_classes, matcher.values);
  if (label == "platform") return AnyShared(labels.platforms, matcher.values);
  if (label == "story") return Contains(matcher.values, labels.story);
  return false;
}

void Resolve(const RouteDefinition& definition, const Route* parent, std::string id, Route* out) {
  out->id = std::move(id);
  out->matchers = definition.matchers;
  out->continue_matching = definition.continue_matching;
  out->receiver =
      definition.receiver.value_or(parent != nullptr ? parent->receiver : "responsible");
  out->group_by = definition.group_by.value_or(
      parent != nullptr ? parent->group_by : std::vector<std::string>{"story"});
  out->group_wait_ms =
      definition.group_wait_ms.value_or(parent != nullptr ? parent->group_wait_ms : 30 * kSecondMs);
  out->group_interval_ms = definition.group_interval_ms.value_or(
      parent != nullptr ? parent->group_interval_ms : 300 * kSecondMs);
  out->repeat_interval_ms = definition.repeat_interval_ms.value_or(
      parent != nullptr ? parent->repeat_interval_ms : 4LL * 3600 * kSecondMs);
  for (size_t i = 0; i < definition.routes.size(); ++i) {
    auto child = std::make_unique<Route>();
    Resolve(definition.routes[i], out, out->id + "." + std::to_string(i), child.get());
    out->children.push_back(std::move(child));
  }
}

Status Check(const RouteDefinition& definition) {
  for (const Matcher& matcher : definition.matchers) {
    if (Status s = CheckMatcher(matcher); !s.ok()) return s.WithPrefix(definition.where);
  }
  if (definition.group_by) {
    for (const std::string& label : *definition.group_by) {
      if (label != "story" && label != "incident" && label != "grade" && label != "region" &&
          label != "topic" && label != "source_class" && label != "platform") {
        return Status::InvalidInput(definition.where + ": group_by: unknown label '" + label +
                                    "' (known: story, incident, grade, region, topic, "
                                    "source_class, platform)");
      }
    }
  }
  for (const RouteDefinition& child : definition.routes) {
    if (Status s = Check(child); !s.ok()) return s;
  }
  return Status::Ok();
}

void MatchRoute(const Route& route, const AlertLabels& labels, std::vector<const Route*>* out) {
  const size_t before = out->size();
  for (const auto& child : route.children) {
    if (!MatchesAll(child->matchers, labels)) continue;
    MatchRoute(*child, labels, out);
    if (!child->continue_matching) break;
  }
  if (out->size() == before) out->push_back(&route);
}

}  // namespace

AlertLabels LabelsOf(const Incident& incident) {
  AlertLabels labels;
  labels.incident_id = incident.id;
  labels.story = incident.story_id;
  labels.grade = incident.grade;
  for (const NamedCount& region : incident.region_codes) labels.regions.push_back(region.name);
  labels.topics = incident.schemes;
  for (const NamedCount& c : incident.source_classes) labels.source_classes.push_back(c.name);
  for (const NamedCount& p : incident.platforms) labels.platforms.push_back(p.name);
  return labels;
}

const std::vector<std::string_view>& MatcherLabels() {
  static const std::vector<std::string_view> kLabels = {
      "region", "topic", "grade", "grade_at_least", "source_class", "platform", "story"};
  return kLabels;
}

Status CheckMatcher(const Matcher& matcher) {
  const auto& known = MatcherLabels();
  if (std::find(known.begin(), known.end(), matcher.label) == known.end()) {
    std::string names;
    for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
    return Status::InvalidInput("unknown matcher label '" + matcher.label + "' (known: " + names +
                                ")");
  }
  if (matcher.values.empty()) {
    return Status::InvalidInput("matcher '" + matcher.label + "' has no value");
  }
  for (const std::string& value : matcher.values) {
    if ((matcher.label == "grade" || matcher.label == "grade_at_least") && !ParseGrade(value)) {
      return Status::InvalidInput(matcher.label + ": unknown grade '" + value +
                                  "' (expected I, II, III or IV)");
    }
    if (matcher.label == "region" && RegionAncestors(value).empty()) {
      return Status::InvalidInput("region: '" + value + "' is not a 6- or 9-digit GB/T 2260 code");
    }
  }
  return Status::Ok();
}

bool Matches(const Matcher& matcher, const AlertLabels& labels) {
  return MatchesAny(matcher, labels) != matcher.negate;
}

bool MatchesAll(const std::vector<Matcher>& matchers, const AlertLabels& labels) {
  return std::all_of(matchers.begin(), matchers.end(),
                     [&](const Matcher& m) { return Matches(m, labels); });
}

Result<RoutingTree> RoutingTree::Build(const RouteDefinition& root) {
  if (Status s = Check(root); !s.ok()) return s;
  auto resolved = std::make_shared<Route>();
  Resolve(root, nullptr, "root", resolved.get());
  resolved->matchers.clear();
  RoutingTree tree;
  tree.root_ = std::move(resolved);
  return tree;
}

RoutingTree RoutingTree::Default() { return *Build(RouteDefinition{}); }

std::vector<const Route*> RoutingTree::Match(const AlertLabels& labels) const {
  std::vector<const Route*> routes;
  MatchRoute(*root_, labels, &routes);
  return routes;
}

std::string GroupLabelValues(const std::vector<std::string>& group_by, const AlertLabels& labels) {
  std::string key;
  auto join = [](const std::vector<std::string>& values) {
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::string out;
    for (const std::string& v : sorted) out += (out.empty() ? "" : "|") + v;
    return out;
  };
  for (const std::string& label : group_by) {
    std::string value;
    if (label == "story") value = labels.story;
    if (label == "incident") value = labels.incident_id;
    if (label == "grade") value = std::string(GradeName(labels.grade));
    if (label == "region") value = join(labels.regions);
    if (label == "topic") value = join(labels.topics);
    if (label == "source_class") value = join(labels.source_classes);
    if (label == "platform") value = join(labels.platforms);
    key += (key.empty() ? "" : ",") + label + "=" + value;
  }
  return key;
}

}  // namespace yuqing
