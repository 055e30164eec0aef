// The flow `analyze` and `replay` share: items are read, validated and run through the
// analysis pipeline (two threads: front stages where items are read, the rest where they are
// taken), bad records are dead-lettered, and each analysed item, in input order, goes to the
// command's hooks (analyze writes it out; replay feeds the detector).
#pragma once

#include <string>

#include "cli/commands.h"
#include "core/item.h"
#include "core/status.h"
#include "pipeline/analysis_pipeline.h"

namespace yuqing::cli {

class AnalysisFlowHooks {
 public:
  virtual ~AnalysisFlowHooks() = default;
  // Before the first item: open outputs, attach to the pipeline. An error stops the run (1).
  virtual Status Start(AnalysisPipeline& analysis) = 0;
  // Each analysed item, in input order, on one thread.
  virtual void Take(Item& item) = 0;
  // After the last item. An error stops the run (2).
  virtual Status Finish(AnalysisPipeline& analysis) = 0;

  std::string command = "analyze";     // names dead-letter files and the summary
  std::string taken_verb = "written";  // "N items written"
};

// `options.output` and `options.stories_path` are left to the hooks.
int RunAnalysisFlow(const AnalyzeOptions& options, AnalysisFlowHooks& hooks);

}  // namespace yuqing::cli
