#include "pipeline/keyword_stage.h"

#include <algorithm>

namespace yuqing {

KeywordStage::KeywordStage(std::shared_ptr<const Segmenter> segmenter,
                           std::shared_ptr<const KeywordExtractor> keywords, size_t count)
    : segmenter_(std::move(segmenter)), keywords_(std::move(keywords)), count_(count) {}

Status KeywordStage::Process(Item& item) {
  const std::string_view text =
      item.analysis.clean_text ? std::string_view(*item.analysis.clean_text) : std::string_view();
  segmenter_->Cut(text, &words_);
  auto& ends = item.analysis.word_ends;
  ends.clear();
  ends.reserve(words_.size());
  for (const auto word : words_) {
    ends.push_back(static_cast<uint32_t>(word.data() + word.size() - text.data()));
  }
  // Weibo emoticon codes ([good], [花心], [微笑]) say how someone feels, not what about: the
  // words inside the brackets are not keywords.
  kept_.clear();
  for (size_t i = 0; i < words_.size(); ++i) {
    if (words_[i] == "[") {
      size_t close = i + 1;
      size_t bytes = 0;
      while (close < words_.size() && close <= i + 4 && words_[close] != "]" &&
             words_[close] != "[") {
        bytes += words_[close].size();
        ++close;
      }
      if (close < words_.size() && words_[close] == "]" && close > i + 1 && bytes <= 24) {
        i = close;
        continue;
      }
    }
    kept_.push_back(words_[i]);
  }
  keywords_->ExtractWeighted(kept_, std::max(count_, kWeightedWords), &ranked_);
  std::vector<std::string> keywords;
  keywords.reserve(std::min(count_, ranked_.size()));
  auto& weighted = item.analysis.weighted_words;
  weighted.resize(ranked_.size());
  for (size_t i = 0; i < ranked_.size(); ++i) {
    if (i < count_) keywords.emplace_back(ranked_[i].word);
    weighted[i].word.assign(ranked_[i].word);
    weighted[i].weight = ranked_[i].weight;
  }
  item.analysis.keywords = std::move(keywords);
  return Status::Ok();
}

}  // namespace yuqing
