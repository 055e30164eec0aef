#include "config/respond_section.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "config/yaml_support.h"
#include "core/time.h"

namespace yuqing::config_internal {
namespace {

using Keys = std::span<const std::string_view>;

// Every key of a mapping must be one of `known`; the message names the line.
Status CheckKeys(std::string_view source, const YAML::Node& node, std::string_view what,
                 Keys known) {
  if (!node.IsMap()) return Error(source, node.Mark(), std::string(what) + ": expected a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Error(source, entry.first.Mark(),
                   std::string(what) + ": unknown key '" + key + "'" + DidYouMean(key, known) +
                       "; known keys: " + JoinNames(known));
    }
  }
  return Status::Ok();
}

Status ReadBool(std::string_view source, const YAML::Node& node, std::string_view key, bool* out) {
  std::string text;
  if (Status s = ReadScalar(source, node, key, &text); !s.ok()) return s;
  if (text != "true" && text != "false") {
    return Error(source, node.Mark(), std::string(key) + ": expected true or false");
  }
  *out = text == "true";
  return Status::Ok();
}

Status ReadDuration(std::string_view source, const YAML::Node& node, std::string_view key,
                    std::optional<int64_t>* out) {
  std::string text;
  if (Status s = ReadScalar(source, node, key, &text); !s.ok()) return s;
  auto ms = ParseDuration(text);
  if (!ms.ok()) return Error(source, node.Mark(), std::string(key) + ": " + ms.status().message());
  *out = *ms;
  return Status::Ok();
}

Status ReadTime(std::string_view source, const YAML::Node& node, std::string_view key,
                int64_t* out) {
  std::string text;
  if (Status s = ReadScalar(source, node, key, &text); !s.ok()) return s;
  auto t = ParseIso8601(text);
  if (!t.ok()) {
    return Error(source, node.Mark(),
                 std::string(key) + ": expected ISO 8601 time with offset, found '" + text + "'");
  }
  *out = t->unix_ms;
  return Status::Ok();
}

Status ReadEndpoints(std::string_view source, const YAML::Node& node, std::vector<Endpoint>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "channels: expected a list");
  static constexpr std::array<std::string_view, 3> kKeys = {"kind", "address", "secret"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "channel", kKeys); !s.ok()) return s;
    Endpoint endpoint;
    std::string kind;
    if (Status s = ReadScalar(source, entry["kind"], "kind", &kind); !s.ok()) return s;
    const auto parsed = ParseChannelKind(kind);
    if (!parsed) {
      return Error(source, entry["kind"].Mark(),
                   "channel kind '" + kind +
                       "' unknown (expected webhook, wecom, dingtalk, feishu, email or sms)");
    }
    endpoint.kind = *parsed;
    if (Status s = ReadScalar(source, entry["address"], "address", &endpoint.address); !s.ok()) {
      return s;
    }
    if (entry["secret"]) {
      if (Status s = ReadScalar(source, entry["secret"], "secret", &endpoint.secret); !s.ok()) {
        return s;
      }
    }
    out->push_back(std::move(endpoint));
  }
  return Status::Ok();
}

Status ReadPeople(std::string_view source, const YAML::Node& node, std::vector<Person>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "people: expected a list");
  static constexpr std::array<std::string_view, 4> kKeys = {"name", "role", "leader", "channels"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "person", kKeys); !s.ok()) return s;
    Person person;
    if (Status s = ReadScalar(source, entry["name"], "name", &person.name); !s.ok()) return s;
    if (entry["role"]) (void)ReadScalar(source, entry["role"], "role", &person.role);
    if (entry["leader"]) {
      if (Status s = ReadBool(source, entry["leader"], "leader", &person.leader); !s.ok()) return s;
    }
    if (entry["channels"]) {
      if (Status s = ReadEndpoints(source, entry["channels"], &person.endpoints); !s.ok()) return s;
    }
    out->push_back(std::move(person));
  }
  return Status::Ok();
}

Status ReadUnits(std::string_view source, const YAML::Node& node, OrganisationDefinition* out) {
  static constexpr std::array<std::string_view, 1> kSectionKeys = {"units"};
  if (Status s = CheckKeys(source, node, "organisation", kSectionKeys); !s.ok()) return s;
  const YAML::Node units = node["units"];
  if (!units || !units.IsSequence()) {
    return Error(source, node.Mark(), "organisation: expected `units:`, a list of units");
  }
  static constexpr std::array<std::string_view, 7> kKeys = {
      "id", "name", "region", "departments", "default_department", "leaders", "people"};
  static constexpr std::array<std::string_view, 4> kDepartmentKeys = {"id", "name", "topics",
                                                                      "people"};
  for (const YAML::Node& entry : units) {
    if (Status s = CheckKeys(source, entry, "unit", kKeys); !s.ok()) return s;
    Unit unit;
    if (Status s = ReadScalar(source, entry["region"], "region", &unit.region_code); !s.ok()) {
      return s;
    }
    if (RegionAncestors(unit.region_code).empty()) {
      return Error(source, entry["region"].Mark(),
                   "region: '" + unit.region_code +
                       "' is not a 6- or 9-digit GB/T 2260 code (national: 000000)");
    }
    unit.id = unit.region_code;
    if (entry["id"]) (void)ReadScalar(source, entry["id"], "id", &unit.id);
    if (entry["name"]) (void)ReadScalar(source, entry["name"], "name", &unit.name);
    // `departments: standard` or omitted: the seven standard departments.
    const YAML::Node departments = entry["departments"];
    if (!departments || (departments.IsScalar() && departments.Scalar() == "standard")) {
      unit.departments = StandardDepartments();
      unit.default_department = "publicity";
    } else if (departments.IsSequence()) {
      for (const YAML::Node& d : departments) {
        if (Status s = CheckKeys(source, d, "department", kDepartmentKeys); !s.ok()) return s;
        Department department;
        if (Status s = ReadScalar(source, d["id"], "id", &department.id); !s.ok()) return s;
        if (d["name"]) (void)ReadScalar(source, d["name"], "name", &department.name);
        if (d["topics"]) {
          if (Status s = ReadStringList(source, d["topics"], "topics", &department.topics);
              !s.ok()) {
            return s;
          }
        }
        if (d["people"]) {
          if (Status s = ReadPeople(source, d["people"], &department.people); !s.ok()) return s;
        }
        unit.departments.push_back(std::move(department));
      }
    } else {
      return Error(source, departments.Mark(),
                   "departments: expected `standard` or a list of departments");
    }
    // `people:` on a unit with standard departments: {department id: [people]}.
    if (const YAML::Node people = entry["people"]) {
      if (!people.IsMap()) {
        return Error(source, people.Mark(), "people: expected a mapping of department id: people");
      }
      for (const auto& p : people) {
        const std::string id = p.first.Scalar();
        auto it = std::find_if(unit.departments.begin(), unit.departments.end(),
                               [&](const Department& d) { return d.id == id; });
        if (it == unit.departments.end()) {
          return Error(source, p.first.Mark(), "people: unit has no department '" + id + "'");
        }
        if (Status s = ReadPeople(source, p.second, &it->people); !s.ok()) return s;
      }
    }
    if (entry["default_department"]) {
      (void)ReadScalar(source, entry["default_department"], "default_department",
                       &unit.default_department);
    }
    if (entry["leaders"]) {
      if (Status s = ReadPeople(source, entry["leaders"], &unit.leaders); !s.ok()) return s;
      for (Person& leader : unit.leaders) leader.leader = true;
    }
    out->units.push_back(std::move(unit));
  }
  return Status::Ok();
}

Status ReadMatchers(std::string_view source, const YAML::Node& node, bool negate,
                    std::vector<Matcher>* out) {
  if (!node.IsMap()) return Error(source, node.Mark(), "match: expected label: value(s)");
  for (const auto& entry : node) {
    Matcher matcher;
    matcher.label = entry.first.Scalar();
    matcher.negate = negate;
    if (Status s = ReadStringList(source, entry.second, matcher.label, &matcher.values); !s.ok()) {
      return s;
    }
    if (Status s = CheckMatcher(matcher); !s.ok()) {
      return Error(source, entry.first.Mark(), s.message());
    }
    out->push_back(std::move(matcher));
  }
  return Status::Ok();
}

Status ReadRoute(std::string_view source, const YAML::Node& node, int depth, RouteDefinition* out) {
  static constexpr std::array<std::string_view, 9> kKeys = {
      "match",      "match_not",      "receiver",        "continue", "group_by",
      "group_wait", "group_interval", "repeat_interval", "routes"};
  if (Status s = CheckKeys(source, node, "route", kKeys); !s.ok()) return s;
  if (depth > 16) return Error(source, node.Mark(), "routes nested deeper than 16 levels");
  out->where = Where(source, node.Mark());
  if (node["match"]) {
    if (Status s = ReadMatchers(source, node["match"], false, &out->matchers); !s.ok()) return s;
  }
  if (node["match_not"]) {
    if (Status s = ReadMatchers(source, node["match_not"], true, &out->matchers); !s.ok()) return s;
  }
  if (node["receiver"]) {
    std::string receiver;
    if (Status s = ReadScalar(source, node["receiver"], "receiver", &receiver); !s.ok()) return s;
    out->receiver = receiver;
  }
  if (node["continue"]) {
    if (Status s = ReadBool(source, node["continue"], "continue", &out->continue_matching);
        !s.ok()) {
      return s;
    }
  }
  if (node["group_by"]) {
    std::vector<std::string> labels;
    if (Status s = ReadStringList(source, node["group_by"], "group_by", &labels); !s.ok()) return s;
    out->group_by = labels;
  }
  for (auto [key, field] : {std::pair{"group_wait", &out->group_wait_ms},
                            std::pair{"group_interval", &out->group_interval_ms},
                            std::pair{"repeat_interval", &out->repeat_interval_ms}}) {
    if (node[key]) {
      if (Status s = ReadDuration(source, node[key], key, field); !s.ok()) return s;
    }
  }
  if (const YAML::Node routes = node["routes"]) {
    if (!routes.IsSequence()) return Error(source, routes.Mark(), "routes: expected a list");
    for (const YAML::Node& child : routes) {
      RouteDefinition route;
      if (Status s = ReadRoute(source, child, depth + 1, &route); !s.ok()) return s;
      out->routes.push_back(std::move(route));
    }
  }
  return Status::Ok();
}

Status ReadReceivers(std::string_view source, const YAML::Node& node, std::vector<Receiver>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "receivers: expected a list");
  static constexpr std::array<std::string_view, 5> kKeys = {"name", "unit", "department", "leaders",
                                                            "channels"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "receiver", kKeys); !s.ok()) return s;
    Receiver receiver;
    if (Status s = ReadScalar(source, entry["name"], "name", &receiver.name); !s.ok()) return s;
    if (entry["unit"]) (void)ReadScalar(source, entry["unit"], "unit", &receiver.unit);
    if (entry["department"]) {
      (void)ReadScalar(source, entry["department"], "department", &receiver.department);
    }
    if (entry["leaders"]) {
      if (Status s = ReadBool(source, entry["leaders"], "leaders", &receiver.leaders); !s.ok()) {
        return s;
      }
    }
    if (entry["channels"]) {
      if (Status s = ReadEndpoints(source, entry["channels"], &receiver.endpoints); !s.ok()) {
        return s;
      }
    }
    out->push_back(std::move(receiver));
  }
  return Status::Ok();
}

Status ReadSilences(std::string_view source, const YAML::Node& node, std::vector<Silence>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "silences: expected a list");
  static constexpr std::array<std::string_view, 6> kKeys = {"id",      "match",      "starts_at",
                                                            "ends_at", "created_by", "comment"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "silence", kKeys); !s.ok()) return s;
    Silence silence;
    if (entry["id"]) (void)ReadScalar(source, entry["id"], "id", &silence.id);
    if (!entry["match"] || !entry["created_by"] || !entry["comment"] || !entry["ends_at"]) {
      return Error(source, entry.Mark(),
                   "silence: needs match, ends_at, created_by and comment (who silenced what, "
                   "until when, and why)");
    }
    if (Status s = ReadMatchers(source, entry["match"], false, &silence.matchers); !s.ok())
      return s;
    if (entry["starts_at"]) {
      if (Status s = ReadTime(source, entry["starts_at"], "starts_at", &silence.starts_ms);
          !s.ok()) {
        return s;
      }
    }
    if (Status s = ReadTime(source, entry["ends_at"], "ends_at", &silence.ends_ms); !s.ok())
      return s;
    (void)ReadScalar(source, entry["created_by"], "created_by", &silence.created_by);
    (void)ReadScalar(source, entry["comment"], "comment", &silence.comment);
    if (silence.id.empty()) silence.id = "silence-" + std::to_string(out->size() + 1);
    out->push_back(std::move(silence));
  }
  return Status::Ok();
}

Status ReadInhibit(std::string_view source, const YAML::Node& node, std::vector<InhibitRule>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "inhibit: expected a list");
  static constexpr std::array<std::string_view, 3> kKeys = {"source", "target", "equal"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "inhibit rule", kKeys); !s.ok()) return s;
    InhibitRule rule;
    if (!entry["source"] || !entry["target"]) {
      return Error(source, entry.Mark(), "inhibit rule: needs source and target matchers");
    }
    if (Status s = ReadMatchers(source, entry["source"], false, &rule.source); !s.ok()) return s;
    if (Status s = ReadMatchers(source, entry["target"], false, &rule.target); !s.ok()) return s;
    if (entry["equal"]) {
      if (Status s = ReadStringList(source, entry["equal"], "equal", &rule.equal); !s.ok())
        return s;
    }
    out->push_back(std::move(rule));
  }
  return Status::Ok();
}

Status ReadPlans(std::string_view source, const YAML::Node& node, std::vector<EmergencyPlan>* out) {
  if (!node.IsSequence()) return Error(source, node.Mark(), "plans: expected a list");
  static constexpr std::array<std::string_view, 7> kKeys = {
      "id", "name", "topics", "steps", "spokesperson", "holding_statement", "contacts"};
  for (const YAML::Node& entry : node) {
    if (Status s = CheckKeys(source, entry, "plan", kKeys); !s.ok()) return s;
    EmergencyPlan plan;
    if (Status s = ReadScalar(source, entry["id"], "id", &plan.id); !s.ok()) return s;
    if (entry["name"]) (void)ReadScalar(source, entry["name"], "name", &plan.name);
    for (auto [key, list] : {std::pair{"topics", &plan.topics}, std::pair{"steps", &plan.steps},
                             std::pair{"contacts", &plan.contacts}}) {
      if (entry[key]) {
        if (Status s = ReadStringList(source, entry[key], key, list); !s.ok()) return s;
      }
    }
    if (entry["spokesperson"]) {
      (void)ReadScalar(source, entry["spokesperson"], "spokesperson", &plan.spokesperson);
    }
    if (entry["holding_statement"]) {
      (void)ReadScalar(source, entry["holding_statement"], "holding_statement",
                       &plan.holding_statement);
    }
    out->push_back(std::move(plan));
  }
  return Status::Ok();
}

Status ReadChannelSettings(std::string_view source, const YAML::Node& node,
                           ChannelSettingsDefinition* out) {
  static constexpr std::array<std::string_view, 2> kKeys = {"smtp", "sms_gateway"};
  if (Status s = CheckKeys(source, node, "channels", kKeys); !s.ok()) return s;
  if (const YAML::Node smtp = node["smtp"]) {
    static constexpr std::array<std::string_view, 5> kSmtp = {"url", "from", "username", "password",
                                                              "tls"};
    if (Status s = CheckKeys(source, smtp, "smtp", kSmtp); !s.ok()) return s;
    if (Status s = ReadScalar(source, smtp["url"], "url", &out->smtp_url); !s.ok()) return s;
    if (Status s = ReadScalar(source, smtp["from"], "from", &out->smtp_from); !s.ok()) return s;
    if (smtp["username"])
      (void)ReadScalar(source, smtp["username"], "username", &out->smtp_username);
    if (smtp["password"])
      (void)ReadScalar(source, smtp["password"], "password", &out->smtp_password);
    if (smtp["tls"]) {
      if (Status s = ReadBool(source, smtp["tls"], "tls", &out->smtp_tls); !s.ok()) return s;
    }
  }
  if (const YAML::Node sms = node["sms_gateway"]) {
    static constexpr std::array<std::string_view, 2> kSms = {"url", "secret"};
    if (Status s = CheckKeys(source, sms, "sms_gateway", kSms); !s.ok()) return s;
    if (Status s = ReadScalar(source, sms["url"], "url", &out->sms_gateway_url); !s.ok()) return s;
    if (sms["secret"]) (void)ReadScalar(source, sms["secret"], "secret", &out->sms_gateway_secret);
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> ParseDuration(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || value < 0) {
    return Status::InvalidInput("expected a duration such as 30s, 5m, 4h or 2d, found '" +
                                std::string(text) + "'");
  }
  const std::string_view unit(ptr, static_cast<size_t>(end - ptr));
  int64_t scale = 0;
  if (unit == "ms") scale = 1;
  if (unit == "s") scale = 1000;
  if (unit == "m") scale = 60'000;
  if (unit == "h") scale = 3'600'000;
  if (unit == "d") scale = 86'400'000;
  if (scale == 0) {
    return Status::InvalidInput("expected a duration such as 30s, 5m, 4h or 2d, found '" +
                                std::string(text) + "'");
  }
  return value * scale;
}

Status ReadRespondSection(std::string_view source, std::string_view key, const YAML::Node& node,
                          Config* config) {
  RespondDefinition& respond = config->respond;
  if (key == "organisation") {
    config->has_organisation = true;
    return ReadUnits(source, node, &respond.organisation);
  }
  if (key == "routing") return ReadRoute(source, node, 0, &respond.routing);
  if (key == "receivers") return ReadReceivers(source, node, &respond.receivers);
  if (key == "silences") return ReadSilences(source, node, &respond.silences);
  if (key == "inhibit") {
    respond.inhibit_rules.emplace();
    return ReadInhibit(source, node, &*respond.inhibit_rules);
  }
  if (key == "plans") return ReadPlans(source, node, &respond.plans);
  if (key == "channels") return ReadChannelSettings(source, node, &config->channels);
  return Error(source, node.Mark(), "not a response section: " + std::string(key));
}

}  // namespace yuqing::config_internal
