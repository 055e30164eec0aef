// Reader for the `sources` section (internal to src/config): the feeds, site lists and watched
// folders the collectors poll (docs/collect.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "collect/source_spec.h"
#include "core/status.h"

namespace yuqing::config_internal {

// `base_dir`: the configuration file's folder, which relative folder paths are taken from.
Status ReadSources(std::string_view source, const YAML::Node& node, const std::string& base_dir,
                   std::vector<SourceSpec>* out);

}  // namespace yuqing::config_internal
