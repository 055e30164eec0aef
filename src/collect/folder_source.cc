#include "collect/folder_source.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "core/json_text.h"

namespace yuqing {
namespace fs = std::filesystem;
namespace {

// Item fields whose CSV cells become JSON numbers / booleans; every other cell is a string.
constexpr std::array<std::string_view, 4> kIntegerFields = {"reposts", "comments", "likes",
                                                            "author_followers"};

// Splits the next CSV record starting at `*pos`; counts line breaks into `*line`.
std::vector<std::string> NextRecord(std::string_view csv, size_t* pos, size_t* line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (*pos < csv.size()) {
    const char c = csv[(*pos)++];
    if (quoted) {
      if (c == '"') {
        if (*pos < csv.size() && csv[*pos] == '"') {
          fields.back() += '"';
          ++*pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++*line;
        fields.back() += c;
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++*line;
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

bool IsBlank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) {
    return f.find_first_not_of(" \t") == std::string::npos;
  });
}

bool IsInteger(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

Status MoveInto(const fs::path& file, const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return Status::IoError(folder.string() + ": " + ec.message());
  fs::path target = folder / file.filename();
  // Never overwrite an earlier file of the same name: number the newcomer.
  for (int n = 1; fs::exists(target, ec) && n < 10000; ++n) {
    target = folder / (file.stem().string() + "." + std::to_string(n) + file.extension().string());
  }
  fs::rename(file, target, ec);
  if (ec)
    return Status::IoError("moving " + file.string() + " to " + folder.string() + ": " +
                           ec.message());
  return Status::Ok();
}

}  // namespace

Status ReadCsvItems(std::string_view csv, const std::string& name,
                    const std::function<void(Item)>& on_item,
                    const std::function<void(const BadRecord&)>& on_bad) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);  // Excel writes a UTF-8 BOM
  size_t pos = 0, line = 1;
  std::vector<std::string> header = NextRecord(csv, &pos, &line);
  for (std::string& h : header) {
    h.erase(0, h.find_first_not_of(" \t"));
    h.erase(h.find_last_not_of(" \t") + 1);
  }
  if (IsBlank(header) || std::find(header.begin(), header.end(), "id") == header.end()) {
    return Status::InvalidInput(name +
                                ":1: CSV header must name the item fields, 'id' and "
                                "'created_at' among them");
  }
  ItemParser parser;
  std::string json;
  while (pos < csv.size()) {
    const size_t record_line = line;
    const size_t record_begin = pos;
    const std::vector<std::string> fields = NextRecord(csv, &pos, &line);
    if (IsBlank(fields)) continue;
    BadRecord bad;
    bad.source = name;
    bad.line = record_line;
    bad.record = std::string(csv.substr(record_begin, pos - record_begin));
    while (!bad.record.empty() && (bad.record.back() == '\n' || bad.record.back() == '\r')) {
      bad.record.pop_back();
    }
    if (fields.size() != header.size()) {
      bad.reason = "expected " + std::to_string(header.size()) +
                   " fields as in the header, found " + std::to_string(fields.size());
      on_bad(bad);
      continue;
    }
    json = "{";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty() || header[i].empty()) continue;
      if (json.size() > 1) json += ',';
      AppendJsonString(header[i], &json);
      json += ':';
      const bool integer = std::find(kIntegerFields.begin(), kIntegerFields.end(), header[i]) !=
                           kIntegerFields.end();
      // Numbers and booleans go in as JSON literals; everything else as a string.
      const bool literal =
          (integer && IsInteger(fields[i])) ||
          (header[i] == "author_verified" && (fields[i] == "true" || fields[i] == "false"));
      if (literal) {
        json += fields[i];
      } else {
        AppendJsonString(fields[i], &json);
      }
    }
    json += '}';
    Item item;
    if (Status s = parser.Parse(json, &item); !s.ok()) {
      bad.reason = s.message();
      on_bad(bad);
      continue;
    }
    on_item(std::move(item));
  }
  return Status::Ok();
}

FolderSource::FolderSource(std::string source_id, std::string dir)
    : source_id_(std::move(source_id)), dir_(std::move(dir)) {}

Status FolderSource::Poll(const std::function<void(Item)>& on_item,
                          const std::function<void(const BadRecord&)>& on_bad,
                          FolderPollStats* stats) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string file_name = path.filename().string();
    if (file_name.starts_with(".") || !it->is_regular_file(ec)) continue;
    if (path.extension() == ".jsonl" || path.extension() == ".csv") files.push_back(path);
  }
  if (ec) return Status::IoError(dir_ + ": " + ec.message());
  std::sort(files.begin(), files.end());
  auto emit = [&](Item item) {
    if (item.source_id.empty()) item.source_id = source_id_;
    ++stats->items;
    on_item(std::move(item));
  };
  auto bad_record = [&](const BadRecord& bad) {
    ++stats->bad_records;
    on_bad(bad);
  };
  for (const fs::path& path : files) {
    Status read_status;
    if (path.extension() == ".jsonl") {
      auto reader = ItemReader::Open(path.string());
      if (!reader.ok()) {
        read_status = reader.status();
      } else {
        Item item;
        BadRecord bad;
        while (true) {
          const auto outcome = (*reader)->Next(&item, &bad);
          if (outcome == ItemReader::Outcome::kEnd) break;
          if (outcome == ItemReader::Outcome::kIoError) {
            read_status = (*reader)->io_error();
            break;
          }
          if (outcome == ItemReader::Outcome::kItem) {
            emit(std::move(item));
            item = Item();
          } else {
            bad_record(bad);
          }
        }
      }
    } else {
      std::ifstream in(path, std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      if (!in) {
        read_status = Status::IoError(path.string() + ": cannot read");
      } else {
        read_status = ReadCsvItems(content.str(), path.string(), emit, bad_record);
      }
    }
    if (!read_status.ok()) {
      // The whole file is unusable: dead-letter it as one record so someone sees why.
      BadRecord bad;
      bad.source = path.string();
      bad.reason = read_status.message();
      bad_record(bad);
      ++stats->failed_files;
    }
    if (Status s = MoveInto(path, fs::path(dir_) / (read_status.ok() ? "done" : "failed"));
        !s.ok()) {
      return s;
    }
    ++stats->files;
  }
  return Status::Ok();
}

}  // namespace yuqing
