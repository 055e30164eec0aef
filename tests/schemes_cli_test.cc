// End-to-end tests of monitoring schemes through the binary: the dry run, configuration errors,
// and a configuration reload (SIGHUP) while items stream through `yuqing analyze`.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_fixture.h"

namespace {

using yuqing::e2e::CommandRun;
using yuqing::e2e::ReadFile;

class SchemesCli : public yuqing::e2e::CliFixture {};

std::string ItemLine(const std::string& id, const std::string& text) {
  return "{\"id\":\"" + id +
         "\",\"platform\":\"weibo\",\"created_at\":\"2024-09-13T10:00:00+08:00\",\"text\":\"" +
         text + "\"}\n";
}

TEST_F(SchemesCli, DryRunShowsCountsHighlightedSamplesAndWhyEachItemMatched) {
  const auto config = Write("c.yaml",
                            "builtin_schemes: false\n"
                            "schemes:\n"
                            "  - id: pension\n"
                            "    name: 养老金\n"
                            "    subjects: [养老金, 退休金]\n"
                            "    exclude: [养老金融]\n"
                            "  - id: card\n"
                            "    subjects: 电子社保卡\n");
  const auto items = Write(
      "items.jsonl", ItemLine("p1", "今年养老金又涨了") + ItemLine("p2", "养老金融产品推介会") +
                         ItemLine("p3", "退休金和养老金都发了") + ItemLine("p4", "天气不错"));
  CommandRun run = Yuqing({"schemes", "test", "--config", config.string(), items.string()});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("4 items read, 2 matched"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("pension  养老金  2 items"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("p1  今年[[养老金]]又涨了"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("p3: pension (退休金, 养老金)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("no hit: card"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("p2"), std::string::npos) << "excluded by 养老金融: " << run.out;

  CommandRun json =
      Yuqing({"schemes", "test", "--json", "--config", config.string(), items.string()});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(json.out.find("{\"id\":\"p1\",\"schemes\":[{\"id\":\"pension\",\"hits\":[{\"text\":"
                          "\"养老金\",\"begin\":6,\"end\":15}]}]}"),
            std::string::npos)
      << json.out;
}

TEST_F(SchemesCli, BuiltInTaxonomyIsListed) {
  CommandRun run = Yuqing({"schemes", "list"});
  ASSERT_EQ(run.code, 0) << run.err;
  for (const char* id :
       {"pension_adjustment", "retirement_age", "contribution_rate", "fund_gap", "dual_track",
        "transfer_continuation", "cross_region_medical", "medical_insurance", "work_injury",
        "unemployment", "enrollment_arrears", "social_security_card", "fund_fraud",
        "service_complaint", "personal_pension", "maternity", "long_term_care",
        "other_social_insurance"}) {
    EXPECT_NE(run.out.find(std::string(id) + " "), std::string::npos) << id;
  }
}

TEST_F(SchemesCli, ConfigurationMistakesAreRefusedWithLineColumnAndReason) {
  struct Case {
    std::string yaml;
    std::vector<std::string> expected;  // all in stderr
  };
  const std::vector<Case> cases = {
      {"schemes:\n  - id: a\n    subjects:\n      - 养老金\n      - (养老金 OR\n",
       {"c.yaml:5:9: scheme a, subjects[1]: ", "column", "expected"}},
      {"schemes:\n  - id: a\n    name: 空\n", {"scheme a is empty"}},
      {"schemes:\n  - id: a\n    subjects: 养老金\n    exclude: 养老\n",
       {"scheme a", "can never match", "养老"}},
      {"schemes:\n  - id: a\n    subjects: 养老金\n    match: platform:weibo AND platform:news\n",
       {"scheme a", "can never match"}},
      {"schemes:\n  - id: a\n    subjcts: 养老金\n", {"c.yaml:3:5:", "did you mean 'subjects'"}},
      {"schemes:\n  - id: Bad-Id\n    subjects: x\n", {"c.yaml:2:9:", "is not a scheme id"}},
      {"schemes:\n  - id: a\n    subjects: x\n  - id: a\n    subjects: y\n",
       {"scheme a is defined twice"}},
  };
  for (const auto& c : cases) {
    const auto config = Write("c.yaml", c.yaml);
    CommandRun run = Yuqing({"schemes", "list", "--config", config.string()});
    if (run.code == 0) {  // structure is fine; compiling the set finds the problem
      run = Yuqing({"schemes", "test", "--config", config.string(), "/dev/null"});
    }
    EXPECT_EQ(run.code, 1) << c.yaml << run.out;
    for (const auto& e : c.expected) {
      EXPECT_NE(run.err.find(e), std::string::npos) << c.yaml << "\nstderr: " << run.err;
    }
  }
}

// The configuration changes while `yuqing analyze` reads a stream: after SIGHUP the new schemes
// apply from the next item; a broken file is refused and the running schemes stay; nothing is
// dropped or duplicated.
TEST_F(SchemesCli, AnalyzeReloadsOnSighupWithoutDroppingItems) {
  const auto config = Write("c.yaml",
                            "builtin_schemes: false\nschemes:\n"
                            "  - id: first\n    subjects: 甲\n");
  int to_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  const std::string out_path = (dir_ / "out.jsonl").string();
  const std::string err_path = (dir_ / "err.txt").string();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(to_child[0], 0);
    close(to_child[0]);
    close(to_child[1]);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, 2);
    execl(binary_.c_str(), binary_.c_str(), "analyze", "--config", config.c_str(), "-o",
          out_path.c_str(), "--data-dir", dir_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  auto send = [&](int from, int to) {
    std::string chunk;
    for (int i = from; i < to; ++i) chunk += ItemLine("i" + std::to_string(i), "甲乙丙");
    ASSERT_EQ(write(to_child[1], chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
  };
  auto wait_for_log = [&](const std::string& what) {
    for (int i = 0; i < 600 && ReadFile(err_path).find(what) == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return ReadFile(err_path).find(what) != std::string::npos;
  };
  // A phase writes more than OutputFile's 1 MiB buffer (about 320 bytes an item), so output on
  // disk proves that items were taken before the signal. Without that wait the child could
  // hold the whole first phase in its read buffer, unprocessed, when SIGHUP came (seen under
  // load: no item got the first schemes).
  constexpr int kPhase = 4000;
  send(0, kPhase);
  auto written = [&] {
    std::error_code error;
    const auto size = std::filesystem::file_size(out_path, error);
    return error ? 0 : size;
  };
  for (int i = 0; i < 600 && written() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(written(), 0u) << ReadFile(err_path);
  Write("c.yaml", "builtin_schemes: false\nschemes:\n  - id: second\n    subjects: 乙\n");
  ASSERT_EQ(kill(pid, SIGHUP), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the signal is delivered
  send(kPhase, 2 * kPhase);                                     // ... and seen before these
  ASSERT_TRUE(wait_for_log("reloaded")) << ReadFile(err_path);
  Write("c.yaml", "schemes:\n  - id: broken\n    subjects: (乙\n");
  ASSERT_EQ(kill(pid, SIGHUP), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  send(2 * kPhase, 3 * kPhase);
  close(to_child[1]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << ReadFile(err_path);
  EXPECT_NE(ReadFile(err_path).find("reload refused, the schemes in force stay"), std::string::npos)
      << ReadFile(err_path);

  std::istringstream lines(ReadFile(out_path));
  std::string line;
  int count = 0, first = 0, second = 0, first_after_reload = 0;
  while (std::getline(lines, line)) {
    const std::string id = "\"id\":\"i" + std::to_string(count) + "\"";
    EXPECT_NE(line.find(id), std::string::npos) << "out of order or missing: " << line;
    const bool is_first = line.find("\"schemes\":[\"first\"]") != std::string::npos;
    const bool is_second = line.find("\"schemes\":[\"second\"]") != std::string::npos;
    EXPECT_TRUE(is_first != is_second) << line;
    first += is_first;
    second += is_second;
    if (count >= kPhase && is_first) ++first_after_reload;
    ++count;
  }
  EXPECT_EQ(count, 3 * kPhase);
  EXPECT_GT(first, 0);
  EXPECT_GE(second, 2 * kPhase);  // everything sent after the reload, the broken one kept it
  EXPECT_EQ(first_after_reload, 0);
}

}  // namespace
