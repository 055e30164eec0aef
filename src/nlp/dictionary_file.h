// Reading the dictionary files segmentation and keywords are built from: cppjieba's own files
// (third_party/cppjieba/dict/) and user dictionaries in cppjieba's user-dictionary format.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing {

// "<root>/third_party/cppjieba/dict/<file>" (core/resources.h), e.g. "jieba.dict.utf8".
std::string JiebaDictionaryPath(std::string_view file);

// The bundled social-insurance dictionary, resources/nlp/shebao.dict.utf8.
std::string DomainDictionaryPath();

// Ok when `path` names a regular file this process can read; otherwise NotFound / IoError with
// a message naming the path and `what` it is ("dictionary", "HMM model", ...).
Status CheckReadableFile(const std::string& path, std::string_view what);

// Reads a whole file; errors name the path.
Result<std::string> ReadWholeFile(const std::string& path, std::string_view what);

// One line of a user dictionary: `word [freq] [tag]`, fields separated by spaces or tabs.
struct UserDictionaryEntry {
  std::string word;
  double frequency = 0;  // 0 when the line gives none: the word gets the median weight
  std::string tag;
};

// Parses a user dictionary. Accepted, per line: `word`, `word freq`, `word tag`, `word freq tag`
// (a second field of digits only is a frequency, as in Python jieba; cppjieba itself would take
// it as a tag). Blank lines and lines whose first non-blank character is '#' are comments, and
// so is the rest of a line from a '#' preceded by a blank ("养老金 50000 n  # pension"), so words
// such as "c#" still work. A UTF-8 BOM is skipped. Errors name "<path>:<line>".
Result<std::vector<UserDictionaryEntry>> ParseUserDictionary(std::string_view text,
                                                             std::string_view path);

// ReadWholeFile + ParseUserDictionary.
Result<std::vector<UserDictionaryEntry>> ReadUserDictionary(const std::string& path);

}  // namespace yuqing
