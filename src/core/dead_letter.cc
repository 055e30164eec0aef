#include "core/dead_letter.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "core/json_text.h"
#include "core/time.h"

namespace yuqing {
namespace {
Timestamp Now() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return Timestamp{ms.count(), 0};
}
}  // namespace

DeadLetterFile::DeadLetterFile(std::string path) : path_(std::move(path)) {}

std::string DeadLetterFile::DefaultPath(const std::string& data_dir, const std::string& command) {
  std::string stamp = FormatIso8601(Now());
  for (char& c : stamp) {
    if (c == ':') c = '-';
  }
  return data_dir + "/deadletter/" + command + "-" + stamp + "-" + std::to_string(::getpid()) +
         ".jsonl";
}

Status DeadLetterFile::Add(const BadRecord& bad, const std::string& stage) {
  if (!file_) {
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) {
      Status s = MakeDirectories(parent.string());
      if (!s.ok()) return s;
    }
    auto opened = OutputFile::Open(path_, /*append=*/true);
    if (!opened.ok()) return opened.status();
    file_ = std::move(*opened);
  }
  line_.assign("{\"source\":");
  AppendJsonString(bad.source, &line_);
  line_.append(",\"line\":");
  AppendJsonNumber(static_cast<int64_t>(bad.line), &line_);
  line_.append(",\"stage\":");
  AppendJsonString(stage, &line_);
  line_.append(",\"reason\":");
  AppendJsonString(bad.reason, &line_);
  if (IsValidUtf8(bad.record)) {
    line_.append(",\"record\":");
    AppendJsonString(bad.record, &line_);
  } else {  // keep the exact bytes for the person who looks at it
    line_.append(",\"record_base64\":\"");
    line_.append(Base64Encode(bad.record));
    line_.push_back('"');
  }
  line_.append(",\"at\":");
  AppendJsonString(FormatIso8601(Now()), &line_);
  line_.push_back('}');
  file_->WriteLine(line_);
  ++count_;
  // Written through at once: a record set aside must survive the process being killed (bad
  // records are rare, so the flush costs nothing that matters).
  return file_->Flush();
}

Status DeadLetterFile::Close() { return file_ ? file_->Close() : Status::Ok(); }

}  // namespace yuqing
