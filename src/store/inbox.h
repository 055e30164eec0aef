// The durable inbox between sources and the pipeline: an item is acknowledged to whoever sent
// it (the ingest endpoint, a collector, the demo) once its record is committed here, and leaves
// only after the pipeline has stored the analysed item. A crash between the two re-runs the
// pipeline on it, and the item store ignores the copy (idempotent by id): nothing acknowledged
// is ever lost, nothing is stored twice. Ids already waiting or already stored are duplicates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/sqlite_db.h"

namespace yuqing {

struct InboxEntry {
  std::string id;      // the item id
  std::string source;  // "ingest", "demo", a source id
  std::string json;    // the raw item record (one JSON object)
};

struct InboxRecord {
  int64_t seq = 0;
  std::string source;
  std::string json;
};

class Inbox {
 public:
  // Needs the item store's `items` table in the same database (ItemStore::Open first).
  static Result<std::unique_ptr<Inbox>> Open(SqliteDb* db);

  // Appends, in one transaction, every entry whose id is neither waiting nor stored; returns
  // per entry whether it was taken (false: a duplicate).
  Result<std::vector<bool>> Append(const std::vector<InboxEntry>& entries, int64_t now_ms);
  // The oldest `max` records with seq > `after`.
  Result<std::vector<InboxRecord>> Next(int64_t after, size_t max) const;
  // Removes every record with seq ≤ `seq` (the pipeline has stored them).
  Status RemoveThrough(int64_t seq);
  Result<int64_t> Depth() const;

 private:
  explicit Inbox(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;
};

}  // namespace yuqing
