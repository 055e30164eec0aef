// Story assignment (src/relate): StoryClusterer::Assign and RepostForest::Add on the real CED
// cascades in time order, with each item's weighted words prepared untimed the way the pipeline
// makes them (normalise, segment, TF-IDF top 12), against a baseline in the same run: the
// parent look-up alone (a std::unordered_map from item id to story, the least any parent-based
// assignment must do). Then a 24-hour replay: the same items spread evenly over 24 hours of
// stream time, run three times back to back (72 h), with windows of 2 h (stories) and 30 min
// (items), printing live state and resident memory every 4 hours: flat once the windows are full.
//
//   build/bench/bench_stories [POSTS.tsv [N|- [DAYS]]]
//   default: ../shared/data/ced_weibo_rumor_cascades/posts.tsv, all 902,731 posts, 3 days
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/harness.h"
#include "core/time.h"
#include "nlp/keyword_extractor.h"
#include "nlp/segmenter.h"
#include "normalize/normalizer.h"
#include "relate/repost_tree.h"
#include "relate/story_clusterer.h"

using namespace yuqing;
using namespace yuqing::bench;

namespace {

struct Post {
  std::string id, parent_id, author, clean;
  int64_t time_ms = 0;
  std::vector<std::string> words;
  std::vector<double> weights;
};

// id event_id parent_id user created_at year_inferred text
bool ReadPosts(const std::string& path, size_t limit, std::vector<Post>* posts) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);
  while (posts->size() < limit && std::getline(in, line)) {
    std::vector<std::string_view> cells;
    std::string_view rest = line;
    for (size_t tab; (tab = rest.find('\t')) != std::string_view::npos;) {
      cells.push_back(rest.substr(0, tab));
      rest.remove_prefix(tab + 1);
    }
    cells.push_back(rest);
    if (cells.size() < 7) continue;
    auto time = ParseIso8601(cells[4]);
    if (!time.ok()) continue;
    Post post;
    post.id = cells[0];
    post.parent_id = cells[2];
    post.author = cells[3];
    post.time_ms = time->unix_ms;
    post.clean = UnescapeTsvCell(cells[6]);
    posts->push_back(std::move(post));
  }
  return true;
}

// Resident set size now (not the peak), MiB.
double RssMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/ced_weibo_rumor_cascades/posts.tsv";
  const size_t limit =
      argc > 2 && argv[2][0] != '-' ? std::strtoull(argv[2], nullptr, 10) : SIZE_MAX;
  const int days = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  std::vector<Post> posts;
  if (!ReadPosts(path, limit, &posts) || posts.empty()) {
    std::fprintf(stderr, "cannot read posts from %s\n", path.c_str());
    return 1;
  }
  std::stable_sort(posts.begin(), posts.end(),
                   [](const Post& a, const Post& b) { return a.time_ms < b.time_ms; });
  auto normalizer = TextNormalizer::Create();
  auto segmenter = Segmenter::Load();
  auto keywords = KeywordExtractor::Load();
  if (!normalizer.ok() || !segmenter.ok() || !keywords.ok()) {
    std::fprintf(stderr, "cannot load: %s%s%s\n", normalizer.status().message().c_str(),
                 segmenter.status().message().c_str(), keywords.status().message().c_str());
    return 1;
  }
  {
    std::vector<std::string_view> words;
    std::vector<Keyword> ranked;
    for (Post& post : posts) {
      post.clean = (*normalizer)->Normalize(post.clean);
      (*segmenter)->Cut(post.clean, &words);
      (*keywords)->ExtractWeighted(words, 12, &ranked);
      for (const Keyword& k : ranked) {
        post.words.emplace_back(k.word);
        post.weights.push_back(k.weight);
      }
    }
  }
  std::printf("input: %s (%zu posts in time order, words prepared untimed)\n", path.c_str(),
              posts.size());

  Measurement base{"parent look-up only (baseline)"};
  {
    std::unordered_map<std::string, uint32_t> story_of;
    uint64_t opened = 0;
    const auto start = Clock::now();
    for (const Post& post : posts) {
      auto it = story_of.find(post.parent_id);
      const uint32_t story = it != story_of.end() ? it->second : static_cast<uint32_t>(opened++);
      story_of.emplace(post.id, story);
      if (it == story_of.end()) story_of.emplace(post.parent_id, story);
    }
    base.seconds = SecondsSince(start);
    base.items = posts.size();
    if (opened == 0) std::printf("(no stories)\n");
  }

  std::vector<StoryTerm> terms;
  auto evidence = [&](const Post& post, int64_t time_ms) {
    terms.clear();
    for (size_t i = 0; i < post.words.size(); ++i)
      terms.push_back({post.words[i], post.weights[i]});
    return StoryEvidence{.item_id = post.id,
                         .parent_id = post.parent_id,
                         .duplicate_of = {},
                         .time_ms = time_ms,
                         .terms = terms};
  };

  Measurement assign{"StoryClusterer::Assign"};
  Latencies assign_latency;
  StoryStats stats;
  {
    StoryClusterer stories;
    assign_latency.Reserve(posts.size());
    const auto start = Clock::now();
    for (const Post& post : posts) {
      const StoryEvidence e = evidence(post, post.time_ms);
      const auto t0 = Clock::now();
      (void)stories.Assign(e);
      assign_latency.Add(t0, Clock::now());
    }
    assign.seconds = SecondsSince(start);
    assign.items = posts.size();
    stats = stories.stats();
  }

  Measurement assign_bare{"StoryClusterer::Assign, no per-item timing"};
  {
    StoryClusterer stories;
    const auto start = Clock::now();
    for (const Post& post : posts) (void)stories.Assign(evidence(post, post.time_ms));
    assign_bare.seconds = SecondsSince(start);
    assign_bare.items = posts.size();
  }

  Measurement content_only{"StoryClusterer::Assign, no parent ids"};
  {
    StoryClusterer stories;
    const auto start = Clock::now();
    for (const Post& post : posts) {
      StoryEvidence e = evidence(post, post.time_ms);
      e.parent_id = {};
      (void)stories.Assign(e);
    }
    content_only.seconds = SecondsSince(start);
    content_only.items = posts.size();
  }

  Measurement trees{"RepostForest::Add"};
  {
    RepostForest forest;
    const auto start = Clock::now();
    for (const Post& post : posts) {
      (void)forest.Add({.item_id = post.id,
                        .parent_id = post.parent_id,
                        .author = post.author,
                        .text = post.clean,
                        .time_ms = post.time_ms});
    }
    trees.seconds = SecondsSince(start);
    trees.items = posts.size();
  }

  PrintHeader();
  Print(base, nullptr, nullptr);
  Print(assign, &assign_latency, &base);
  Print(assign_bare, nullptr, &base);
  Print(content_only, nullptr, &base);
  Print(trees, nullptr, &base);
  std::printf("stories opened %llu, by parent %llu, by content %llu, merges %llu\n",
              static_cast<unsigned long long>(stats.stories_opened),
              static_cast<unsigned long long>(stats.by_parent),
              static_cast<unsigned long long>(stats.by_content),
              static_cast<unsigned long long>(stats.merges));

  // The replay: item i of day d at d × 24 h + i × 24 h / N (ids made unique per day).
  constexpr int64_t kHour = 3600LL * 1000;
  StoryOptions options;
  options.window_ms = 2 * kHour;
  options.item_window_ms = kHour / 2;
  StoryClusterer stories(options);
  RepostForest forest(RepostOptions{.window_ms = 2 * kHour});
  std::printf(
      "\n24-hour replay, %d times over (%zu items a day; windows: stories 2 h, items 30 min)\n",
      days, posts.size());
  std::printf("%8s %12s %12s %12s %12s %10s\n", "hour", "live items", "live stories", "live terms",
              "tree nodes", "RSS MiB");
  const auto replay_start = Clock::now();
  std::string day_id, day_parent;
  int64_t next_report = 4 * kHour;
  const size_t n = posts.size();
  for (int day = 0; day < days; ++day) {
    for (size_t i = 0; i < n; ++i) {
      const Post& post = posts[i];
      const int64_t t =
          day * 24 * kHour + static_cast<int64_t>(i) * 24 * kHour / static_cast<int64_t>(n);
      const std::string suffix = day ? "#" + std::to_string(day) : "";
      day_id = post.id + suffix;
      day_parent = post.parent_id + suffix;
      StoryEvidence e = evidence(post, t);
      e.item_id = day_id;
      e.parent_id = day_parent;
      (void)stories.Assign(e);
      (void)forest.Add({.item_id = day_id,
                        .parent_id = day_parent,
                        .author = post.author,
                        .text = post.clean,
                        .time_ms = t});
      if (t >= next_report) {
        const StoryStats s = stories.stats();
        std::printf("%8lld %12zu %12zu %12zu %12zu %10.1f\n",
                    static_cast<long long>(next_report / kHour), s.live_items, s.live_stories,
                    s.live_terms, forest.live_nodes(), RssMiB());
        next_report += 4 * kHour;
      }
    }
  }
  const double replay_seconds = SecondsSince(replay_start);
  std::printf("replay: %.0f items/s (stories and trees together), peak RSS %.1f MiB\n",
              days * static_cast<double>(n) / replay_seconds, PeakRssMiB());
  return 0;
}
