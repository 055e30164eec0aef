// yuqing replay: the whole pipeline in stream time, incident events out (product.md §4.2).
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/analysis_flow.h"
#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/delivery_setup.h"
#include "core/output_file.h"
#include "core/resources.h"
#include "detect/detector.h"
#include "respond/delivery_worker.h"
#include "respond/dispatcher.h"
#include "respond/notification_render.h"
#include "respond/organisation_skeleton.h"
#include "store/outbox.h"
#include "store/sqlite_db.h"

namespace yuqing::cli {
namespace {

// The detector's tunable thresholds, by the name `--set NAME=VALUE` uses.
std::map<std::string, double*> DetectorSettings(DetectOptions& o) {
  return {
      {"min_alert_volume", &o.min_alert_volume},
      {"alert_share", &o.alert_share},
      {"growth_exponent", &o.growth_exponent},
      {"late_factor", &o.late_factor},
      {"grade_ii", &o.grading.grade_ii},
      {"grade_i", &o.grading.grade_i},
      {"notice", &o.grading.notice},
      {"negative_ratio", &o.grading.negative_ratio},
      {"negative_points", &o.grading.negative_points},
      {"sensitive_points", &o.grading.sensitive_points},
      {"reach_points", &o.grading.reach_points},
      {"authority_points", &o.grading.authority_points},
      {"spread_points", &o.grading.spread_points},
  };
}

Status ApplySettings(const std::vector<std::string>& settings, DetectOptions* options) {
  auto named = DetectorSettings(*options);
  for (const std::string& setting : settings) {
    const size_t eq = setting.find('=');
    const std::string name = setting.substr(0, eq);
    std::string known;
    for (const auto& [key, value] : named) known += (known.empty() ? "" : ", ") + key;
    if (eq == std::string::npos) {
      return Status::InvalidInput("--set " + setting + ": expected NAME=VALUE (names: " + known +
                                  ")");
    }
    auto it = named.find(name);
    if (it == named.end()) {
      return Status::InvalidInput("--set " + setting + ": unknown name " + name +
                                  " (names: " + known + ")");
    }
    const std::string value = setting.substr(eq + 1);
    try {
      size_t used = 0;
      *it->second = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
    } catch (const std::exception&) {
      return Status::InvalidInput("--set " + setting + ": " + value + " is not a number");
    }
  }
  return Status::Ok();
}

class ReplayHooks : public AnalysisFlowHooks {
 public:
  ReplayHooks(const ReplayOptions& options, DetectOptions detect, SensitiveTerms terms,
              Dispatcher dispatcher, ChannelSettings channels, std::string store_path)
      : options_(options),
        channel_settings_(std::move(channels)),
        store_path_(std::move(store_path)),
        detector_(detect, std::move(terms)),
        dispatcher_(std::move(dispatcher)) {
    command = "replay";
    taken_verb = "replayed";
    emit_ = [this](const IncidentEvent& event) {
      routed_to_.clear();
      for (const RoutingTarget& target : dispatcher_.Accept(event, &notifications_)) {
        routed_to_.push_back(target.Label());
      }
      output_->WriteLine(IncidentEventJson(event, routed_to_));
      last_event_ = event.at;
      ++events_;
      WriteNotifications();
    };
  }
  ReplayHooks(const ReplayHooks&) = delete;
  ReplayHooks& operator=(const ReplayHooks&) = delete;
  ~ReplayHooks() override {
    if (worker_.joinable()) {  // a run that stopped early
      stop_worker_.store(true);
      worker_.join();
    }
  }

  Status Start(AnalysisPipeline& analysis) override {
    auto output = OutputFile::Open(options_.output);
    if (!output.ok()) return output.status();
    output_ = std::move(*output);
    if (options_.deliver) {
      if (Status s = StartDelivery(); !s.ok()) return s;
    }
    if (!options_.notifications_path.empty()) {
      auto notifications = OutputFile::Open(options_.notifications_path);
      if (!notifications.ok()) return notifications.status();
      notifications_output_ = std::move(*notifications);
    }
    // Relate tells of merges while it places an item, on the thread that takes it, before the
    // item reaches the detector: the detector sees the merge, then the item.
    analysis_ = &analysis;
    analysis.relate->set_merge_log(
        [this](std::string_view from, std::string_view into, Timestamp at) {
          detector_.MergeStories(from, into, at, emit_);
        });
    return Status::Ok();
  }
  // What the stateful stages hold: each must stay bounded by its window however long the
  // stream (bench/bench_replay --copies watches the peak memory; --log-level debug prints this
  // once per stream day).
  void LogState(AnalysisPipeline& analysis, std::string_view when,
                spdlog::level::level_enum level) {
    const NearDuplicateStats near = analysis.relate->near_duplicates().stats();
    const StoryStats stories = analysis.relate->stories().stats();
    const DetectStats detect = detector_.stats();
    long rss_pages = 0;
    if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
      long size = 0;
      if (std::fscanf(statm, "%ld %ld", &size, &rss_pages) != 2) rss_pages = 0;
      std::fclose(statm);
    }
    spdlog::log(
        level,
        "replay: state {}: near-duplicates {} items ({} KiB); stories {} live ({} item ids, "
        "{} terms); repost trees {} ({} nodes); detector {} stories; routing {} groups, {} "
        "open; RSS {} MiB",
        when, near.items,
        (near.simhash_index_bytes + near.simhash_store_bytes + near.minhash_bytes) / 1024,
        stories.live_stories, stories.live_items, stories.live_terms,
        analysis.relate->reposts().live_trees(), analysis.relate->reposts().live_nodes(),
        detect.live_stories, dispatcher_.live_groups(), dispatcher_.open_incidents(),
        rss_pages * 4 / 1024);
  }

  void Take(Item& item) override {
#ifdef __GLIBC__
    // The stages free what their windows forget, but glibc keeps freed pages inside its heap,
    // so without this the RSS of a long replay shows its high-water mark plus fragmentation, not
    // what is live. Weekly: daily cost 30% more CPU (bench/bench_replay --copies 8).
    if (item.created_at.unix_ms - last_trim_ms_ >= 7 * 24LL * 3600 * 1000) {
      last_trim_ms_ = item.created_at.unix_ms;
      malloc_trim(0);
    }
#endif
    if (analysis_ != nullptr && spdlog::should_log(spdlog::level::debug) &&
        item.created_at.unix_ms - last_state_ms_ >= 24LL * 3600 * 1000) {
      last_state_ms_ = item.created_at.unix_ms;
      LogState(*analysis_, "at " + FormatIso8601(item.created_at), spdlog::level::debug);
    }
    detector_.Observe(item, emit_);
    dispatcher_.Advance(item.created_at, &notifications_);  // groups fall due as time passes
    WriteNotifications();
  }
  Status Finish(AnalysisPipeline& analysis) override {
    LogState(analysis, "at the end", spdlog::level::info);
    // The stream ends; notifications whose group_wait was running still go out.
    dispatcher_.Advance(Timestamp{last_event_.unix_ms + kTailMs, last_event_.utc_offset_min},
                        &notifications_);
    WriteNotifications();
    if (Status s = FinishDelivery(); !s.ok()) return s;
    const DetectStats stats = detector_.stats();
    const DispatchCounts& routed = dispatcher_.counts();
    spdlog::info(
        "replay: {} incident events; {} incidents opened, {} still open; {} stories "
        "in the detector's memory; {} notifications ({} deliveries), {} alert flushes silenced, "
        "{} inhibited, {} events no unit covers",
        events_, stats.incidents_opened, stats.open_incidents, stats.live_stories,
        routed.notifications, deliveries_, routed.silenced, routed.inhibited, routed.unrouted);
    if (notifications_output_) {
      if (Status s = notifications_output_->Close(); !s.ok()) return s;
    }
    return output_->Close();
  }

 private:
  static constexpr int64_t kTailMs = 5 * 60'000LL;

  void WriteNotifications() {
    for (const Notification& notification : notifications_) {
      const std::vector<Delivery> deliveries = RenderDeliveries(notification);
      deliveries_ += deliveries.size();
      if (notifications_output_) notifications_output_->WriteLine(NotificationJson(notification));
      if (!outbox_) continue;
      for (const Delivery& delivery : deliveries) {
        if (Status s = outbox_->Enqueue(delivery).status(); !s.ok() && enqueue_errors_++ == 0) {
          spdlog::error("{}: {}", store_path_, s.message());
        }
      }
    }
    notifications_.clear();
  }

  // The outbox is written here, on the replay thread; a worker thread with its own connection
  // sends from it (WAL: neither blocks the other for long).
  Status StartDelivery() {
    auto db = SqliteDb::Open(store_path_);
    if (!db.ok()) return db.status();
    db_ = std::move(*db);
    auto outbox = Outbox::Open(db_.get());
    if (!outbox.ok()) return outbox.status();
    outbox_ = std::move(*outbox);
    auto worker_db = SqliteDb::Open(store_path_);
    if (!worker_db.ok()) return worker_db.status();
    worker_db_ = std::move(*worker_db);
    auto worker_outbox = Outbox::Open(worker_db_.get());
    if (!worker_outbox.ok()) return worker_outbox.status();
    worker_outbox_ = std::move(*worker_outbox);
    channels_ = std::make_unique<ChannelSet>(channel_settings_);
    worker_ = std::thread([this] {
      DeliveryWorker worker(worker_outbox_.get(), channels_.get(),
                            DeliveryWorkerOptions{.batch = 16, .idle_wait_ms = 20});
      worker_status_ = worker.Run(stop_worker_);
    });
    return Status::Ok();
  }

  Status FinishDelivery() {
    if (!worker_.joinable()) return Status::Ok();
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.deliver_wait_s);
    OutboxCounts counts;
    while (true) {
      auto now_counts = outbox_->Counts();
      if (!now_counts.ok()) break;
      counts = *now_counts;
      if (counts.pending + counts.sending == 0 || std::chrono::steady_clock::now() >= deadline) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop_worker_.store(true);
    worker_.join();
    spdlog::info(
        "replay: outbox {}: {} delivered, {} waiting (yuqing deliver sends them), {} failed",
        store_path_, counts.delivered, counts.pending + counts.sending, counts.failed);
    return worker_status_;
  }

  const ReplayOptions& options_;
  AnalysisPipeline* analysis_ = nullptr;
  int64_t last_state_ms_ = 0;
  int64_t last_trim_ms_ = 0;
  ChannelSettings channel_settings_;
  std::string store_path_;
  std::unique_ptr<SqliteDb> db_, worker_db_;
  std::unique_ptr<Outbox> outbox_, worker_outbox_;
  std::unique_ptr<ChannelSet> channels_;
  std::thread worker_;
  std::atomic<bool> stop_worker_{false};
  Status worker_status_;
  size_t enqueue_errors_ = 0;
  Detector detector_;
  Dispatcher dispatcher_;
  IncidentEventSink emit_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<OutputFile> notifications_output_;
  std::vector<Notification> notifications_;
  std::vector<std::string> routed_to_;
  Timestamp last_event_;
  size_t events_ = 0;
  size_t deliveries_ = 0;
};

}  // namespace

int RunReplay(const ReplayOptions& options) {
  DetectOptions detect;
  if (Status s = ApplySettings(options.settings, &detect); !s.ok()) {
    spdlog::error("{}", s.message());
    return kExitUnusableInput;
  }
  std::string error;
  SensitiveTerms terms =
      SensitiveTerms::Load(ResourcePath("resources/detect/sensitive_terms.tsv"), &error);
  if (!error.empty()) {
    spdlog::error("{}", error);
    return kExitInternal;
  }
  auto config = LoadConfigOrReport(options.config_path);
  if (!config) return kExitUnusableInput;
  auto respond = EffectiveRespond(*config);
  auto dispatcher =
      respond.ok() ? Dispatcher::Create(std::move(*respond)) : Result<Dispatcher>(respond.status());
  if (!dispatcher.ok()) {
    spdlog::error("{}", dispatcher.status().message());
    return kExitUnusableInput;
  }
  AnalyzeOptions flow;
  flow.config_path = options.config_path;
  flow.input = options.input;
  flow.deadletter_path = options.deadletter_path;
  flow.data_dir = options.data_dir;
  flow.threads = options.threads;
  if (!options.data_dir.empty()) config->data_dir = options.data_dir;
  ReplayHooks hooks(options, detect, std::move(terms), std::move(*dispatcher),
                    ChannelSettingsOf(*config),
                    options.deliver ? StorePath(config->data_dir) : std::string());
  return RunAnalysisFlow(flow, hooks);
}

}  // namespace yuqing::cli
