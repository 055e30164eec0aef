// The statistics of the item store: series, counts per region, scheme and word.
#include <string>
#include <utility>
#include <vector>

#include "store/item_store.h"
#include "store/item_store_sql.h"

namespace yuqing {

Result<std::vector<SeriesPoint>> ItemStore::Volume(int64_t from_ms, int64_t to_ms,
                                                   int64_t bucket_ms, SeriesGroup group,
                                                   const Jurisdiction& who) const {
  if (bucket_ms <= 0) return Status::InvalidInput("volume: bucket_ms must be positive");
  // Scheme and province series read only their side table: the creation time is in the rowid.
  const bool side_table = group == SeriesGroup::kScheme || group == SeriesGroup::kProvince;
  const std::string item = side_table ? "g.item" : "i.rowid";
  // Floor division (SQLite's '/' truncates toward zero), shifted to China's midnight.
  const std::string shifted = "((" + item + " >> " + std::to_string(kSequenceBits) + ") + " +
                              std::to_string(kChinaOffsetMs) + ")";
  const std::string b = std::to_string(bucket_ms);
  SqlText sql;
  sql << "SELECT " << shifted << " - ((" << shifted << " % " << b << ") + " << b << ") % " << b
      << " - " << std::to_string(kChinaOffsetMs) << " AS bucket, ";
  switch (group) {
    case SeriesGroup::kNone:
      sql << "'' AS k, count(*) FROM items i";
      break;
    case SeriesGroup::kScheme:
      sql << "g.scheme AS k, count(*) FROM item_schemes g";
      break;
    case SeriesGroup::kSentiment:
      sql << "coalesce(i.sentiment, '') AS k, count(*) FROM items i";
      break;
    case SeriesGroup::kPlatform:
      sql << "coalesce(i.platform, '') AS k, count(*) FROM items i";
      break;
    case SeriesGroup::kProvince:
      // count(DISTINCT): an item with two codes in one province counts once there.
      sql << "substr(g.code, 1, 2) || '0000' AS k, count(DISTINCT g.item) FROM item_regions g";
      break;
  }
  sql << " WHERE 1";
  AppendWindow(item, from_ms, to_ms, &sql);
  AppendVisible(item, who, &sql);
  sql << " GROUP BY bucket, k ORDER BY bucket, k";
  auto statement = sql.Prepare(*impl_->db);
  return ReadAll<SeriesPoint>(std::move(statement), [](const SqliteStatement& row) {
    return SeriesPoint{
        .bucket_ms = row.ColumnInt(0), .key = row.ColumnText(1), .count = row.ColumnInt(2)};
  });
}

Result<std::vector<CountByKey>> ItemStore::RegionCounts(const std::string& parent_prefix,
                                                        int64_t from_ms, int64_t to_ms,
                                                        const Jurisdiction& who) const {
  // A full code names its level by its trailing zeros: 510000 is 四川 ("51"), 510100 成都
  // ("5101"); no county code ends in 00.
  std::string prefix = parent_prefix;
  if (prefix.size() == 6 && prefix.ends_with("0000")) {
    prefix.resize(2);
  } else if (prefix.size() == 6 && prefix.ends_with("00")) {
    prefix.resize(4);
  }
  const size_t parent = prefix.size();
  size_t child = 0;
  switch (parent) {
    case 0:
      child = 2;
      break;
    case 2:
      child = 4;
      break;
    case 4:
      child = 6;
      break;
    case 6:
      child = 9;
      break;
    default:
      return Status::InvalidInput("region counts: '" + prefix +
                                  "' is not a province, city or county code prefix");
  }
  const std::string key = "substr(r.code, 1, " + std::to_string(child) + ")";
  SqlText sql;
  sql << "SELECT " << key;
  if (child < 6) sql << " || '" << std::string(6 - child, '0') << "'";
  sql << " AS k, count(DISTINCT r.item), "
         "count(DISTINCT CASE WHEN r.negative THEN r.item END) FROM item_regions r WHERE ";
  AppendCodeRange("r.code", prefix, &sql);
  // Codes of the parent itself ("510000" under "51") are not in any child.
  sql << " AND length(r.code) >= " << std::to_string(child) << " AND substr(r.code, "
      << std::to_string(parent + 1) << ", " << std::to_string(child - parent) << ") != '"
      << std::string(child - parent, '0') << "'";
  AppendWindow("r.item", from_ms, to_ms, &sql);
  AppendVisible("r.item", who, &sql);
  sql << " GROUP BY k ORDER BY 2 DESC, k";
  return ReadAll<CountByKey>(sql.Prepare(*impl_->db), ReadCount);
}

Result<std::vector<CountByKey>> ItemStore::SchemeCounts(int64_t from_ms, int64_t to_ms,
                                                        const Jurisdiction& who) const {
  SqlText sql;
  sql << "SELECT s.scheme, count(*), sum(s.negative) FROM item_schemes s WHERE 1";
  AppendWindow("s.item", from_ms, to_ms, &sql);
  AppendVisible("s.item", who, &sql);
  sql << " GROUP BY s.scheme ORDER BY 2 DESC, 1";
  return ReadAll<CountByKey>(sql.Prepare(*impl_->db), ReadCount);
}

Result<std::vector<CountByKey>> ItemStore::HotWords(int64_t from_ms, int64_t to_ms, size_t limit,
                                                    const Jurisdiction& who) const {
  SqlText sql;
  sql << "SELECT k.word, count(*), sum(k.negative) FROM item_keywords k WHERE 1";
  AppendWindow("k.item", from_ms, to_ms, &sql);
  AppendVisible("k.item", who, &sql);
  sql << " GROUP BY k.word ORDER BY 2 DESC, 1 LIMIT ";
  sql.Param(static_cast<int64_t>(limit));
  return ReadAll<CountByKey>(sql.Prepare(*impl_->db), ReadCount);
}

Result<int64_t> ItemStore::Count(const Jurisdiction& who) const {
  SqlText sql;
  sql << "SELECT count(*) FROM items i WHERE 1";
  AppendVisible("i.rowid", who, &sql, /*by_index=*/true);
  auto select = sql.Prepare(*impl_->db);
  if (!select.ok()) return select.status();
  if (auto row = select->Step(); !row.ok()) return row.status();
  return select->ColumnInt(0);
}

}  // namespace yuqing
