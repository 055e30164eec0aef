// Helpers shared by the configuration's section readers (internal to src/config): messages
// that name file:line:column, and did-you-mean hints for misspelt keys.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/status.h"

namespace yuqing::config_internal {

// "file:line:column" (1-based), or just the file when the node has no position.
std::string Where(std::string_view source, const YAML::Mark& mark);
Status Error(std::string_view source, const YAML::Mark& mark, const std::string& message);

// "a, b, c".
std::string JoinNames(std::span<const std::string_view> names);
// " (did you mean 'x'?)" when one known name is within two edits of `key`, else "".
std::string DidYouMean(std::string_view key, std::span<const std::string_view> known);

Status ReadScalar(std::string_view source, const YAML::Node& node, std::string_view key,
                  std::string* out);
// A single string or a list of strings; nested lists (as YAML aliases of shared word lists
// produce them) are flattened in order. Each string is one entry.
Status ReadStringList(std::string_view source, const YAML::Node& node, std::string_view key,
                      std::vector<std::string>* out);

}  // namespace yuqing::config_internal
