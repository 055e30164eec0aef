#include "collect/source_health.h"

#include <algorithm>
#include <map>
#include <vector>

#include "core/json_text.h"
#include "core/time.h"

namespace yuqing {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kBeijingMs = 8 * 3'600'000LL;  // days are counted in UTC+8, as people see them
constexpr int64_t kKeepMs = 8 * kDayMs;

int64_t DayOf(int64_t unix_ms) {
  const int64_t t = unix_ms + kBeijingMs;
  return t >= 0 ? t / kDayMs : (t - kDayMs + 1) / kDayMs;
}

}  // namespace

std::string_view SourceStatusName(SourceStatus status) {
  switch (status) {
    case SourceStatus::kOk:
      return "ok";
    case SourceStatus::kStale:
      return "stale";
    case SourceStatus::kFailing:
      return "failing";
  }
  return "ok";
}

void AppendSourceHealthJson(const SourceHealth& health, std::string* out) {
  *out += "{\"id\":";
  AppendJsonString(health.id, out);
  *out += ",\"kind\":";
  AppendJsonString(SourceKindName(health.kind), out);
  *out += ",\"name\":";
  AppendJsonString(health.name, out);
  *out += ",\"last_success_at\":";
  if (health.last_success_ms) {
    AppendJsonString(FormatIso8601(Timestamp{*health.last_success_ms, 480}), out);
  } else {
    *out += "null";
  }
  *out += ",\"last_error\":";
  AppendJsonString(health.last_error, out);
  *out += ",\"error_rate\":";
  AppendJsonNumber(health.error_rate, out);
  *out += ",\"items_24h\":";
  AppendJsonNumber(health.items_24h, out);
  *out += ",\"usual_per_day\":[";
  AppendJsonNumber(health.usual_per_day_lo, out);
  *out += ',';
  AppendJsonNumber(health.usual_per_day_hi, out);
  *out += "],\"status\":";
  AppendJsonString(SourceStatusName(health.status), out);
  *out += '}';
}

SourceHealthTracker::SourceHealthTracker(int64_t interval_ms, size_t window, int failing_after)
    : interval_ms_(std::max<int64_t>(interval_ms, 1)),
      window_(std::max<size_t>(window, 1)),
      failing_after_(std::max(failing_after, 1)) {}

void SourceHealthTracker::RecordPoll(int64_t now_ms, bool ok, size_t items,
                                     const std::string& error) {
  ++total_polls_;
  polls_.push_back({now_ms, ok, items});
  while (!polls_.empty() && polls_.front().at_ms < now_ms - kKeepMs) polls_.pop_front();
  recent_ok_.push_back(ok);
  while (recent_ok_.size() > window_) recent_ok_.pop_front();
  if (ok) {
    last_success_ms_ = now_ms;
    last_error_.clear();
    consecutive_failures_ = 0;
  } else {
    last_error_ = error;
    ++consecutive_failures_;
  }
}

SourceStatus SourceHealthTracker::Status(int64_t now_ms) const {
  if (consecutive_failures_ >= failing_after_) return SourceStatus::kFailing;
  // Stale: the source usually produces, and has produced nothing for over three times its
  // usual gap between producing polls (never less than three poll intervals).
  std::vector<int64_t> producing;
  for (const Poll& p : polls_) {
    if (p.items > 0) producing.push_back(p.at_ms);
  }
  if (producing.size() < 2) return SourceStatus::kOk;  // no habit to judge by yet
  const int64_t usual_gap =
      std::max<int64_t>(interval_ms_, (producing.back() - producing.front()) /
                                          static_cast<int64_t>(producing.size() - 1));
  if (now_ms - producing.back() > 3 * usual_gap) return SourceStatus::kStale;
  return SourceStatus::kOk;
}

void SourceHealthTracker::Fill(int64_t now_ms, SourceHealth* health) const {
  health->last_success_ms = last_success_ms_;
  health->last_error = last_error_;
  health->polls = total_polls_;
  const size_t failed =
      static_cast<size_t>(std::count(recent_ok_.begin(), recent_ok_.end(), false));
  health->error_rate =
      recent_ok_.empty() ? 0 : static_cast<double>(failed) / static_cast<double>(recent_ok_.size());
  health->items_24h = 0;
  std::map<int64_t, int64_t> per_day;  // whole days before today the source was polled on
  const int64_t today = DayOf(now_ms);
  for (const Poll& p : polls_) {
    if (p.at_ms > now_ms - kDayMs && p.at_ms <= now_ms) {
      health->items_24h += static_cast<int64_t>(p.items);
    }
    const int64_t day = DayOf(p.at_ms);
    if (day < today && day >= today - 7) per_day[day] += static_cast<int64_t>(p.items);
  }
  health->usual_per_day_lo = health->usual_per_day_hi = 0;
  if (!per_day.empty()) {
    health->usual_per_day_lo = per_day.begin()->second;
    health->usual_per_day_hi = per_day.begin()->second;
    for (const auto& [day, count] : per_day) {
      health->usual_per_day_lo = std::min(health->usual_per_day_lo, count);
      health->usual_per_day_hi = std::max(health->usual_per_day_hi, count);
    }
  }
  health->status = Status(now_ms);
}

}  // namespace yuqing
