// Scheme matching: SchemeMatcher (one literal scan + inverted index) over real Weibo posts with
// synthetic scheme sets of 10 ... 10,000 schemes drawn from a random mid-frequency vocabulary (a
// stress case) and 10,000 agency-style schemes (county × social-insurance subject × event
// words), against a naive matcher (per scheme: find each literal, then evaluate) and against a
// Hyperscan scan of the same words, in the same run.
//
//   build/bench/bench_match POSTS.tsv [ADMIN_DIVISIONS_DIR] [JIEBA_DICT]
//
// POSTS.tsv: ../shared/data/ced_weibo_rumor_cascades/posts.tsv (text is the 7th column; the
// first 200,000 non-empty texts are used). Place names come from the division CSVs, words from
// the cppjieba dictionary (third_party/cppjieba/dict/jieba.dict.utf8).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <hs/hs.h>

#include "bench/harness.h"
#include "core/resources.h"
#include "core/utf8.h"
#include "match/expression.h"
#include "match/scheme_matcher.h"

using namespace yuqing;
using namespace yuqing::bench;

namespace {

constexpr size_t kPosts = 200000;
// Frequency ranks of the words schemes use (of ~250,000 two-to-four-character words).
constexpr size_t kBandBegin = 1000;
constexpr size_t kBandEnd = 30000;

std::vector<std::string> ReadPosts(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> posts;
  std::string line;
  std::getline(in, line);  // header
  while (posts.size() < kPosts && std::getline(in, line)) {
    size_t pos = 0;
    for (int field = 0; field < 6 && pos != std::string::npos; ++field) {
      pos = line.find('\t', pos);
      if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos || pos >= line.size()) continue;
    posts.push_back(line.substr(pos));
  }
  return posts;
}

// Place names without their administrative suffix (成都市 -> 成都), as people write them.
// The quoted names of a division CSV (code,"name",...), without 市辖区-style placeholders.
std::vector<std::string> ReadDivisionNames(const std::string& path) {
  std::vector<std::string> names;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const size_t open = line.find('"');
    const size_t close = line.find('"', open + 1);
    if (open == std::string::npos || close == std::string::npos) continue;
    std::string name = line.substr(open + 1, close - open - 1);
    if (name.find("辖") != std::string::npos || name.find("直属") != std::string::npos) continue;
    names.push_back(std::move(name));
  }
  return names;
}

// Province and city names as people write them (四川, 成都).
std::vector<std::string> ReadPlaces(const std::string& dir) {
  std::vector<std::string> places;
  for (const char* file : {"/provinces.csv", "/cities.csv"}) {
    for (std::string name : ReadDivisionNames(dir + file)) {
      for (const char* suffix :
           {"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"}) {
        if (name.ends_with(suffix) && name.size() > std::string(suffix).size() + 3) {
          name.resize(name.size() - std::string(suffix).size());
          break;
        }
      }
      if (CountCodePoints(name) >= 2) places.push_back(name);
    }
  }
  return places;
}

// 2-4 character words ranked by frequency; a mid band so that hits happen but not on every post.
std::vector<std::string> ReadWords(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::pair<long, std::string>> words;
  std::string word, tag;
  long freq = 0;
  while (in >> word >> freq >> tag) {
    const size_t chars = CountCodePoints(word);
    if (chars < 2 || chars > 4 || static_cast<unsigned char>(word[0]) < 0x80) continue;
    words.emplace_back(freq, word);
  }
  std::sort(words.begin(), words.end(), std::greater<>());
  std::vector<std::string> band;
  for (size_t i = kBandBegin; i < std::min<size_t>(words.size(), kBandEnd); ++i) {
    band.push_back(words[i].second);
  }
  return band;
}

// The random choices of the scheme generators: a seeded generator, so that every run builds the
// same sets.
class SchemeDice {
 public:
  explicit SchemeDice(uint64_t seed) : rng_(seed) {}
  const std::string& Pick(const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng_)];
  }
  int Count(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  std::mt19937_64 rng_;
};

std::vector<SchemeDefinition> GenerateSchemes(size_t n, const std::vector<std::string>& places,
                                              const std::vector<std::string>& words) {
  SchemeDice dice(20261130);
  const auto pick = [&](const std::vector<std::string>& from) { return dice.Pick(from); };
  const auto count = [&](int lo, int hi) { return dice.Count(lo, hi); };
  std::vector<SchemeDefinition> schemes;
  for (size_t i = 0; i < n; ++i) {
    SchemeDefinition s;
    s.id = "s" + std::to_string(i);
    s.name = "方案" + std::to_string(i);
    for (int k = count(0, 2); k > 0; --k) s.regions.push_back(pick(places));
    for (int k = count(1, 5); k > 0; --k) s.subjects.push_back(pick(words));
    for (int k = count(1, 5); k > 0; --k) s.events.push_back(pick(words));
    const int roll = count(0, 99);
    if (roll < 10) s.events.push_back(pick(words) + " NEAR/10 " + pick(words));
    if (roll >= 10 && roll < 30) {
      // An exclusion inside a required word would make the scheme unmatchable (an error).
      std::string exclusion;
      bool inside;
      do {
        exclusion = pick(words);
        inside = false;
        for (const auto* group : {&s.subjects, &s.events, &s.regions}) {
          for (const auto& w : *group) inside |= w.find(exclusion) != std::string::npos;
        }
      } while (inside);
      s.exclude.push_back(exclusion);
    }
    if (roll >= 97) s.match = roll == 99 ? "NOT site:gov.cn" : "platform:weibo";
    schemes.push_back(std::move(s));
  }
  return schemes;
}

// Schemes as agencies write them: a county or city × social-insurance subject words (the
// domain dictionary) × public-opinion event words, some with an exclusion or a NEAR. Many
// schemes share words, as real configurations do (every county watches 养老金).
std::vector<SchemeDefinition> GenerateAgencySchemes(size_t n, const std::string& divisions_dir,
                                                    const std::vector<std::string>& places) {
  std::vector<std::string> counties = places;
  for (const auto& name : ReadDivisionNames(divisions_dir + "/areas.csv")) {
    if (CountCodePoints(name) >= 2) counties.push_back(name);
  }
  std::vector<std::string> subjects;
  {
    std::ifstream in(ResourcePath("resources/nlp/shebao.dict.utf8"));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const std::string word = line.substr(0, line.find(' '));
      if (CountCodePoints(word) >= 2) subjects.push_back(word);
    }
  }
  const std::vector<std::string> events = {
      "上调", "调整", "涨",   "下调", "停发",   "断缴", "补缴", "拖欠",   "欠缴",   "冒领",
      "骗保", "投诉", "举报", "维权", "上访",   "聚集", "讨薪", "不公",   "取消",   "延迟",
      "暂停", "难办", "排队", "刁难", "不作为", "谣言", "辟谣", "曝光",   "通报",   "处罚",
      "违规", "挪用", "贪污", "缺口", "告急",   "亏空", "拒赔", "报销难", "看病难", "跑断腿",
      "罢工", "堵路", "自杀", "死亡", "受伤",   "事故", "纠纷", "冲突",   "抗议",   "黑幕",
      "内幕", "腐败", "被查", "落马", "新政",   "改革", "试点", "并轨",   "统一",   "降低",
      "提高", "减免", "补贴", "发放"};
  SchemeDice dice(20261201);
  const auto pick = [&](const std::vector<std::string>& from) { return dice.Pick(from); };
  const auto count = [&](int lo, int hi) { return dice.Count(lo, hi); };
  std::vector<SchemeDefinition> schemes;
  for (size_t i = 0; i < n; ++i) {
    SchemeDefinition s;
    s.id = "a" + std::to_string(i);
    s.name = "机构方案" + std::to_string(i);
    for (int k = count(1, 3); k > 0; --k) s.regions.push_back(pick(counties));
    for (int k = count(2, 6); k > 0; --k) s.subjects.push_back(pick(subjects));
    for (int k = count(1, 6); k > 0; --k) s.events.push_back(pick(events));
    const int roll = count(0, 99);
    if (roll < 10) s.events.push_back(pick(subjects) + " NEAR/10 " + pick(events));
    if (roll >= 10 && roll < 30) s.exclude.push_back(roll < 20 ? "广告" : "转发抽奖");
    schemes.push_back(std::move(s));
  }
  return schemes;
}

// The naive baseline: per scheme, std::string_view::find of its literals, then evaluate.
class NaiveMatcher {
 public:
  explicit NaiveMatcher(const std::vector<SchemeDefinition>& schemes) {
    for (const auto& s : schemes) {
      Scheme compiled;
      for (const auto* group : {&s.regions, &s.subjects, &s.events}) {
        if (group->empty()) continue;
        compiled.groups.emplace_back();
        for (const auto& e : *group) compiled.groups.back().push_back(*match::ParseExpression(e));
      }
      if (!s.match.empty()) compiled.groups.push_back({*match::ParseExpression(s.match)});
      for (const auto& e : s.exclude) compiled.exclude.push_back(*match::ParseExpression(e));
      schemes_.push_back(std::move(compiled));
    }
  }
  void Match(std::string_view text, std::vector<uint32_t>* out) {
    out->clear();
    lowered_.assign(text);
    for (char& c : lowered_) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (size_t s = 0; s < schemes_.size(); ++s) {
      bool ok = true;
      for (const auto& group : schemes_[s].groups) {
        ok = std::any_of(group.begin(), group.end(), [&](const match::Expr& e) { return Eval(e); });
        if (!ok) break;
      }
      if (ok) {
        for (const auto& e : schemes_[s].exclude) ok = ok && !Eval(e);
      }
      if (ok) out->push_back(static_cast<uint32_t>(s));
    }
  }

 private:
  struct Scheme {
    std::vector<std::vector<match::Expr>> groups;
    std::vector<match::Expr> exclude;
  };
  bool Eval(const match::Expr& e) const {
    const std::string_view text = lowered_;
    switch (e.kind) {
      case match::Expr::Kind::kLiteral:
        return text.find(e.text) != std::string_view::npos;
      case match::Expr::Kind::kNot:
        return !Eval(e.children[0]);
      case match::Expr::Kind::kAnd:
        return std::all_of(e.children.begin(), e.children.end(),
                           [&](const match::Expr& c) { return Eval(c); });
      case match::Expr::Kind::kOr:
        return std::any_of(e.children.begin(), e.children.end(),
                           [&](const match::Expr& c) { return Eval(c); });
      case match::Expr::Kind::kField:  // every post is a weibo post without a site
        return e.field == match::Field::kPlatform && e.text == "weibo";
      case match::Expr::Kind::kNear: {
        const std::string& a = e.children[0].text;
        const std::string& b = e.children[1].text;
        for (size_t i = text.find(a); i != std::string_view::npos; i = text.find(a, i + 1)) {
          for (size_t j = text.find(b); j != std::string_view::npos; j = text.find(b, j + 1)) {
            const size_t from = std::min(i + a.size(), j + b.size());
            const size_t to = std::max(i, j);
            if (to <= from || CountCodePoints(text.substr(from, to - from)) <= e.distance) {
              return true;
            }
          }
        }
        return false;
      }
    }
    return false;
  }
  std::vector<Scheme> schemes_;
  std::string lowered_;
};

// The distinct literals of a set, as the compiler collects them (no normaliser here).
void CollectLiterals(const match::Expr& e, std::vector<std::string>* out) {
  if (e.kind == match::Expr::Kind::kLiteral) out->push_back(e.text);
  for (const auto& c : e.children) CollectLiterals(c, out);
}

// Another engine: one Hyperscan scan of each post over the same literals (case-insensitive,
// single match for each literal), nothing else: what the scan alone costs there.
Measurement ScanOnly(const std::vector<SchemeDefinition>& schemes,
                     const std::vector<std::string>& posts) {
  std::vector<std::string> literals;
  for (const auto& s : schemes) {
    for (const auto* group : {&s.regions, &s.subjects, &s.events, &s.exclude}) {
      for (const auto& e : *group) CollectLiterals(*match::ParseExpression(e), &literals);
    }
  }
  std::sort(literals.begin(), literals.end());
  literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
  std::vector<const char*> texts;
  std::vector<unsigned> flags, ids;
  std::vector<size_t> lengths;
  for (size_t i = 0; i < literals.size(); ++i) {
    texts.push_back(literals[i].c_str());
    lengths.push_back(literals[i].size());
    ids.push_back(static_cast<unsigned>(i));
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
  }
  Measurement m{"  Hyperscan scan only, same words"};
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_scratch_t* scratch = nullptr;
  if (hs_compile_lit_multi(texts.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS ||
      hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return m;
  }
  uint64_t hits = 0;
  const auto start = Clock::now();
  for (const auto& post : posts) {
    hs_scan(
        db, post.data(), static_cast<unsigned>(post.size()), 0, scratch,
        [](unsigned, unsigned long long, unsigned long long, unsigned, void* c) -> int {
          ++*static_cast<uint64_t*>(c);
          return 0;
        },
        &hits);
    m.bytes += post.size();
  }
  m.seconds = SecondsSince(start);
  m.items = posts.size();
  hs_free_scratch(scratch);
  hs_free_database(db);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s POSTS.tsv [ADMIN_DIVISIONS_DIR] [JIEBA_DICT]\n", argv[0]);
    return 1;
  }
  const std::string divisions = argc > 2 ? argv[2] : "../shared/data/admin_divisions_cn";
  const std::string dict = argc > 3 ? argv[3] : "third_party/cppjieba/dict/jieba.dict.utf8";
  const std::vector<std::string> posts = ReadPosts(argv[1]);
  const std::vector<std::string> places = ReadPlaces(divisions);
  const std::vector<std::string> words = ReadWords(dict);
  if (posts.empty() || places.empty() || words.empty()) {
    std::fprintf(stderr, "no posts, places or words (%zu, %zu, %zu)\n", posts.size(), places.size(),
                 words.size());
    return 1;
  }
  uint64_t total_bytes = 0;
  for (const auto& p : posts) total_bytes += p.size();
  std::printf("%zu posts (%.1f MB), %zu place names, %zu words in the band\n\n", posts.size(),
              total_bytes / 1e6, places.size(), words.size());

  const std::vector<SchemeDefinition> all = GenerateSchemes(10000, places, words);
  const std::vector<SchemeDefinition> agency = GenerateAgencySchemes(10000, divisions, places);
  struct Row {
    size_t schemes;
    double compile_ms;
    size_t literals;
    double memory_mib;
    double matched_per_doc;
    double rss_mib;
    size_t disagreements;
  };
  std::vector<Row> rows;
  PrintHeader();
  // Random mid-frequency vocabulary at four sizes (a stress case: ~26,000 distinct words at
  // 10,000 schemes), then 10,000 agency-style schemes.
  for (size_t run = 0; run < 5; ++run) {
    const size_t n = run < 4 ? std::vector<size_t>{10, 100, 1000, 10000}[run] : 10000;
    const std::string what = run < 4 ? " schemes" : " agency schemes";
    SchemeSetDefinition definition;
    if (run < 4) {
      definition.schemes.assign(all.begin(), all.begin() + n);
    } else {
      definition.schemes = agency;
    }
    const auto compile_start = Clock::now();
    auto set = SchemeSet::Compile(definition);
    const double compile_ms = SecondsSince(compile_start) * 1000;
    if (!set.ok()) {
      std::fprintf(stderr, "%s\n", set.status().message().c_str());
      return 1;
    }
    SchemeMatcher matcher(*set);
    MatchDocument document;
    document.platform = "weibo";
    std::vector<uint32_t> matched;
    Measurement fast{"yuqing SchemeMatcher, " + std::to_string(n) + what};
    Latencies latency;
    latency.Reserve(posts.size());
    uint64_t matched_total = 0;
    // Throughput without the clock reads (they cost about as much as a short post), then the
    // per-document latencies in a second pass.
    const auto start = Clock::now();
    for (const auto& post : posts) {
      document.text = post;
      matcher.Match(document, &matched);
      matched_total += matched.size();
    }
    fast.seconds = SecondsSince(start);
    for (const auto& post : posts) {
      const auto t0 = Clock::now();
      document.text = post;
      matcher.Match(document, &matched);
      latency.Add(t0, Clock::now());
    }
    fast.items = posts.size();
    fast.bytes = total_bytes;

    // The baseline on a prefix of the posts when it would take too long; its time is scaled
    // to the full count for the ratio (per-item cost is what is compared).
    size_t disagreements = 0;
    std::optional<Measurement> naive;
    Latencies naive_latency;
    if (n <= 1000 || run == 4) {
      const size_t count = n <= 100 ? posts.size() : posts.size() / (run == 4 ? 100 : 10);
      NaiveMatcher baseline(definition.schemes);
      Measurement m{"naive find+evaluate, " + std::to_string(n) + what + " (baseline)"};
      std::vector<uint32_t> expected;
      naive_latency.Reserve(count);
      const auto naive_start = Clock::now();
      for (size_t i = 0; i < count; ++i) {
        baseline.Match(posts[i], &expected);
        m.bytes += posts[i].size();
      }
      m.seconds = SecondsSince(naive_start);
      for (size_t i = 0; i < count; i += 10) {  // latencies on a sample
        const auto t0 = Clock::now();
        baseline.Match(posts[i], &expected);
        naive_latency.Add(t0, Clock::now());
      }
      m.items = count;
      for (size_t i = 0; i < count; i += 7) {  // same decisions? (a sample)
        baseline.Match(posts[i], &expected);
        document.text = posts[i];
        matcher.Match(document, &matched);
        disagreements += expected != matched;
      }
      naive = m;
    }
    if (naive) {
      Measurement scaled = *naive;
      scaled.seconds = naive->seconds * static_cast<double>(fast.items) / naive->items;
      Print(*naive, &naive_latency, nullptr);
      Print(fast, &latency, &scaled);
    } else {
      Print(fast, &latency, nullptr);
    }
    const Measurement hyperscan = ScanOnly(definition.schemes, posts);
    Print(hyperscan, nullptr, nullptr);
    rows.push_back({n, compile_ms, (*set)->literal_count(), (*set)->memory_bytes() / 1048576.0,
                    static_cast<double>(matched_total) / posts.size(), PeakRssMiB(),
                    naive ? disagreements : 0});
  }
  std::printf("\n%-10s %12s %10s %12s %16s %14s %14s\n", "schemes", "compile ms", "literals",
              "memory MiB", "matched/doc avg", "peak RSS MiB", "disagreements");
  for (const Row& r : rows) {
    std::printf("%-10zu %12.1f %10zu %12.2f %16.4f %14.1f %14zu\n", r.schemes, r.compile_ms,
                r.literals, r.memory_mib, r.matched_per_doc, r.rss_mib, r.disagreements);
  }
  return 0;
}
