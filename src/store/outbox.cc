#include "store/outbox.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

namespace yuqing {
namespace {

// The endpoint kind is stored as its enum value: store sits upstream of respond and must not
// link it, and ChannelKind's values are fixed (new kinds are appended).
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  receiver TEXT NOT NULL,
  endpoint_kind INTEGER NOT NULL,
  endpoint_address TEXT NOT NULL,
  endpoint_secret TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  claimed_until_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  delivered_ms INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_ms);
CREATE TABLE IF NOT EXISTS delivery_receipts (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL REFERENCES outbox (idempotency_key),
  attempt INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_receipts_key ON delivery_receipts (idempotency_key);
)sql";

constexpr std::string_view kColumns =
    "idempotency_key, receiver, endpoint_kind, endpoint_address, endpoint_secret, subject, "
    "text, html, payload_json, created_ms, state, attempts, next_attempt_ms, last_error, "
    "delivered_ms";

constexpr std::array<std::pair<OutboxState, std::string_view>, 4> kStateNames = {{
    {OutboxState::kPending, "pending"},
    {OutboxState::kSending, "sending"},
    {OutboxState::kDelivered, "delivered"},
    {OutboxState::kFailed, "failed"},
}};

OutboxState ParseState(std::string_view name) {
  for (const auto& [state, known] : kStateNames) {
    if (known == name) return state;
  }
  return OutboxState::kFailed;  // the CHECK constraint keeps other values out
}

// Reads a row selected with kColumns.
OutboxEntry ReadEntry(const SqliteStatement& row) {
  OutboxEntry entry;
  Delivery& d = entry.delivery;
  d.idempotency_key = row.ColumnText(0);
  d.receiver = row.ColumnText(1);
  d.endpoint.kind = static_cast<ChannelKind>(row.ColumnInt(2));
  d.endpoint.address = row.ColumnText(3);
  d.endpoint.secret = row.ColumnText(4);
  d.subject = row.ColumnText(5);
  d.text = row.ColumnText(6);
  d.html = row.ColumnText(7);
  d.payload_json = row.ColumnText(8);
  d.created_ms = row.ColumnInt(9);
  entry.state = ParseState(row.ColumnText(10));
  entry.attempts = static_cast<int>(row.ColumnInt(11));
  entry.next_attempt_ms = row.ColumnInt(12);
  entry.last_error = row.ColumnText(13);
  entry.delivered_ms = row.ColumnIsNull(14) ? 0 : row.ColumnInt(14);
  return entry;
}

std::string Select(std::string_view where) {
  std::string sql = "SELECT ";
  sql += kColumns;
  sql += " FROM outbox ";
  sql += where;
  return sql;
}

}  // namespace

std::string_view OutboxStateName(OutboxState state) {
  for (const auto& [s, name] : kStateNames) {
    if (s == state) return name;
  }
  return "unknown";
}

Outbox::Outbox(SqliteDb* db, OutboxOptions options)
    : db_(db),
      options_(options),
      rng_(options.seed != 0 ? options.seed
                             : static_cast<uint64_t>(
                                   std::chrono::steady_clock::now().time_since_epoch().count())) {}

Result<std::unique_ptr<Outbox>> Outbox::Open(SqliteDb* db, OutboxOptions options) {
  if (Status s = db->Exec(kSchema); !s.ok()) return s.WithPrefix("outbox schema");
  return std::unique_ptr<Outbox>(new Outbox(db, options));
}

Result<bool> Outbox::Enqueue(const Delivery& delivery) {
  if (delivery.idempotency_key.empty()) {
    return Status::InvalidInput("outbox: delivery to '" + delivery.receiver +
                                "' has no idempotency_key");
  }
  auto insert = db_->Prepare(
      "INSERT INTO outbox (idempotency_key, receiver, endpoint_kind, endpoint_address, "
      "endpoint_secret, subject, text, html, payload_json, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (idempotency_key) DO NOTHING");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, delivery.idempotency_key)
      .Bind(2, delivery.receiver)
      .Bind(3, static_cast<int64_t>(delivery.endpoint.kind))
      .Bind(4, delivery.endpoint.address)
      .Bind(5, delivery.endpoint.secret)
      .Bind(6, delivery.subject)
      .Bind(7, delivery.text)
      .Bind(8, delivery.html)
      .Bind(9, delivery.payload_json)
      .Bind(10, delivery.created_ms);
  if (Status s = insert->Run(); !s.ok()) return s;
  return db_->ChangedRows() == 1;
}

Result<std::vector<OutboxEntry>> Outbox::ClaimDue(int64_t now_ms, int limit) {
  SqliteTransaction txn(*db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  auto select =
      db_->Prepare(Select("WHERE (state = 'pending' AND next_attempt_ms <= ?1) OR "
                          "(state = 'sending' AND claimed_until_ms <= ?1) "
                          "ORDER BY next_attempt_ms, id LIMIT ?2"));
  if (!select.ok()) return select.status();
  select->Bind(1, now_ms).Bind(2, static_cast<int64_t>(limit));
  std::vector<OutboxEntry> due;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    due.push_back(ReadEntry(*select));
  }
  auto claim = db_->Prepare(
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_until_ms = ?2 "
      "WHERE idempotency_key = ?1");
  if (!claim.ok()) return claim.status();
  for (OutboxEntry& entry : due) {
    claim->Reset();
    claim->Bind(1, entry.delivery.idempotency_key).Bind(2, now_ms + options_.lease_ms);
    if (Status s = claim->Run(); !s.ok()) return s;
    entry.state = OutboxState::kSending;
    ++entry.attempts;
  }
  if (Status s = txn.Commit(); !s.ok()) return s;
  return due;
}

int64_t Outbox::BaseBackoffMs(int attempt) const {
  int64_t wait = options_.first_backoff_ms;
  for (int i = 1; i < attempt && wait < options_.max_backoff_ms; ++i) wait *= 2;
  return std::min(wait, options_.max_backoff_ms);
}

int64_t Outbox::BackoffMs(int attempt) {
  // Jitter spreads the retries of many deliveries that failed together (one receiver down)
  // so they do not come back as one burst; shortening only keeps the 10 min ceiling exact.
  std::uniform_real_distribution<double> share(0.0, options_.jitter);
  const int64_t base = BaseBackoffMs(attempt);
  return base - static_cast<int64_t>(static_cast<double>(base) * share(rng_));
}

Status Outbox::RecordAttempt(const std::string& key, const DeliveryReceipt& receipt,
                             int64_t now_ms) {
  SqliteTransaction txn(*db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  auto read = db_->Prepare("SELECT attempts FROM outbox WHERE idempotency_key = ?1");
  if (!read.ok()) return read.status();
  read->Bind(1, key);
  auto found = read->Step();
  if (!found.ok()) return found.status();
  if (!*found) return Status::NotFound("outbox: no delivery with key '" + key + "'");
  const int attempt = static_cast<int>(read->ColumnInt(0));

  auto update = db_->Prepare(
      "UPDATE outbox SET state = ?2, next_attempt_ms = ?3, last_error = ?4, delivered_ms = ?5 "
      "WHERE idempotency_key = ?1");
  if (!update.ok()) return update.status();
  update->Bind(1, key);
  if (receipt.delivered) {
    update->Bind(2, "delivered").Bind(3, now_ms).Bind(4, "").Bind(5, now_ms);
  } else {
    const bool give_up = !receipt.retryable || attempt >= options_.max_attempts;
    update->Bind(2, give_up ? "failed" : "pending")
        .Bind(3, give_up ? now_ms : now_ms + BackoffMs(attempt))
        .Bind(4, receipt.detail)
        .BindNull(5);
  }
  if (Status s = update->Run(); !s.ok()) return s;

  auto log = db_->Prepare(
      "INSERT INTO delivery_receipts (idempotency_key, attempt, at_ms, delivered, status_code, "
      "detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!log.ok()) return log.status();
  log->Bind(1, key)
      .Bind(2, static_cast<int64_t>(attempt))
      .Bind(3, now_ms)
      .Bind(4, static_cast<int64_t>(receipt.delivered ? 1 : 0))
      .Bind(5, static_cast<int64_t>(receipt.status_code))
      .Bind(6, receipt.detail);
  if (Status s = log->Run(); !s.ok()) return s;
  return txn.Commit();
}

Result<int64_t> Outbox::RequeueInFlight(int64_t now_ms) {
  auto update = db_->Prepare(
      "UPDATE outbox SET state = 'pending', next_attempt_ms = ?1, claimed_until_ms = 0 "
      "WHERE state = 'sending'");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms);
  if (Status s = update->Run(); !s.ok()) return s;
  return db_->ChangedRows();
}

Result<std::vector<StoredReceipt>> Outbox::Receipts(const std::string& key) {
  auto select = db_->Prepare(
      "SELECT attempt, at_ms, delivered, status_code, detail FROM delivery_receipts "
      "WHERE idempotency_key = ?1 ORDER BY id");
  if (!select.ok()) return select.status();
  select->Bind(1, key);
  std::vector<StoredReceipt> receipts;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    StoredReceipt r;
    r.attempt = static_cast<int>(select->ColumnInt(0));
    r.at_ms = select->ColumnInt(1);
    r.receipt.delivered = select->ColumnInt(2) != 0;
    r.receipt.status_code = static_cast<int>(select->ColumnInt(3));
    r.receipt.detail = select->ColumnText(4);
    receipts.push_back(std::move(r));
  }
  return receipts;
}

Result<OutboxEntry> Outbox::Get(const std::string& key) {
  auto select = db_->Prepare(Select("WHERE idempotency_key = ?1"));
  if (!select.ok()) return select.status();
  select->Bind(1, key);
  auto row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("outbox: no delivery with key '" + key + "'");
  return ReadEntry(*select);
}

Result<OutboxCounts> Outbox::Counts() {
  auto select = db_->Prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  if (!select.ok()) return select.status();
  OutboxCounts counts;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const int64_t n = select->ColumnInt(1);
    switch (ParseState(select->ColumnText(0))) {
      case OutboxState::kPending:
        counts.pending = n;
        break;
      case OutboxState::kSending:
        counts.sending = n;
        break;
      case OutboxState::kDelivered:
        counts.delivered = n;
        break;
      case OutboxState::kFailed:
        counts.failed = n;
        break;
    }
  }
  return counts;
}

}  // namespace yuqing
