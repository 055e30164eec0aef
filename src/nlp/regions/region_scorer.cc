// Attributes regions to texts exactly as the pipeline does (TextNormalizer::Normalize, then
// Segmenter::Cut, then RegionAttributor::Attribute) for bench/eval_regions.
//
//   region_scorer < posts.tsv > regions.jsonl
// Input: "id<TAB>text" lines, the text with backslash escapes (\\ \t \n \r). Output: one JSON
// line per input line, {"id": ..., "regions": [{"code", "name", "level", "scope", "mention",
// "evidence", "confidence"}, ...]}.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "nlp/regions/region_attributor.h"
#include "nlp/segmenter.h"
#include "normalize/normalizer.h"

namespace {

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Json(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

int Run(int argc, char** argv) {
  // --words: also print the clean text cut into words, to see why a name was (not) taken.
  const bool show_words = argc > 1 && std::string_view(argv[1]) == "--words";
  auto normalizer = yuqing::TextNormalizer::Create();
  auto segmenter = yuqing::Segmenter::Load();
  auto attributor = yuqing::RegionAttributor::Load();
  for (const auto* status : {&normalizer.status(), &segmenter.status(), &attributor.status()}) {
    if (!status->ok()) {
      std::fprintf(stderr, "region_scorer: %s\n", status->message().c_str());
      return 1;
    }
  }
  std::string line;
  std::vector<std::string_view> words;
  std::vector<uint32_t> ends;
  while (std::getline(std::cin, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string id = line.substr(0, tab);
    const std::string clean = (*normalizer)->Normalize(Unescape(line.substr(tab + 1)));
    (*segmenter)->Cut(clean, &words);
    ends.clear();
    for (const auto word : words) {
      ends.push_back(static_cast<uint32_t>(word.data() + word.size() - clean.data()));
    }
    yuqing::RegionQuery query;
    query.text = clean;
    query.word_ends = ends;
    std::string out = "{\"id\":" + Json(id) + ",";
    if (show_words) {
      std::string joined;
      for (const auto word : words) joined.append(word).append("/");
      out += "\"words\":" + Json(joined) + ",";
    }
    out += "\"regions\":[";
    bool first = true;
    for (const auto& r : (*attributor)->Attribute(query)) {
      if (!first) out += ',';
      first = false;
      out += "{\"code\":" + Json(r.code) + ",\"name\":" + Json(r.name) +
             ",\"level\":" + Json(r.level) + ",\"scope\":" + Json(r.scope) +
             ",\"path\":" + Json(r.path) + ",\"mention\":" + Json(r.mention) +
             ",\"evidence\":" + Json(r.evidence) +
             ",\"confidence\":" + std::to_string(r.confidence) + "}";
    }
    std::cout << out << "]}\n";
  }
  return 0;
}

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "region_scorer: %s\n", e.what());
    return 2;
  }
}
