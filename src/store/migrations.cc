// Schema versions, shared by every store component (declared in item_store.h).
#include <chrono>

#include "store/item_store.h"

namespace yuqing {

Status Migrate(SqliteDb& db, const std::string& component, const std::vector<std::string>& steps) {
  if (Status s = db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, "
                         "version INTEGER NOT NULL, applied_at_ms INTEGER NOT NULL, "
                         "PRIMARY KEY (component, version))");
      !s.ok()) {
    return s;
  }
  for (size_t version = 1; version <= steps.size(); ++version) {
    // Each step in its own transaction, with the check inside it: two processes opening the
    // same database at once cannot both apply a step.
    SqliteTransaction txn(db);
    if (!txn.begin_status().ok()) return txn.begin_status();
    auto applied =
        db.Prepare("SELECT 1 FROM schema_migrations WHERE component = ?1 AND version = ?2");
    if (!applied.ok()) return applied.status();
    applied->Bind(1, component).Bind(2, static_cast<int64_t>(version));
    auto row = applied->Step();
    if (!row.ok()) return row.status();
    if (*row) continue;
    if (Status s = db.Exec(steps[version - 1]); !s.ok()) {
      return s.WithPrefix(component + " schema step " + std::to_string(version));
    }
    auto record = db.Prepare(
        "INSERT INTO schema_migrations (component, version, applied_at_ms) VALUES (?1, ?2, ?3)");
    if (!record.ok()) return record.status();
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    record->Bind(1, component).Bind(2, static_cast<int64_t>(version)).Bind(3, now_ms);
    if (Status s = record->Run(); !s.ok()) return s;
    if (Status s = txn.Commit(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace yuqing
