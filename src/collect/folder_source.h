// A watched folder (docs/collect.md): files of items that another system drops in, as JSON Lines
// (product.md §4.1) or CSV with a header row of item field names. Each finished file moves to
// <dir>/done/ (or <dir>/failed/ when it could not be read at all), so a restart never reads a
// file twice. Writers should write under another name (or elsewhere) and rename into the folder:
// only names ending in .jsonl or .csv are picked up, and hidden files never.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "core/item.h"
#include "core/item_jsonl.h"
#include "core/status.h"

namespace yuqing {

struct FolderPollStats {
  size_t files = 0;         // files finished (moved) this poll
  size_t items = 0;         // items handed on
  size_t bad_records = 0;   // records dead-lettered
  size_t failed_files = 0;  // files moved to failed/
};

class FolderSource {
 public:
  FolderSource(std::string source_id, std::string dir);

  // Reads every waiting file in name order. Bad records go to `on_bad` (file and line named)
  // and the rest of the file goes on. Fails only when the folder itself cannot be read or a
  // finished file cannot be moved (it would be read again).
  Status Poll(const std::function<void(Item)>& on_item,
              const std::function<void(const BadRecord&)>& on_bad, FolderPollStats* stats);

 private:
  std::string source_id_;
  std::string dir_;
};

// One CSV file's records as items: RFC 4180 (quoted fields, "" inside quotes, line breaks in
// quoted fields); the header names item fields (id, created_at, text, title, url, author,
// platform, site, author_location, parent_id, reposts, comments, likes, author_followers,
// author_verified, source_id); other columns pass on as extra fields. Empty cells are absent.
// `name` labels BadRecords. Returns an error when there is no usable header.
Status ReadCsvItems(std::string_view csv, const std::string& name,
                    const std::function<void(Item)>& on_item,
                    const std::function<void(const BadRecord&)>& on_bad);

}  // namespace yuqing
