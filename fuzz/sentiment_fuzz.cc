// Fuzzes sentiment scoring: arbitrary bytes, cut by the Segmenter as the pipeline would (it
// covers any bytes), and the same bytes with word ends taken from the input itself (out of
// range, repeated, decreasing). Score must return a label and a score in [-1, 1], never crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/segmenter.h"
#include "nlp/sentiment/sentiment.h"

namespace {

const yuqing::Segmenter& TheSegmenter() {
  static const std::unique_ptr<yuqing::Segmenter> segmenter = [] {
    auto loaded = yuqing::Segmenter::Load();
    if (!loaded.ok()) std::abort();
    return std::move(loaded.value());
  }();
  return *segmenter;
}

const yuqing::SentimentModel& TheModel() {
  static const std::unique_ptr<yuqing::SentimentModel> model = [] {
    auto loaded = yuqing::SentimentModel::Load();
    if (!loaded.ok()) std::abort();  // the shipped model must load
    return std::move(loaded.value());
  }();
  return *model;
}

void Check(const yuqing::SentimentScore& s) {
  if (!(s.score >= -1.0 && s.score <= 1.0)) std::abort();
  if (s.label != "negative" && s.label != "neutral" && s.label != "positive") std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> words;
  TheSegmenter().Cut(text, &words);
  std::vector<uint32_t> ends;
  for (const auto word : words) {
    ends.push_back(static_cast<uint32_t>(word.data() + word.size() - text.data()));
  }
  Check(TheModel().Score(text, ends));
  // Word ends that do not match the text.
  std::vector<uint32_t> junk;
  for (size_t i = 0; i + 4 <= size && junk.size() < 64; i += 4) {
    uint32_t end;
    std::memcpy(&end, data + i, 4);
    junk.push_back(end % (size + 8));
  }
  Check(TheModel().Score(text, junk));
  return 0;
}
