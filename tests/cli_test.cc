// End-to-end tests of the command line: the binary as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

namespace fs = std::filesystem;
using yuqing::e2e::CommandRun;
using yuqing::e2e::ReadFile;

class CliTest : public yuqing::e2e::CliFixture {};

std::string GoodItem(int i) {
  return "{\"id\":\"p" + std::to_string(i) +
         "\",\"platform\":\"weibo\",\"created_at\":\"2020-01-03T10:00:00+08:00\",\"text\":"
         "\"养老金第" +
         std::to_string(i) + "条\",\"reposts\":" + std::to_string(i % 7) + ",\"vendor\":{\"k\":1}}";
}

TEST_F(CliTest, HelpAnswersForEveryCommand) {
  CommandRun top = Yuqing({"--help"});
  EXPECT_EQ(top.code, 0);
  for (const char* cmd : {"analyze", "extract", "replay", "serve", "version"}) {
    EXPECT_NE(top.out.find(cmd), std::string::npos) << cmd;
  }
  EXPECT_NE(Yuqing({"analyze", "--help"}).out.find("dead-letter"), std::string::npos);
  EXPECT_NE(Yuqing({"extract", "--help"}).out.find("page_class"), std::string::npos);
  EXPECT_NE(Yuqing({"replay", "--help"}).out.find("negative_ratio"), std::string::npos);
  EXPECT_NE(Yuqing({"serve", "--help"}).out.find("127.0.0.1:8080"), std::string::npos);
  for (const char* cmd : {"analyze", "extract", "replay", "serve", "version"}) {
    EXPECT_EQ(Yuqing({cmd, "--help"}).code, 0) << cmd;
  }
}

TEST_F(CliTest, UsageErrorsExitOne) {
  EXPECT_EQ(Yuqing({}).code, 1);
  EXPECT_EQ(Yuqing({"frobnicate"}).code, 1);
  EXPECT_EQ(Yuqing({"analyze", "--no-such-flag"}).code, 1);
}

TEST_F(CliTest, VersionPrints) {
  CommandRun run = Yuqing({"version"});
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.out.rfind("yuqing ", 0), 0u);
}

TEST_F(CliTest, AnalyzeDeadLettersThreeBadLinesAmongTenThousand) {
  std::string input;
  for (int i = 0; i < 10000; ++i) {
    input += GoodItem(i) + "\n";
    if (i == 10) input += "{\"id\":\"bad1\",\"created_at\":\"2020/1/3\",\"text\":\"x\"}\n";
    if (i == 5000) input += "this is not json\n";
    if (i == 9998) input += "{\"id\":\"bad3\",\"created_at\":\"2020-01-03T10:00:00Z\"}\n";
  }
  const fs::path in = Write("items.jsonl", input);
  CommandRun run = Yuqing({"analyze", in.string(), "--deadletter", (dir_ / "dl.jsonl").string()});
  ASSERT_EQ(run.code, 0) << run.err;

  std::istringstream out(run.out);
  std::string line;
  int n = 0;
  while (std::getline(out, line)) {
    ASSERT_NE(line.find("\"id\":\"p" + std::to_string(n) + "\""), std::string::npos) << line;
    ASSERT_NE(line.find("\"vendor\":{\"k\":1}"), std::string::npos) << "unknown field lost";
    ++n;
  }
  EXPECT_EQ(n, 10000);

  const std::string dl = ReadFile(dir_ / "dl.jsonl");
  EXPECT_EQ(std::count(dl.begin(), dl.end(), '\n'), 3);
  EXPECT_NE(dl.find("\"line\":12,\"stage\":\"read\",\"reason\":\"created_at: not ISO 8601"),
            std::string::npos)
      << dl;
  EXPECT_NE(dl.find("\"line\":5003,\"stage\":\"read\",\"reason\":\"not valid JSON"),
            std::string::npos)
      << dl;
  EXPECT_NE(dl.find("\"reason\":\"text, html: at least one must be present"), std::string::npos);
  EXPECT_NE(dl.find("\"record\":\"this is not json\""), std::string::npos);

  EXPECT_NE(run.err.find("items.jsonl:12: created_at: not ISO 8601"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("10000 items written, 3 records dead-lettered"), std::string::npos)
      << run.err;
}

TEST_F(CliTest, AnalyzeReadsStandardInputAndDefaultsTheDeadLetterPath) {
  const fs::path in = Write("in.jsonl", GoodItem(1) + "\n{\"id\":2}\n");
  CommandRun run = Yuqing({"analyze"}, in.string());
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1);
  ASSERT_TRUE(fs::exists(dir_ / "yuqing-data" / "deadletter"));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "yuqing-data" / "deadletter")) {
    EXPECT_EQ(entry.path().filename().string().rfind("analyze-", 0), 0u);
    EXPECT_NE(ReadFile(entry.path()).find("<stdin>"), std::string::npos);
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST_F(CliTest, AnalyzeRefusesUnusableInputOrConfig) {
  CommandRun missing = Yuqing({"analyze", "/nonexistent/items.jsonl"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/items.jsonl: cannot open"), std::string::npos);

  const fs::path config = Write("bad.yaml", "log_level: info\nshemes: []\n");
  CommandRun bad_config = Yuqing({"analyze", "--config", config.string()}, "/dev/null");
  EXPECT_EQ(bad_config.code, 1);
  EXPECT_NE(bad_config.err.find("bad.yaml:2:1: unknown key 'shemes'"), std::string::npos)
      << bad_config.err;
}

// Every command is built now; `serve` refuses an unusable configuration before it listens.
TEST_F(CliTest, ServeRefusesAnUnusableConfiguration) {
  CommandRun run = Yuqing({"serve", "--config", "no-such-file.yaml", "--port", "0"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("no-such-file.yaml"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

}  // namespace
