// The Item: one post, article or page as it flows through the pipeline (product.md §4.1), and
// what the analysis stages add to it (§4.2). A plain value type: stages read and fill it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"

namespace yuqing {

enum class Platform : uint8_t { kNews, kWeibo, kWechat, kForum, kVideo, kGov, kBlog, kQa, kOther };

std::string_view PlatformName(Platform platform);
std::optional<Platform> ParsePlatform(std::string_view name);
// "news|weibo|wechat|forum|video|gov|blog|qa|other", for messages.
std::string_view PlatformNames();

struct SentimentScore {
  std::string label;  // negative | neutral | positive
  double score = 0;   // in [-1, 1]; below 0 leans negative
};

// One place an item is about. Mainland places carry their GB/T 2260 code (6 digits; 9 for
// towns and streets, the NBS statistical code). Hong Kong, Macao and Taiwan carry their GB/T
// 2260 codes 810000, 820000, 710000 and scope "hk_mo_tw"; foreign places have no code, level
// "foreign" and scope "foreign": neither is ever given a mainland code.
struct RegionMatch {
  std::string code;       // "510100"; empty for foreign places
  std::string name;       // "成都市"
  std::string level;      // province | city | county | town | foreign
  std::string path;       // "四川省/成都市"
  double confidence = 0;  // in (0, 1]
  std::string evidence;   // the strongest kind: mention | author_location | site
  std::string mention;    // the text that gave it: "成都", "四川 成都", "www.cdrb.com.cn"
  std::string scope = "mainland";  // mainland | hk_mo_tw | foreign
};

// A word of the item with its TF-IDF weight (count × idf).
struct WeightedWord {
  std::string word;
  double weight = 0;
};

// Fields the analysis stages add; each is written only once a stage has set it.
struct ItemAnalysis {
  std::optional<std::string> clean_text;
  std::optional<std::vector<std::string>> schemes;
  std::optional<SentimentScore> sentiment;
  std::optional<std::vector<RegionMatch>> regions;
  std::optional<std::vector<std::string>> keywords;
  std::optional<std::string> source_class;   // official|media|self_media|forum|content_farm|unknown
  std::optional<double> source_credibility;  // in [0, 1]
  std::optional<uint64_t> simhash;
  std::optional<std::string> duplicate_of;
  std::optional<std::string> story_id;
  // The words of clean_text (end byte offset of each, in order), for the stages after
  // segmentation; working data, never written out.
  std::vector<uint32_t> word_ends;
  // The item's top words by TF-IDF (more than `keywords` shows), heaviest first: what stories
  // compare items by. Working data, never written out.
  std::vector<WeightedWord> weighted_words;
  // Content-farm signals extraction found on the item's page (ExtractedPage::flags), and the
  // medium the page names as its source (来源); working data for source_class, never written.
  std::vector<std::string> page_flags;
  std::string page_source;
};

struct Item {
  std::string id;  // unique per source; required
  Platform platform = Platform::kOther;
  std::string url;
  std::string site;
  std::string author;
  std::string author_location;  // as the platform gives it, e.g. "四川 成都"
  Timestamp created_at;         // required
  std::string title;
  std::optional<std::string> text;  // text and/or html present; text may be empty (pure repost)
  std::optional<std::string> html;
  std::string parent_id;
  std::optional<int64_t> reposts;
  std::optional<int64_t> comments;
  std::optional<int64_t> likes;
  std::optional<int64_t> author_followers;
  std::optional<bool> author_verified;
  std::string source_id;
  // Fields this version does not know, as (key, minified JSON value) in input order. They are
  // passed on unchanged (product.md §4.1).
  std::vector<std::pair<std::string, std::string>> extra_fields;

  ItemAnalysis analysis;
};

}  // namespace yuqing
