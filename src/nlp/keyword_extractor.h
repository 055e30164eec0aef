// Keywords of one text: TF-IDF over the words a Segmenter already produced (the text is not cut a
// second time), with cppjieba's idf table and stop words (third_party/cppjieba/dict/idf.utf8,
// stop_words.utf8), as cppjieba::KeywordExtractor does, plus filters for social-media text.
//
//   segmenter->Cut(text, &words);
//   extractor->Extract(words, 5, &keywords);
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing {

struct KeywordExtractorOptions {
  // Empty: the bootstrap's third_party/cppjieba/dict/idf.utf8 (`word idf` lines) and
  // stop_words.utf8 (one word a line).
  std::string idf_path;
  std::string stop_words_path;
  // Platform boilerplate that is never a keyword (转发微博, 详情, 网页链接, …), added to the stop
  // words. Empty: resources/nlp/platform_stop_words.txt; "none": no such list.
  std::string platform_stop_words_path;
  // Words of the domain and user dictionaries (the same files the Segmenter loads) that the idf
  // table lacks get domain_idf() instead of the table's mean, and pass the shape filter even when
  // they are digits (12333).
  bool use_domain_dictionary = true;
  std::string domain_dictionary_path;  // empty: resources/nlp/shebao.dict.utf8
  std::vector<std::string> user_dictionaries;
};

struct Keyword {
  std::string_view word;  // a view into the words passed to ExtractWeighted
  double weight = 0;      // term count × idf
};

class KeywordExtractor {
 public:
  static Result<std::unique_ptr<KeywordExtractor>> Load(
      const KeywordExtractorOptions& options = {});

  ~KeywordExtractor();
  KeywordExtractor(const KeywordExtractor&) = delete;
  KeywordExtractor& operator=(const KeywordExtractor&) = delete;

  // Replaces *keywords with at most k distinct words of `words`, highest count × idf first, ties
  // to the word that occurs first. Skipped: stop words, one-character words, words with no
  // letter or CJK character (numbers, punctuation, whitespace, emoji) unless a domain/user
  // dictionary lists them, the pieces of URLs (http://t.cn/...), and @mentions. Thread-safe.
  void Extract(std::span<const std::string_view> words, size_t k,
               std::vector<std::string>* keywords) const;
  void ExtractWeighted(std::span<const std::string_view> words, size_t k,
                       std::vector<Keyword>* keywords) const;

  // The idf a word would get.
  double Idf(std::string_view word) const;
  bool IsStopWord(std::string_view word) const;
  // Mean of the idf table (words it lacks) and what domain words it lacks get (its median).
  double mean_idf() const;
  double domain_idf() const;

 private:
  struct Tables;
  explicit KeywordExtractor(std::unique_ptr<Tables> tables);
  std::unique_ptr<Tables> tables_;
};

}  // namespace yuqing
