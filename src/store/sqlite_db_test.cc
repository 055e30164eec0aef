#include "store/sqlite_db.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace yuqing {
namespace {

TEST(SqliteDbTest, BindsStepsAndReadsColumns) {
  auto db = SqliteDb::Open(":memory:");
  ASSERT_TRUE(db.ok()) << db.status().message();
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)").ok());
  auto insert = (*db)->Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->Bind(1, "养老金").Bind(2, int64_t{42}).Run().ok());
  insert->Reset();
  ASSERT_TRUE(insert->Bind(1, "医保").BindNull(2).Run().ok());

  auto select = (*db)->Prepare("SELECT k, v FROM t ORDER BY v IS NULL, k");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "养老金");
  EXPECT_EQ(select->ColumnInt(1), 42);
  ASSERT_TRUE(*select->Step());
  EXPECT_TRUE(select->ColumnIsNull(1));
  EXPECT_FALSE(*select->Step());
}

TEST(SqliteDbTest, ErrorsNameTheStatement) {
  auto db = SqliteDb::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto bad = (*db)->Prepare("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("SELEKT 1"), std::string::npos);
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  auto insert = (*db)->Prepare("INSERT INTO t (k) VALUES ('a')");
  ASSERT_TRUE(insert->Run().ok());
  insert->Reset();
  Status duplicate = insert->Run();
  EXPECT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.message().find("UNIQUE"), std::string::npos) << duplicate.message();
}

TEST(SqliteDbTest, TransactionRollsBackUnlessCommitted) {
  auto path = std::filesystem::temp_directory_path() / "yuqing_sqlite_db_test.db";
  std::filesystem::remove(path);
  {
    auto db = SqliteDb::Open(path.string());
    ASSERT_TRUE(db.ok()) << db.status().message();
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t (v INTEGER)").ok());
    {
      SqliteTransaction transaction(**db);
      ASSERT_TRUE(transaction.begin_status().ok());
      ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (1)").ok());
    }  // no commit
    {
      SqliteTransaction transaction(**db);
      ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (2)").ok());
      ASSERT_TRUE(transaction.Commit().ok());
    }
  }
  auto reopened = SqliteDb::Open(path.string());
  ASSERT_TRUE(reopened.ok());
  auto sum = (*reopened)->Prepare("SELECT count(*), sum(v) FROM t");
  ASSERT_TRUE(*sum->Step());
  EXPECT_EQ(sum->ColumnInt(0), 1);
  EXPECT_EQ(sum->ColumnInt(1), 2);
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace yuqing
