// Items as JSON Lines (product.md §4.1): parsing with validation, writing, and a reader that
// turns a file into items and per-record errors without ever stopping at a bad record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/line_reader.h"
#include "core/status.h"

namespace yuqing {

// Parses and validates one JSON object into an Item. Messages name the field and quote the
// value: "created_at: not ISO 8601 (expected e.g. 2019-09-09T18:13:22+08:00): '2020/1/3'".
class ItemParser {
 public:
  ItemParser();
  ~ItemParser();
  ItemParser(const ItemParser&) = delete;
  ItemParser& operator=(const ItemParser&) = delete;

  // `padded`: the caller guarantees LineReader::kPadding readable bytes after `json`, which
  // saves a copy.
  Status Parse(std::string_view json, Item* item, bool padded = false);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Appends the item as one JSON object (no newline). Known fields first in §4.1 order, then
// unknown fields as they came, then the analysis fields that stages have set.
void AppendItemJson(const Item& item, std::string* out);

// A record that could not become an item: where it was, why, and its bytes.
struct BadRecord {
  std::string source;  // file name, "<stdin>"
  size_t line = 0;
  std::string reason;  // "created_at: ..." (field first)
  std::string record;  // the raw line (possibly truncated for over-long lines)

  std::string Describe() const;  // "posts.jsonl:1832: created_at: ..."
};

class ItemReader {
 public:
  static Result<std::unique_ptr<ItemReader>> Open(const std::string& path);  // "-" = stdin
  explicit ItemReader(std::unique_ptr<LineReader> lines);

  enum class Outcome { kItem, kBadRecord, kEnd, kIoError };
  // Blank lines are skipped. kIoError: the input itself failed (io_error() says why).
  Outcome Next(Item* item, BadRecord* bad);

  const Status& io_error() const { return lines_->error(); }
  uint64_t bytes_read() const { return lines_->bytes_read(); }
  const std::string& name() const { return lines_->name(); }
  // Whether the next record is already in memory (Next will not wait for input).
  bool HasBufferedRecord() const { return lines_->HasBufferedLine(); }
  size_t line() const { return line_; }  // number of the line last returned

 private:
  std::unique_ptr<LineReader> lines_;
  ItemParser parser_;
  bool first_line_ = true;
  size_t line_ = 0;
};

}  // namespace yuqing
