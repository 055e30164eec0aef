#include "config/config.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/respond_section.h"
#include "config/scheme_section.h"
#include "config/source_section.h"
#include "config/yaml_support.h"
#include "core/resources.h"

namespace yuqing {
namespace {

using config_internal::DidYouMean;
using config_internal::Error;
using config_internal::JoinNames;
using config_internal::MergeSchemes;
using config_internal::ReadGlobalExclusions;
using config_internal::ReadNlp;
using config_internal::ReadScalar;
using config_internal::ReadSchemes;

Result<Config> ParseConfigText(std::string_view yaml, std::string_view source_name,
                               bool merge_builtin);

constexpr size_t kMaxConfigBytes = size_t{16} << 20;
// yaml-cpp parses nested collections recursively; a hostile or broken file with thousands of
// '[' would exhaust the stack, so nesting is bounded before yaml-cpp sees the text.
constexpr int kMaxNesting = 64;

constexpr std::array<std::string_view, 15> kKnownKeys = {
    "data_dir",          "log_level",  "nlp",          "builtin_schemes", "schemes",
    "global_exclusions", "vocabulary", "organisation", "routing",         "receivers",
    "silences",          "inhibit",    "plans",        "channels",        "sources"};
constexpr std::array<std::string_view, 7> kRespondSections = {
    "organisation", "routing", "receivers", "silences", "inhibit", "plans", "channels"};
constexpr std::array<std::string_view, 6> kLogLevels = {"trace", "debug", "info",
                                                        "warn",  "error", "off"};

constexpr std::string_view kBuiltIn = R"(# yuqing built-in configuration (social-insurance domain)
data_dir: yuqing-data
log_level: info
)";

// Deepest flow-collection or indentation nesting, outside quoted scalars and comments.
int NestingDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  char quote = 0;
  bool comment = false;
  size_t indent = 0;
  bool line_start = true;
  int max_indent_levels = 0;
  for (char c : text) {
    if (c == '\n') {
      comment = false;
      line_start = true;
      indent = 0;
      if (quote == '\'' || quote == '"') continue;  // multi-line quoted scalar
      continue;
    }
    if (line_start) {
      if (c == ' ') {
        ++indent;
        continue;
      }
      line_start = false;
      max_indent_levels = std::max(max_indent_levels, static_cast<int>(indent / 2));
    }
    if (comment) continue;
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#')
      comment = true;
    else if (c == '"' || c == '\'')
      quote = c;
    else if (c == '[' || c == '{')
      max_depth = std::max(max_depth, ++depth);
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return std::max(max_depth, max_indent_levels);
}

// The built-in taxonomy, read once per process (it is a file of the install, like the models).
const Result<SchemeSetDefinition>& BuiltInSchemes() {
  static const Result<SchemeSetDefinition> schemes = []() -> Result<SchemeSetDefinition> {
    const std::string path = BuiltInSchemesPath();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::IoError(path + ": cannot open the built-in schemes (is YUQING_HOME right?)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = ParseConfigText(text.str(), path, /*merge_builtin=*/false);
    if (!parsed.ok()) return parsed.status();
    return std::move(parsed->schemes);
  }();
  return schemes;
}

const Result<std::vector<EmergencyPlan>>& BuiltInPlans() {
  static const Result<std::vector<EmergencyPlan>> plans =
      []() -> Result<std::vector<EmergencyPlan>> {
    const std::string path = ResourcePath("resources/respond/plans.yaml");
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError(path + ": cannot open the built-in emergency plans");
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = ParseConfigText(text.str(), path, /*merge_builtin=*/false);
    if (!parsed.ok()) return parsed.status();
    return std::move(parsed->respond.plans);
  }();
  return plans;
}

}  // namespace

Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name) {
  return ParseConfigText(yaml, source_name, /*merge_builtin=*/true);
}

namespace {

Result<Config> ParseConfigText(std::string_view yaml, std::string_view source_name,
                               bool merge_builtin) {
  const std::string source(source_name);
  if (yaml.size() > kMaxConfigBytes) {
    return Status::InvalidInput(source + ": larger than 16 MiB; not a configuration file?");
  }
  if (NestingDepth(yaml) > kMaxNesting) {
    return Status::InvalidInput(source + ": nested deeper than " + std::to_string(kMaxNesting) +
                                " levels");
  }
  Config config;
  config.source = source;
  config.respond.source = source;
  const size_t slash = source.rfind('/');
  const std::string base_dir = slash == std::string::npos ? "" : source.substr(0, slash);
  SchemeSetDefinition file_schemes;
  bool has_plans = false;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error(source, e.mark, "not valid YAML: " + e.msg);
  }
  try {
    if (!root.IsNull() && !root.IsMap()) {
      return Error(source, root.Mark(), "expected a mapping of settings (key: value) at the top");
    }
    for (const auto& entry : root) {  // an empty file (null root) means all defaults
      const YAML::Node& key_node = entry.first;
      if (!key_node.IsScalar()) return Error(source, key_node.Mark(), "keys must be plain words");
      const std::string key = key_node.Scalar();
      const YAML::Node& value = entry.second;
      Status s;
      if (key == "nlp") {
        s = ReadNlp(source, value, base_dir, &config.nlp);
      } else if (key == "builtin_schemes") {
        std::string flag;
        s = ReadScalar(source, value, key, &flag);
        if (s.ok() && flag != "true" && flag != "false") {
          s = Error(source, value.Mark(),
                    "builtin_schemes: expected true or false, found '" + flag + "'");
        }
        config.builtin_schemes = flag == "true";
      } else if (key == "schemes") {
        s = ReadSchemes(source, value, &file_schemes.schemes);
      } else if (key == "global_exclusions") {
        s = ReadGlobalExclusions(source, value, &file_schemes.global_exclusions);
      } else if (key == "vocabulary") {
        // A place for YAML anchors (&name) of shared word lists; read where they are used.
      } else if (key == "data_dir") {
        s = ReadScalar(source, value, key, &config.data_dir);
        if (s.ok() && config.data_dir.empty()) {
          s = Error(source, value.Mark(), "data_dir: must not be empty");
        }
      } else if (key == "log_level") {
        s = ReadScalar(source, value, key, &config.log_level);
        if (s.ok() &&
            std::find(kLogLevels.begin(), kLogLevels.end(), config.log_level) == kLogLevels.end()) {
          s = Error(source, value.Mark(),
                    "log_level: unknown level '" + config.log_level +
                        "' (expected one of: " + JoinNames(kLogLevels) + ")");
        }
      } else if (std::find(kRespondSections.begin(), kRespondSections.end(), key) !=
                 kRespondSections.end()) {
        has_plans = has_plans || key == "plans";
        s = config_internal::ReadRespondSection(source, key, value, &config);
      } else if (key == "sources") {
        s = config_internal::ReadSources(source, value, base_dir, &config.sources);
      } else {
        s = Error(source, key_node.Mark(),
                  "unknown key '" + key + "'" + DidYouMean(key, kKnownKeys) +
                      "; known keys: " + JoinNames(kKnownKeys));
      }
      if (!s.ok()) return s;
    }
  } catch (const YAML::Exception& e) {
    return Error(source, e.mark, e.msg);
  }
  if (merge_builtin && !has_plans) {
    const auto& plans = BuiltInPlans();
    if (!plans.ok()) return plans.status();
    config.respond.plans = *plans;
  }
  if (merge_builtin && config.builtin_schemes) {
    const auto& builtin = BuiltInSchemes();
    if (!builtin.ok()) return builtin.status();
    config.schemes = *builtin;
    MergeSchemes(file_schemes, &config.schemes);
  } else {
    config.schemes = std::move(file_schemes);
  }
  return config;
}

}  // namespace

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return ParseConfig(text.str(), path);
}

std::string BuiltInSchemesPath() { return ResourcePath("resources/schemes/shebao.yaml"); }

std::string_view BuiltInConfigYaml() { return kBuiltIn; }

Result<Config> BuiltInConfig() { return ParseConfig(kBuiltIn, "<built-in>"); }

}  // namespace yuqing
