// `yuqing analyze` (clean_text, segmentation + keywords, sentiment, regions, source_class,
// schemes) against cppjieba segmentation alone, on the same Weibo posts, in one run (issues 4
// and 5: analyze at least half as fast).
//
//   bench_analyze POSTS.tsv YUQING_BINARY [N=200000]
//
// POSTS.tsv: ../shared/data/ced_weibo_rumor_cascades/posts.tsv (id event_id parent_id user
// created_at year_inferred text). The first N posts with a non-empty text are used.
//
// Rows: cppjieba Jieba::Cut(hmm) alone (the baseline), then the analysis stages in process
// (time per stage from the pipeline's own counters), then the whole `yuqing analyze` process
// on the same posts as items (start-up, JSON in and out included), with its default threads and
// with --threads 1. "x base" is the baseline's time over the row's time: >= 0.5 is the goal for
// the whole process.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cppjieba/Jieba.hpp>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "core/item_jsonl.h"
#include "core/json_text.h"
#include "core/resources.h"
#include "pipeline/analysis_pipeline.h"

namespace yuqing::bench {
namespace {

std::vector<std::string> ReadPosts(const std::string& path, size_t limit) {
  std::ifstream in(path);
  std::vector<std::string> texts;
  std::string line;
  std::getline(in, line);  // header
  while (texts.size() < limit && std::getline(in, line)) {
    const size_t tab = line.rfind('\t');
    if (tab == std::string::npos || tab + 1 >= line.size()) continue;
    texts.push_back(line.substr(tab + 1));
  }
  return texts;
}

std::string WriteItems(const std::vector<std::string>& texts) {
  const std::string path = "build/data/bench_analyze_items.jsonl";
  std::ofstream out(path);
  std::string line;
  for (size_t i = 0; i < texts.size(); ++i) {
    line = "{\"id\":\"p" + std::to_string(i) +
           "\",\"platform\":\"weibo\",\"created_at\":\"2013-04-21T19:38:51+08:00\",\"text\":";
    AppendJsonString(texts[i], &line);
    line += "}\n";
    out << line;
  }
  return path;
}

// Wall time and peak RSS of one run of a command (fork/exec, output to /dev/null).
double RunProcess(const std::vector<std::string>& argv, double* peak_rss_mib) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const double seconds = SecondsSince(start);
  *peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "bench_analyze: %s failed\n", argv[0].c_str());
    std::exit(1);
  }
  return seconds;
}

}  // namespace
}  // namespace yuqing::bench

int main(int argc, char** argv) {
  using namespace yuqing;
  using namespace yuqing::bench;
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_analyze POSTS.tsv YUQING_BINARY [N]\n");
    return 2;
  }
  const size_t limit = argc > 3 ? std::stoul(argv[3]) : 200000;
  const auto texts = ReadPosts(argv[1], limit);
  uint64_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  std::printf("%zu posts, %.1f MB of text\n\n", texts.size(), bytes / 1e6);
  PrintHeader();

  // Baseline: cppjieba's default segmentation (MixSegment, HMM on), its own dictionaries.
  Measurement jieba_m{"cppjieba Cut(hmm) alone", texts.size(), bytes, 0};
  {
    const auto load_start = Clock::now();
    cppjieba::Jieba jieba(ResourcePath("third_party/cppjieba/dict/jieba.dict.utf8"),
                          ResourcePath("third_party/cppjieba/dict/hmm_model.utf8"),
                          ResourcePath("third_party/cppjieba/dict/user.dict.utf8"),
                          ResourcePath("third_party/cppjieba/dict/idf.utf8"),
                          ResourcePath("third_party/cppjieba/dict/stop_words.utf8"));
    const double load = SecondsSince(load_start);
    std::vector<std::string> words;
    Latencies lat;
    lat.Reserve(texts.size());
    const auto start = Clock::now();
    for (const auto& t : texts) {
      const auto s = Clock::now();
      jieba.Cut(t, words, true);
      lat.Add(s, Clock::now());
    }
    jieba_m.seconds = SecondsSince(start);
    Print(jieba_m, &lat, nullptr);
    std::printf("  (cppjieba load %.2f s, not counted)\n", load);
  }

  // The analysis pipeline in this process, per stage.
  {
    auto config = BuiltInConfig();
    auto analysis = BuildAnalysisPipeline(*config);
    if (!analysis.ok()) {
      std::fprintf(stderr, "%s\n", std::string(analysis.status().message()).c_str());
      return 1;
    }
    Latencies lat;
    lat.Reserve(texts.size());
    Item item;
    std::string failed;
    const auto start = Clock::now();
    for (size_t i = 0; i < texts.size(); ++i) {
      item = Item();
      item.id = "p";
      item.platform = Platform::kWeibo;
      item.text = texts[i];
      const auto s = Clock::now();
      (void)analysis->pipeline.Process(item, &failed);
      lat.Add(s, Clock::now());
    }
    Measurement all{"analysis stages in process (all)", texts.size(), bytes, SecondsSince(start)};
    Print(all, &lat, &jieba_m);
    for (const auto& stage : analysis->pipeline.stats()) {
      Measurement m{"  stage " + stage.name, stage.items, bytes, stage.nanos / 1e9};
      Print(m, nullptr, &jieba_m);
    }
  }

  // The whole command, as a user runs it: by default (two threads on two cores or more), and
  // on one thread, the per-core figure.
  {
    const std::string items = WriteItems(texts);
    for (const char* threads : {"0", "1"}) {
      double rss = 0;
      const double seconds =
          RunProcess({argv[2], "--log-level", "warn", "analyze", "--threads", threads, items, "-o",
                      "/dev/null", "--data-dir", "build/data"},
                     &rss);
      const std::string label = std::string("yuqing analyze (whole process, ") +
                                (threads[0] == '0' ? "default threads)" : "--threads 1)");
      Measurement whole{label, texts.size(), bytes, seconds};
      Print(whole, nullptr, &jieba_m);
      std::printf(
          "  %s: %.2f s wall for %zu posts, peak RSS %.1f MiB; speed relative to cppjieba "
          "alone: %.2f (goal >= 0.5)\n",
          label.c_str(), seconds, texts.size(), rss, jieba_m.seconds / seconds);
    }
  }
  std::printf("bench_analyze peak RSS (this process) %.1f MiB\n", PeakRssMiB());
  return 0;
}
