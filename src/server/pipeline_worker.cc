#include "server/pipeline_worker.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/dead_letter.h"
#include "core/item_jsonl.h"
#include "core/resources.h"
#include "detect/detector.h"
#include "nlp/segmenter.h"
#include "pipeline/analysis_pipeline.h"
#include "respond/incident_handover.h"
#include "respond/notification_render.h"
#include "respond/workflow/incident_store.h"
#include "server/api_json.h"
#include "store/inbox.h"
#include "store/item_store.h"
#include "store/outbox.h"

namespace yuqing {

struct PipelineWorker::State {
  State(Dispatcher d, SensitiveTerms terms)
      : dispatcher(std::move(d)), detector(DetectOptions{}, std::move(terms)) {}

  PipelineWorkerOptions options;
  const OrganisationTree* organisation = nullptr;
  const ServiceClock* clock = nullptr;
  Metrics* metrics = nullptr;
  EventHub* events = nullptr;
  AnalysisPipeline analysis;
  Dispatcher dispatcher;
  Detector detector;
  std::unique_ptr<SqliteDb> db;
  std::unique_ptr<ItemStore> items;
  std::unique_ptr<Inbox> inbox;
  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<IncidentStore> incidents;
  std::unique_ptr<DeadLetterFile> dead_letters;
  ItemParser parser;
  IncidentEventSink emit;
  std::vector<Notification> notifications;
  int64_t last_sweep_wall_ms = 0;
  int64_t last_retention_wall_ms = 0;
  int64_t last_trim_wall_ms = 0;
  int64_t stream_ms = 0;  // the newest item time seen
  size_t store_errors = 0;

  void OnIncidentEvent(const IncidentEvent& event) {
    metrics->CountIncidentEvents(1);
    const std::vector<RoutingTarget> targets = dispatcher.Accept(event, &notifications);
    Status status = incidents->ApplyIncidentEvent(event).status();
    // The responsible unit routing chose (first target) becomes the incident's unit, so its
    // deadlines escalate from the right place; a unit a person set stays.
    if (status.ok() && !targets.empty()) {
      auto view = incidents->Show(event.incident->id);
      status = view.status();
      if (view.ok() && view->record.unit.empty()) {
        status = incidents->SetUnit(event.incident->id, targets.front().unit_id, "router",
                                    event.at.unix_ms);
      }
    }
    if (!status.ok() && store_errors++ < 10) {
      spdlog::error("serve: incident {}: {}", event.incident->id, status.message());
    }
    if (events->subscribers() > 0) {
      auto view = incidents->Show(event.incident->id);
      if (view.ok()) {
        LiveEvent live{
            .type = "incident",
            .json = IncidentSummaryJson(*view, *organisation, clock->NowMs(), options.region_name)
                        .dump()};
        for (const NamedCount& code : event.incident->region_codes) {
          live.region_codes.push_back(code.name);
        }
        if (!view->record.unit.empty()) live.region_codes.push_back(view->record.unit);
        events->Publish(live);
      }
    }
  }

  void QueueNotifications() {
    for (const Notification& notification : notifications) {
      for (const Delivery& delivery : RenderDeliveries(notification)) {
        if (Status s = outbox->Enqueue(delivery).status(); !s.ok() && store_errors++ < 10) {
          spdlog::error("serve: outbox: {}", s.message());
        }
      }
    }
    notifications.clear();
  }

  void DeadLetter(const std::string& source, int64_t seq, const std::string& reason,
                  const std::string& record, const std::string& stage) {
    BadRecord bad{.source = "inbox:" + source,
                  .line = static_cast<size_t>(seq),
                  .reason = reason,
                  .record = record};
    if (Status s = dead_letters->Add(bad, stage); !s.ok()) {
      spdlog::error("serve: dead letter {}: {}", dead_letters->path(), s.message());
    }
    metrics->CountDeadLettered(1);
  }

  // Time passes even when nothing arrives: routing groups fall due, deadlines are missed.
  void Tick() {
    const int64_t now_ms = clock->NowMs();
    const Timestamp now{std::max(now_ms, stream_ms), 480};
    dispatcher.Advance(now, &notifications);
    QueueNotifications();
    const int64_t wall = ServiceClock::WallMs();
    if (wall - last_sweep_wall_ms < options.sweep_interval_ms) return;
    last_sweep_wall_ms = wall;
    auto escalated = incidents->EscalateDue(now_ms, ParentInTree(*organisation));
    if (!escalated.ok()) {
      spdlog::error("serve: escalation sweep: {}", escalated.status().message());
      return;
    }
    if (!escalated->empty()) {
      auto queued = QueueEscalationNotices(*incidents, *organisation, *escalated);
      spdlog::info("serve: {} missed deadlines escalated, {} notices queued", escalated->size(),
                   queued.ok() ? *queued : 0);
    }
    if (auto depth = inbox->Depth(); depth.ok()) metrics->SetQueueDepth("inbox", *depth);
    if (auto counts = outbox->Counts(); counts.ok()) {
      metrics->SetDeliveries(counts->delivered, counts->pending + counts->sending, counts->failed);
      metrics->SetQueueDepth("outbox", counts->pending + counts->sending);
    }
    metrics->SetStageStats(analysis.pipeline.stats());
    if (options.retention_days > 0 && wall - last_retention_wall_ms >= 3'600'000) {
      last_retention_wall_ms = wall;
      auto deleted = items->DeleteBefore(now_ms - options.retention_days * 86'400'000LL);
      if (!deleted.ok()) {
        spdlog::error("serve: retention: {}", deleted.status().message());
      } else if (*deleted > 0) {
        metrics->CountItemsDeleted(*deleted);
        spdlog::info("serve: retention: {} items older than {} days deleted", *deleted,
                     options.retention_days);
      }
    }
#ifdef __GLIBC__
    // The stages' windows free what they forget; glibc keeps the freed pages unless asked, and
    // a service's RSS should follow what is live (docs/benchmarks.md, replay memory).
    if (wall - last_trim_wall_ms >= 3'600'000) {
      last_trim_wall_ms = wall;
      malloc_trim(0);
    }
#endif
  }
};

PipelineWorker::PipelineWorker(std::unique_ptr<State> state) : state_(std::move(state)) {}
PipelineWorker::~PipelineWorker() = default;

Result<std::unique_ptr<PipelineWorker>> PipelineWorker::Create(
    const Config& config, Dispatcher dispatcher, const OrganisationTree* organisation,
    const Segmenter* segmenter, const ServiceClock* clock, Metrics* metrics, EventHub* events,
    const PipelineWorkerOptions& options) {
  std::string error;
  SensitiveTerms terms =
      SensitiveTerms::Load(ResourcePath("resources/detect/sensitive_terms.tsv"), &error);
  if (!error.empty()) return Status::Internal(error);
  auto state = std::make_unique<State>(std::move(dispatcher), std::move(terms));
  state->options = options;
  state->organisation = organisation;
  state->clock = clock;
  state->metrics = metrics;
  state->events = events;
  auto analysis = BuildAnalysisPipeline(config);
  if (!analysis.ok()) return analysis.status();
  state->analysis = std::move(*analysis);
  auto db = SqliteDb::Open(options.store_path);
  if (!db.ok()) return db.status();
  state->db = std::move(*db);
  auto items = ItemStore::Open(state->db.get(), segmenter);
  if (!items.ok()) return items.status();
  state->items = std::move(*items);
  auto inbox = Inbox::Open(state->db.get());
  if (!inbox.ok()) return inbox.status();
  state->inbox = std::move(*inbox);
  auto outbox = Outbox::Open(state->db.get());
  if (!outbox.ok()) return outbox.status();
  state->outbox = std::move(*outbox);
  auto incidents = IncidentStore::Open(options.store_path);
  if (!incidents.ok()) return incidents.status();
  state->incidents = std::move(*incidents);
  state->dead_letters = std::make_unique<DeadLetterFile>(options.deadletter_path);
  State* s = state.get();
  s->emit = [s](const IncidentEvent& event) { s->OnIncidentEvent(event); };
  s->analysis.relate->set_merge_log(
      [s](std::string_view from, std::string_view into, Timestamp at) {
        s->detector.MergeStories(from, into, at, s->emit);
      });
  return std::unique_ptr<PipelineWorker>(new PipelineWorker(std::move(state)));
}

Result<size_t> PipelineWorker::RunOnce() {
  State& s = *state_;
  auto records = s.inbox->Next(0, s.options.batch);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    s.Tick();
    return size_t{0};
  }
  std::vector<Item> analysed;
  analysed.reserve(records->size());
  for (const InboxRecord& record : *records) {
    Item item;
    if (Status parsed = s.parser.Parse(record.json, &item); !parsed.ok()) {
      s.DeadLetter(record.source, record.seq, parsed.message(), record.json, "parse");
      continue;
    }
    std::string failed_stage;
    if (Status done = s.analysis.pipeline.Process(item, &failed_stage); !done.ok()) {
      s.DeadLetter(record.source, record.seq, done.message(), record.json, failed_stage);
      continue;
    }
    analysed.push_back(std::move(item));
  }
  // Stored first, then removed from the inbox: a crash in between analyses them again and the
  // store ignores the copies.
  auto stored = s.items->Put(analysed);
  if (!stored.ok()) return stored.status();
  s.metrics->CountItemsStored(*stored);
  for (Item& item : analysed) {
    s.stream_ms = std::max(s.stream_ms, item.created_at.unix_ms);
    s.detector.Observe(item, s.emit);
    s.dispatcher.Advance(item.created_at, &s.notifications);
    s.QueueNotifications();
    if (s.events->subscribers() > 0) {
      std::string json;
      AppendItemJson(item, &json);
      LiveEvent live{.type = "item", .json = ItemSummaryJson(json, "").dump()};
      if (item.analysis.regions) {
        for (const RegionMatch& region : *item.analysis.regions) {
          if (!region.code.empty()) live.region_codes.push_back(region.code);
        }
      }
      s.events->Publish(live);
    }
  }
  if (Status removed = s.inbox->RemoveThrough(records->back().seq); !removed.ok()) return removed;
  s.Tick();
  return records->size();
}

Status PipelineWorker::ReloadSchemes(const Config& config) {
  return state_->analysis.ReloadSchemes(config);
}

Status PipelineWorker::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    auto taken = RunOnce();
    if (!taken.ok()) {
      // The store failing (disk full, locked too long) must not kill the service: say so and
      // try again; the inbox keeps the records.
      spdlog::error("serve: pipeline: {}", taken.status().message());
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    if (*taken == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (void)state_->dead_letters->Close();
  return Status::Ok();
}

}  // namespace yuqing
