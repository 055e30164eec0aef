// The delivery outbox (issue 8, product.md §2.7): every Delivery is written here before anything
// is sent, so that an alert survives a crash. A delivery moves pending → sending → delivered,
// or back to pending with a backoff after a retryable failure, or to failed. Every attempt
// leaves an append-only receipt. Delivery is at-least-once: a crash between sending and
// recording leaves the entry in `sending`, and it is sent again after restart; the idempotency
// key in the message lets the receiver drop the repeat.
//
// One worker process per store file: RequeueInFlight() at start-up assumes that whatever is in
// `sending` belongs to a worker that has died.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/status.h"
#include "respond/delivery.h"  // the value types only (header-only use; no link to respond)
#include "store/sqlite_db.h"

namespace yuqing {

struct OutboxOptions {
  int max_attempts = 12;                      // then the entry is failed
  int64_t first_backoff_ms = 1000;            // after the first failure; doubles each time
  int64_t max_backoff_ms = 10LL * 60 * 1000;  // 10 min
  double jitter = 0.1;                        // each backoff shortened by up to this share
  int64_t lease_ms = 5LL * 60 * 1000;         // a `sending` claim older than this is reclaimed
  uint64_t seed = 0;                          // jitter's generator; 0: from the clock
};

enum class OutboxState : uint8_t { kPending, kSending, kDelivered, kFailed };
std::string_view OutboxStateName(OutboxState state);

struct OutboxEntry {
  Delivery delivery;
  OutboxState state = OutboxState::kPending;
  int attempts = 0;  // claims so far, including the current one
  int64_t next_attempt_ms = 0;
  std::string last_error;
  int64_t delivered_ms = 0;
};

struct StoredReceipt {
  int attempt = 0;
  int64_t at_ms = 0;
  DeliveryReceipt receipt;
};

struct OutboxCounts {
  int64_t pending = 0;
  int64_t sending = 0;
  int64_t delivered = 0;
  int64_t failed = 0;
};

class Outbox {
 public:
  // Creates the tables if needed. `db` must outlive the Outbox.
  static Result<std::unique_ptr<Outbox>> Open(SqliteDb* db, OutboxOptions options = {});

  // Adds a delivery, due at once. Idempotent: false (and nothing changes) when an entry with
  // the same idempotency key exists already.
  Result<bool> Enqueue(const Delivery& delivery);

  // Marks up to `limit` due entries `sending` (one transaction) and returns them, oldest due
  // first. Due: pending with next_attempt_ms ≤ now, or sending with an expired lease.
  Result<std::vector<OutboxEntry>> ClaimDue(int64_t now_ms, int limit);

  // Records the outcome of the current attempt of `key`: delivered; or a retry after the backoff;
  // or failed when the failure is not retryable or the attempts are used up.
  Status RecordAttempt(const std::string& key, const DeliveryReceipt& receipt, int64_t now_ms);

  // After a crash: everything still `sending` becomes due again at `now_ms`. Returns how many.
  Result<int64_t> RequeueInFlight(int64_t now_ms);

  Result<std::vector<StoredReceipt>> Receipts(const std::string& key);
  Result<OutboxEntry> Get(const std::string& key);
  Result<OutboxCounts> Counts();

  // The wait after the `attempt`-th failure (1-based), before jitter: 1 s, 2 s, 4 s, … ≤ 10 min.
  int64_t BaseBackoffMs(int attempt) const;

 private:
  Outbox(SqliteDb* db, OutboxOptions options);
  int64_t BackoffMs(int attempt);

  SqliteDb* db_;
  OutboxOptions options_;
  std::mt19937_64 rng_;
};

}  // namespace yuqing
