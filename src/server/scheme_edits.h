// Schemes edited in the dashboard (PUT /api/schemes/{id}): kept in the store, laid over the
// configuration's schemes at every start and put in force at once (the pipeline's scheme stage
// swaps its compiled set between two items, nothing is dropped). An edit replaces a scheme's
// groups with one expression; a new id adds a scheme; `enabled: false` takes one out of force.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "match/scheme.h"
#include "store/sqlite_db.h"

namespace yuqing {

struct SchemeEdit {
  std::string id, name, expression;
  bool enabled = true;
  std::string by;
  int64_t at_ms = 0;
};

class SchemeEdits {
 public:
  static Result<std::unique_ptr<SchemeEdits>> Open(SqliteDb* db);
  Result<std::vector<SchemeEdit>> All() const;
  Status Save(const SchemeEdit& edit);

 private:
  explicit SchemeEdits(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;
};

// `base` with the edits laid over it, in the base's order, new schemes at the end. Disabled
// schemes are left out.
SchemeSetDefinition ApplySchemeEdits(const SchemeSetDefinition& base,
                                     const std::vector<SchemeEdit>& edits);

}  // namespace yuqing
