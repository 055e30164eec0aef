// Segmentation and keywords: yuqing's Segmenter (own MixSegment over cppjieba's dictionaries) and
// KeywordExtractor against cppjieba's Jieba::Cut(hmm=true) alone, on the same real Weibo posts in
// one run, plus token-for-token agreement with cppjieba on every post.
//
//   build/bench/bench_segment [POSTS.tsv [N]]
//   default: ../shared/data/ced_weibo_rumor_cascades/posts.tsv, the first 200,000 non-empty texts
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/harness.h"
#include "nlp/jieba_reference.h"
#include "nlp/keyword_extractor.h"
#include "nlp/segmenter.h"

using namespace yuqing;
using namespace yuqing::bench;

namespace {

// posts.tsv: id event_id parent_id user created_at year_inferred text (header line first).
bool ReadPosts(const std::string& path, size_t limit, std::vector<std::string>* posts) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (posts->size() < limit && std::getline(in, line)) {
    size_t at = 0;
    for (int tab = 0; tab < 6 && at != std::string::npos; ++tab) {
      at = line.find('\t', at);
      if (at != std::string::npos) ++at;
    }
    if (at == std::string::npos || at >= line.size()) continue;
    posts->push_back(line.substr(at));
  }
  return true;
}

bool IsValidUtf8Lax(const std::string& s, const Segmenter& segmenter) {
  // A text is comparable with cppjieba when our cut has no one-byte invalid pieces.
  std::vector<std::string_view> words;
  segmenter.Cut(s, &words);
  for (auto w : words) {
    if (w.size() == 1 && static_cast<unsigned char>(w[0]) >= 0x80) return false;
  }
  return true;
}

void PrintLoad(const char* name, double seconds, double rss_before, double rss_after) {
  std::printf("load %-39s %8.3f s   peak RSS +%.1f MiB\n", name, seconds, rss_after - rss_before);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/ced_weibo_rumor_cascades/posts.tsv";
  const size_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200000;
  std::vector<std::string> posts;
  if (!ReadPosts(path, limit, &posts) || posts.empty()) {
    std::fprintf(stderr, "cannot read posts from %s\n", path.c_str());
    return 1;
  }
  uint64_t bytes = 0;
  for (const auto& p : posts) bytes += p.size();
  const double rss_posts = PeakRssMiB();

  // Ours first, so that each load's peak-RSS growth is its own (cppjieba's transient peak would
  // otherwise hide ours).
  auto start = Clock::now();
  auto segmenter = Segmenter::Load();
  if (!segmenter.ok()) {
    std::fprintf(stderr, "%s\n", segmenter.status().message().c_str());
    return 1;
  }
  const double segmenter_load = SecondsSince(start);
  const double rss_segmenter = PeakRssMiB();

  start = Clock::now();
  auto extractor = KeywordExtractor::Load();
  if (!extractor.ok()) {
    std::fprintf(stderr, "%s\n", extractor.status().message().c_str());
    return 1;
  }
  const double extractor_load = SecondsSince(start);
  const double rss_extractor = PeakRssMiB();

  start = Clock::now();
  auto jieba = JiebaReference::Load();
  if (!jieba.ok()) {
    std::fprintf(stderr, "%s\n", jieba.status().message().c_str());
    return 1;
  }
  const double jieba_load = SecondsSince(start);
  const double rss_jieba = PeakRssMiB();

  // Warm both (page in tables, grow scratch) on the first 10,000 posts, untimed.
  {
    std::vector<std::string> w1;
    std::vector<std::string_view> w2;
    for (size_t i = 0; i < posts.size() && i < 10000; ++i) {
      (*jieba)->Cut(posts[i], &w1);
      (*segmenter)->Cut(posts[i], &w2);
    }
  }

  Measurement base{"cppjieba Jieba::Cut(hmm=true) (baseline)"};
  Latencies base_latency;
  uint64_t base_words = 0;
  {
    std::vector<std::string> words;
    base_latency.Reserve(posts.size());
    start = Clock::now();
    for (const auto& p : posts) {
      const auto t0 = Clock::now();
      (*jieba)->Cut(p, &words);
      base_latency.Add(t0, Clock::now());
      base_words += words.size();
    }
    base.seconds = SecondsSince(start);
    base.items = posts.size();
    base.bytes = bytes;
  }

  Measurement cut{"yuqing Segmenter::Cut"};
  Latencies cut_latency;
  uint64_t cut_words = 0;
  {
    std::vector<std::string_view> words;
    cut_latency.Reserve(posts.size());
    start = Clock::now();
    for (const auto& p : posts) {
      const auto t0 = Clock::now();
      (*segmenter)->Cut(p, &words);
      cut_latency.Add(t0, Clock::now());
      cut_words += words.size();
    }
    cut.seconds = SecondsSince(start);
    cut.items = posts.size();
    cut.bytes = bytes;
  }

  Measurement both{"yuqing Segmenter::Cut + KeywordExtractor(k=5)"};
  Latencies both_latency;
  uint64_t keyword_count = 0;
  {
    std::vector<std::string_view> words;
    std::vector<std::string> keywords;
    both_latency.Reserve(posts.size());
    start = Clock::now();
    for (const auto& p : posts) {
      const auto t0 = Clock::now();
      (*segmenter)->Cut(p, &words);
      (*extractor)->Extract(words, 5, &keywords);
      both_latency.Add(t0, Clock::now());
      keyword_count += keywords.size();
    }
    both.seconds = SecondsSince(start);
    both.items = posts.size();
    both.bytes = bytes;
  }

  // Agreement with cppjieba, every post (texts with bytes that are not UTF-8 excluded: there
  // cppjieba returns no words at all, while Segmenter still covers the text).
  size_t compared = 0, identical = 0, invalid = 0;
  uint64_t tokens = 0, tokens_agreeing = 0;
  {
    std::vector<std::string> expected;
    std::vector<std::string_view> got;
    for (const auto& p : posts) {
      if (!IsValidUtf8Lax(p, **segmenter)) {
        ++invalid;
        continue;
      }
      ++compared;
      (*jieba)->Cut(p, &expected);
      (*segmenter)->Cut(p, &got);
      bool same = expected.size() == got.size();
      // Token agreement: tokens with the same byte span in both cuts.
      size_t i = 0, j = 0, at_i = 0, at_j = 0;
      while (i < expected.size() && j < got.size()) {
        if (at_i == at_j && expected[i].size() == got[j].size()) {
          ++tokens_agreeing;
          at_i += expected[i++].size();
          at_j += got[j++].size();
        } else {
          same = false;
          if (at_i + expected[i].size() <= at_j + got[j].size()) {
            at_i += expected[i++].size();
          } else {
            at_j += got[j++].size();
          }
        }
      }
      tokens += expected.size();
      identical += same;
    }
  }

  std::printf("input: %s (%zu non-empty posts, %.1f MB, RSS for the posts %.1f MiB)\n",
              path.c_str(), posts.size(), bytes / 1e6, rss_posts);
  PrintLoad("yuqing Segmenter (dict, HMM, shebao.dict)", segmenter_load, rss_posts, rss_segmenter);
  PrintLoad("yuqing KeywordExtractor (idf, stop words)", extractor_load, rss_segmenter,
            rss_extractor);
  PrintLoad("cppjieba Jieba (dict, HMM, idf, stop words)", jieba_load, rss_extractor, rss_jieba);
  PrintHeader();
  Print(base, &base_latency, nullptr);
  Print(cut, &cut_latency, &base);
  Print(both, &both_latency, &base);
  std::printf("words: cppjieba %llu, yuqing %llu; keywords %llu\n",
              static_cast<unsigned long long>(base_words),
              static_cast<unsigned long long>(cut_words),
              static_cast<unsigned long long>(keyword_count));
  std::printf(
      "agreement with cppjieba: %zu/%zu posts identical (%.4f%%), %llu/%llu tokens (%.4f%%); "
      "%zu posts with invalid UTF-8 not compared\n",
      identical, compared, compared ? 100.0 * identical / compared : 0.0,
      static_cast<unsigned long long>(tokens_agreeing), static_cast<unsigned long long>(tokens),
      tokens ? 100.0 * tokens_agreeing / tokens : 0.0, invalid);
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return 0;
}
