// `yuqing serve`: the pipeline as a running system (issue 9). Sources (the ingest endpoint, the
// demo, collectors) append raw items to the durable inbox; one pipeline thread takes them in
// order through the analysis stages, stores them (searchable), feeds the detector, keeps
// incidents and their workflow, routes notifications into the outbox; a delivery thread sends
// them; a sweep escalates missed deadlines. The HTTP API reads through a pool of connections.
//
//   sources → inbox → analysis stages → item store / detector → incidents → outbox → channels
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/status.h"
#include "respond/channels/channel_set.h"
#include "respond/dispatcher.h"
#include "respond/organisation.h"
#include "server/accounts.h"
#include "server/event_hub.h"
#include "server/metrics.h"
#include "server/service_clock.h"
#include "store/inbox.h"
#include "store/item_store.h"

namespace yuqing {

class IncidentStore;
class Segmenter;
class TextNormalizer;
struct IncidentRecord;
struct ReadContext;
namespace regions {
class Gazetteer;
}

struct SchemeView {
  std::string id, name;
  std::string expression;  // the groups written as one expression, for display
  bool builtin = false;
};

// What /api/sources shows for one source.
struct SourceHealthView {
  std::string id, kind, name;
  int64_t last_success_ms = 0;  // 0: never
  std::string last_error;
  double error_rate = 0;
  int64_t items_24h = 0;
  std::string status = "ok";           // ok | stale | failing
  int64_t usual_lo = 0, usual_hi = 0;  // items per day over the last week
};

struct ServiceOptions {
  std::string data_dir = "yuqing-data";
  std::string demo_path;         // non-empty: replay this JSON Lines file as the demo source
  double demo_speed = 120;       // stream seconds per wall second
  int sweep_interval_ms = 5000;  // escalation sweeps
  size_t read_connections = 4;
  int retention_days = 365;  // items older than this are deleted; 0 keeps everything
};

// Everything the pipeline thread and the API share. Built once by Service::Start.
class Service {
 public:
  static Result<std::unique_ptr<Service>> Start(const Config& config, Dispatcher dispatcher,
                                                OrganisationTree organisation,
                                                const ChannelSettings& channels,
                                                ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Stops the sources, lets the pipeline finish its batch, stops delivery.
  void Stop();

  // Durably accepts raw item records (already validated by the caller): per record, true when
  // new, false when a duplicate. Thread-safe.
  Result<std::vector<bool>> Ingest(const std::vector<InboxEntry>& entries);

  // A read connection for the duration of `use` (item and incident reads). Thread-safe.
  Status WithReader(const std::function<Status(ReadContext&)>& use);
  // Workflow actions on incidents (one writer connection, serialised).
  Status WithIncidents(const std::function<Status(IncidentStore&)>& use);

  Accounts& accounts() { return *accounts_; }
  const OrganisationTree& organisation() const { return organisation_; }
  const Config& config() const { return config_; }
  const ServiceClock& clock() const { return clock_; }
  Metrics& metrics() { return metrics_; }
  EventHub& events() { return events_; }
  const std::string& data_dir() const { return options_.data_dir; }
  // Names for the API: a scheme id's display name, a region code's name and short name (the
  // China map's province names: 四川, 内蒙古, 香港).
  std::string SchemeName(const std::string& id) const;
  std::string RegionName(const std::string& code) const;
  std::string RegionShortName(const std::string& code) const;
  // Whether the user's jurisdiction covers the incident (its unit or one of its regions).
  bool Sees(const UserRecord& user, const IncidentRecord& record) const;
  std::vector<SchemeView> Schemes() const;
  // Saves a scheme edit and puts it in force; an expression that does not compile is refused
  // with the parser's message (InvalidInput) and nothing changes.
  Status EditScheme(const std::string& id, const std::string& name, const std::string& expression,
                    bool enabled, const std::string& by);
  // A scheme expression tried on the newest stored items of the jurisdiction: hits, samples.
  Result<nlohmann::json> DryRun(const std::string& expression, const Jurisdiction& who,
                                int samples);
  std::vector<SourceHealthView> SourceHealth() const;
  nlohmann::json SourcesJson() const;
  std::vector<std::string> SourceNotices() const;
  nlohmann::json SourceStatusCounts() const;

  // The first start's admin password (shown once), else empty.
  const std::string& first_admin_password() const { return first_admin_password_; }

 private:
  struct Threads;
  Service(const Config& config, OrganisationTree organisation, ServiceOptions options);
  Status Open(Dispatcher dispatcher, const ChannelSettings& channels);
  Status StartCollector();

  Config config_;
  OrganisationTree organisation_;
  ServiceOptions options_;
  ServiceClock clock_;
  Metrics metrics_;
  EventHub events_;
  std::string store_path_;
  std::string first_admin_password_;
  std::unique_ptr<const Segmenter> segmenter_;
  std::unique_ptr<const regions::Gazetteer> gazetteer_;
  std::unique_ptr<const TextNormalizer> normalizer_;
  std::map<std::string, std::string> scheme_names_;
  SchemeSetDefinition configured_schemes_;  // before the dashboard's edits
  std::unique_ptr<SqliteDb> schemes_db_;
  std::unique_ptr<class SchemeEdits> scheme_edits_;
  mutable std::mutex schemes_mutex_;  // config_.schemes, scheme_names_, scheme_edits_
  struct SourceTrack {
    SourceHealthView view;
    std::vector<std::pair<int64_t, int64_t>> hours;  // (hour start, items), the last 24 h
  };
  mutable std::mutex sources_mutex_;
  std::map<std::string, SourceTrack> sources_;
  std::vector<std::string> notices_;  // the latest source notices (stale, failing, recovered)
  std::unique_ptr<SqliteDb> accounts_db_, ingest_db_;
  std::unique_ptr<ItemStore> ingest_items_;  // creates the items table the inbox checks
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Inbox> ingest_inbox_;
  std::mutex ingest_mutex_;
  std::unique_ptr<IncidentStore> workflow_;
  std::mutex workflow_mutex_;
  std::unique_ptr<Threads> threads_;
};

// One pooled read connection.
struct ReadContext {
  std::unique_ptr<SqliteDb> db;
  std::unique_ptr<ItemStore> items;
  std::unique_ptr<IncidentStore> incidents;
};

}  // namespace yuqing
