#include "pipeline/relate_stage.h"

#include "core/json_text.h"

namespace yuqing {

RelateStage::RelateStage(RelateOptions options)
    : near_duplicates_(options.near_duplicates),
      stories_(options.stories),
      reposts_(options.reposts),
      records_(options.stories.window_ms),
      copy_story_window_ms_(options.copy_story_window_ms) {}

Status RelateStage::Process(Item& item) {
  const std::string_view text =
      item.analysis.clean_text ? std::string_view(*item.analysis.clean_text) : std::string_view();
  reposts_.Add({.item_id = item.id,
                .parent_id = item.parent_id,
                .author = item.author,
                .text = text,
                .time_ms = item.created_at.unix_ms});
  const NearDuplicateResult duplicate =
      near_duplicates_.Check({.id = item.id,
                              .url = item.url,
                              .clean_text = text,
                              .word_ends = item.analysis.word_ends,
                              .time_ms = item.created_at.unix_ms,
                              .credibility = item.analysis.source_credibility.value_or(0)});
  if (duplicate.simhash) item.analysis.simhash = *duplicate.simhash;
  item.analysis.duplicate_of = duplicate.duplicate_of;  // empty: checked, duplicates nothing
  terms_.clear();
  for (const WeightedWord& word : item.analysis.weighted_words) {
    terms_.push_back({word.word, word.weight});
  }
  // A copy published after this item (seen before it) is evidence of one story all the same.
  // A short reply that repeats another cascade's ("哈哈哈哈…", "太可怕了，大家注意安全") is not:
  // where the item has a parent, only a long copy may tie its story to another.
  // A post (a short text, or any Weibo/forum/video/Q&A post) repeating one from days ago is a
  // resurfacing (the same rumour posted afresh): a story of its own. An article is a reprint,
  // the same story however late.
  const bool fresh_copy =
      duplicate.latest_copy_ms != INT64_MIN &&
      item.created_at.unix_ms - duplicate.latest_copy_ms <= copy_story_window_ms_;
  const bool post = duplicate.short_text || item.platform == Platform::kWeibo ||
                    item.platform == Platform::kForum || item.platform == Platform::kVideo ||
                    item.platform == Platform::kQa;
  const bool ties = item.parent_id.empty() ? !post || fresh_copy : !duplicate.short_text;
  const std::string_view same_story =
      ties ? std::string_view(duplicate.matched) : std::string_view();
  StoryAssignment story = stories_.Assign({.item_id = item.id,
                                           .parent_id = item.parent_id,
                                           .duplicate_of = same_story,
                                           .time_ms = item.created_at.unix_ms,
                                           .terms = terms_});
  if (merge_log_) {
    for (const std::string& from : story.merged_ids)
      merge_log_(from, story.story_id, item.created_at);
  }
  if (keep_records_) {
    for (const std::string& from : story.merged_ids) records_.Merge(from, story.story_id);
    records_.Add(story.story_id,
                 {.id = item.id,
                  .site = item.site,
                  .author = item.author,
                  .time_ms = item.created_at.unix_ms,
                  .credibility = item.analysis.source_credibility.value_or(0)},
                 *item.analysis.duplicate_of);
  }
  item.analysis.story_id = std::move(story.story_id);
  return Status::Ok();
}

namespace {

std::string At(int64_t unix_ms) {
  return FormatIso8601(Timestamp{.unix_ms = unix_ms, .utc_offset_min = 480});
}

void Field(std::string_view key, std::string_view value, std::string* out) {
  AppendJsonString(key, out);
  out->push_back(':');
  AppendJsonString(value, out);
}

}  // namespace

void RelateStage::ForEachStorySummary(
    size_t min_items, const std::function<void(const std::string& json)>& each) const {
  std::string out;
  records_.ForEach([&](const StoryRecord& r) {
    if (r.items < min_items) return;
    out = R"({"event":"story",)";
    Field("story_id", r.story_id, &out);
    out += R"(,"items":)" + std::to_string(r.items) + ",";
    Field("first_at", At(r.first_ms), &out);
    out += ',';
    Field("last_at", At(r.last_ms), &out);
    out += R"(,"first_publisher":{)";
    Field("id", r.first_publisher.id, &out);
    out += ',';
    Field("site", r.first_publisher.site, &out);
    out += ',';
    Field("author", r.first_publisher.author, &out);
    out += ',';
    Field("at", At(r.first_publisher.time_ms), &out);
    out += R"(},"reprints_total":)" + std::to_string(r.reprints_total) + R"(,"reprints":[)";
    for (size_t i = 0; i < r.reprints.size(); ++i) {
      out += i ? ",{" : "{";
      Field("id", r.reprints[i].id, &out);
      out += ',';
      Field("duplicate_of", r.reprints[i].duplicate_of, &out);
      out += ',';
      Field("site", r.reprints[i].site, &out);
      out += ',';
      Field("at", At(r.reprints[i].time_ms), &out);
      out += '}';
    }
    out += ']';
    if (auto tree = reposts_.Summary(r.story_id)) {
      out += R"(,"repost_tree":{)";
      Field("root_id", tree->root_id, &out);
      out += R"(,"nodes":)" + std::to_string(tree->nodes) + R"(,"depth":)" +
             std::to_string(tree->depth) + R"(,"breadth":)" + std::to_string(tree->breadth) +
             R"(,"spreaders":[)";
      for (size_t i = 0; i < tree->spreaders.size(); ++i) {
        const RepostSpreader& sp = tree->spreaders[i];
        out += i ? ",{" : "{";
        Field("id", sp.item_id, &out);
        out += ',';
        Field("author", sp.author, &out);
        out += R"(,"reposts":)" + std::to_string(sp.reposts_brought) + R"(,"depth":)" +
               std::to_string(sp.depth) + "}";
      }
      out += "]}";
    }
    out += '}';
    each(out);
  });
}

}  // namespace yuqing
