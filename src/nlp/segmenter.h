// Chinese word segmentation: cppjieba's default mode (MixSegment: maximum-probability route over
// the dictionary DAG, then the HMM for runs of characters the dictionary leaves single), computed
// by our own implementation over the same dictionary files, token for token the same as
// cppjieba::Jieba::Cut(text, words, /*hmm=*/true) on valid UTF-8 (segmenter_agreement_test.cc).
//
//   auto segmenter = Segmenter::Load();          // cppjieba dictionaries + shebao.dict.utf8
//   std::vector<std::string_view> words;
//   (*segmenter)->Cut("灵活就业人员怎么补缴养老保险", &words);
//   // 灵活就业人员 / 怎么 / 补缴 / 养老保险
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing {

struct SegmenterOptions {
  // cppjieba's main dictionary (`word freq tag` lines) and HMM model; empty means the ones the
  // bootstrap unpacked, third_party/cppjieba/dict/{jieba.dict.utf8,hmm_model.utf8}.
  std::string dictionary_path;
  std::string hmm_model_path;
  // The social-insurance dictionary, added after the main one (empty: resources/nlp/
  // shebao.dict.utf8). Off only to compare against plain jieba.
  bool use_domain_dictionary = true;
  std::string domain_dictionary_path;
  // Extra files in the user-dictionary format (dictionary_file.h), added after the domain
  // dictionary, in order; a later entry for the same word wins. Config: nlp.user_dictionaries.
  std::vector<std::string> user_dictionaries;
};

class Segmenter {
 public:
  // Reads the dictionaries. A missing or malformed file is an error naming it (never an abort).
  static Result<std::unique_ptr<Segmenter>> Load(const SegmenterOptions& options = {});

  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Replaces *words with the words of `text`: views into `text`, in order, together covering it
  // byte for byte. Spaces, tabs, newlines, '，' and '。' are words of their own, as in cppjieba;
  // so is each byte that is not valid UTF-8 (where cppjieba returns nothing). Thread-safe; the
  // scratch space is per thread and reused, so a warm call allocates nothing beyond growing
  // *words.
  void Cut(std::string_view text, std::vector<std::string_view>* words) const;

  // True when `word` is in one of the loaded dictionaries (main, domain or user).
  bool Contains(std::string_view word) const;

  // Number of distinct dictionary words loaded.
  size_t size() const;

 private:
  struct Model;
  explicit Segmenter(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
};

}  // namespace yuqing
