#include "config/config.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace yuqing {
namespace {

constexpr size_t kMaxConfigBytes = size_t{16} << 20;
// yaml-cpp parses nested collections recursively; a hostile or broken file with thousands of
// '[' would exhaust the stack, so nesting is bounded before yaml-cpp sees the text.
constexpr int kMaxNesting = 64;

constexpr std::array<std::string_view, 2> kKnownKeys = {"data_dir", "log_level"};
constexpr std::array<std::string_view, 6> kLaterSections = {"schemes", "sources",  "organisation",
                                                            "routing", "channels", "plans"};
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

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string Where(std::string_view source, const YAML::Mark& mark) {
  std::ostringstream out;
  out << source;
  if (!mark.is_null()) out << ':' << mark.line + 1 << ':' << mark.column + 1;
  return out.str();
}

Status Error(std::string_view source, const YAML::Mark& mark, const std::string& message) {
  return Status::InvalidInput(Where(source, mark) + ": " + message);
}

template <size_t N>
std::string Join(const std::array<std::string_view, N>& names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Status ReadScalar(std::string_view source, const YAML::Node& node, std::string_view key,
                  std::string* out) {
  if (!node.IsScalar()) {
    return Error(source, node.Mark(), std::string(key) + ": expected a single value");
  }
  *out = node.Scalar();
  return Status::Ok();
}

}  // namespace

Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name) {
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error(source, e.mark, "not valid YAML: " + e.msg);
  }
  try {
    if (root.IsNull()) return config;  // an empty file means all defaults
    if (!root.IsMap()) {
      return Error(source, root.Mark(), "expected a mapping of settings (key: value) at the top");
    }
    for (const auto& entry : root) {
      const YAML::Node& key_node = entry.first;
      if (!key_node.IsScalar()) return Error(source, key_node.Mark(), "keys must be plain words");
      const std::string key = key_node.Scalar();
      const YAML::Node& value = entry.second;
      Status s;
      if (key == "data_dir") {
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
                        "' (expected one of: " + Join(kLogLevels) + ")");
        }
      } else if (std::find(kLaterSections.begin(), kLaterSections.end(), key) !=
                 kLaterSections.end()) {
        s = Error(source, key_node.Mark(),
                  "'" + key + "' is not supported by this version of yuqing yet");
      } else {
        std::string hint;
        for (auto known : kKnownKeys) {
          if (EditDistance(key, known) <= 2) hint = " (did you mean '" + std::string(known) + "'?)";
        }
        s = Error(source, key_node.Mark(),
                  "unknown key '" + key + "'" + hint + "; known keys: " + Join(kKnownKeys));
      }
      if (!s.ok()) return s;
    }
  } catch (const YAML::Exception& e) {
    return Error(source, e.mark, e.msg);
  }
  return config;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return ParseConfig(text.str(), path);
}

std::string_view BuiltInConfigYaml() { return kBuiltIn; }

Result<Config> BuiltInConfig() { return ParseConfig(kBuiltIn, "<built-in>"); }

}  // namespace yuqing
