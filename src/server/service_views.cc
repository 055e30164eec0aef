// What the API shows beyond the stores' rows: names for codes and scheme ids, jurisdiction
// checks on incidents, the scheme list and its dry run, source health.
#include <algorithm>

#include "match/scheme_matcher.h"
#include "nlp/regions/gazetteer.h"
#include "normalize/normalizer.h"
#include "respond/workflow/incident_store.h"
#include "server/api_json.h"
#include "server/service.h"

namespace yuqing {
namespace {

using nlohmann::json;

std::string Group(const std::vector<std::string>& entries) {
  std::string out;
  for (const std::string& entry : entries) {
    if (!out.empty()) out += " OR ";
    out += entry;
  }
  return entries.size() > 1 ? "(" + out + ")" : out;
}

std::string ExpressionOf(const SchemeDefinition& scheme) {
  std::string out;
  for (const auto* group : {&scheme.regions, &scheme.subjects, &scheme.events}) {
    if (group->empty()) continue;
    if (!out.empty()) out += " ";
    out += Group(*group);
  }
  if (!scheme.match.empty()) out += out.empty() ? scheme.match : " (" + scheme.match + ")";
  if (!scheme.exclude.empty()) out += " NOT " + Group(scheme.exclude);
  return out;
}

std::string Str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string Service::SchemeName(const std::string& id) const {
  std::lock_guard lock(schemes_mutex_);
  auto it = scheme_names_.find(id);
  return it != scheme_names_.end() ? it->second : id;
}

std::string Service::RegionName(const std::string& code) const {
  if (code == "000000" || code.empty()) return "全国";
  uint32_t value = 0;
  for (char c : code) {
    if (c < '0' || c > '9') return code;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  const int32_t unit = gazetteer_ ? gazetteer_->UnitOfCode(value) : -1;
  return unit >= 0 ? std::string(gazetteer_->unit(static_cast<uint32_t>(unit)).name) : code;
}

std::string Service::RegionShortName(const std::string& code) const {
  std::string name = RegionName(code);
  // The China map names provinces without their suffix; ethnic names go too (广西, 宁夏).
  for (std::string_view suffix :
       {"壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"}) {
    if (name.size() > suffix.size() + 3 && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  return name;
}

bool Service::Sees(const UserRecord& user, const IncidentRecord& record) const {
  if (RegionLevel(user.region_code) == "national") return true;
  for (const std::string& code : IncidentRegionCodes(record)) {
    if (WithinJurisdiction(user.region_code, code)) return true;
  }
  return false;
}

std::vector<SchemeView> Service::Schemes() const {
  std::lock_guard lock(schemes_mutex_);
  std::vector<SchemeView> views;
  for (const SchemeDefinition& scheme : config_.schemes.schemes) {
    views.push_back({.id = scheme.id,
                     .name = scheme.name,
                     .expression = ExpressionOf(scheme),
                     .builtin = scheme.origin.find("shebao.yaml") != std::string::npos});
  }
  return views;
}

Result<json> Service::DryRun(const std::string& expression, const Jurisdiction& who, int samples) {
  SchemeSetDefinition definition;
  definition.schemes.push_back(
      {.id = "dry_run", .name = "dry run", .match = expression, .origin = "expression"});
  const TextNormalizer* normalizer = normalizer_.get();
  auto set = SchemeSet::Compile(
      definition, [normalizer](std::string_view term) { return normalizer->Normalize(term); });
  if (!set.ok()) {
    std::string message = set.status().message();
    if (message.starts_with("expression: ")) message = message.substr(12);
    return json{{"valid", false},
                {"error", message},
                {"hits", 0},
                {"scanned", 0},
                {"samples", json::array()}};
  }
  SchemeMatcher matcher(*set);
  json sample_list = json::array();
  int64_t hits = 0, scanned = 0;
  Status status = WithReader([&](ReadContext& read) {
    ItemQuery query;
    query.limit = 2000;  // the newest items: enough to judge a rule, fast enough to type
    auto page = read.items->Search(query, who);
    if (!page.ok()) return page.status();
    std::vector<uint32_t> matched;
    for (const ItemHit& hit : page->hits) {
      const json item = json::parse(hit.item_json, nullptr, false);
      if (!item.is_object()) continue;
      ++scanned;
      const std::string text = Str(item, "title") + "\n" + Str(item, "clean_text");
      const std::string platform = Str(item, "platform"), site = Str(item, "site"),
                        url = Str(item, "url"), author = Str(item, "author"),
                        source_class = Str(item, "source_class");
      std::vector<std::string> codes;
      if (auto it = item.find("regions"); it != item.end() && it->is_array()) {
        for (const json& region : *it) codes.push_back(Str(region, "code"));
      }
      MatchDocument document{.text = text,
                             .platform = platform,
                             .site = site,
                             .url = url,
                             .author = author,
                             .source_class = source_class,
                             .region_codes = codes};
      matcher.Match(document, &matched);
      if (matched.empty()) continue;
      ++hits;
      if (static_cast<int>(sample_list.size()) < samples) {
        sample_list.push_back(ItemSummaryJson(hit.item_json, ""));
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return json{{"valid", true}, {"hits", hits}, {"scanned", scanned}, {"samples", sample_list}};
}

json Service::SourcesJson() const {
  json list = json::array();
  for (const SourceHealthView& source : SourceHealth()) {
    list.push_back(
        {{"id", source.id},
         {"kind", source.kind},
         {"name", source.name},
         {"last_success_at",
          source.last_success_ms > 0 ? json(ApiTime(source.last_success_ms)) : json(nullptr)},
         {"last_error", source.last_error},
         {"error_rate", source.error_rate},
         {"items_24h", source.items_24h},
         {"usual_per_day", {source.usual_lo, source.usual_hi}},
         {"status", source.status}});
  }
  return list;
}

std::vector<std::string> Service::SourceNotices() const {
  std::lock_guard lock(sources_mutex_);
  return notices_;
}

json Service::SourceStatusCounts() const {
  json counts = {{"ok", 0}, {"stale", 0}, {"failing", 0}};
  for (const SourceHealthView& source : SourceHealth()) {
    counts[source.status] = counts[source.status].get<int>() + 1;
  }
  return counts;
}

}  // namespace yuqing
