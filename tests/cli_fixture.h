// The fixture of the end-to-end tests: runs build/yuqing (or $YUQING_BIN) as a user would, in
// a fresh temporary folder, and captures its exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace yuqing::e2e {

namespace fs = std::filesystem;

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("YUQING_BIN");
    binary_ = bin ? bin : "build/yuqing";
    dir_ = fs::temp_directory_path() /
           ("yq-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandRun Yuqing(const std::vector<std::string>& args, const std::string& stdin_path = "") {
    std::string cmd = ShellQuote(binary_);
    for (const auto& a : args) cmd += " " + ShellQuote(a);
    cmd += " >" + ShellQuote((dir_ / "stdout").string()) + " 2>" +
           ShellQuote((dir_ / "stderr").string());
    cmd += " <" + (stdin_path.empty() ? std::string("/dev/null") : ShellQuote(stdin_path));
    cmd = "cd " + ShellQuote(dir_.string()) + " && " + cmd;
    const int status = std::system(cmd.c_str());
    CommandRun run;
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(dir_ / "stdout");
    run.err = ReadFile(dir_ / "stderr");
    return run;
  }

  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  std::string binary_;
  fs::path dir_;
};

// Text as the inside of a JSON string (control characters other than \n \r \t become spaces).
inline std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace yuqing::e2e
