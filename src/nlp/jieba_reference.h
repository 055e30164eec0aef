// cppjieba itself (cppjieba::Jieba::Cut with hmm=true) over the same dictionaries a Segmenter
// loads: the reference the agreement test and bench/bench_segment compare Segmenter against.
// Not for the pipeline: it copies the text into std::strings and cannot report a bad file
// except by the checks done here before cppjieba sees it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "nlp/segmenter.h"

namespace yuqing {

class JiebaReference {
 public:
  // Same options as Segmenter::Load. The domain and user dictionaries are parsed by our reader
  // (comments dropped, `word freq` understood) and handed to cppjieba as one temporary file in
  // its own format.
  static Result<std::unique_ptr<JiebaReference>> Load(const SegmenterOptions& options = {});

  ~JiebaReference();
  JiebaReference(const JiebaReference&) = delete;
  JiebaReference& operator=(const JiebaReference&) = delete;

  // cppjieba::Jieba::Cut(text, *words, true).
  void Cut(const std::string& text, std::vector<std::string>* words) const;

 private:
  struct Impl;
  explicit JiebaReference(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace yuqing
