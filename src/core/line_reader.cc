#include "core/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace yuqing {
namespace {
constexpr size_t kReadChunk = size_t{1} << 20;
}  // namespace

Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  if (path == "-")
    return std::unique_ptr<LineReader>(new LineReader(0, false, "<stdin>", kReadChunk));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  return std::unique_ptr<LineReader>(new LineReader(fd, true, path, kReadChunk));
}

std::unique_ptr<LineReader> LineReader::FromString(std::string data, std::string name) {
  // Small inputs get a small buffer: fuzzing and tests create many readers.
  const size_t chunk = std::min(kReadChunk, std::max<size_t>(4096, data.size()));
  auto reader = std::unique_ptr<LineReader>(new LineReader(-1, false, std::move(name), chunk));
  reader->memory_ = std::move(data);
  return reader;
}

LineReader::LineReader(int fd, bool owns_fd, std::string name, size_t chunk)
    : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)), chunk_(chunk) {
  buffer_.resize(chunk_ + kPadding);
}

LineReader::~LineReader() {
  if (owns_fd_) ::close(fd_);
}

bool LineReader::Fill() {
  if (eof_) return false;
  // Make room: drop consumed bytes, then grow if the unread part fills the buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < chunk_ / 2 + kPadding) buffer_.resize(buffer_.size() * 2);
  const size_t room = buffer_.size() - end_ - kPadding;
  ssize_t n = 0;
  if (fd_ < 0) {
    n = static_cast<ssize_t>(std::min(room, memory_.size() - memory_pos_));
    std::memcpy(buffer_.data() + end_, memory_.data() + memory_pos_, static_cast<size_t>(n));
    memory_pos_ += static_cast<size_t>(n);
  } else {
    do {
      n = ::read(fd_, buffer_.data() + end_, room);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      error_ = Status::IoError(name_ + ": read failed: " + std::strerror(errno));
      eof_ = true;
      return false;
    }
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(n);
  bytes_read_ += static_cast<uint64_t>(n);
  return true;
}

LineReader::Outcome LineReader::Next(std::string_view* line, size_t* line_number) {
  for (;;) {
    const size_t search_from = begin_ + scanned_;
    const void* nl = end_ > search_from
                         ? std::memchr(buffer_.data() + search_from, '\n', end_ - search_from)
                         : nullptr;
    if (nl != nullptr || (eof_ && begin_ < end_)) {
      const size_t stop =
          nl ? static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data()) : end_;
      size_t len = stop - begin_;
      const char* start = buffer_.data() + begin_;
      begin_ = nl ? stop + 1 : end_;
      scanned_ = 0;
      ++line_number_;
      *line_number = line_number_;
      if (skipping_) {
        skipping_ = false;
        return Outcome::kTooLong;
      }
      if (len > 0 && start[len - 1] == '\r') --len;
      *line = std::string_view(start, len);
      return Outcome::kLine;
    }
    if (!eof_ && end_ - begin_ > max_line_) {
      // Over-long line: keep counting it as one line but stop holding its bytes.
      skipping_ = true;
      begin_ = end_;
      scanned_ = 0;
    } else {
      scanned_ = end_ - begin_;
    }
    if (!Fill()) {
      if (!error_.ok()) return Outcome::kError;
      if (begin_ < end_) continue;  // last line without a newline
      if (skipping_) {
        skipping_ = false;
        *line_number = ++line_number_;
        return Outcome::kTooLong;
      }
      return Outcome::kEnd;
    }
  }
}

}  // namespace yuqing
