// Issue 8's done-when: "Kill -9 of yuqing while 1,000 alerts are in flight, restart: every alert
// reaches its receiver exactly once (receivers count idempotency keys); the test does this
// repeatedly at random moments." `yuqing deliver` is SIGKILLed at random moments
// and restarted until the outbox is drained.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "respond/channels/test_receiver.h"
#include "store/outbox.h"

namespace yuqing {
namespace {

using testing::FreshTempDir;
using testing::JsonString;
using testing::ReadLines;
using testing::ReceiverProcess;

pid_t StartWorker(const std::string& store, bool until_drained) {
  const pid_t pid = fork();
  if (pid == 0) {
    const char* bin = YUQING_BIN_PATH;  // `yuqing deliver`, the command a deployment runs
    if (until_drained) {
      execl(bin, bin, "--log-level", "warn", "deliver", "--store", store.c_str(), "--until-drained",
            static_cast<char*>(nullptr));
    } else {
      execl(bin, bin, "--log-level", "warn", "deliver", "--store", store.c_str(),
            static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  return pid;
}

TEST(DeliveryCrashTest, KilledWorkerDeliversEveryAlertAndRepeatsOnlyWhatWasInFlight) {
  constexpr int kAlerts = 1000;
  constexpr int kKills = 5;
  const auto dir = FreshTempDir("crash");
  const std::string store = (dir / "store.db").string();
  const auto log = dir / "received.jsonl";
  ReceiverProcess receiver;
  // 2 ms per request, so a kill usually lands while a request is in flight.
  ASSERT_TRUE(
      receiver.Start("tests/receivers/webhook_receiver.py", {log.string(), "--delay-ms", "2"}));
  {
    auto db = SqliteDb::Open(store);
    ASSERT_TRUE(db.ok()) << db.status().message();
    auto outbox = Outbox::Open(db->get());
    ASSERT_TRUE(outbox.ok());
    SqliteTransaction txn(**db);
    for (int i = 0; i < kAlerts; ++i) {
      Delivery d;
      d.idempotency_key = "inc-crash/" + std::to_string(i);
      d.receiver = "值班组";
      d.endpoint = {.kind = ChannelKind::kWebhook, .address = receiver.Url("/alerts")};
      d.subject = "养老金传言 " + std::to_string(i);
      d.text = "第 " + std::to_string(i) + " 条";
      d.payload_json = "{\"n\":" + std::to_string(i) + "}";
      d.created_ms = 1796040000000 + i;
      ASSERT_TRUE(*(*outbox)->Enqueue(d));
    }
    ASSERT_TRUE(txn.Commit().ok());
  }

  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> pause_ms(20, 300);
  int kills = 0;
  for (; kills < kKills; ++kills) {
    const pid_t worker = StartWorker(store, /*until_drained=*/true);
    ASSERT_GT(worker, 0);
    const int wait = pause_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    int status = 0;
    if (waitpid(worker, &status, WNOHANG) == worker) break;  // drained before the kill
    kill(worker, SIGKILL);
    waitpid(worker, &status, 0);
    std::printf("kill %d after %d ms: %zu requests received so far\n", kills + 1, wait,
                ReadLines(log).size());
  }
  // The last run goes to the end.
  const pid_t worker = StartWorker(store, /*until_drained=*/true);
  int status = 0;
  ASSERT_EQ(waitpid(worker, &status, 0), worker);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  std::map<std::string, int> received;
  for (const std::string& line : ReadLines(log)) {
    ++received[JsonString(line, "/headers/Idempotency-Key")];
  }
  int missing = 0;
  int duplicates = 0;
  for (int i = 0; i < kAlerts; ++i) {
    const auto it = received.find("inc-crash/" + std::to_string(i));
    if (it == received.end()) {
      ++missing;
    } else {
      duplicates += it->second - 1;
    }
  }
  std::printf("%d alerts, %d kills, %d distinct keys received, %d duplicates\n", kAlerts, kills,
              static_cast<int>(received.size()), duplicates);
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(received.size(), static_cast<size_t>(kAlerts));  // nothing but the enqueued keys
  // Only a message sent but not yet recorded when the worker died can arrive twice: at most
  // one per kill with one delivery thread.
  EXPECT_LE(duplicates, kills);

  auto db = SqliteDb::Open(store);
  auto outbox = Outbox::Open(db->get());
  auto counts = (*outbox)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->delivered, kAlerts);
  EXPECT_EQ(counts->pending + counts->sending + counts->failed, 0);
  receiver.Stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yuqing
