#include <spdlog/spdlog.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/analysis_flow.h"
#include "cli/commands.h"
#include "cli/config_loading.h"
#include "core/dead_letter.h"
#include "core/item_jsonl.h"
#include "core/json_text.h"
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

// One input record on its way from the front stages to the back ones.
struct RecordSlot {
  enum class Kind { kItem, kBadRecord, kIoError };
  Kind kind = Kind::kItem;
  Item item;
  BadRecord bad;
  std::string stage;  // where a bad record was refused
  Status error;       // kIoError
  size_t line = 0;    // the item's line, for a failure in the back stages
};

template <typename Front, typename Back>
int RunInOne(Front& front, Back& back, const ItemReader& items) {
  RecordSlot slot;
  while (front(&slot)) {
    slot.line = items.line();
    if (const int code = back(slot); code >= 0) return code;
  }
  return -1;
}

// A bounded queue of batches of slots between the reading thread and the writing one. A batch
// is handed over when it is full or when the next record is not yet in memory, so a slow stream
// (stdin from a collector) never waits for a batch to fill, and a file pays one lock per batch.
class SlotQueue {
 public:
  // False when the consumer has stopped.
  bool Push(std::vector<RecordSlot>&& batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return batches_.size() < kCapacity || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  void Finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    not_empty_.notify_one();
  }
  // False at the end.
  bool Pop(std::vector<RecordSlot>* batch) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !batches_.empty() || finished_; });
    if (batches_.empty()) return false;
    *batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    not_full_.notify_all();
  }

 private:
  static constexpr size_t kCapacity = 64;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::vector<RecordSlot>> batches_;
  bool finished_ = false;
  bool stopped_ = false;
};

template <typename Front, typename Back>
int RunInTwoThreads(Front& front, Back& back, const ItemReader& items) {
  constexpr size_t kBatch = 128;
  SlotQueue queue;
  std::thread reading([&] {
    std::vector<RecordSlot> batch;
    batch.reserve(kBatch);
    RecordSlot slot;
    while (front(&slot)) {
      slot.line = items.line();
      batch.push_back(std::move(slot));
      slot = RecordSlot();
      if (batch.size() >= kBatch || !items.HasBufferedRecord()) {
        const bool taken = queue.Push(std::move(batch));
        batch = std::vector<RecordSlot>();
        if (!taken) break;
        batch.reserve(kBatch);
      }
    }
    if (!batch.empty()) queue.Push(std::move(batch));
    queue.Finish();
  });
  int code = -1;
  std::vector<RecordSlot> batch;
  while (code < 0 && queue.Pop(&batch)) {
    for (RecordSlot& slot : batch) {
      code = back(slot);
      if (code >= 0) break;
    }
  }
  queue.Stop();
  reading.join();
  return code;
}

}  // namespace

int RunAnalysisFlow(const AnalyzeOptions& options, AnalysisFlowHooks& hooks) {
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
  if (Status s = hooks.Start(*analysis); !s.ok()) {
    spdlog::error("{}", s.message());
    return kExitUnusableInput;
  }
  DeadLetterFile dead_letters(options.deadletter_path.empty()
                                  ? DeadLetterFile::DefaultPath(config->data_dir, hooks.command)
                                  : options.deadletter_path);

  std::string line;
  size_t taken = 0;
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

  // The front stages (clean_text, segmentation and keywords, sentiment, regions) run where the
  // items are read; the rest (source_class, relate, schemes) and writing where they are taken.
  // That split gives the two threads about equal work (bench_analyze's input: the whole command
  // 2.44 s -> 1.95 s median against a split after keywords, docs/benchmarks.md). With two threads
  // the halves overlap; a slot carries each record across in input order, so order and
  // dead-lettering are the same either way. Stages after the split must be the only ones with state
  // that spans items (relate) or that a reload replaces (schemes).
  const size_t split = pipeline.IndexAfter("regions");
  ItemReader& items = **reader;
  auto front = [&](RecordSlot* slot) {
    switch (items.Next(&slot->item, &slot->bad)) {
      case ItemReader::Outcome::kEnd:
        return false;
      case ItemReader::Outcome::kIoError:
        slot->kind = RecordSlot::Kind::kIoError;
        slot->error = items.io_error();
        return true;
      case ItemReader::Outcome::kBadRecord:
        slot->kind = RecordSlot::Kind::kBadRecord;
        slot->stage = "read";
        return true;
      case ItemReader::Outcome::kItem:
        break;
    }
    slot->kind = RecordSlot::Kind::kItem;
    Status s = pipeline.ProcessStages(slot->item, 0, split, &slot->stage);
    if (!s.ok()) {
      // The record is re-serialised as it stands, so a person sees what the stage saw.
      std::string json;
      AppendItemJson(slot->item, &json);
      slot->kind = RecordSlot::Kind::kBadRecord;
      slot->bad = BadRecord{items.name(), items.line(), s.message(), std::move(json)};
    }
    return true;
  };
  // Returns an exit code to stop with, or -1 to go on.
  auto back = [&](RecordSlot& slot) {
    switch (slot.kind) {
      case RecordSlot::Kind::kIoError:
        spdlog::error("{}", slot.error.message());
        return kExitUnusableInput;
      case RecordSlot::Kind::kBadRecord:
        return set_aside(slot.bad, slot.stage) ? -1 : kExitInternal;
      case RecordSlot::Kind::kItem:
        break;
    }
    ReloadIfAsked(options, *analysis);
    std::string stage;
    Status s = pipeline.ProcessStages(slot.item, split, pipeline.size(), &stage);
    if (!s.ok()) {
      line.clear();
      AppendItemJson(slot.item, &line);
      return set_aside(BadRecord{items.name(), slot.line, s.message(), line}, stage)
                 ? -1
                 : kExitInternal;
    }
    hooks.Take(slot.item);
    ++taken;
    return -1;
  };
  const unsigned threads =
      options.threads != 0 ? options.threads : (std::thread::hardware_concurrency() >= 2 ? 2 : 1);
  const int stopped =
      threads >= 2 ? RunInTwoThreads(front, back, items) : RunInOne(front, back, items);
  if (stopped >= 0) return stopped;
  if (Status s = hooks.Finish(*analysis); !s.ok()) {
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
    spdlog::info("{}: {} items {}, {} records dead-lettered to {}", hooks.command, taken,
                 hooks.taken_verb, dead_letters.count(), dead_letters.path());
  } else {
    spdlog::info("{}: {} items {}, 0 records dead-lettered", hooks.command, taken,
                 hooks.taken_verb);
  }
  return kExitOk;
}

namespace {

// analyze: every analysed item out as one JSON line; story events on request.
class AnalyzeHooks : public AnalysisFlowHooks {
 public:
  explicit AnalyzeHooks(const AnalyzeOptions& options) : options_(options) {
    command = "analyze";
    taken_verb = "written";
  }
  Status Start(AnalysisPipeline& analysis) override {
    auto output = OutputFile::Open(options_.output);
    if (!output.ok()) return output.status();
    output_ = std::move(*output);
    if (options_.stories_path.empty()) return Status::Ok();
    auto opened = OutputFile::Open(options_.stories_path);
    if (!opened.ok()) return opened.status();
    story_events_ = std::move(*opened);
    analysis.relate->KeepStoryRecords();
    analysis.relate->set_merge_log(
        [this](std::string_view from, std::string_view into, Timestamp at) {
          std::string event = R"({"event":"merge","story_id":)";
          AppendJsonString(from, &event);
          event += R"(,"into":)";
          AppendJsonString(into, &event);
          event += R"(,"at":)";
          AppendJsonString(FormatIso8601(at), &event);
          event += '}';
          story_events_->WriteLine(event);
        });
    return Status::Ok();
  }
  void Take(Item& item) override {
    line_.clear();
    AppendItemJson(item, &line_);
    output_->WriteLine(line_);
  }
  Status Finish(AnalysisPipeline& analysis) override {
    if (Status s = output_->Close(); !s.ok()) return s;
    if (!story_events_) return Status::Ok();
    analysis.relate->ForEachStorySummary(
        2, [&](const std::string& json) { story_events_->WriteLine(json); });
    return story_events_->Close();
  }

 private:
  const AnalyzeOptions& options_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<OutputFile> story_events_;
  std::string line_;
};

}  // namespace

int RunAnalyze(const AnalyzeOptions& options) {
  AnalyzeHooks hooks(options);
  return RunAnalysisFlow(options, hooks);
}

int RunNotBuilt(const std::string& command, const std::string& what_is_missing) {
  spdlog::error("yuqing {}: not built yet: {}", command, what_is_missing);
  return kExitInternal;
}

}  // namespace yuqing::cli
