// The subcommands of `yuqing` (product.md §4.2). Each returns the process exit code:
// 0 the run completed (even with dead-lettered records), 1 the input or configuration as a
// whole is unusable, 2 internal failure or a stage that is not built.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace yuqing::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUnusableInput = 1;
inline constexpr int kExitInternal = 2;

struct AnalyzeOptions {
  std::string config_path;      // empty: built-in default
  std::string input = "-";      // "-": standard input
  std::string output = "-";     // "-": standard output
  std::string deadletter_path;  // empty: <data_dir>/deadletter/analyze-<time>.jsonl
  std::string data_dir;         // empty: from the configuration
  // 2: reading, clean_text and segmentation on one thread, the later stages and writing on
  // another; 1: everything on one. 0: 2 when the machine has two cores or more.
  unsigned threads = 0;
  // Empty: none. Else a JSON Lines file of story events: {"event":"merge","story_id":FROM,
  // "into":TO,"at":TIME} when a story turns out to be part of an older one, and at the end one
  // {"event":"story",...} summary per live story of two items or more (first publisher,
  // reprint chain, repost tree: RelateStage::ForEachStorySummary).
  std::string stories_path;
};
int RunAnalyze(const AnalyzeOptions& options);

struct ReplayOptions {
  std::string config_path;      // empty: built-in default
  std::string input;            // items in stream order ("-": standard input)
  std::string output = "-";     // incident events, one JSON line each
  std::string deadletter_path;  // empty: <data_dir>/deadletter/replay-<time>.jsonl
  std::string data_dir;
  unsigned threads = 0;               // as for analyze
  std::vector<std::string> settings;  // detector thresholds: "NAME=VALUE"
  // Empty: none. Else a JSON Lines file of the notifications routing makes: who (unit,
  // department, recipients by channel), which incidents, emergency plan.
  std::string notifications_path;
  // Enqueue every delivery in the store's outbox (<data_dir>/yuqing.db) and send them while the
  // replay runs; at the end wait up to `deliver_wait_s` for the outbox to drain (what is left
  // stays there for `yuqing deliver`).
  bool deliver = false;
  int deliver_wait_s = 30;
};

struct DeliverOptions {
  std::string config_path;  // channel settings (SMTP relay, SMS gateway)
  std::string data_dir;     // the store: <data_dir>/yuqing.db
  std::string store_path;   // overrides data_dir: the store file itself
  bool until_drained = false;
};
int RunDeliver(const DeliverOptions& options);

struct OrgSkeletonOptions {
  std::string
      province;        // "510000"; empty: the country (national unit, provinces, cities, counties)
  bool towns = false;  // streets and towns too
};
int RunOrgSkeleton(const OrgSkeletonOptions& options);
int RunReplay(const ReplayOptions& options);

struct ExtractCommandOptions {
  std::vector<std::string> files;  // "-" reads standard input
  std::string fetched_at;          // ISO 8601, for relative times on the pages
};
int RunExtract(const ExtractCommandOptions& options);

struct SchemesTestOptions {
  std::string config_path;  // empty: built-in default
  std::string input = "-";
  size_t samples = 3;      // sample matches shown per scheme
  size_t max_items = 200;  // items listed with the reason they matched
  bool json = false;       // one JSON line per item with every hit instead of the report
};
int RunSchemesTest(const SchemesTestOptions& options);
// Lists the schemes in force: id, name, where each is defined.
int RunSchemesList(const std::string& config_path);

// yuqing incidents ACTION ...: the handling workflow against <data_dir>/yuqing.db (issue 8,
// docs/workflow.md). AddIncidentsCommand wires the subcommands and fills `options`, action
// included; RunIncidents runs what was parsed.
struct IncidentsOptions {
  std::string action;  // list|show|import|ack|assign|handle|note|report|respond|close|reopen|
                       // emergency|escalate-due
  std::string config_path;
  std::string data_dir;  // empty: from the configuration
  std::string now;       // ISO 8601 time of the action; empty: the wall clock
  std::string id;
  std::string by;      // the actor, written into the audit log
  std::string to;      // assign: person or unit
  std::string unit;    // assign: responsible unit; list: filter
  std::string kind;    // report: initial|followup|final
  std::string text;    // note or report text
  std::string reason;  // close, reopen
  std::string state;   // list filter
  std::string grade;   // list filter
  std::string input;   // import: replay output ("-": standard input)
  bool json = false;
  bool off = false;      // emergency --off
  bool dry_run = false;  // escalate-due --dry-run
};
CLI::App* AddIncidentsCommand(CLI::App& app, IncidentsOptions* options);
int RunIncidents(const IncidentsOptions& options);

struct ServeOptions {
  std::string config_path;
  std::string data_dir;  // empty: from the configuration
  std::string host = "127.0.0.1";
  int port = 8080;
  bool demo = false;
  double demo_speed = 120;
  std::string demo_path;  // empty: data/demo/items.jsonl
  std::vector<std::string> ingest_tokens;
  std::string admin_password;  // first start only; empty: random, printed once
  std::string port_file;       // non-empty: the port is written here once listening (tests)
  int retention_days = 365;
  bool reset_admin_password = false;  // prints a new one-time password for admin
};
// Runs until SIGINT or SIGTERM.
int RunServe(const ServeOptions& options);

// Commands whose stage is not built yet: they say so and exit 2, never print made-up output.
int RunNotBuilt(const std::string& command, const std::string& what_is_missing);

}  // namespace yuqing::cli
