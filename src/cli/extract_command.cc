#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "core/json_text.h"
#include "core/output_file.h"
#include "extract/extractor.h"
#include "extract/page_json.h"

namespace yuqing::cli {
namespace {

constexpr size_t kMaxPageBytes = size_t{64} << 20;

Result<std::string> ReadPage(const std::string& path) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError(std::string("cannot open: ") + std::strerror(errno));
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return Status::IoError("read failed");
  }
  if (bytes.size() > kMaxPageBytes) return Status::InvalidInput("larger than 64 MiB; not a page?");
  return bytes;
}

}  // namespace

int RunExtract(const ExtractCommandOptions& options) {
  if (options.files.empty()) {
    spdlog::error("extract: no pages given (name files, or '-' for standard input)");
    return kExitUnusableInput;
  }
  ExtractOptions extract_options;
  if (!options.fetched_at.empty()) {
    auto t = ParseIso8601(options.fetched_at);
    if (!t.ok()) {
      spdlog::error("--fetched-at: {}: '{}'", t.status().message(), options.fetched_at);
      return kExitUnusableInput;
    }
    extract_options.fetched_at = *t;
  }
  auto extractor = PageExtractor::Create();
  if (!extractor.ok()) {
    spdlog::error("{}", extractor.status().message());
    return kExitInternal;
  }
  auto output = OutputFile::Open("-");
  if (!output.ok()) return kExitInternal;

  size_t failed = 0;
  std::string line, page_json;
  for (const std::string& path : options.files) {
    line.assign("{\"file\":");
    AppendJsonString(path, &line);
    auto bytes = ReadPage(path);
    if (!bytes.ok()) {
      spdlog::warn("{}: {}", path, bytes.status().message());
      line.append(",\"error\":");
      AppendJsonString(bytes.status().message(), &line);
      line.push_back('}');
      ++failed;
    } else {
      const ExtractedPage page = (*extractor)->Extract(*bytes, extract_options);
      page_json.clear();
      AppendExtractedPageJson(page, &page_json);
      line.push_back(',');
      line.append(page_json, 1);  // drop the object's opening brace
    }
    (*output)->WriteLine(line);
  }
  if (Status s = (*output)->Close(); !s.ok()) {
    spdlog::error("{}", s.message());
    return kExitInternal;
  }
  spdlog::info("extract: {} pages, {} unreadable", options.files.size(), failed);
  return kExitOk;
}

}  // namespace yuqing::cli
