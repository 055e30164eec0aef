#include "config/scheme_section.h"

#include <array>
#include <unordered_set>

#include "config/yaml_support.h"

namespace yuqing::config_internal {
namespace {

// Chinese names of the groups, as agencies write them, are accepted beside the English keys.
struct GroupKey {
  std::string_view key;
  std::string_view chinese;
};
constexpr std::array<GroupKey, 7> kSchemeKeys = {{{"id", "编号"},
                                                  {"name", "名称"},
                                                  {"regions", "地域词"},
                                                  {"subjects", "主体词"},
                                                  {"events", "事件词"},
                                                  {"exclude", "排除词"},
                                                  {"match", "表达式"}}};
constexpr std::array<std::string_view, 14> kSchemeKeyNames = {
    "id",   "name", "regions", "subjects", "events", "exclude", "match",
    "编号", "名称", "地域词",  "主体词",   "事件词", "排除词",  "表达式"};
constexpr std::array<std::string_view, 2> kNlpKeys = {"user_dictionaries", "keywords"};

std::string_view CanonicalKey(std::string_view key) {
  for (const auto& k : kSchemeKeys) {
    if (key == k.key || key == k.chinese) return k.key;
  }
  return {};
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Reads a group (a string or a list, nested lists flattened) and checks every expression.
Status ReadExpressions(std::string_view source, const YAML::Node& node, const std::string& what,
                       int depth, std::vector<std::string>* out) {
  if (node.IsNull()) return Status::Ok();
  if (node.IsSequence() && depth < 8) {
    for (const auto& element : node) {
      Status s = ReadExpressions(source, element, what, depth + 1, out);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!node.IsScalar()) {
    return Error(source, node.Mark(), what + ": expected a word or expression, or a list of them");
  }
  const std::string& expression = node.Scalar();
  const std::string label = what + "[" + std::to_string(out->size()) + "]";
  Status s = CheckExpression(expression);
  if (!s.ok()) return Error(source, node.Mark(), label + ": " + std::string(s.message()));
  out->push_back(expression);
  return Status::Ok();
}

Status ReadScheme(std::string_view source, const YAML::Node& node, SchemeDefinition* scheme) {
  if (!node.IsMap()) {
    return Error(source, node.Mark(), "schemes: each scheme is a mapping (id: …, subjects: …)");
  }
  scheme->origin = Where(source, node.Mark());
  if (const auto colon = scheme->origin.rfind(':'); colon != std::string::npos) {
    scheme->origin.resize(colon);  // file:line is enough to find a scheme
  }
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      return Error(source, entry.first.Mark(), "scheme keys must be plain words");
    }
    if (CanonicalKey(entry.first.Scalar()) == "id") {
      Status s = ReadScalar(source, entry.second, "id", &scheme->id);
      if (!s.ok()) return s;
      if (!ValidId(scheme->id)) {
        return Error(source, entry.second.Mark(),
                     "id: '" + scheme->id +
                         "' is not a scheme id (lower-case letters, digits and _, at most 64)");
      }
    }
  }
  if (scheme->id.empty()) return Error(source, node.Mark(), "scheme without an id");
  const std::string prefix = "scheme " + scheme->id + ", ";
  for (const auto& entry : node) {
    const std::string raw_key = entry.first.Scalar();
    const std::string_view key = CanonicalKey(raw_key);
    const YAML::Node& value = entry.second;
    Status s;
    if (key == "id") {
      continue;
    } else if (key == "name") {
      s = ReadScalar(source, value, prefix + "name", &scheme->name);
    } else if (key == "regions") {
      s = ReadExpressions(source, value, prefix + "regions", 0, &scheme->regions);
    } else if (key == "subjects") {
      s = ReadExpressions(source, value, prefix + "subjects", 0, &scheme->subjects);
    } else if (key == "events") {
      s = ReadExpressions(source, value, prefix + "events", 0, &scheme->events);
    } else if (key == "exclude") {
      s = ReadExpressions(source, value, prefix + "exclude", 0, &scheme->exclude);
    } else if (key == "match") {
      s = ReadScalar(source, value, prefix + "match", &scheme->match);
      if (s.ok()) {
        Status check = CheckExpression(scheme->match);
        if (!check.ok()) {
          s = Error(source, value.Mark(), prefix + "match: " + std::string(check.message()));
        }
      }
    } else {
      s = Error(source, entry.first.Mark(),
                prefix + "unknown key '" + raw_key + "'" + DidYouMean(raw_key, kSchemeKeyNames) +
                    "; known keys: " + JoinNames(kSchemeKeyNames));
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ReadSchemes(std::string_view source, const YAML::Node& node,
                   std::vector<SchemeDefinition>* out) {
  if (node.IsNull()) return Status::Ok();
  if (!node.IsSequence()) {
    return Error(source, node.Mark(), "schemes: expected a list of schemes (- id: …)");
  }
  std::unordered_set<std::string> ids;
  for (const auto& element : node) {
    SchemeDefinition scheme;
    Status s = ReadScheme(source, element, &scheme);
    if (!s.ok()) return s;
    if (!ids.insert(scheme.id).second) {
      return Error(source, element.Mark(), "scheme " + scheme.id + " is defined twice");
    }
    out->push_back(std::move(scheme));
  }
  return Status::Ok();
}

Status ReadGlobalExclusions(std::string_view source, const YAML::Node& node,
                            std::vector<std::string>* out) {
  return ReadExpressions(source, node, "global_exclusions", 0, out);
}

Status ReadNlp(std::string_view source, const YAML::Node& node, const std::string& base_dir,
               NlpConfig* out) {
  if (node.IsNull()) return Status::Ok();
  if (!node.IsMap()) return Error(source, node.Mark(), "nlp: expected a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    Status s;
    if (key == "user_dictionaries") {
      std::vector<std::string> paths;
      s = ReadStringList(source, entry.second, "nlp.user_dictionaries", &paths);
      for (auto& path : paths) {
        if (!path.empty() && path.front() != '/' && !base_dir.empty()) path = base_dir + "/" + path;
        out->user_dictionaries.push_back(std::move(path));
      }
    } else if (key == "keywords") {
      std::string value;
      s = ReadScalar(source, entry.second, "nlp.keywords", &value);
      if (s.ok()) {
        int k = -1;
        if (!value.empty() && value.size() <= 3 &&
            value.find_first_not_of("0123456789") == std::string::npos) {
          k = std::stoi(value);
        }
        if (k < 0 || k > 100) {
          s = Error(source, entry.second.Mark(),
                    "nlp.keywords: expected a whole number from 0 to 100, found '" + value + "'");
        } else {
          out->keywords = k;
        }
      }
    } else {
      s = Error(source, entry.first.Mark(),
                "nlp: unknown key '" + key + "'" + DidYouMean(key, kNlpKeys) +
                    "; known keys: " + JoinNames(kNlpKeys));
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

void MergeSchemes(const SchemeSetDefinition& file, SchemeSetDefinition* builtin) {
  for (const auto& scheme : file.schemes) {
    bool replaced = false;
    for (auto& existing : builtin->schemes) {
      if (existing.id == scheme.id) {
        existing = scheme;
        replaced = true;
        break;
      }
    }
    if (!replaced) builtin->schemes.push_back(scheme);
  }
  builtin->global_exclusions.insert(builtin->global_exclusions.end(),
                                    file.global_exclusions.begin(), file.global_exclusions.end());
}

}  // namespace yuqing::config_internal
