#include "nlp/dictionary_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/json_text.h"
#include "core/resources.h"

namespace yuqing {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string JiebaDictionaryPath(std::string_view file) {
  return ResourcePath("third_party/cppjieba/dict/" + std::string(file));
}

std::string DomainDictionaryPath() { return ResourcePath("resources/nlp/shebao.dict.utf8"); }

Status CheckReadableFile(const std::string& path, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    std::string message = std::string(what) + " '" + path + "': " + std::strerror(err);
    if (err == ENOENT) return Status::NotFound(std::move(message));
    return Status::IoError(std::move(message));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::IoError(std::string(what) + " '" + path + "': not a regular file");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IoError(std::string(what) + " '" + path + "': " + std::strerror(errno));
  }
  std::fclose(f);
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const std::string& path, std::string_view what) {
  if (Status s = CheckReadableFile(path, what); !s.ok()) return s;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::IoError(std::string(what) + " '" + path + "': " + std::strerror(errno));
  std::string data;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) data.append(buffer, n);
  if (std::ferror(f.get())) {
    return Status::IoError(std::string(what) + " '" + path + "': read error");
  }
  return data;
}

Result<std::vector<UserDictionaryEntry>> ParseUserDictionary(std::string_view text,
                                                             std::string_view path) {
  std::vector<UserDictionaryEntry> entries;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    // Comments: '#' at the start of the line or after a blank.
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || IsBlank(line[i - 1]))) {
        line = line.substr(0, i);
        break;
      }
    }
    std::vector<std::string_view> fields;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && IsBlank(line[i])) ++i;
      const size_t start = i;
      while (i < line.size() && !IsBlank(line[i])) ++i;
      if (i > start) fields.push_back(line.substr(start, i - start));
    }
    if (fields.empty()) continue;
    const auto error = [&](std::string_view reason) {
      return Status::InvalidInput(std::string(path) + ":" + std::to_string(line_number) + ": " +
                                  std::string(reason) + ", got '" + std::string(line) + "'");
    };
    if (fields.size() > 3) return error("expected 'word [freq] [tag]'");
    if (!IsValidUtf8(fields[0])) return error("word is not valid UTF-8");
    UserDictionaryEntry entry;
    entry.word = std::string(fields[0]);
    std::string_view freq;
    if (fields.size() == 3) {
      freq = fields[1];
      entry.tag = std::string(fields[2]);
      if (!IsDigits(freq)) return error("frequency must be a positive integer");
    } else if (fields.size() == 2) {
      if (IsDigits(fields[1])) {
        freq = fields[1];
      } else {
        entry.tag = std::string(fields[1]);
      }
    }
    if (!freq.empty()) {
      entry.frequency = std::strtod(std::string(freq).c_str(), nullptr);
      if (!(entry.frequency > 0) || !std::isfinite(entry.frequency)) {
        return error("frequency must be a positive integer");
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<UserDictionaryEntry>> ReadUserDictionary(const std::string& path) {
  auto text = ReadWholeFile(path, "user dictionary");
  if (!text.ok()) return text.status();
  return ParseUserDictionary(*text, path);
}

}  // namespace yuqing
