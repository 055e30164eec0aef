// Readers for the response sections (internal to src/config): `organisation`, `routing`,
// `receivers`, `silences`, `inhibit`, `plans` and `channels` (issue 8).
#pragma once

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace yuqing::config_internal {

// One of the sections above into `config`; `key` says which.
Status ReadRespondSection(std::string_view source, std::string_view key, const YAML::Node& node,
                          Config* config);

// "30s", "5m", "4h", "2d", "500ms" -> milliseconds.
Result<int64_t> ParseDuration(std::string_view text);

}  // namespace yuqing::config_internal
