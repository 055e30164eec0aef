#include "nlp/jieba_reference.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cppjieba/Jieba.hpp"
#include "nlp/dictionary_file.h"

namespace yuqing {

struct JiebaReference::Impl {
  Impl(const std::string& dict, const std::string& hmm, const std::string& user,
       const std::string& idf, const std::string& stop)
      : jieba(dict, hmm, user, idf, stop) {}
  cppjieba::Jieba jieba;
};

JiebaReference::JiebaReference(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JiebaReference::~JiebaReference() = default;

void JiebaReference::Cut(const std::string& text, std::vector<std::string>* words) const {
  impl_->jieba.Cut(text, *words, true);
}

Result<std::unique_ptr<JiebaReference>> JiebaReference::Load(const SegmenterOptions& options) {
  const std::string dict = options.dictionary_path.empty() ? JiebaDictionaryPath("jieba.dict.utf8")
                                                           : options.dictionary_path;
  const std::string hmm = options.hmm_model_path.empty() ? JiebaDictionaryPath("hmm_model.utf8")
                                                         : options.hmm_model_path;
  const std::string idf = JiebaDictionaryPath("idf.utf8");
  const std::string stop = JiebaDictionaryPath("stop_words.utf8");
  for (const auto& [path, what] : {std::pair{dict, "dictionary"}, std::pair{hmm, "HMM model"},
                                   std::pair{idf, "idf table"}, std::pair{stop, "stop words"}}) {
    if (Status s = CheckReadableFile(path, what); !s.ok()) return s;
  }
  std::vector<std::string> user_paths;
  if (options.use_domain_dictionary) {
    user_paths.push_back(options.domain_dictionary_path.empty() ? DomainDictionaryPath()
                                                                : options.domain_dictionary_path);
  }
  user_paths.insert(user_paths.end(), options.user_dictionaries.begin(),
                    options.user_dictionaries.end());
  std::string user_text;
  for (const auto& path : user_paths) {
    auto entries = ReadUserDictionary(path);
    if (!entries.ok()) return entries.status();
    for (const auto& e : *entries) {
      // cppjieba: 1 field = median weight, 3 fields = word freq tag.
      user_text += e.word;
      if (e.frequency > 0) {
        user_text += ' ' + std::to_string(static_cast<long long>(e.frequency)) + ' ' +
                     (e.tag.empty() ? std::string("x") : e.tag);
      }
      user_text += '\n';
    }
  }
  const char* tmpdir = std::getenv("TMPDIR");
  std::string temp =
      std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") + "/yuqing-jieba-user-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Status::IoError("cannot create temporary file " + temp);
  const bool written =
      ::write(fd, user_text.data(), user_text.size()) == static_cast<ssize_t>(user_text.size());
  ::close(fd);
  if (!written) {
    std::remove(temp.c_str());
    return Status::IoError("cannot write temporary file " + temp);
  }
  auto impl = std::make_unique<Impl>(dict, hmm, temp, idf, stop);
  std::remove(temp.c_str());
  return std::unique_ptr<JiebaReference>(new JiebaReference(std::move(impl)));
}

}  // namespace yuqing
