#include "store/segmenting_tokenizer.h"

#include <sqlite3.h>

#include <algorithm>

#include "core/utf8.h"
#include "nlp/segmenter.h"

namespace yuqing {
namespace {

// Symbols and punctuation outside ASCII: general punctuation to miscellaneous symbols and
// arrows, CJK symbols and punctuation (、。「」…), vertical and small forms, the punctuation of
// the full-width block, and U+FFFD (what an invalid byte decodes to).
bool IsSymbol(char32_t cp) {
  if (cp < 0x80)
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  if (cp <= 0xBF) return true;  // Latin-1 punctuation, NBSP
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;
  if (cp >= 0x3000 && cp <= 0x303F) return true;
  if (cp >= 0xFE10 && cp <= 0xFE6F) return true;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return true;
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;
  if (cp >= 0xFF3B && cp <= 0xFF40) return true;
  if (cp >= 0xFF5B && cp <= 0xFF65) return true;
  return cp == 0xFFFD;
}

void LowerAscii(std::string_view word, std::string* out) {
  out->assign(word);
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

int CreateTokenizer(void* context, const char** /*args*/, int /*arg_count*/, Fts5Tokenizer** out) {
  // The tokenizer has no per-table state: the "instance" is the shared segmenter.
  *out = reinterpret_cast<Fts5Tokenizer*>(context);
  return SQLITE_OK;
}

void DeleteTokenizer(Fts5Tokenizer* /*tokenizer*/) {}

// Longest word searched for dictionary words inside it, and longest such word: dictionary
// entries are short (the domain dictionary's longest is about a dozen characters).
constexpr size_t kMaxCompoundBytes = size_t{32} * 3;
constexpr size_t kMaxPartChars = 16;

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
             TokenCallback emit) {
  const auto* segmenter = reinterpret_cast<const Segmenter*>(tokenizer);
  if (text == nullptr || size <= 0) return SQLITE_OK;
  const std::string_view input(text, static_cast<size_t>(size));
  thread_local std::vector<std::string_view> words;
  thread_local std::string lowered;
  thread_local std::vector<size_t> starts;  // byte offsets of each character of a word
  segmenter->Cut(input, &words);
  const bool document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
  for (std::string_view word : words) {
    if (!IsSearchableWord(word)) continue;
    const int begin = static_cast<int>(word.data() - text);
    const int end = begin + static_cast<int>(word.size());
    LowerAscii(word, &lowered);
    int rc = emit(context, 0, lowered.data(), static_cast<int>(lowered.size()), begin, end);
    if (rc != SQLITE_OK) return rc;
    if (!document) continue;
    // The dictionary words inside a word of 3+ characters, at its position: 社保卡 → 社保,
    // 城乡居民养老保险 → 城乡, 居民, 养老, 保险, 养老保险… Bounded, so that a "word" of
    // thousands of letters (a URL, a base64 blob) costs a linear scan, not a quadratic one.
    if (word.size() > kMaxCompoundBytes) continue;
    starts.clear();
    for (size_t pos = 0; pos < word.size();) {
      starts.push_back(pos);
      NextCodePoint(word, &pos);
    }
    const size_t chars = starts.size();
    if (chars < 3) continue;
    starts.push_back(word.size());
    for (size_t from = 0; from < chars; ++from) {
      for (size_t to = from + 2; to <= std::min(chars, from + kMaxPartChars); ++to) {
        if (from == 0 && to == chars) continue;  // the word itself
        const std::string_view part = word.substr(starts[from], starts[to] - starts[from]);
        if (!segmenter->Contains(part) || !IsSearchableWord(part)) continue;
        LowerAscii(part, &lowered);
        rc = emit(context, FTS5_TOKEN_COLOCATED, lowered.data(), static_cast<int>(lowered.size()),
                  begin, end);
        if (rc != SQLITE_OK) return rc;
      }
    }
  }
  return SQLITE_OK;
}

}  // namespace

bool IsSearchableWord(std::string_view word) {
  for (size_t pos = 0; pos < word.size();) {
    if (!IsSymbol(NextCodePoint(word, &pos))) return true;
  }
  return false;
}

Status RegisterSegmentingTokenizer(sqlite3* db, const Segmenter* segmenter) {
  // The documented way to reach the FTS5 API from C: SELECT fts5(?1) with a typed pointer.
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Unsupported(std::string("sqlite: FTS5 is not available: ") + sqlite3_errmsg(db));
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr || api->iVersion < 2) {
    return Status::Unsupported("sqlite: FTS5 API version 2 is not available");
  }
  fts5_tokenizer tokenizer{CreateTokenizer, DeleteTokenizer, Tokenize};
  if (api->xCreateTokenizer(api, kSegmentingTokenizerName,
                            const_cast<Segmenter*>(segmenter),  // handed back as const
                            &tokenizer, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("sqlite: cannot register the FTS5 tokenizer: ") +
                            sqlite3_errmsg(db));
  }
  return Status::Ok();
}

std::string TokenizerFingerprint(const Segmenter& segmenter) {
  static constexpr std::string_view kSample =
      "城乡居民养老保险缴费标准调整，灵活就业人员补缴社保，电子社保卡申领，异地就医备案跨省直接"
      "结算，养老金上调，医保个人账户，失业保险金，工伤认证，拨打12333咨询人社局APP";
  std::vector<std::string_view> words;
  segmenter.Cut(kSample, &words);
  std::string fingerprint = "v1 words=" + std::to_string(segmenter.size()) + " cut=";
  for (std::string_view word : words) {
    fingerprint += word;
    fingerprint += '/';
  }
  return fingerprint;
}

std::vector<std::string> QueryWords(const Segmenter& segmenter, std::string_view query) {
  std::vector<std::string_view> cut;
  segmenter.Cut(query, &cut);
  std::vector<std::string> words;
  std::string lowered;
  for (std::string_view word : cut) {
    if (!IsSearchableWord(word)) continue;
    LowerAscii(word, &lowered);
    if (std::find(words.begin(), words.end(), lowered) == words.end()) words.push_back(lowered);
  }
  return words;
}

std::string MatchAllExpression(const std::vector<std::string>& words) {
  std::string expression;
  for (const std::string& word : words) {
    if (!expression.empty()) expression += " AND ";
    expression += '"';
    for (char c : word) {
      if (c == '"') expression += '"';
      expression += c;
    }
    expression += '"';
  }
  return expression;
}

}  // namespace yuqing
