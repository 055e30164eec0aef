#include "config/source_section.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_set>

#include "config/respond_section.h"
#include "config/yaml_support.h"

namespace yuqing::config_internal {
namespace {

constexpr std::array<std::string_view, 8> kKeys = {
    "id", "kind", "name", "url", "path", "interval", "min_host_interval", "max_articles"};

// Source ids name state files (<state_dir>/<id>.seen) and prefix item ids, so they stay plain.
bool IsPlainId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.front() != '-' &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

Status ReadDurationMs(std::string_view source, const YAML::Node& node, std::string_view key,
                      int64_t least_ms, int64_t* out) {
  std::string text;
  if (Status s = ReadScalar(source, node, key, &text); !s.ok()) return s;
  auto ms = ParseDuration(text);
  if (!ms.ok()) return Error(source, node.Mark(), std::string(key) + ": " + ms.status().message());
  if (*ms < least_ms) {
    return Error(source, node.Mark(),
                 std::string(key) + ": at least " + std::to_string(least_ms / 1000) + "s, found '" +
                     text + "'");
  }
  *out = *ms;
  return Status::Ok();
}

Status ReadOne(std::string_view source, const YAML::Node& node, const std::string& base_dir,
               SourceSpec* spec) {
  if (!node.IsMap()) return Error(source, node.Mark(), "source: expected a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      return Error(source, entry.first.Mark(),
                   "source: unknown key '" + key + "'" + DidYouMean(key, kKeys) +
                       "; known keys: " + JoinNames(kKeys));
    }
  }
  if (!node["id"]) return Error(source, node.Mark(), "source: 'id' is required");
  if (Status s = ReadScalar(source, node["id"], "id", &spec->id); !s.ok()) return s;
  if (!IsPlainId(spec->id)) {
    return Error(
        source, node["id"].Mark(),
        "id: use lower-case letters, digits, '-' and '_' (at most 64), found '" + spec->id + "'");
  }
  if (!node["kind"])
    return Error(source, node.Mark(), "source '" + spec->id + "': 'kind' is required");
  std::string kind;
  if (Status s = ReadScalar(source, node["kind"], "kind", &kind); !s.ok()) return s;
  const auto parsed = ParseSourceKind(kind);
  if (!parsed) {
    return Error(source, node["kind"].Mark(),
                 "kind: unknown source kind '" + kind + "' (expected rss, atom, html or folder)");
  }
  spec->kind = *parsed;
  if (node["name"]) {
    if (Status s = ReadScalar(source, node["name"], "name", &spec->name); !s.ok()) return s;
  }
  if (spec->name.empty()) spec->name = spec->id;
  if (spec->kind == SourceKind::kFolder) {
    if (!node["path"]) {
      return Error(source, node.Mark(), "source '" + spec->id + "': a folder source needs 'path'");
    }
    if (node["url"]) {
      return Error(source, node["url"].Mark(), "url: a folder source has a path, not a url");
    }
    if (Status s = ReadScalar(source, node["path"], "path", &spec->path); !s.ok()) return s;
    if (spec->path.empty()) return Error(source, node["path"].Mark(), "path: must not be empty");
    if (spec->path.front() != '/' && !base_dir.empty()) spec->path = base_dir + "/" + spec->path;
    // A folder is only a directory listing; polling it often costs nothing.
    spec->interval_ms = 60'000;
  } else {
    if (!node["url"]) {
      return Error(source, node.Mark(), "source '" + spec->id + "': kind " + kind + " needs 'url'");
    }
    if (node["path"]) {
      return Error(source, node["path"].Mark(), "path: only folder sources have a path");
    }
    if (Status s = ReadScalar(source, node["url"], "url", &spec->url); !s.ok()) return s;
    if (!spec->url.starts_with("http://") && !spec->url.starts_with("https://")) {
      return Error(source, node["url"].Mark(),
                   "url: expected an http:// or https:// URL, found '" + spec->url + "'");
    }
  }
  if (node["interval"]) {
    // Under 10 s would be rude to any site; the rate limit would stretch it anyway.
    if (Status s = ReadDurationMs(source, node["interval"], "interval", 10'000, &spec->interval_ms);
        !s.ok()) {
      return s;
    }
  }
  if (node["min_host_interval"]) {
    if (spec->kind == SourceKind::kFolder) {
      return Error(source, node["min_host_interval"].Mark(),
                   "min_host_interval: folder sources fetch nothing");
    }
    if (Status s = ReadDurationMs(source, node["min_host_interval"], "min_host_interval", 0,
                                  &spec->min_host_interval_ms);
        !s.ok()) {
      return s;
    }
  }
  if (node["max_articles"]) {
    std::string text;
    if (Status s = ReadScalar(source, node["max_articles"], "max_articles", &text); !s.ok()) {
      return s;
    }
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (spec->kind != SourceKind::kHtml || ec != std::errc() || ptr != text.data() + text.size() ||
        value < 1 || value > 500) {
      return Error(
          source, node["max_articles"].Mark(),
          "max_articles: a whole number from 1 to 500, for html sources, found '" + text + "'");
    }
    spec->max_articles_per_poll = value;
  }
  return Status::Ok();
}

}  // namespace

Status ReadSources(std::string_view source, const YAML::Node& node, const std::string& base_dir,
                   std::vector<SourceSpec>* out) {
  if (node.IsNull()) return Status::Ok();
  if (!node.IsSequence()) return Error(source, node.Mark(), "sources: expected a list");
  std::unordered_set<std::string> ids;
  for (const YAML::Node& entry : node) {
    SourceSpec spec;
    if (Status s = ReadOne(source, entry, base_dir, &spec); !s.ok()) return s;
    if (!ids.insert(spec.id).second) {
      return Error(source, entry["id"].Mark(), "id: duplicate source id '" + spec.id + "'");
    }
    out->push_back(std::move(spec));
  }
  return Status::Ok();
}

}  // namespace yuqing::config_internal
