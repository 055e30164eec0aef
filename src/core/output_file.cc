#include "core/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace yuqing {
namespace {
constexpr size_t kFlushAt = size_t{1} << 20;
}  // namespace

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path, bool append) {
  if (path == "-") return std::unique_ptr<OutputFile>(new OutputFile(1, false, "<stdout>"));
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return Status::IoError(path + ": cannot open for writing: " + std::strerror(errno));
  return std::unique_ptr<OutputFile>(new OutputFile(fd, true, path));
}

OutputFile::OutputFile(int fd, bool owns_fd, std::string name)
    : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)) {
  buffer_.reserve(kFlushAt + 4096);
}

OutputFile::~OutputFile() { (void)Close(); }

void OutputFile::WriteLine(std::string_view line) {
  buffer_.append(line);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushAt) (void)Flush();
}

Status OutputFile::Flush() {
  size_t done = 0;
  while (error_.ok() && done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = Status::IoError(name_ + ": write failed: " + std::strerror(errno));
      break;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return error_;
}

Status OutputFile::Close() {
  if (fd_ < 0) return error_;
  (void)Flush();
  if (owns_fd_ && ::close(fd_) != 0 && error_.ok()) {
    error_ = Status::IoError(name_ + ": close failed: " + std::strerror(errno));
  }
  fd_ = -1;
  return error_;
}

Status MakeDirectories(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::IoError(path + ": cannot create folder: " + ec.message());
  return Status::Ok();
}

}  // namespace yuqing
