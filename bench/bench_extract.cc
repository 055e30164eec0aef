// Page extraction speed: decode + extract + normalise per page (what `yuqing extract` does),
// against decoding alone and decoding + extraction without normalisation, in one run.
//
//   build/bench/bench_extract PAGE_OR_FOLDER...   (folders are searched for *.html / *.txt)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "extract/charset.h"
#include "extract/extractor.h"
#include "extract/html_extractor.h"

using namespace yuqing;
using namespace yuqing::bench;

namespace {

std::vector<std::string> LoadPages(int argc, char** argv, uint64_t* bytes) {
  std::vector<std::string> pages;
  auto add = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    pages.push_back(s.str());
    *bytes += pages.back().size();
  };
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root(argv[i]);
    if (std::filesystem::is_directory(root)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".html" || ext == ".htm" || ext == ".txt"))
          add(e.path());
      }
    } else {
      add(root);
    }
  }
  return pages;
}

template <typename Fn>
Measurement Measure(const char* name, const std::vector<std::string>& pages, uint64_t bytes,
                    int rounds, Latencies* latencies, Fn fn) {
  Measurement m{name};
  const auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& page : pages) {
      const auto t0 = Clock::now();
      fn(page);
      if (latencies) latencies->Add(t0, Clock::now());
    }
  }
  m.seconds = SecondsSince(start);
  m.items = pages.size() * static_cast<uint64_t>(rounds);
  m.bytes = bytes * static_cast<uint64_t>(rounds);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PAGE_OR_FOLDER...\n", argv[0]);
    return 1;
  }
  uint64_t bytes = 0;
  const std::vector<std::string> pages = LoadPages(argc, argv, &bytes);
  if (pages.empty()) {
    std::fprintf(stderr, "no pages found\n");
    return 1;
  }
  auto extractor = PageExtractor::Create();
  if (!extractor.ok()) {
    std::fprintf(stderr, "%s\n", extractor.status().message().c_str());
    return 1;
  }
  constexpr int kRounds = 5;
  size_t sink = 0;
  Measurement decode = Measure("decode only (baseline)", pages, bytes, kRounds, nullptr,
                               [&](const std::string& p) { sink += DecodeToUtf8(p).utf8.size(); });
  Measurement raw = Measure("decode + extract (no normalise)", pages, bytes, kRounds, nullptr,
                            [&](const std::string& p) {
                              const DecodedText d = DecodeToUtf8(p);
                              if (LooksLikeHtml(d.utf8)) {
                                sink += ExtractHtml(d.utf8, {}).paragraphs.size();
                              }
                            });
  Latencies latency;
  Measurement full = Measure(
      "decode + extract + normalise (yuqing)", pages, bytes, kRounds, &latency,
      [&](const std::string& p) { sink += (*extractor)->Extract(p, {}).paragraphs.size(); });
  std::printf("pages: %zu (%.1f MB), %d rounds each; checksum %zu\n", pages.size(), bytes / 1e6,
              kRounds, sink);
  PrintHeader();
  Print(decode, nullptr, nullptr);
  Print(raw, nullptr, &decode);
  Print(full, &latency, &decode);
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return 0;
}
