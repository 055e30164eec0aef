// What extraction makes of one page (product.md §4.2, `yuqing extract`): the article's fields,
// the page's class, and what was dropped on the way, by kind.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace yuqing {

enum class PageClass { kArticle, kList, kSpam, kOther };
std::string_view PageClassName(PageClass page_class);  // article | list | spam | other

// One kind of dropped content, e.g. {"related", 11, {"推进社保经办服务标准化建设的实践探索", ...}}.
struct RemovedContent {
  std::string kind;  // spam_header, link_farm, related, navigation, comments, copyright, share,
                     // ads, byline, keywords_line, duplicate_title, editor, pinyin_annotation, ...
  size_t count = 0;
  std::vector<std::string> samples;  // at most kMaxRemovedSamples, each cut to ~80 characters
};
inline constexpr size_t kMaxRemovedSamples = 5;

struct ExtractedPage {
  std::string title;
  std::string author;  // empty when no person is named
  std::optional<Timestamp> published_at;
  bool published_date_only = false;     // the page shows a date without a time of day
  std::string source;                   // the medium (来源), empty when none is shown
  std::vector<std::string> paragraphs;  // the body, in order: paragraphs, subheadings, captions
  std::vector<std::string> keywords;    // as the page states them (关键词 line, <meta keywords>)
  std::string author_note;              // e.g. "作者系人社部社保中心主任"
  std::string charset;  // what the bytes were decoded from: utf-8, gbk, gb18030, big5
  PageClass page_class = PageClass::kOther;
  std::vector<RemovedContent> removed;
  // Content-farm signals for source credibility: seo_spam_header, link_farm,
  // pinyin_annotation, mojibake_repaired, traditional_converted, charset_mismatch.
  std::vector<std::string> flags;

  // Records `count` dropped pieces under their kind, keeping `text` as a sample.
  void Remove(const std::string& kind, std::string_view text, size_t count = 1);
  void Flag(const std::string& flag);
};

}  // namespace yuqing
