// Readers for the `schemes`, `global_exclusions` and `nlp` sections (internal to src/config).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace yuqing::config_internal {

// `schemes:` — a list of schemes. Every expression is parsed here so that a mistake is
// reported at its own line and column.
Status ReadSchemes(std::string_view source, const YAML::Node& node,
                   std::vector<SchemeDefinition>* out);
// `global_exclusions:` — expressions; an item matching one matches no scheme.
Status ReadGlobalExclusions(std::string_view source, const YAML::Node& node,
                            std::vector<std::string>* out);
// `nlp:` — user dictionaries (relative to `base_dir`) and the keyword count.
Status ReadNlp(std::string_view source, const YAML::Node& node, const std::string& base_dir,
               NlpConfig* out);

// The built-in schemes with `file`'s schemes merged in: a scheme whose id is built in
// replaces it in place, the others follow in file order; exclusions are concatenated.
void MergeSchemes(const SchemeSetDefinition& file, SchemeSetDefinition* builtin);

}  // namespace yuqing::config_internal
