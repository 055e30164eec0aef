#include "server/scheme_edits.h"

#include <algorithm>

#include "store/item_store.h"

namespace yuqing {

Result<std::unique_ptr<SchemeEdits>> SchemeEdits::Open(SqliteDb* db) {
  if (Status s = Migrate(*db, "scheme_edits",
                         {"CREATE TABLE scheme_edits (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                          "expression TEXT NOT NULL, enabled INTEGER NOT NULL, by TEXT NOT NULL, "
                          "at_ms INTEGER NOT NULL)"});
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<SchemeEdits>(new SchemeEdits(db));
}

Result<std::vector<SchemeEdit>> SchemeEdits::All() const {
  auto select = db_->Prepare(
      "SELECT id, name, expression, enabled, by, at_ms FROM scheme_edits ORDER BY at_ms, id");
  if (!select.ok()) return select.status();
  std::vector<SchemeEdit> edits;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    edits.push_back({select->ColumnText(0), select->ColumnText(1), select->ColumnText(2),
                     select->ColumnInt(3) != 0, select->ColumnText(4), select->ColumnInt(5)});
  }
  return edits;
}

Status SchemeEdits::Save(const SchemeEdit& edit) {
  auto upsert = db_->Prepare(
      "INSERT INTO scheme_edits (id, name, expression, enabled, by, at_ms) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
      "expression = excluded.expression, enabled = excluded.enabled, by = excluded.by, "
      "at_ms = excluded.at_ms");
  if (!upsert.ok()) return upsert.status();
  return upsert->Bind(1, edit.id)
      .Bind(2, edit.name)
      .Bind(3, edit.expression)
      .Bind(4, int64_t{edit.enabled})
      .Bind(5, edit.by)
      .Bind(6, edit.at_ms)
      .Run();
}

SchemeSetDefinition ApplySchemeEdits(const SchemeSetDefinition& base,
                                     const std::vector<SchemeEdit>& edits) {
  SchemeSetDefinition out = base;
  for (const SchemeEdit& edit : edits) {
    auto it = std::find_if(out.schemes.begin(), out.schemes.end(),
                           [&](const SchemeDefinition& s) { return s.id == edit.id; });
    SchemeDefinition edited{.id = edit.id,
                            .name = edit.name.empty() ? edit.id : edit.name,
                            .match = edit.expression,
                            .origin = "dashboard edit by " + edit.by};
    if (it == out.schemes.end()) {
      out.schemes.push_back(std::move(edited));
    } else {
      *it = std::move(edited);
    }
  }
  std::erase_if(out.schemes, [&](const SchemeDefinition& s) {
    return std::any_of(edits.begin(), edits.end(),
                       [&](const SchemeEdit& e) { return e.id == s.id && !e.enabled; });
  });
  return out;
}

}  // namespace yuqing
