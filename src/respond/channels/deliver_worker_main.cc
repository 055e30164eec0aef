// yuqing_deliver_worker: runs the DeliveryWorker over one store file. A stand-in for the
// `yuqing deliver` command (the CLI will take over this loop), used by the crash test.
//
//   yuqing_deliver_worker --store FILE [--until-drained]
//       [--smtp-url URL --smtp-from ADDR [--smtp-user U --smtp-password P] [--smtp-tls]]
//       [--sms-url URL [--sms-secret S]]
//
// Exit codes as the CLI's: 0 done, 1 unusable arguments, 2 store failure.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

#include "respond/delivery_worker.h"
#include "store/outbox.h"
#include "store/sqlite_db.h"

namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int /*signal*/) { g_stop.store(true); }

}  // namespace

int main(int argc, char** argv) {
  std::string store;
  bool until_drained = false;
  yuqing::ChannelSettings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "--store") {
      ok = value(&store);
    } else if (arg == "--until-drained") {
      until_drained = true;
    } else if (arg == "--smtp-url") {
      ok = value(&settings.smtp.url);
    } else if (arg == "--smtp-from") {
      ok = value(&settings.smtp.from);
    } else if (arg == "--smtp-user") {
      ok = value(&settings.smtp.username);
    } else if (arg == "--smtp-password") {
      ok = value(&settings.smtp.password);
    } else if (arg == "--smtp-tls") {
      settings.smtp.use_tls = true;
    } else if (arg == "--sms-url") {
      ok = value(&settings.sms.url);
    } else if (arg == "--sms-secret") {
      ok = value(&settings.sms.secret);
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr, "yuqing_deliver_worker: bad argument '%s'\n", argv[i]);
      return 1;
    }
  }
  if (store.empty()) {
    std::fprintf(stderr, "yuqing_deliver_worker: --store FILE is required\n");
    return 1;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);

  auto db = yuqing::SqliteDb::Open(store);
  if (!db.ok()) {
    std::fprintf(stderr, "yuqing_deliver_worker: %s\n", db.status().message().c_str());
    return 2;
  }
  auto outbox = yuqing::Outbox::Open(db->get());
  if (!outbox.ok()) {
    std::fprintf(stderr, "yuqing_deliver_worker: %s\n", outbox.status().message().c_str());
    return 2;
  }
  const yuqing::ChannelSet channels(settings);
  yuqing::DeliveryWorker worker(outbox->get(), &channels);
  if (yuqing::Status s = worker.Run(g_stop, until_drained); !s.ok()) {
    std::fprintf(stderr, "yuqing_deliver_worker: %s\n", s.message().c_str());
    return 2;
  }
  return 0;
}
