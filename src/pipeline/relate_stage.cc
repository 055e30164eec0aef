#include "pipeline/relate_stage.h"

namespace yuqing {

RelateStage::RelateStage(RelateOptions options)
    : stories_(options.stories), reposts_(options.reposts) {}

Status RelateStage::Process(Item& item) {
  const std::string_view text =
      item.analysis.clean_text ? std::string_view(*item.analysis.clean_text) : std::string_view();
  reposts_.Add({.item_id = item.id,
                .parent_id = item.parent_id,
                .author = item.author,
                .text = text,
                .time_ms = item.created_at.unix_ms});
  terms_.clear();
  for (const WeightedWord& word : item.analysis.weighted_words) {
    terms_.push_back({word.word, word.weight});
  }
  const std::string_view duplicate_of = item.analysis.duplicate_of
                                            ? std::string_view(*item.analysis.duplicate_of)
                                            : std::string_view();
  StoryAssignment story = stories_.Assign({.item_id = item.id,
                                           .parent_id = item.parent_id,
                                           .duplicate_of = duplicate_of,
                                           .time_ms = item.created_at.unix_ms,
                                           .terms = terms_});
  if (merge_log_) {
    for (const std::string& from : story.merged_ids)
      merge_log_(from, story.story_id, item.created_at);
  }
  item.analysis.story_id = std::move(story.story_id);
  return Status::Ok();
}

}  // namespace yuqing
