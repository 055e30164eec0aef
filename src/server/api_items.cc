// Items and statistics (docs/api.md "Items", "Statistics"): every query carries the session's
// jurisdiction down to the store, which filters in SQL.
#include <httplib.h>

#include "core/item.h"
#include "server/api_json.h"
#include "server/http_api.h"
#include "server/service.h"

namespace yuqing {
namespace {

using nlohmann::json;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

// A region code filter must be digits only (it becomes a range bound, never SQL text).
bool IsCodePrefix(const std::string& value) {
  return !value.empty() && value.size() <= 9 &&
         value.find_first_not_of("0123456789") == std::string::npos;
}

// The query's region narrows the user's jurisdiction; it can never widen it.
bool NarrowRegion(const Jurisdiction& who, const std::string& region) {
  if (who.everything) return true;
  for (const std::string& prefix : who.region_prefixes) {
    if (region.starts_with(prefix) || prefix.starts_with(region)) return true;
  }
  return false;
}

// "510000" → "51", "510100" → "5101": the prefix a region code stands for.
std::string PrefixOfCode(const std::string& code) {
  if (code.size() == 6 && code.ends_with("0000")) return code.substr(0, 2);
  if (code.size() == 6 && code.ends_with("00")) return code.substr(0, 4);
  return code;
}

struct Window {
  int64_t from_ms = 0, to_ms = 0;
};

Result<Window> WindowOf(const httplib::Request& req, int64_t now_ms, int64_t default_span_ms) {
  auto from = api::TimeParam(req, "from");
  if (!from.ok()) return from.status();
  auto to = api::TimeParam(req, "to");
  if (!to.ok()) return to.status();
  Window window;
  window.to_ms = to->value_or(now_ms + 1);
  window.from_ms = from->value_or(window.to_ms - default_span_ms);
  if (window.from_ms >= window.to_ms) return Status::InvalidInput("from: must be before to");
  return window;
}

}  // namespace

void HttpApi::SearchItems(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const Jurisdiction who = JurisdictionOf(session->user.region_code);
  ItemQuery query;
  query.text = api::Param(req, "q");
  if (query.text.size() > 200) return api::Fail(res, 400, "q: at most 200 bytes");
  auto from = api::TimeParam(req, "from");
  auto to = api::TimeParam(req, "to");
  if (!from.ok()) return api::Fail(res, 400, from.status().message());
  if (!to.ok()) return api::Fail(res, 400, to.status().message());
  query.from_ms = *from;
  query.to_ms = *to;
  query.scheme = api::Param(req, "scheme");
  query.region_prefix = api::Param(req, "region");
  if (!query.region_prefix.empty()) {
    if (!IsCodePrefix(query.region_prefix)) {
      return api::Fail(res, 400, "region: expected a region code (digits)");
    }
    query.region_prefix = PrefixOfCode(query.region_prefix);
    if (!NarrowRegion(who, query.region_prefix)) {
      return api::Reply(res, 200, {{"total", 0}, {"items", json::array()}});
    }
  }
  query.sentiment = api::Param(req, "sentiment");
  query.platform = api::Param(req, "platform");
  query.source_class = api::Param(req, "source_class");
  query.story_id = api::Param(req, "story");
  auto limit = api::IntParam(req, "limit", 20, 1, 100);
  auto offset = api::IntParam(req, "offset", 0, 0, 10'000);
  if (!limit.ok()) return api::Fail(res, 400, limit.status().message());
  if (!offset.ok()) return api::Fail(res, 400, offset.status().message());
  query.limit = static_cast<size_t>(*limit);
  query.offset = static_cast<size_t>(*offset);
  json body;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto page = read.items->Search(query, who);
    if (!page.ok()) return page.status();
    json items = json::array();
    for (const ItemHit& hit : page->hits)
      items.push_back(ItemSummaryJson(hit.item_json, hit.snippet));
    body = {{"total", page->total}, {"items", std::move(items)}};
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  api::Reply(res, 200, body);
}

void HttpApi::GetItem(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const std::string id = req.matches[1].str();
  std::optional<std::string> item_json;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto found = read.items->Get(id, JurisdictionOf(session->user.region_code));
    if (!found.ok()) return found.status();
    item_json = std::move(*found);
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  if (!item_json) return api::Fail(res, 404, "no such item");
  api::Reply(res, 200, ItemDetailJson(*item_json));
}

void HttpApi::Overview(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const Jurisdiction who = JurisdictionOf(session->user.region_code);
  const int64_t now_ms = service_.clock().NowMs();
  json body;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto total = read.items->Count(who);
    if (!total.ok()) return total.status();
    auto last_day =
        read.items->Volume(now_ms - kDayMs, now_ms + 1, kDayMs * 2, SeriesGroup::kSentiment, who);
    if (!last_day.ok()) return last_day.status();
    int64_t day_total = 0, negative = 0;
    for (const SeriesPoint& point : *last_day) {
      day_total += point.count;
      if (point.key == "negative") negative += point.count;
    }
    auto schemes = read.items->SchemeCounts(now_ms - 7 * kDayMs, now_ms + 1, who);
    if (!schemes.ok()) return schemes.status();
    json top = json::array();
    for (const CountByKey& scheme : *schemes) {
      if (top.size() >= 10) break;
      top.push_back(
          {{"id", scheme.key}, {"name", service_.SchemeName(scheme.key)}, {"count", scheme.count}});
    }
    json open = {{"I", 0}, {"II", 0}, {"III", 0}, {"IV", 0}};
    auto records = read.incidents->List(IncidentFilter{});
    if (!records.ok()) return records.status();
    for (const IncidentRecord& record : *records) {
      if (record.state == HandlingState::kClosed || record.grade == Grade::kNone) continue;
      if (!service_.Sees(session->user, record)) continue;
      open[std::string(GradeName(record.grade))] =
          open[std::string(GradeName(record.grade))].get<int>() + 1;
    }
    body = {{"items_total", *total},
            {"items_24h", day_total},
            {"negative_share_24h", day_total > 0 ? static_cast<double>(negative) / day_total : 0.0},
            {"open_incidents", open},
            {"top_schemes", top},
            {"now", ApiTime(now_ms)}};
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  body["sources"] = service_.SourceStatusCounts();
  api::Reply(res, 200, body);
}

void HttpApi::Volume(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const std::string interval =
      api::Param(req, "interval").empty() ? "hour" : api::Param(req, "interval");
  if (interval != "hour" && interval != "day") return api::Fail(res, 400, "interval: hour or day");
  const int64_t bucket = interval == "hour" ? kHourMs : kDayMs;
  auto window =
      WindowOf(req, service_.clock().NowMs(), interval == "hour" ? 2 * kDayMs : 30 * kDayMs);
  if (!window.ok()) return api::Fail(res, 400, window.status().message());
  if ((window->to_ms - window->from_ms) / bucket > 2000) {
    return api::Fail(res, 400, "from/to: at most 2000 buckets");
  }
  const std::string by = api::Param(req, "by").empty() ? "none" : api::Param(req, "by");
  SeriesGroup group;
  if (by == "none") {
    group = SeriesGroup::kNone;
  } else if (by == "scheme") {
    group = SeriesGroup::kScheme;
  } else if (by == "sentiment") {
    group = SeriesGroup::kSentiment;
  } else if (by == "platform") {
    group = SeriesGroup::kPlatform;
  } else if (by == "region") {
    group = SeriesGroup::kProvince;
  } else {
    return api::Fail(res, 400, "by: none, scheme, sentiment, platform or region");
  }
  const Jurisdiction who = JurisdictionOf(session->user.region_code);
  json body;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto points = read.items->Volume(window->from_ms, window->to_ms, bucket, group, who);
    if (!points.ok()) return points.status();
    std::map<std::string, json> series;
    for (const SeriesPoint& point : *points) {
      json& one = series[point.key];
      if (one.is_null()) {
        std::string name = point.key;
        if (group == SeriesGroup::kScheme) name = service_.SchemeName(point.key);
        if (group == SeriesGroup::kProvince) name = service_.RegionName(point.key);
        if (group == SeriesGroup::kNone) name = "全部";
        one = {{"key", point.key}, {"name", name}, {"points", json::array()}};
      }
      one["points"].push_back({point.bucket_ms, point.count});
    }
    json list = json::array();
    for (auto& [key, one] : series) list.push_back(std::move(one));
    body = {{"interval", interval},
            {"from", ApiTime(window->from_ms)},
            {"to", ApiTime(window->to_ms)},
            {"series", std::move(list)}};
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  api::Reply(res, 200, body);
}

void HttpApi::RegionStats(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const Jurisdiction who = JurisdictionOf(session->user.region_code);
  std::string parent = api::Param(req, "parent");
  if (parent.empty()) parent = session->user.region_code;
  if (parent == "000000" || parent == "0") parent.clear();
  if (!parent.empty() && !IsCodePrefix(parent)) {
    return api::Fail(res, 400, "parent: expected a region code (digits)");
  }
  const std::string prefix = parent.empty() ? std::string() : PrefixOfCode(parent);
  if (!who.everything && (prefix.empty() || !NarrowRegion(who, prefix) ||
                          prefix.size() < who.region_prefixes.front().size())) {
    return api::Fail(res, 404, "no such region in your jurisdiction");
  }
  auto window = WindowOf(req, service_.clock().NowMs(), 7 * kDayMs);
  if (!window.ok()) return api::Fail(res, 400, window.status().message());
  json body;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto counts = read.items->RegionCounts(prefix, window->from_ms, window->to_ms, who);
    if (!counts.ok()) return counts.status();
    json regions = json::array();
    for (const CountByKey& count : *counts) {
      regions.push_back({{"code", count.key},
                         {"name", service_.RegionName(count.key)},
                         {"short_name", service_.RegionShortName(count.key)},
                         {"count", count.count},
                         {"negative", count.negative}});
    }
    const char* level = prefix.empty()       ? "province"
                        : prefix.size() == 2 ? "city"
                        : prefix.size() == 4 ? "county"
                                             : "town";
    body = {{"parent", parent.empty() ? "000000" : parent},
            {"parent_name", parent.empty() ? "全国" : service_.RegionName(parent)},
            {"level", level},
            {"regions", std::move(regions)}};
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  api::Reply(res, 200, body);
}

void HttpApi::HotWords(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  auto limit = api::IntParam(req, "limit", 30, 1, 200);
  if (!limit.ok()) return api::Fail(res, 400, limit.status().message());
  auto window = WindowOf(req, service_.clock().NowMs(), kDayMs);
  if (!window.ok()) return api::Fail(res, 400, window.status().message());
  json body;
  Status status = service_.WithReader([&](ReadContext& read) {
    auto words = read.items->HotWords(window->from_ms, window->to_ms, static_cast<size_t>(*limit),
                                      JurisdictionOf(session->user.region_code));
    if (!words.ok()) return words.status();
    json list = json::array();
    for (const CountByKey& word : *words) {
      list.push_back({{"word", word.key}, {"weight", word.count}});
    }
    body = {{"words", std::move(list)}};
    return Status::Ok();
  });
  if (!status.ok()) return api::Fail(res, 500, status.message());
  api::Reply(res, 200, body);
}

}  // namespace yuqing
