#include "config/yaml_support.h"

#include "core/edit_distance.h"

#include <algorithm>
#include <sstream>

namespace yuqing::config_internal {
namespace {

Status AppendStrings(std::string_view source, const YAML::Node& node, std::string_view key,
                     int depth, std::vector<std::string>* out) {
  if (node.IsScalar()) {
    out->push_back(node.Scalar());
    return Status::Ok();
  }
  if (node.IsSequence() && depth < 8) {
    for (const auto& element : node) {
      Status s = AppendStrings(source, element, key, depth + 1, out);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  if (node.IsNull()) return Status::Ok();
  return Error(source, node.Mark(),
               std::string(key) + ": expected a word or expression, or a list of them");
}

}  // namespace

std::string Where(std::string_view source, const YAML::Mark& mark) {
  std::ostringstream out;
  out << source;
  if (!mark.is_null()) out << ':' << mark.line + 1 << ':' << mark.column + 1;
  return out.str();
}

Status Error(std::string_view source, const YAML::Mark& mark, const std::string& message) {
  return Status::InvalidInput(Where(source, mark) + ": " + message);
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string DidYouMean(std::string_view key, std::span<const std::string_view> known) {
  for (auto name : known) {
    if (EditDistance(key, name) <= 2) return " (did you mean '" + std::string(name) + "'?)";
  }
  return "";
}

Status ReadScalar(std::string_view source, const YAML::Node& node, std::string_view key,
                  std::string* out) {
  if (!node.IsScalar()) {
    return Error(source, node.Mark(), std::string(key) + ": expected a single value");
  }
  *out = node.Scalar();
  return Status::Ok();
}

Status ReadStringList(std::string_view source, const YAML::Node& node, std::string_view key,
                      std::vector<std::string>* out) {
  return AppendStrings(source, node, key, 0, out);
}

}  // namespace yuqing::config_internal
