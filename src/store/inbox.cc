#include "store/inbox.h"

namespace yuqing {

Result<std::unique_ptr<Inbox>> Inbox::Open(SqliteDb* db) {
  if (Status s =
          db->Exec("CREATE TABLE IF NOT EXISTS inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, json TEXT NOT NULL, "
                   "received_ms INTEGER NOT NULL)");
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<Inbox>(new Inbox(db));
}

Result<std::vector<bool>> Inbox::Append(const std::vector<InboxEntry>& entries, int64_t now_ms) {
  SqliteTransaction transaction(*db_);
  if (!transaction.begin_status().ok()) return transaction.begin_status();
  auto stored = db_->Prepare("SELECT 1 FROM items WHERE id = ?1");
  if (!stored.ok()) return stored.status();
  auto insert = db_->Prepare(
      "INSERT OR IGNORE INTO inbox (id, source, json, received_ms) VALUES (?1, ?2, ?3, ?4)");
  if (!insert.ok()) return insert.status();
  std::vector<bool> taken;
  taken.reserve(entries.size());
  for (const InboxEntry& entry : entries) {
    stored->Reset();
    stored->Bind(1, entry.id);
    auto found = stored->Step();
    if (!found.ok()) return found.status();
    if (*found) {
      taken.push_back(false);
      continue;
    }
    insert->Reset();
    insert->Bind(1, entry.id).Bind(2, entry.source).Bind(3, entry.json).Bind(4, now_ms);
    if (Status s = insert->Run(); !s.ok()) return s;
    taken.push_back(db_->ChangedRows() > 0);
  }
  if (Status s = transaction.Commit(); !s.ok()) return s;
  return taken;
}

Result<std::vector<InboxRecord>> Inbox::Next(int64_t after, size_t max) const {
  auto select =
      db_->Prepare("SELECT seq, source, json FROM inbox WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, after).Bind(2, static_cast<int64_t>(max));
  std::vector<InboxRecord> records;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    records.push_back({select->ColumnInt(0), select->ColumnText(1), select->ColumnText(2)});
  }
  return records;
}

Status Inbox::RemoveThrough(int64_t seq) {
  auto remove = db_->Prepare("DELETE FROM inbox WHERE seq <= ?1");
  if (!remove.ok()) return remove.status();
  return remove->Bind(1, seq).Run();
}

Result<int64_t> Inbox::Depth() const {
  auto count = db_->Prepare("SELECT count(*) FROM inbox");
  if (!count.ok()) return count.status();
  auto row = count->Step();
  if (!row.ok()) return row.status();
  return count->ColumnInt(0);
}

}  // namespace yuqing
