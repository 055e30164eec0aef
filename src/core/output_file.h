// A buffered output file (or standard output) for JSON Lines.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace yuqing {

class OutputFile {
 public:
  // "-" writes standard output. `append`: add to an existing file instead of truncating it.
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path, bool append = false);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes a line (a newline is added). Errors are sticky: see Close().
  void WriteLine(std::string_view line);
  Status Flush();
  Status Close();  // flushes; the first write error if there was one
  const std::string& name() const { return name_; }

 private:
  OutputFile(int fd, bool owns_fd, std::string name);
  int fd_;
  bool owns_fd_;
  std::string name_;
  std::string buffer_;
  Status error_;
};

// Creates a folder and its parents (like mkdir -p).
Status MakeDirectories(const std::string& path);

}  // namespace yuqing
