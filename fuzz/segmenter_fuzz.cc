// Fuzzes segmentation and keywords on arbitrary bytes (the words must cover the input exactly,
// in order, whatever it is) and the user-dictionary parser on the same bytes (an error or
// entries, never a crash).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/dictionary_file.h"
#include "nlp/keyword_extractor.h"
#include "nlp/segmenter.h"

namespace {

const yuqing::Segmenter& TheSegmenter() {
  static const std::unique_ptr<yuqing::Segmenter> segmenter = [] {
    auto loaded = yuqing::Segmenter::Load();
    if (!loaded.ok()) std::abort();  // the dictionaries must load
    return std::move(loaded.value());
  }();
  return *segmenter;
}

const yuqing::KeywordExtractor& TheKeywords() {
  static const std::unique_ptr<yuqing::KeywordExtractor> keywords = [] {
    auto loaded = yuqing::KeywordExtractor::Load();
    if (!loaded.ok()) std::abort();
    return std::move(loaded.value());
  }();
  return *keywords;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> words;
  TheSegmenter().Cut(text, &words);
  const char* expected = text.data();
  for (const auto word : words) {
    if (word.empty() || word.data() != expected) std::abort();  // gap, overlap or empty word
    expected += word.size();
  }
  if (expected != text.data() + text.size()) std::abort();  // words must cover the text
  std::vector<std::string> keywords;
  TheKeywords().Extract(words, 5, &keywords);
  if (keywords.size() > 5) std::abort();
  (void)yuqing::ParseUserDictionary(text, "fuzz.dict");
  return 0;
}
