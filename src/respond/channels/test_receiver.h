// Test support: runs one of the receivers in tests/receivers/ as a child process on 127.0.0.1
// and reads what it recorded. Tests run from the repo root (yuqing_test), so the scripts are
// found by repo-relative paths; YUQING_SOURCE_DIR covers running a test binary from elsewhere.
#pragma once

#include <poll.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace yuqing::testing {

// The system interpreter: python3-aiosmtpd is a Debian package, invisible to other pythons.
inline constexpr const char* kPython = "/usr/bin/python3";

inline std::string RepoPath(const std::string& relative) {
  if (std::filesystem::exists(relative)) return relative;
  return std::string(YUQING_SOURCE_DIR) + "/" + relative;
}

class ReceiverProcess {
 public:
  ReceiverProcess() = default;
  ReceiverProcess(const ReceiverProcess&) = delete;
  ReceiverProcess& operator=(const ReceiverProcess&) = delete;
  ~ReceiverProcess() { Stop(); }

  // Starts `script` (repo-relative) with `args`; returns false unless it printed a port in 10 s.
  bool Start(const std::string& script, const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return false;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      const std::string path = RepoPath(script);
      std::vector<char*> argv = {const_cast<char*>(kPython), const_cast<char*>(path.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(kPython, argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    pollfd fd{.fd = out[0], .events = POLLIN};
    while (line.find('\n') == std::string::npos && poll(&fd, 1, 10000) > 0) {
      char buffer[64];
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<size_t>(n));
    }
    close(out[0]);
    port_ = std::atoi(line.c_str());
    return port_ > 0;
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

inline std::vector<std::string> ReadLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The string at JSON Pointer `pointer` in `json`, or "<missing>".
inline std::string JsonString(const std::string& json, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view value;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) return "<invalid json>";
  if (doc.at_pointer(pointer).get_string().get(value) != simdjson::SUCCESS) return "<missing>";
  return std::string(value);
}

inline std::filesystem::path FreshTempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("yq-channels-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace yuqing::testing
