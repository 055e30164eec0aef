// yuqing replay: the whole pipeline in stream time, incident events out (product.md §4.2).
#include <spdlog/spdlog.h>

#include <charconv>
#include <map>

#include "cli/analysis_flow.h"
#include "cli/commands.h"
#include "core/output_file.h"
#include "core/resources.h"
#include "detect/detector.h"

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
  ReplayHooks(const ReplayOptions& options, DetectOptions detect, SensitiveTerms terms)
      : options_(options), detector_(detect, std::move(terms)) {
    command = "replay";
    taken_verb = "replayed";
    emit_ = [this](const IncidentEvent& event) {
      output_->WriteLine(IncidentEventJson(event));
      ++events_;
    };
  }
  Status Start(AnalysisPipeline& analysis) override {
    auto output = OutputFile::Open(options_.output);
    if (!output.ok()) return output.status();
    output_ = std::move(*output);
    // Relate tells of merges while it places an item, on the thread that takes it, before the
    // item reaches the detector: the detector sees the merge, then the item.
    analysis.relate->set_merge_log(
        [this](std::string_view from, std::string_view into, Timestamp at) {
          detector_.MergeStories(from, into, at, emit_);
        });
    return Status::Ok();
  }
  void Take(Item& item) override { detector_.Observe(item, emit_); }
  Status Finish(AnalysisPipeline& /*analysis*/) override {
    const DetectStats stats = detector_.stats();
    spdlog::info(
        "replay: {} incident events; {} incidents opened, {} still open; {} stories "
        "in the detector's memory",
        events_, stats.incidents_opened, stats.open_incidents, stats.live_stories);
    return output_->Close();
  }

 private:
  const ReplayOptions& options_;
  Detector detector_;
  IncidentEventSink emit_;
  std::unique_ptr<OutputFile> output_;
  size_t events_ = 0;
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
  AnalyzeOptions flow;
  flow.config_path = options.config_path;
  flow.input = options.input;
  flow.deadletter_path = options.deadletter_path;
  flow.data_dir = options.data_dir;
  flow.threads = options.threads;
  ReplayHooks hooks(options, detect, std::move(terms));
  return RunAnalysisFlow(flow, hooks);
}

}  // namespace yuqing::cli
