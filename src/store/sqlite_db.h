// A thin RAII face over SQLite (the embedded store of product.md §3): open in WAL mode, run
// statements, bind and read columns, transactions. Errors come back as Status values that
// quote SQLite's message and the statement they are about; nothing here throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace yuqing {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are numbered from 1, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  SqliteStatement& BindNull(int index);

  // One step: true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to the end, for statements that return no rows.
  Status Run();
  // Clears bindings and rewinds, so the statement can run again.
  void Reset();

  // Columns are numbered from 0.
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* stmt, std::string sql) : stmt_(stmt), sql_(std::move(sql)) {}
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;  // for error messages
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database at `path` with WAL journaling, a 5 s busy timeout
  // and foreign keys on. ":memory:" gives a private in-memory database (tests).
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs one or more statements that return no rows (schema, pragmas).
  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);

  int64_t LastInsertRowId() const;
  int64_t ChangedRows() const;  // by the last INSERT/UPDATE/DELETE
  const std::string& path() const { return path_; }
  // The connection itself, for what this face does not cover (registering an FTS5 tokenizer).
  sqlite3* handle() const { return db_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless Commit() succeeded. IMMEDIATE
// takes the write lock at once, so two processes never deadlock upgrading read locks.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db);
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  const Status& begin_status() const { return begin_status_; }
  Status Commit();

 private:
  SqliteDb& db_;
  Status begin_status_;
  bool open_ = false;
};

}  // namespace yuqing
