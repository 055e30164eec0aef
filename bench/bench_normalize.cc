// Text normalisation throughput (product.md §2.3): TextNormalizer on ordinary simplified news
// bodies, on the same bodies once normalised (nothing left to change), on traditional text, and
// on the seed content-farm page, against a plain copy (the ceiling) and against running OpenCC
// t2s on every text (what a normaliser without the code-point pre-check would pay); and, given
// a folder of raw pages, charset decoding (DecodeToUtf8) on them. All in one run.
//
//   build/bench/bench_normalize SEED_PAGE.txt BODIES.jsonl [PAGES_DIR]
// BODIES.jsonl: one JSON object per line with a "body" (or "text") string, e.g.
// ../shared/data/html_extraction_gne/gold.jsonl; PAGES_DIR e.g.
// ../shared/data/html_extraction_cwced/pages (GB2312/GBK and UTF-8 pages).
#include <simdjson.h>
#include <opencc/SimpleConverter.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "extract/charset.h"
#include "normalize/normalizer.h"

using namespace yuqing;
using namespace yuqing::bench;

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::vector<std::string> ReadBodies(const std::string& path) {
  std::vector<std::string> bodies;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) continue;
    std::string_view body;
    if (doc["body"].get(body) && doc["text"].get(body)) continue;
    if (!body.empty()) bodies.emplace_back(body);
  }
  return bodies;
}

// Runs `fn` over all texts `rounds` times; one latency sample per text.
template <typename Fn>
Measurement Run(const std::string& name, const std::vector<std::string>& texts, int rounds,
                Latencies* latencies, Fn fn) {
  Measurement m{name};
  size_t sink = 0;
  const auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& t : texts) {
      const auto t0 = Clock::now();
      sink += fn(t);
      if (latencies != nullptr) latencies->Add(t0, Clock::now());
      m.bytes += t.size();
      ++m.items;
    }
  }
  m.seconds = SecondsSince(start);
  if (sink == 0) std::fprintf(stderr, "(empty output)\n");
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s SEED_PAGE.txt BODIES.jsonl [PAGES_DIR]\n", argv[0]);
    return 1;
  }
  std::string seed;
  if (!ReadFile(argv[1], &seed)) {
    std::fprintf(stderr, "%s: cannot read\n", argv[1]);
    return 1;
  }
  const std::vector<std::string> bodies = ReadBodies(argv[2]);
  if (bodies.empty()) {
    std::fprintf(stderr, "%s: no bodies\n", argv[2]);
    return 1;
  }
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) {
    std::fprintf(stderr, "%s\n", normalizer.status().message().c_str());
    return 1;
  }
  const TextNormalizer& n = **normalizer;
  const opencc::SimpleConverter t2s("t2s.json");
  const opencc::SimpleConverter s2t("s2t.json");
  std::vector<std::string> traditional;
  traditional.reserve(bodies.size());
  for (const std::string& b : bodies) traditional.push_back(s2t.Convert(b));
  std::vector<std::string> clean;
  clean.reserve(bodies.size());
  for (const std::string& b : bodies) clean.push_back(n.Normalize(b));
  const std::vector<std::string> seed_only = {seed};

  PrintHeader();
  Latencies copy_lat;
  Latencies norm_lat;
  Latencies opencc_lat;
  Latencies trad_lat;
  Latencies seed_lat;
  const Measurement copy = Run("simplified bodies: copy (ceiling)", bodies, 200, &copy_lat,
                               [](const std::string& t) { return std::string(t).size(); });
  const Measurement opencc =
      Run("simplified bodies: OpenCC t2s every text", bodies, 20, &opencc_lat,
          [&](const std::string& t) { return t2s.Convert(t).size(); });
  const Measurement norm = Run("simplified bodies: TextNormalizer", bodies, 20, &norm_lat,
                               [&](const std::string& t) { return n.Normalize(t).size(); });
  Latencies clean_lat;
  const Measurement clean_m =
      Run("normalised bodies again (nothing to change)", clean, 200, &clean_lat,
          [&](const std::string& t) { return n.Normalize(t).size(); });
  const Measurement trad =
      Run("traditional (s2t of bodies): TextNormalizer", traditional, 20, &trad_lat,
          [&](const std::string& t) { return n.Normalize(t).size(); });
  const Measurement seed_m =
      Run("seed page (content farm): TextNormalizer", seed_only, 100, &seed_lat,
          [&](const std::string& t) { return n.Normalize(t).size(); });
  Print(copy, &copy_lat, nullptr);
  Print(opencc, &opencc_lat, nullptr);
  Print(norm, &norm_lat, &opencc);
  Print(clean_m, &clean_lat, nullptr);
  Print(trad, &trad_lat, &opencc);
  Print(seed_m, &seed_lat, nullptr);
  if (argc == 4) {
    std::vector<std::string> pages;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[3])) {
      std::string page;
      if (entry.is_regular_file() && ReadFile(entry.path().string(), &page)) pages.push_back(page);
    }
    Latencies decode_lat;
    const Measurement decode =
        Run("raw pages: DecodeToUtf8", pages, 20, &decode_lat,
            [](const std::string& t) { return DecodeToUtf8(t).utf8.size(); });
    Print(decode, &decode_lat, nullptr);
  }
  std::printf("bodies: %zu, %.1f KB on average; peak RSS %.1f MiB\n", bodies.size(),
              static_cast<double>(copy.bytes) / copy.items / 1024.0, PeakRssMiB());
  return 0;
}
