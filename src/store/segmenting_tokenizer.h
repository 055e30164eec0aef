// The FTS5 tokenizer "yuqing": words from our Segmenter instead of FTS5's unicode61 (which
// would make one token of a whole run of Chinese) or trigrams (three times the index, and no
// two-character words like 社保). Documents also index the dictionary words inside longer words
// at the same position, so the query 社保 finds a document the segmenter cut into 社保卡.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct sqlite3;

namespace yuqing {

class Segmenter;

inline constexpr const char* kSegmentingTokenizerName = "yuqing";

// Registers the tokenizer on `db` (per connection, before any FTS5 table using it is touched).
// `segmenter` must outlive the connection.
Status RegisterSegmentingTokenizer(sqlite3* db, const Segmenter* segmenter);

// Changes when the segmenter's dictionaries change in a way that changes the tokens: the
// number of words and the cut of a sample of domain text. (A user dictionary that only
// re-weights words outside the sample goes unnoticed; Reindex covers that by hand.)
std::string TokenizerFingerprint(const Segmenter& segmenter);

// Whether a word is worth indexing: it has a letter, digit or ideograph (not only spaces and
// punctuation).
bool IsSearchableWord(std::string_view word);

// The searchable words of a user's query, ASCII lower-cased, in order, without repeats.
std::vector<std::string> QueryWords(const Segmenter& segmenter, std::string_view query);

// An FTS5 MATCH expression requiring every word: each one a quoted FTS5 string with '"'
// doubled, so nothing the user typed is read as FTS5 syntax. Empty when `words` is.
std::string MatchAllExpression(const std::vector<std::string>& words);

}  // namespace yuqing
