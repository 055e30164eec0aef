// Reads a file (or standard input) line by line without copying: each line is a view into a
// buffer that stays readable for kPadding bytes past its end, which is what simdjson needs to
// parse it in place.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing {

class LineReader {
 public:
  static constexpr size_t kPadding = 64;
  static constexpr size_t kDefaultMaxLine = size_t{64} << 20;

  // "-" reads standard input.
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path);
  // Reads from memory (tests, fuzzing).
  static std::unique_ptr<LineReader> FromString(std::string data, std::string name = "<memory>");

  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  enum class Outcome {
    kLine,     // *line holds the next line, without "\n" or "\r\n"
    kTooLong,  // the line numbered *line_number was longer than max_line and was skipped
    kEnd,      // no more lines
    kError,    // reading failed; error() says why
  };
  Outcome Next(std::string_view* line, size_t* line_number);

  const std::string& name() const { return name_; }
  // Whether the next line is already in memory, so that Next will not wait for input.
  bool HasBufferedLine() const {
    return eof_ ||
           (end_ > begin_ && std::memchr(buffer_.data() + begin_, '\n', end_ - begin_) != nullptr);
  }
  const Status& error() const { return error_; }
  uint64_t bytes_read() const { return bytes_read_; }
  void set_max_line(size_t bytes) { max_line_ = bytes; }

 private:
  LineReader(int fd, bool owns_fd, std::string name, size_t chunk);
  bool Fill();  // reads more bytes; false at end of input or on error

  int fd_ = -1;
  bool owns_fd_ = false;
  std::string name_;
  size_t chunk_;              // bytes asked for per read
  std::vector<char> buffer_;  // [begin_, end_) unread, then at least kPadding spare bytes
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t scanned_ = 0;  // bytes after begin_ already known to hold no newline
  bool eof_ = false;
  bool skipping_ = false;  // inside an over-long line, dropping bytes until its newline
  size_t line_number_ = 0;
  size_t max_line_ = kDefaultMaxLine;
  uint64_t bytes_read_ = 0;
  Status error_;
  std::string memory_;  // FromString's data
  size_t memory_pos_ = 0;
};

}  // namespace yuqing
