#include "pipeline/keyword_stage.h"

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
  std::vector<std::string> keywords;
  keywords_->Extract(words_, count_, &keywords);
  item.analysis.keywords = std::move(keywords);
  return Status::Ok();
}

}  // namespace yuqing
