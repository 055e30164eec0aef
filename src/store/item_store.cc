#include "store/item_store.h"

#include <algorithm>
#include <utility>

#include "core/item_jsonl.h"
#include "nlp/segmenter.h"
#include "store/item_store_sql.h"
#include "store/search_snippet.h"
#include "store/segmenting_tokenizer.h"
#include "store/sql_text.h"

namespace yuqing {
namespace {

// Search counts matches exactly up to here; beyond it the count says "at least".
constexpr int64_t kMaxExactTotal = 10'000;
constexpr size_t kMaxPageSize = 1000;

// What the full-text index holds for an item, computed in SQL from the stored JSON both when
// the item is indexed and when it is deleted: a contentless FTS5 table can only forget a row
// when given exactly the text it indexed.
constexpr const char* kTitleSql = "coalesce(json_extract(json, '$.title'), '')";
constexpr const char* kBodySql =
    "coalesce(json_extract(json, '$.clean_text'), json_extract(json, '$.text'), '')";

// Version 1 of the item tables. No index on items.created_ms: the rowid is the time index.
// The JSON lives apart from the columns the filters read (item_docs), so that `items` rows are
// small and the thousands of lookups of a count or a statistic touch few pages.
// The side tables are keyed (item, value) for the lookups by item and indexed (value, item)
// for the filters, whose time window is then a range within one value. They repeat whether
// the item is negative (an item's analysis never changes once stored), so the counts per
// region, scheme and word need not visit `items`.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE items (
  rowid INTEGER PRIMARY KEY,
  id TEXT UNIQUE NOT NULL,
  created_ms INTEGER NOT NULL,
  platform TEXT,
  source_class TEXT,
  sentiment TEXT,
  story_id TEXT
);
CREATE TABLE item_docs (
  rowid INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE INDEX items_story ON items (story_id, rowid) WHERE story_id IS NOT NULL;
CREATE TABLE item_regions (
  item INTEGER NOT NULL,
  code TEXT NOT NULL,
  negative INTEGER NOT NULL,
  PRIMARY KEY (item, code)
) WITHOUT ROWID;
CREATE INDEX item_regions_code ON item_regions (code, item, negative);
CREATE TABLE item_schemes (
  item INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  negative INTEGER NOT NULL,
  PRIMARY KEY (item, scheme)
) WITHOUT ROWID;
CREATE INDEX item_schemes_scheme ON item_schemes (scheme, item);
CREATE TABLE item_keywords (
  item INTEGER NOT NULL,
  word TEXT NOT NULL,
  negative INTEGER NOT NULL,
  PRIMARY KEY (item, word)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE item_text USING fts5 (title, body, content = '', tokenize = 'yuqing');
CREATE TABLE item_store_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// The tokenizer the full-text index was built with (item_store_state 'tokenizer').
constexpr const char* kTokenizerKey = "tokenizer";

bool HasRegionCode(const RegionMatch& region) {
  return !region.code.empty() && region.scope != "foreign";
}

}  // namespace

ItemStore::ItemStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ItemStore::~ItemStore() = default;

Result<std::unique_ptr<ItemStore>> ItemStore::Open(SqliteDb* db, const Segmenter* segmenter) {
  if (Status s = RegisterSegmentingTokenizer(db->handle(), segmenter); !s.ok()) return s;
  if (Status s = Migrate(*db, "items", {kSchemaV1}); !s.ok()) return s;
  // An acknowledged Put must survive a power loss too, not only a killed process (which WAL
  // with synchronous=NORMAL already survives): FULL syncs the WAL at every commit. Puts are
  // batches, so that is one fsync per batch.
  if (Status s = db->Exec("PRAGMA synchronous=FULL"); !s.ok()) return s;
  std::unique_ptr<ItemStore> store(new ItemStore(std::make_unique<Impl>(Impl{db, segmenter})));
  // A contentless index forgets a row only when given the same tokens it indexed: after the
  // dictionaries change, retention would leave stale postings behind. Rebuild it instead.
  auto built_with = db->Prepare("SELECT value FROM item_store_state WHERE key = ?1");
  if (!built_with.ok()) return built_with.status();
  built_with->Bind(1, kTokenizerKey);
  auto row = built_with->Step();
  if (!row.ok()) return row.status();
  if (!*row || built_with->ColumnText(0) != TokenizerFingerprint(*segmenter)) {
    built_with->Reset();
    if (Status s = store->Reindex(); !s.ok()) return s.WithPrefix("item store: reindex");
  }
  return store;
}

Status ItemStore::Reindex() {
  SqliteDb& db = *impl_->db;
  SqliteTransaction txn(db);
  if (!txn.begin_status().ok()) return txn.begin_status();
  const std::string rebuild = std::string(
                                  "INSERT INTO item_text (item_text) VALUES ('delete-all'); "
                                  "INSERT INTO item_text (rowid, title, body) SELECT rowid, ") +
                              kTitleSql + ", " + kBodySql + " FROM item_docs";
  if (Status s = db.Exec(rebuild); !s.ok()) return s;
  auto record = db.Prepare(
      "INSERT INTO item_store_state (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!record.ok()) return record.status();
  record->Bind(1, kTokenizerKey).Bind(2, TokenizerFingerprint(*impl_->segmenter));
  if (Status s = record->Run(); !s.ok()) return s;
  return txn.Commit();
}

Result<size_t> ItemStore::Put(const std::vector<Item>& items) {
  for (const Item& item : items) {
    if (item.id.empty()) return Status::InvalidInput("item store: an item without an id");
  }
  SqliteDb& db = *impl_->db;
  SqliteTransaction txn(db);
  if (!txn.begin_status().ok()) return txn.begin_status();
  auto last = db.Prepare("SELECT max(rowid) FROM items WHERE rowid BETWEEN ?1 AND ?2");
  auto insert = db.Prepare(
      "INSERT OR IGNORE INTO items (rowid, id, created_ms, platform, source_class, sentiment, "
      "story_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  auto doc = db.Prepare("INSERT INTO item_docs (rowid, json) VALUES (?1, ?2)");
  auto index_text = db.Prepare(std::string("INSERT INTO item_text (rowid, title, body) SELECT "
                                           "rowid, ") +
                               kTitleSql + ", " + kBodySql + " FROM item_docs WHERE rowid = ?1");
  auto region =
      db.Prepare("INSERT OR IGNORE INTO item_regions (item, code, negative) VALUES (?1, ?2, ?3)");
  auto scheme =
      db.Prepare("INSERT OR IGNORE INTO item_schemes (item, scheme, negative) VALUES (?1, ?2, ?3)");
  auto keyword =
      db.Prepare("INSERT OR IGNORE INTO item_keywords (item, word, negative) VALUES (?1, ?2, ?3)");
  for (const auto* statement : {&last, &insert, &doc, &index_text, &region, &scheme, &keyword}) {
    if (!statement->ok()) return statement->status();
  }
  auto run = [](SqliteStatement& statement) {
    Status status = statement.Run();
    statement.Reset();
    return status;
  };

  size_t added = 0;
  std::string json;
  for (const Item& item : items) {
    const int64_t base = RowidAtMs(item.created_at.unix_ms);
    last->Bind(1, base).Bind(2, base + kSequenceMask);
    auto row = last->Step();
    if (!row.ok()) return row.status();
    int64_t rowid = base;
    if (!last->ColumnIsNull(0)) rowid = last->ColumnInt(0) + 1;
    last->Reset();
    if (rowid > base + kSequenceMask) {
      return Status::Internal("item store: too many items in one millisecond at " + item.id);
    }

    json.clear();
    AppendItemJson(item, &json);
    const ItemAnalysis& a = item.analysis;
    insert->Bind(1, rowid)
        .Bind(2, item.id)
        .Bind(3, item.created_at.unix_ms)
        .Bind(4, PlatformName(item.platform));
    if (a.source_class) insert->Bind(5, *a.source_class);
    if (a.sentiment) insert->Bind(6, a.sentiment->label);
    if (a.story_id) insert->Bind(7, *a.story_id);
    if (Status s = run(*insert); !s.ok()) return s.WithPrefix(item.id);
    if (db.ChangedRows() == 0) continue;  // stored before
    ++added;

    doc->Bind(1, rowid).Bind(2, json);
    if (Status s = run(*doc); !s.ok()) return s.WithPrefix(item.id);
    const int64_t negative = a.sentiment && a.sentiment->label == "negative" ? 1 : 0;
    index_text->Bind(1, rowid);
    if (Status s = run(*index_text); !s.ok()) return s.WithPrefix(item.id);
    if (a.regions) {
      for (const RegionMatch& match : *a.regions) {
        if (!HasRegionCode(match)) continue;
        region->Bind(1, rowid).Bind(2, match.code).Bind(3, negative);
        if (Status s = run(*region); !s.ok()) return s.WithPrefix(item.id);
      }
    }
    if (a.schemes) {
      for (const std::string& id : *a.schemes) {
        scheme->Bind(1, rowid).Bind(2, id).Bind(3, negative);
        if (Status s = run(*scheme); !s.ok()) return s.WithPrefix(item.id);
      }
    }
    if (a.keywords) {
      for (const std::string& word : *a.keywords) {
        keyword->Bind(1, rowid).Bind(2, word).Bind(3, negative);
        if (Status s = run(*keyword); !s.ok()) return s.WithPrefix(item.id);
      }
    }
  }
  if (Status s = txn.Commit(); !s.ok()) return s;
  return added;
}

Result<bool> ItemStore::Contains(const std::string& id) const {
  auto select = impl_->db->Prepare("SELECT 1 FROM items WHERE id = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, id);
  return select->Step();
}

Result<std::optional<std::string>> ItemStore::Get(const std::string& id,
                                                  const Jurisdiction& who) const {
  SqlText sql;
  sql << "SELECT d.json FROM items i JOIN item_docs d ON d.rowid = i.rowid WHERE i.id = ";
  sql.Param(id);
  AppendVisible("i.rowid", who, &sql);
  auto select = sql.Prepare(*impl_->db);
  if (!select.ok()) return select.status();
  auto row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(select->ColumnText(0));
}

Result<ItemPage> ItemStore::Search(const ItemQuery& query, const Jurisdiction& who) const {
  ItemPage page;
  std::vector<std::string> words;
  if (!query.text.empty()) {
    words = QueryWords(*impl_->segmenter, query.text);
    // Only punctuation: nothing can match (and "every item" would be a surprising answer).
    if (words.empty()) return page;
  }
  // The count reads `items` only when a filter needs its columns: its rows are cheap, but not
  // thousands of them when the index alone can answer.
  const bool filters_items = !query.sentiment.empty() || !query.platform.empty() ||
                             !query.source_class.empty() || !query.story_id.empty();
  const char* rowid = words.empty() ? "i.rowid" : "item_text.rowid";
  // FROM … WHERE … shared by the page and the count.
  auto append_from = [&](SqlText* sql, bool for_page) {
    if (words.empty()) {
      *sql << " FROM items i";
      if (for_page) *sql << " JOIN item_docs d ON d.rowid = i.rowid";
      *sql << " WHERE 1";
    } else {
      *sql << " FROM item_text";
      if (for_page || filters_items) *sql << " JOIN items i ON i.rowid = item_text.rowid";
      if (for_page) *sql << " JOIN item_docs d ON d.rowid = item_text.rowid";
      *sql << " WHERE item_text MATCH ";
      sql->Param(MatchAllExpression(words));
    }
    if (query.from_ms) {
      *sql << " AND " << rowid << " >= ";
      sql->Param(RowidAtMs(*query.from_ms));
    }
    if (query.to_ms) {
      *sql << " AND " << rowid << " < ";
      sql->Param(RowidAtMs(*query.to_ms));
    }
    const std::pair<const char*, const std::string*> columns[] = {
        {"i.sentiment", &query.sentiment},
        {"i.platform", &query.platform},
        {"i.source_class", &query.source_class},
        {"i.story_id", &query.story_id}};
    for (const auto& [column, value] : columns) {
      if (value->empty()) continue;
      *sql << " AND " << column << " = ";
      sql->Param(*value);
    }
    if (!query.scheme.empty()) {
      *sql << " AND EXISTS (SELECT 1 FROM item_schemes s WHERE s.item = " << rowid
           << " AND s.scheme = ";
      sql->Param(query.scheme);
      *sql << ")";
    }
    if (!query.region_prefix.empty()) {
      *sql << " AND ";
      AppendInRegions(rowid, {query.region_prefix}, sql, /*by_index=*/words.empty());
    }
    AppendVisible(rowid, who, sql, /*by_index=*/words.empty());
  };

  SqlText count;
  count << "SELECT count(*) FROM (SELECT 1";
  append_from(&count, false);
  count << " LIMIT ";
  count.Param(kMaxExactTotal);
  count << ")";
  auto counted = count.Prepare(*impl_->db);
  if (!counted.ok()) return counted.status();
  if (auto row = counted->Step(); !row.ok()) return row.status();
  page.total = counted->ColumnInt(0);
  if (page.total == 0 ||
      (page.total < kMaxExactTotal && query.offset >= static_cast<size_t>(page.total))) {
    return page;
  }

  SqlText sql;
  sql << "SELECT i.id, d.json, " << kBodySql << ", " << kTitleSql;
  append_from(&sql, true);
  sql << " ORDER BY " << rowid << " DESC LIMIT ";
  sql.Param(static_cast<int64_t>(std::min(query.limit, kMaxPageSize)));
  sql << " OFFSET ";
  sql.Param(static_cast<int64_t>(query.offset));
  auto select = sql.Prepare(*impl_->db);
  if (!select.ok()) return select.status();
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string body = select->ColumnText(2);
    if (body.empty()) body = select->ColumnText(3);
    page.hits.push_back({.id = select->ColumnText(0),
                         .item_json = select->ColumnText(1),
                         .snippet = MakeSnippet(body, words)});
  }
  return page;
}

Result<int64_t> ItemStore::DeleteBefore(int64_t before_ms) {
  SqliteDb& db = *impl_->db;
  const int64_t end = RowidAtMs(before_ms);
  SqliteTransaction txn(db);
  if (!txn.begin_status().ok()) return txn.begin_status();
  const std::string statements[] = {
      std::string("INSERT INTO item_text (item_text, rowid, title, body) SELECT 'delete', "
                  "rowid, ") +
          kTitleSql + ", " + kBodySql + " FROM item_docs WHERE rowid < ?1",
      "DELETE FROM item_docs WHERE rowid < ?1",
      "DELETE FROM item_regions WHERE item < ?1",
      "DELETE FROM item_schemes WHERE item < ?1",
      "DELETE FROM item_keywords WHERE item < ?1",
      "DELETE FROM items WHERE rowid < ?1",
  };
  for (const std::string& text : statements) {
    auto statement = db.Prepare(text);
    if (!statement.ok()) return statement.status();
    statement->Bind(1, end);
    if (Status s = statement->Run(); !s.ok()) return s;
  }
  const int64_t deleted = db.ChangedRows();
  if (Status s = txn.Commit(); !s.ok()) return s;
  return deleted;
}

}  // namespace yuqing
