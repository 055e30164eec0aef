// The dead-letter file: records that could not be processed, kept for a person to look at,
// one JSON object per line with where the record came from and why it was set aside.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/item_jsonl.h"
#include "core/output_file.h"
#include "core/status.h"

namespace yuqing {

class DeadLetterFile {
 public:
  // The file is created on the first record only, so a clean run leaves nothing behind.
  explicit DeadLetterFile(std::string path);

  // "<data_dir>/deadletter/<command>-<UTC time>.jsonl", unique per run.
  static std::string DefaultPath(const std::string& data_dir, const std::string& command);

  // Writes {"source","line","stage","reason","record"|"record_base64","at"}.
  Status Add(const BadRecord& bad, const std::string& stage);
  Status Close();

  const std::string& path() const { return path_; }
  size_t count() const { return count_; }

 private:
  std::string path_;
  std::unique_ptr<OutputFile> file_;
  size_t count_ = 0;
  std::string line_;
};

}  // namespace yuqing
