// yuqing: real-time public-opinion monitoring for social-insurance agencies. The command line
// (product.md §4.2): logs go to stderr, data to stdout.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"

#ifndef YUQING_VERSION
#define YUQING_VERSION "unknown"
#endif

namespace yuqing::cli {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 the run completed (bad records are dead-lettered and counted on stderr),\n"
    "1 the input or configuration as a whole is unusable, 2 internal failure.";

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_logger_st("yuqing");
  logger->set_pattern("yuqing %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

int Main(int argc, char** argv) {
  CLI::App app{
      "yuqing: real-time public-opinion monitoring and response for social-insurance agencies.\n"
      "Data flows sources -> stages -> sinks; each subcommand runs part of that pipeline."};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off (stderr)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  AnalyzeOptions analyze;
  CLI::App* analyze_cmd = app.add_subcommand(
      "analyze",
      "Items (JSON Lines, product.md §4.1) -> the same items in the same order, one line each,\n"
      "with the analysis fields added: clean_text, schemes, sentiment {label, score},\n"
      "regions [{code, name, level, path, confidence, evidence}], keywords, source_class,\n"
      "simhash, duplicate_of, story_id. A record that fails validation or a stage is left\n"
      "out, reported on stderr (file:line: field: reason) and written to the dead-letter file.");
  analyze_cmd->add_option("input", analyze.input, "items file; '-' or none reads standard input");
  analyze_cmd->add_option("--config", analyze.config_path,
                          "YAML configuration (default: built-in)");
  analyze_cmd->add_option("-o,--output", analyze.output,
                          "where items go (default: standard output)");
  analyze_cmd->add_option("--deadletter", analyze.deadletter_path,
                          "dead-letter file (default: <data_dir>/deadletter/analyze-<time>.jsonl)");
  analyze_cmd
      ->add_option("--threads", analyze.threads,
                   "1: one thread; 2: read+clean+segment on one, the rest on another (default: 2 "
                   "on two cores or more); output order is input order either way")
      ->check(CLI::Range(0, 2));
  analyze_cmd->add_option("--stories", analyze.stories_path,
                          "also write story events (merges) to this JSON Lines file");
  analyze_cmd->add_option("--data-dir", analyze.data_dir,
                          "data folder (overrides the configuration)");
  analyze_cmd->footer(kExitCodes);

  ExtractCommandOptions extract;
  bool extract_json = false;
  CLI::App* extract_cmd = app.add_subcommand(
      "extract",
      "Pages (HTML or flattened text) -> one JSON object per page, in the order given: title,\n"
      "author, published_at (ISO 8601 or null), source, body (paragraphs joined by \\n),\n"
      "keywords, charset, page_class (article|list|spam|other), removed (what was dropped, by\n"
      "kind: {count, samples}), flags (content-farm signals), author_note; plus file. A page\n"
      "that cannot be read gives {file, error} and the batch goes on.");
  extract_cmd->add_option("files", extract.files, "pages to extract; '-' reads standard input");
  extract_cmd->add_flag("--json", extract_json, "one JSON object per line (the default format)");
  extract_cmd->add_option(
      "--fetched-at", extract.fetched_at,
      "when the pages were fetched (ISO 8601), for relative times like 3小时前");
  extract_cmd->footer(kExitCodes);

  CLI::App* schemes_cmd = app.add_subcommand(
      "schemes", "Monitoring schemes (监测方案): list them, or try them on items before use.");
  schemes_cmd->require_subcommand(1);
  SchemesTestOptions schemes_test;
  CLI::App* schemes_test_cmd = schemes_cmd->add_subcommand(
      "test",
      "Dry run: the configuration's schemes over items (JSON Lines). Prints per scheme how many\n"
      "items it matched with sample matches, the matched words highlighted, and per item which\n"
      "schemes it matched because of which words. Nothing is stored.");
  schemes_test_cmd->add_option("input", schemes_test.input,
                               "items file; '-' or none reads standard input");
  schemes_test_cmd->add_option("--config", schemes_test.config_path,
                               "YAML configuration (default: built-in)");
  schemes_test_cmd->add_option("--samples", schemes_test.samples, "samples per scheme (3)");
  schemes_test_cmd->add_option("--max-items", schemes_test.max_items,
                               "items listed with their reasons (200)");
  schemes_test_cmd->add_flag("--json", schemes_test.json,
                             "one JSON line per item: {id, schemes: [{id, hits}]}");
  schemes_test_cmd->footer(kExitCodes);
  std::string schemes_list_config;
  CLI::App* schemes_list_cmd =
      schemes_cmd->add_subcommand("list", "Lists the schemes in force: id, name, where defined.");
  schemes_list_cmd->add_option("--config", schemes_list_config,
                               "YAML configuration (default: built-in)");

  ReplayOptions replay;
  CLI::App* replay_cmd = app.add_subcommand(
      "replay",
      "Runs the whole pipeline over items in stream time (item timestamps, as fast as the\n"
      "machine goes) and prints one JSON line per incident event: event (opened|updated|\n"
      "escalated|merged|closed), at, incident {id, title, grade, score, schemes, regions,\n"
      "keywords, first_seen, item_ids, item_count, negative_ratio, reasons, routed_to}.");
  replay_cmd->add_option("--config", replay.config_path, "YAML configuration (default: built-in)");
  replay_cmd->add_option("input", replay.input, "items file (JSON Lines), in time order")
      ->required();
  replay_cmd->add_option("-o,--output", replay.output,
                         "where incident events go (default: standard output)");
  replay_cmd->add_option("--deadletter", replay.deadletter_path,
                         "dead-letter file (default: <data_dir>/deadletter/replay-<time>.jsonl)");
  replay_cmd->add_option("--data-dir", replay.data_dir,
                         "data folder (overrides the configuration)");
  replay_cmd->add_option("--threads", replay.threads, "as for analyze")->check(CLI::Range(0, 2));
  replay_cmd->add_flag("--deliver", replay.deliver,
                       "enqueue the deliveries in the store's outbox (<data_dir>/yuqing.db) and "
                       "send them while the replay runs");
  replay_cmd->add_option("--deliver-wait", replay.deliver_wait_s,
                         "seconds to wait at the end for the outbox to drain (default 30)");
  replay_cmd->add_option("--notifications", replay.notifications_path,
                         "also write the notifications routing makes (JSON Lines): unit, "
                         "department, recipients, incidents, emergency plan");
  replay_cmd->add_option(
      "--set", replay.settings,
      "a detector threshold, NAME=VALUE (repeatable; docs/detect.md lists them)");
  replay_cmd->footer(kExitCodes);

  DeliverOptions deliver;
  CLI::App* deliver_cmd = app.add_subcommand(
      "deliver",
      "Sends what waits in the store's delivery outbox (webhook, WeCom/DingTalk/Feishu robots,\n"
      "e-mail, SMS), retrying with back-off and recording receipts; runs until stopped, or with\n"
      "--until-drained until nothing is left to send. Safe to kill and restart: each message\n"
      "carries an idempotency key, at most the one in flight is repeated.");
  deliver_cmd->add_option("--config", deliver.config_path,
                          "YAML configuration: `channels:` (SMTP relay, SMS gateway)");
  deliver_cmd->add_option("--data-dir", deliver.data_dir,
                          "data folder (overrides the configuration); the store is yuqing.db");
  deliver_cmd->add_option("--store", deliver.store_path, "the store file itself");
  deliver_cmd->add_flag("--until-drained", deliver.until_drained,
                        "stop when nothing is pending or in flight");
  deliver_cmd->footer(kExitCodes);

  OrgSkeletonOptions org_skeleton;
  CLI::App* org_cmd = app.add_subcommand("org", "The organisation tree (units, departments).");
  org_cmd->require_subcommand(1);
  CLI::App* org_skeleton_cmd = org_cmd->add_subcommand(
      "skeleton",
      "Prints an `organisation:` section generated from the division codes: one unit per\n"
      "region with the standard departments (养老保险, 医疗保险, 工伤保险, 失业保险, 基金监督,\n"
      "经办服务, 宣传/舆情), ready for people and channels to be added.");
  org_skeleton_cmd->add_option("--province", org_skeleton.province,
                               "a province code (510000); default: the whole country");
  org_skeleton_cmd->add_flag("--towns", org_skeleton.towns, "include streets and towns");
  org_skeleton_cmd->footer(kExitCodes);

  ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve",
      "The service: the in-process pipeline, the embedded SQLite store (<data_dir>/yuqing.db),\n"
      "the HTTP API and the web dashboard on 127.0.0.1:8080 (docs/serve.md, docs/api.md).");
  serve_cmd->add_option("--config", serve.config_path, "YAML configuration (default: built-in)");
  serve_cmd->add_option("--data-dir", serve.data_dir,
                        "data folder (default: from the configuration)");
  serve_cmd->add_option("--host", serve.host, "address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "port (0: any free one)")->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo,
                      "add a demo source replaying a bundled real sample (data/demo) accelerated");
  serve_cmd->add_option("--demo-speed", serve.demo_speed, "demo stream seconds per wall second")
      ->capture_default_str();
  serve_cmd->add_option("--demo-file", serve.demo_path,
                        "the demo's items (default: data/demo/items.jsonl)");
  serve_cmd->add_option("--ingest-token", serve.ingest_tokens,
                        "Bearer token POST /api/ingest accepts (repeatable; default: "
                        "<data_dir>/ingest-token, created at the first start)");
  serve_cmd->add_option(
      "--admin-password", serve.admin_password,
      "the first admin's password at the first start (default: random, printed once)");
  serve_cmd->add_option("--port-file", serve.port_file, "write the port listened on to this file");
  serve_cmd
      ->add_option("--retention-days", serve.retention_days,
                   "delete items older than this (0: keep everything)")
      ->capture_default_str();
  serve_cmd->add_flag("--reset-admin-password", serve.reset_admin_password,
                      "give user admin a new one-time password, printed once");
  serve_cmd->footer(kExitCodes);

  CLI::App* version_cmd = app.add_subcommand("version", "Prints the version.");
  IncidentsOptions incidents;
  CLI::App* incidents_cmd = AddIncidentsCommand(app, &incidents);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help (code 0) or the usage error
    return code == 0 ? kExitOk : kExitUnusableInput;
  }
  SetUpLogging(log_level);

  if (*version_cmd) {
    std::printf("yuqing %s\n", YUQING_VERSION);
    return kExitOk;
  }
  if (*analyze_cmd) return RunAnalyze(analyze);
  if (*extract_cmd) return RunExtract(extract);
  if (*schemes_test_cmd) return RunSchemesTest(schemes_test);
  if (*schemes_list_cmd) return RunSchemesList(schemes_list_config);
  if (*replay_cmd) return RunReplay(replay);
  if (*deliver_cmd) return RunDeliver(deliver);
  if (*org_skeleton_cmd) return RunOrgSkeleton(org_skeleton);
  if (*incidents_cmd) return RunIncidents(incidents);
  if (*serve_cmd) return RunServe(serve);
  return kExitInternal;
}

}  // namespace
}  // namespace yuqing::cli

int main(int argc, char** argv) {
  try {
    return yuqing::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "yuqing: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "yuqing: internal error\n");
  }
  return yuqing::cli::kExitInternal;
}
