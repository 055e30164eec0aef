// The service's pipeline thread: takes raw records from the inbox in order, runs the analysis
// stages, stores the items, feeds the detector, applies its events to the incident store, routes
// notifications into the outbox, and sweeps missed deadlines. Everything stateful (relate,
// detector, dispatcher) lives on this one thread, as in `yuqing replay`.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "core/status.h"
#include "respond/dispatcher.h"
#include "respond/organisation.h"
#include "server/event_hub.h"
#include "server/metrics.h"
#include "server/service_clock.h"

namespace yuqing {

class Segmenter;

struct PipelineWorkerOptions {
  std::string store_path;  // <data_dir>/yuqing.db
  std::string deadletter_path;
  size_t batch = 256;
  int sweep_interval_ms = 5000;
  int retention_days = 0;  // > 0: items older than this are deleted (checked hourly)
  std::function<std::string(const std::string&)> region_name;  // for live incident events
};

class PipelineWorker {
 public:
  static Result<std::unique_ptr<PipelineWorker>> Create(const Config& config, Dispatcher dispatcher,
                                                        const OrganisationTree* organisation,
                                                        const Segmenter* segmenter,
                                                        const ServiceClock* clock, Metrics* metrics,
                                                        EventHub* events,
                                                        const PipelineWorkerOptions& options);
  ~PipelineWorker();
  PipelineWorker(const PipelineWorker&) = delete;
  PipelineWorker& operator=(const PipelineWorker&) = delete;

  // Loops until `stop`; returns an error only when the store fails.
  Status Run(const std::atomic<bool>& stop);
  // Puts `config`'s schemes in force from the next item on (safe from any thread).
  Status ReloadSchemes(const Config& config);
  // One batch (tests): how many records it took from the inbox.
  Result<size_t> RunOnce();

 private:
  struct State;
  explicit PipelineWorker(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
