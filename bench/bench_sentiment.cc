// Sentiment scoring (the step itself): SentimentModel::Score on real Weibo posts that are already
// normalised and segmented, as the pipeline hands them over, against segmentation of the same
// clean texts (Segmenter::Cut, the step before it) in the same run.
//
//   build/bench/bench_sentiment [POSTS.tsv [N]]
//   default: ../shared/data/ced_weibo_rumor_cascades/posts.tsv, the first 200,000 non-empty texts
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/harness.h"
#include "nlp/segmenter.h"
#include "nlp/sentiment/sentiment.h"
#include "normalize/normalizer.h"

using namespace yuqing;
using namespace yuqing::bench;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/ced_weibo_rumor_cascades/posts.tsv";
  const size_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200000;
  std::vector<std::string> posts;
  if (!ReadPostTexts(path, limit, &posts) || posts.empty()) {
    std::fprintf(stderr, "cannot read posts from %s\n", path.c_str());
    return 1;
  }
  auto normalizer = TextNormalizer::Create();
  auto segmenter = Segmenter::Load();
  if (!normalizer.ok() || !segmenter.ok()) {
    std::fprintf(stderr, "cannot load: %s%s\n", normalizer.status().message().c_str(),
                 segmenter.status().message().c_str());
    return 1;
  }
  // The pipeline's clean_text and word_ends, prepared untimed.
  std::vector<std::string> clean(posts.size());
  std::vector<std::vector<uint32_t>> ends(posts.size());
  uint64_t bytes = 0;
  {
    std::vector<std::string_view> words;
    for (size_t i = 0; i < posts.size(); ++i) {
      clean[i] = (*normalizer)->Normalize(posts[i]);
      (*segmenter)->Cut(clean[i], &words);
      for (const auto w : words) {
        ends[i].push_back(static_cast<uint32_t>(w.data() + w.size() - clean[i].data()));
      }
      bytes += clean[i].size();
    }
  }
  const double rss_before = PeakRssMiB();
  auto start = Clock::now();
  auto model = SentimentModel::Load();
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().message().c_str());
    return 1;
  }
  std::printf("input: %s (%zu non-empty posts, %.1f MB clean text, %.1f bytes/post)\n",
              path.c_str(), posts.size(), bytes / 1e6, double(bytes) / double(posts.size()));
  std::printf("load SentimentModel %.3f s, peak RSS +%.1f MiB\n", SecondsSince(start),
              PeakRssMiB() - rss_before);

  // Warm both (page in the weight table, grow the segmenter's scratch), untimed.
  {
    std::vector<std::string_view> words;
    for (size_t i = 0; i < posts.size() && i < 20000; ++i) {
      (*segmenter)->Cut(clean[i], &words);
      (void)(*model)->Score(clean[i], ends[i]);
    }
  }

  Measurement base{"Segmenter::Cut on clean text (baseline)"};
  Latencies base_latency;
  {
    std::vector<std::string_view> words;
    uint64_t total = 0;
    base_latency.Reserve(posts.size());
    start = Clock::now();
    for (const auto& text : clean) {
      const auto t0 = Clock::now();
      (*segmenter)->Cut(text, &words);
      base_latency.Add(t0, Clock::now());
      total += words.size();
    }
    base.seconds = SecondsSince(start);
    base.items = posts.size();
    base.bytes = bytes;
    if (total == 0) std::printf("(no words)\n");
  }

  Measurement score{"SentimentModel::Score (the sentiment step)"};
  Latencies score_latency;
  std::map<std::string, size_t> labels;
  double sum = 0;
  {
    score_latency.Reserve(posts.size());
    start = Clock::now();
    for (size_t i = 0; i < clean.size(); ++i) {
      const auto t0 = Clock::now();
      const SentimentScore s = (*model)->Score(clean[i], ends[i]);
      score_latency.Add(t0, Clock::now());
      sum += s.score;
      ++labels[s.label];
    }
    score.seconds = SecondsSince(start);
    score.items = posts.size();
    score.bytes = bytes;
  }

  // Throughput without the per-item clock reads.
  Measurement bare{"SentimentModel::Score, no per-item timing"};
  {
    double check = 0;
    start = Clock::now();
    for (size_t i = 0; i < clean.size(); ++i) check += (*model)->Score(clean[i], ends[i]).score;
    bare.seconds = SecondsSince(start);
    bare.items = posts.size();
    bare.bytes = bytes;
    if (check != sum) std::printf("(scores differ between runs)\n");
  }

  PrintHeader();
  Print(base, &base_latency, nullptr);
  Print(score, &score_latency, &base);
  Print(bare, nullptr, &base);
  std::printf("labels:");
  for (const auto& [label, count] : labels) {
    std::printf(" %s %zu (%.1f%%)", label.c_str(), count, 100.0 * count / posts.size());
  }
  std::printf("; mean score %.3f\n", sum / posts.size());
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return 0;
}
