// What the item store's queries are made of (item_store.cc, item_stats.cc): the rowid that is
// a time, and the filters every query shares. Internal to src/store.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/item_store.h"
#include "store/sql_text.h"

namespace yuqing {

class Segmenter;

// An item's rowid is its creation time in milliseconds shifted left by 20 bits, plus a
// sequence number for items created in the same millisecond. So rowid order is time order:
// "newest first" is FTS5's own ORDER BY rowid DESC (which stops after LIMIT rows instead of
// sorting every match), and a time window is a rowid range on every table keyed by item.
constexpr int kSequenceBits = 20;
constexpr int64_t kSequenceMask = (int64_t{1} << kSequenceBits) - 1;
constexpr int64_t kMaxMs = int64_t{1} << 42;  // about 139 years either side of 1970

inline int64_t RowidAtMs(int64_t ms) {
  return std::clamp(ms, -kMaxMs, kMaxMs - 1) * (int64_t{1} << kSequenceBits);
}

// Day buckets start at midnight in China (UTC+8); hour buckets are the same either way.
constexpr int64_t kChinaOffsetMs = int64_t{8} * 3'600'000;

// The first string after every string starting with `prefix` ("51" → "52"); empty when there
// is none.
inline std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

inline void AppendCodeRange(std::string_view column, const std::string& prefix, SqlText* sql) {
  const std::string end = PrefixEnd(prefix);
  if (prefix.empty()) {
    *sql << "1";
  } else if (end.empty()) {
    *sql << column << " >= ";
    sql->Param(prefix);
  } else {
    *sql << column << " >= ";
    sql->Param(prefix);
    *sql << " AND " << column << " < ";
    sql->Param(end);
  }
}

// "the item has a region code under one of the prefixes". `by_index`: as `item IN (items of
// those codes)`, which SQLite answers from item_regions_code and can drive the scan with: what
// a query without words needs (a region among a million items: 38 ms instead of 400 ms, where
// the probe per item walks them all). With words, FTS5 drives and a probe per match is cheaper
// than materialising every item of a province.
inline void AppendInRegions(std::string_view item, const std::vector<std::string>& prefixes,
                            SqlText* sql, bool by_index = false) {
  if (by_index) {
    *sql << item << " IN (SELECT jr.item FROM item_regions jr WHERE ";
    for (size_t i = 0; i < prefixes.size(); ++i) {
      if (i > 0) *sql << " OR ";
      *sql << "(";
      AppendCodeRange("jr.code", prefixes[i], sql);
      *sql << ")";
    }
    *sql << ")";
    return;
  }
  *sql << "EXISTS (SELECT 1 FROM item_regions jr WHERE jr.item = " << item << " AND (";
  for (size_t i = 0; i < prefixes.size(); ++i) {
    if (i > 0) *sql << " OR ";
    *sql << "(";
    AppendCodeRange("jr.code", prefixes[i], sql);
    *sql << ")";
  }
  *sql << "))";
}

// " AND <who may see the item>"
inline void AppendVisible(std::string_view item, const Jurisdiction& who, SqlText* sql,
                          bool by_index = false) {
  if (who.everything) return;
  if (who.region_prefixes.empty()) {
    *sql << " AND 0";
    return;
  }
  *sql << " AND ";
  AppendInRegions(item, who.region_prefixes, sql, by_index);
}

inline void AppendWindow(std::string_view rowid, int64_t from_ms, int64_t to_ms, SqlText* sql) {
  *sql << " AND " << rowid << " >= ";
  sql->Param(RowidAtMs(from_ms));
  *sql << " AND " << rowid << " < ";
  sql->Param(RowidAtMs(to_ms));
}

template <typename T>
Result<std::vector<T>> ReadAll(Result<SqliteStatement> statement,
                               T (*read)(const SqliteStatement&)) {
  if (!statement.ok()) return statement.status();
  std::vector<T> rows;
  while (true) {
    auto row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    rows.push_back(read(*statement));
  }
}

inline CountByKey ReadCount(const SqliteStatement& row) {
  return {.key = row.ColumnText(0), .count = row.ColumnInt(1), .negative = row.ColumnInt(2)};
}

struct ItemStore::Impl {
  SqliteDb* db;
  const Segmenter* segmenter;
};

}  // namespace yuqing
