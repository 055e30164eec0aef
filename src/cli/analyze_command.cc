#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "core/dead_letter.h"
#include "core/item_jsonl.h"
#include "core/output_file.h"
#include "pipeline/analysis_pipeline.h"

namespace yuqing::cli {
namespace {
constexpr size_t kMaxReportedBadRecords = 20;

// SIGHUP asks for the configuration to be read again; the reload happens between two items,
// so no item is dropped or matched half by one set and half by the other.
volatile std::sig_atomic_t g_reload_requested = 0;
extern "C" void RequestReload(int /*signal*/) { g_reload_requested = 1; }

void ReloadIfAsked(const AnalyzeOptions& options, AnalysisPipeline& analysis) {
  if (g_reload_requested == 0) return;
  g_reload_requested = 0;
  if (options.config_path.empty()) {
    spdlog::info("reload asked: running on the built-in configuration, nothing to re-read");
    return;
  }
  auto config = LoadConfigFile(options.config_path);
  Status s = config.ok() ? analysis.ReloadSchemes(*config) : config.status();
  if (!s.ok()) {
    spdlog::error("reload refused, the schemes in force stay: {}", s.message());
    return;
  }
  spdlog::info("reloaded {}: {} schemes in force from the next item", options.config_path,
               config->schemes.schemes.size());
}
}  // namespace

int RunAnalyze(const AnalyzeOptions& options) {
  auto config = LoadConfigOrReport(options.config_path);
  if (!config) return kExitUnusableInput;
  if (!options.data_dir.empty()) config->data_dir = options.data_dir;

  auto analysis = BuildAnalysisPipeline(*config);
  if (!analysis.ok()) {
    spdlog::error("{}", analysis.status().message());
    return kExitUnusableInput;
  }
  Pipeline& pipeline = analysis->pipeline;
  std::signal(SIGHUP, RequestReload);
  if (const auto missing = AnalysisFieldsNotBuilt(); !missing.empty()) {
    std::string fields;
    for (const auto& f : missing) fields += (fields.empty() ? "" : ", ") + f;
    spdlog::warn("analysis fields not built yet (items pass through validated, without them): {}",
                 fields);
  }

  auto reader = ItemReader::Open(options.input);
  if (!reader.ok()) {
    spdlog::error("{}", reader.status().message());
    return kExitUnusableInput;
  }
  auto output = OutputFile::Open(options.output);
  if (!output.ok()) {
    spdlog::error("{}", output.status().message());
    return kExitUnusableInput;
  }
  DeadLetterFile dead_letters(options.deadletter_path.empty()
                                  ? DeadLetterFile::DefaultPath(config->data_dir, "analyze")
                                  : options.deadletter_path);

  Item item;
  BadRecord bad;
  std::string line;
  size_t written = 0;
  auto set_aside = [&](const BadRecord& record, const std::string& stage) {
    if (dead_letters.count() < kMaxReportedBadRecords) {
      spdlog::warn("{} (dead-lettered)", record.Describe());
    }
    Status s = dead_letters.Add(record, stage);
    if (!s.ok()) {
      spdlog::error("cannot keep a bad record aside: {}", s.message());
      return false;
    }
    return true;
  };
  for (bool more = true; more;) {
    switch ((*reader)->Next(&item, &bad)) {
      case ItemReader::Outcome::kEnd:
        more = false;
        break;
      case ItemReader::Outcome::kIoError:
        spdlog::error("{}", (*reader)->io_error().message());
        return kExitUnusableInput;
      case ItemReader::Outcome::kBadRecord:
        if (!set_aside(bad, "read")) return kExitInternal;
        break;
      case ItemReader::Outcome::kItem: {
        ReloadIfAsked(options, *analysis);
        std::string stage;
        Status s = pipeline.Process(item, &stage);
        if (!s.ok()) {
          // The record is re-serialised as it stands, so a person sees what the stage saw.
          line.clear();
          AppendItemJson(item, &line);
          if (!set_aside(BadRecord{(*reader)->name(), (*reader)->line(), s.message(), line},
                         stage)) {
            return kExitInternal;
          }
          break;
        }
        line.clear();
        AppendItemJson(item, &line);
        (*output)->WriteLine(line);
        ++written;
        break;
      }
    }
  }
  if (Status s = (*output)->Close(); !s.ok()) {
    spdlog::error("{}", s.message());
    return kExitInternal;
  }
  if (Status s = dead_letters.Close(); !s.ok()) {
    spdlog::error("{}", s.message());
    return kExitInternal;
  }
  if (dead_letters.count() > kMaxReportedBadRecords) {
    spdlog::warn("... and {} more bad records", dead_letters.count() - kMaxReportedBadRecords);
  }
  if (dead_letters.count() > 0) {
    spdlog::info("analyze: {} items written, {} records dead-lettered to {}", written,
                 dead_letters.count(), dead_letters.path());
  } else {
    spdlog::info("analyze: {} items written, 0 records dead-lettered", written);
  }
  return kExitOk;
}

int RunNotBuilt(const std::string& command, const std::string& what_is_missing) {
  spdlog::error("yuqing {}: not built yet: {}", command, what_is_missing);
  return kExitInternal;
}

}  // namespace yuqing::cli
