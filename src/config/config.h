// The configuration: one YAML file, validated at load, with errors that name the line and key
// (product.md §4.3). With no file, the built-in default applies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collect/source_spec.h"
#include "core/status.h"
#include "match/scheme.h"
#include "respond/dispatcher.h"

namespace yuqing {

// Segmentation and keywords (src/nlp).
struct NlpConfig {
  // Extra dictionaries in cppjieba's user-dictionary format ("word [freq] [tag]" per line),
  // after the built-in social-insurance one; relative paths are taken from the config file's
  // folder. This is how a deployment adds its own words without rebuilding.
  std::vector<std::string> user_dictionaries;
  int keywords = 5;  // keywords per item (TF-IDF top k)
};

// Settings of the channels that are not per person (issue 8): the SMTP relay and the SMS gateway.
struct ChannelSettingsDefinition {
  std::string smtp_url;  // "smtp://127.0.0.1:2525"; empty: e-mail endpoints cannot deliver
  std::string smtp_from, smtp_username, smtp_password;
  bool smtp_tls = false;
  std::string sms_gateway_url, sms_gateway_secret;
};

struct Config {
  std::string source = "<built-in>";     // the file it came from, for messages
  std::string data_dir = "yuqing-data";  // store, dead letters; relative to the working folder
  std::string log_level = "info";        // trace | debug | info | warn | error | off
  NlpConfig nlp;
  // The monitoring schemes in force: the built-in social-insurance taxonomy
  // (resources/schemes/shebao.yaml) unless `builtin_schemes: false`, then the file's
  // `schemes` (one with a built-in id replaces that scheme in place) and `global_exclusions`.
  bool builtin_schemes = true;
  SchemeSetDefinition schemes;
  // Responding: organisation tree, routing tree, receivers, silences, inhibition, plans. Without
  // `organisation` the built-in tree applies (national, provinces, cities and counties from the
  // division codes, standard departments, nobody to notify yet).
  RespondDefinition respond;
  bool has_organisation = false;
  ChannelSettingsDefinition channels;
  // What the collectors poll (docs/collect.md): feeds, site lists, watched folders; relative
  // folder paths are taken from the config file's folder.
  std::vector<SourceSpec> sources;
};

// Parses YAML text; `source_name` prefixes every message ("yuqing.yaml:3:1: ...").
Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name);
Result<Config> LoadConfigFile(const std::string& path);

// The built-in taxonomy's file, resources/schemes/shebao.yaml (core/resources.h).
std::string BuiltInSchemesPath();

// The default for the social-insurance domain, used when no file is given.
std::string_view BuiltInConfigYaml();
Result<Config> BuiltInConfig();

}  // namespace yuqing
