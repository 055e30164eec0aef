// Analysed items in the embedded store (product.md §3), searchable by words: SQLite FTS5 with a
// tokenizer that segments Chinese with our Segmenter (words, not trigrams) and also indexes the
// dictionary words inside longer words, so 社保 finds 社保卡 and 城乡居民养老保险 finds itself.
// Writes are idempotent by item id; reads take a jurisdiction (region-code prefixes) so a
// caller can never forget to filter. The schema is versioned (schema_migrations).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/item.h"
#include "core/status.h"
#include "store/sqlite_db.h"

namespace yuqing {

class Segmenter;

// Whose items a reader may see: empty `region_prefixes` with `everything` = the national unit;
// otherwise items with at least one region code starting with one of the prefixes.
struct Jurisdiction {
  bool everything = false;
  std::vector<std::string> region_prefixes;  // "51", "5101", "510104"
};

struct ItemQuery {
  std::string text;                // words; empty: every item
  std::optional<int64_t> from_ms;  // created_at ≥ from
  std::optional<int64_t> to_ms;    // created_at < to
  std::string scheme;              // scheme id
  std::string region_prefix;       // narrows within the jurisdiction
  std::string sentiment;           // negative | neutral | positive
  std::string platform;            // PlatformName
  std::string source_class;
  std::string story_id;
  size_t limit = 20;
  size_t offset = 0;
};

struct ItemHit {
  std::string id;
  std::string item_json;  // the analysed item as written by AppendItemJson
  std::string snippet;    // HTML-escaped, matches in <mark></mark>; ≤ ~160 characters
};

struct ItemPage {
  int64_t total = 0;  // matching items (exact up to 10,000, then a lower bound)
  std::vector<ItemHit> hits;
};

struct CountByKey {
  std::string key;  // scheme id, sentiment label, platform, region code, or word
  int64_t count = 0;
  int64_t negative = 0;  // of those, sentiment negative (region counts)
};

struct SeriesPoint {
  int64_t bucket_ms = 0;  // start of the hour or day (UTC+8 days)
  std::string key;        // group ("" when not grouped)
  int64_t count = 0;
};

enum class SeriesGroup { kNone, kScheme, kSentiment, kPlatform, kProvince };

class ItemStore {
 public:
  // Opens the item tables in `db` (creating or migrating them), registers the segmenting
  // tokenizer on this connection and sets it to synchronous=FULL (see Put). `segmenter` must
  // outlive the store. The store uses the connection from one thread at a time.
  static Result<std::unique_ptr<ItemStore>> Open(SqliteDb* db, const Segmenter* segmenter);
  ~ItemStore();

  // Stores analysed items in one transaction; an id already stored is left as it is. Returns how
  // many were new. When this returns Ok the items are durable (WAL, synchronous=NORMAL is not
  // enough: FULL for this commit).
  Result<size_t> Put(const std::vector<Item>& items);
  Result<bool> Contains(const std::string& id) const;
  Result<std::optional<std::string>> Get(const std::string& id, const Jurisdiction& who) const;

  Result<ItemPage> Search(const ItemQuery& query, const Jurisdiction& who) const;
  Result<std::vector<SeriesPoint>> Volume(int64_t from_ms, int64_t to_ms, int64_t bucket_ms,
                                          SeriesGroup group, const Jurisdiction& who) const;
  // Item counts per region code at the level below `parent_prefix` ("" → provinces,
  // "51" → cities of 四川, "5101" → counties of 成都, "510104" → towns), most items first.
  // Full codes of provinces and cities work too ("510000" = "51", "510100" = "5101"). Keys are
  // 6-digit codes ("510100"), 9 digits for towns.
  Result<std::vector<CountByKey>> RegionCounts(const std::string& parent_prefix, int64_t from_ms,
                                               int64_t to_ms, const Jurisdiction& who) const;
  Result<std::vector<CountByKey>> SchemeCounts(int64_t from_ms, int64_t to_ms,
                                               const Jurisdiction& who) const;
  Result<std::vector<CountByKey>> HotWords(int64_t from_ms, int64_t to_ms, size_t limit,
                                           const Jurisdiction& who) const;
  Result<int64_t> Count(const Jurisdiction& who) const;

  // Retention: deletes items created before `before_ms` (with their index rows).
  Result<int64_t> DeleteBefore(int64_t before_ms);

  // Rebuilds the full-text index from the stored items. Open does it by itself when the
  // segmenter's dictionaries differ from those the index was built with (TokenizerFingerprint).
  Status Reindex();

 private:
  struct Impl;
  explicit ItemStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The schema version table every store component shares: `Migrate(db, component, steps)` runs
// the steps after the recorded version for `component`, each in its own transaction.
Status Migrate(SqliteDb& db, const std::string& component, const std::vector<std::string>& steps);

}  // namespace yuqing
