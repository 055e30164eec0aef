// How a source is doing (docs/api.md `GET /api/sources`): last success, last error, error rate
// over the recent polls, items in the last 24 hours against the usual daily range, and a status
// that turns stale when a source that usually produces has gone quiet for too long.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "collect/source_spec.h"

namespace yuqing {

enum class SourceStatus : uint8_t { kOk, kStale, kFailing };
std::string_view SourceStatusName(SourceStatus status);  // ok | stale | failing

struct SourceHealth {
  std::string id;
  SourceKind kind = SourceKind::kRss;
  std::string name;
  std::optional<int64_t> last_success_ms;  // unix ms of the last poll that worked
  std::string last_error;                  // of the last failed poll; "" after a success
  double error_rate = 0;                   // failed / all over the last `window` polls
  int64_t items_24h = 0;
  // Least and most items per day over the last 7 whole days (UTC+8) the source was polled on;
  // both 0 until there is such a day.
  int64_t usual_per_day_lo = 0, usual_per_day_hi = 0;
  SourceStatus status = SourceStatus::kOk;
  int64_t next_poll_ms = 0;  // unix ms when the collector polls it next
  int64_t polls = 0;         // since start
};

// One entry of GET /api/sources (docs/api.md): {"id","kind","name","last_success_at" (ISO 8601,
// +08:00, or null),"last_error","error_rate","items_24h","usual_per_day":[lo,hi],"status"}.
void AppendSourceHealthJson(const SourceHealth& health, std::string* out);

// A status change worth telling people about (stale, failing, or recovered to ok).
struct SourceNotice {
  std::string source_id;
  SourceStatus status = SourceStatus::kOk;
  SourceStatus previous = SourceStatus::kOk;
  std::string message;  // "source 'mohrss-news' failing: GET ...: HTTP 503 after 3 attempts"
  int64_t at_ms = 0;
};

class SourceHealthTracker {
 public:
  // `interval_ms`: the source's poll interval, the least "usual gap"; `window`: polls counted
  // in the error rate; `failing_after`: consecutive failed polls that make a source failing.
  SourceHealthTracker(int64_t interval_ms, size_t window = 20, int failing_after = 3);

  void RecordPoll(int64_t now_ms, bool ok, size_t items, const std::string& error);
  SourceStatus Status(int64_t now_ms) const;
  // Fills everything but id, kind, name and next_poll_ms.
  void Fill(int64_t now_ms, SourceHealth* health) const;
  int consecutive_failures() const { return consecutive_failures_; }

 private:
  struct Poll {
    int64_t at_ms;
    bool ok;
    size_t items;
  };
  int64_t interval_ms_;
  size_t window_;
  int failing_after_;
  std::deque<Poll> polls_;  // the last 8 days, oldest first
  std::deque<bool> recent_ok_;
  std::optional<int64_t> last_success_ms_;
  std::string last_error_;
  int consecutive_failures_ = 0;
  int64_t total_polls_ = 0;
};

}  // namespace yuqing
