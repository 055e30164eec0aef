#include "store/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace yuqing {
namespace {

Delivery MakeDelivery(const std::string& key) {
  Delivery d;
  d.idempotency_key = key;
  d.receiver = "成都市人社局 养老保险处";
  d.endpoint = {.kind = ChannelKind::kDingTalk, .address = "https://x/robot", .secret = "SEC1"};
  d.subject = "【II 重大】成都市 养老金停发传言";
  d.text = "**养老金** 停发传言";
  d.payload_json = R"({"incident":"inc-1"})";
  d.created_ms = 1700000000000;
  return d;
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDb::Open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    auto outbox = Outbox::Open(db_.get(), {.seed = 7});
    ASSERT_TRUE(outbox.ok()) << outbox.status().message();
    outbox_ = std::move(*outbox);
  }
  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, EnqueueIsIdempotentAndKeepsEveryField) {
  auto first = outbox_->Enqueue(MakeDelivery("k1"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(*first);
  Delivery changed = MakeDelivery("k1");
  changed.text = "another text";
  auto second = outbox_->Enqueue(changed);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);

  auto entry = outbox_->Get("k1");
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->delivery.text, "**养老金** 停发传言");  // the second enqueue changed nothing
  EXPECT_EQ(entry->delivery.endpoint.kind, ChannelKind::kDingTalk);
  EXPECT_EQ(entry->delivery.endpoint.secret, "SEC1");
  EXPECT_EQ(entry->delivery.payload_json, R"({"incident":"inc-1"})");
  EXPECT_EQ(entry->delivery.created_ms, 1700000000000);
  EXPECT_EQ(entry->state, OutboxState::kPending);
  EXPECT_FALSE(outbox_->Enqueue(MakeDelivery("")).ok());
}

TEST_F(OutboxTest, ClaimMarksSendingAndDeliveredIsFinal) {
  ASSERT_TRUE(outbox_->Enqueue(MakeDelivery("a")).ok());
  ASSERT_TRUE(outbox_->Enqueue(MakeDelivery("b")).ok());
  auto claimed = outbox_->ClaimDue(1000, 1);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].delivery.idempotency_key, "a");
  EXPECT_EQ((*claimed)[0].attempts, 1);
  // Claimed entries are not handed out twice while their lease runs.
  auto next = outbox_->ClaimDue(1000, 10);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].delivery.idempotency_key, "b");

  ASSERT_TRUE(outbox_->RecordAttempt("a", {.delivered = true, .status_code = 200}, 1100).ok());
  auto counts = outbox_->Counts();
  EXPECT_EQ(counts->delivered, 1);
  EXPECT_EQ(counts->sending, 1);
  EXPECT_EQ(outbox_->Get("a")->delivered_ms, 1100);
  EXPECT_TRUE(outbox_->ClaimDue(10'000'000, 10)->size() == 1);  // b, its lease expired; not a
}

TEST_F(OutboxTest, RetryableFailuresBackOffExponentiallyThenFail) {
  ASSERT_TRUE(outbox_->Enqueue(MakeDelivery("k")).ok());
  EXPECT_EQ(outbox_->BaseBackoffMs(1), 1000);
  EXPECT_EQ(outbox_->BaseBackoffMs(2), 2000);
  EXPECT_EQ(outbox_->BaseBackoffMs(10), 512000);
  EXPECT_EQ(outbox_->BaseBackoffMs(11), 600000);
  EXPECT_EQ(outbox_->BaseBackoffMs(40), 600000);

  int64_t now = 0;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    auto due = outbox_->ClaimDue(now, 10);
    ASSERT_TRUE(due.ok());
    ASSERT_EQ(due->size(), 1u) << "attempt " << attempt;
    ASSERT_TRUE(outbox_->RecordAttempt("k", {.retryable = true, .status_code = 503}, now).ok());
    auto entry = outbox_->Get("k");
    if (attempt < 12) {
      ASSERT_EQ(entry->state, OutboxState::kPending);
      const int64_t wait = entry->next_attempt_ms - now;
      const int64_t base = outbox_->BaseBackoffMs(attempt);
      EXPECT_LE(wait, base);
      EXPECT_GE(wait, base - base / 10);
      EXPECT_TRUE(outbox_->ClaimDue(entry->next_attempt_ms - 1, 10)->empty());
      now = entry->next_attempt_ms;
    } else {
      EXPECT_EQ(entry->state, OutboxState::kFailed);
    }
  }
  auto receipts = outbox_->Receipts("k");
  ASSERT_EQ(receipts->size(), 12u);
  EXPECT_EQ(receipts->back().attempt, 12);
  EXPECT_EQ(receipts->back().receipt.status_code, 503);
  EXPECT_EQ(outbox_->Counts()->failed, 1);
}

TEST_F(OutboxTest, NonRetryableFailureFailsAtOnce) {
  ASSERT_TRUE(outbox_->Enqueue(MakeDelivery("k")).ok());
  ASSERT_EQ(outbox_->ClaimDue(0, 10)->size(), 1u);
  ASSERT_TRUE(
      outbox_->RecordAttempt("k", {.retryable = false, .status_code = 404, .detail = "nope"}, 5)
          .ok());
  auto entry = outbox_->Get("k");
  EXPECT_EQ(entry->state, OutboxState::kFailed);
  EXPECT_EQ(entry->last_error, "nope");
  EXPECT_TRUE(outbox_->ClaimDue(1'000'000'000, 10)->empty());
  EXPECT_FALSE(outbox_->RecordAttempt("missing", {}, 5).ok());
}

// At-least-once across a crash: a delivery claimed by a process that died is sent again by the
// next one, from the same file.
TEST(OutboxCrashTest, SendingEntriesAreRequeuedAfterRestart) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("yq-outbox-crash-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / "store.db";
  {
    auto db = SqliteDb::Open(path.string());
    ASSERT_TRUE(db.ok());
    auto outbox = Outbox::Open(db->get());
    ASSERT_TRUE((*outbox)->Enqueue(MakeDelivery("in-flight")).ok());
    ASSERT_TRUE((*outbox)->Enqueue(MakeDelivery("done")).ok());
    ASSERT_EQ((*outbox)->ClaimDue(100, 10)->size(), 2u);
    ASSERT_TRUE((*outbox)->RecordAttempt("done", {.delivered = true}, 110).ok());
    // "crash": the process goes away with "in-flight" still `sending`.
  }
  auto db = SqliteDb::Open(path.string());
  ASSERT_TRUE(db.ok());
  auto outbox = Outbox::Open(db->get());
  EXPECT_EQ((*outbox)->Counts()->sending, 1);
  EXPECT_EQ(*(*outbox)->RequeueInFlight(200), 1);
  auto due = (*outbox)->ClaimDue(200, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].delivery.idempotency_key, "in-flight");
  EXPECT_EQ((*due)[0].attempts, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yuqing
