// The configuration: one YAML file, validated at load, with errors that name the line and key
// (product.md §4.3). With no file, the built-in default applies.
//
// Sections arrive with the stages that use them (schemes, sources, organisation, routing,
// channels, plans); until then a file naming one is refused rather than silently ignored.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace yuqing {

struct Config {
  std::string source = "<built-in>";     // the file it came from, for messages
  std::string data_dir = "yuqing-data";  // store, dead letters; relative to the working folder
  std::string log_level = "info";        // trace | debug | info | warn | error | off
};

// Parses YAML text; `source_name` prefixes every message ("yuqing.yaml:3:1: ...").
Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name);
Result<Config> LoadConfigFile(const std::string& path);

// The default for the social-insurance domain, used when no file is given.
std::string_view BuiltInConfigYaml();
Result<Config> BuiltInConfig();

}  // namespace yuqing
