// TF-IDF keywords (cppjieba KeywordExtractor::Extract: count × idf, unknown words the table's
// mean) over pre-segmented words, with one open-addressing table holding idf, stop-word and
// domain flags so that each word costs one probe.
#include "nlp/keyword_extractor.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "core/resources.h"
#include "core/utf8.h"
#include "nlp/dictionary_file.h"

namespace yuqing {
namespace {

constexpr uint8_t kHasIdf = 1, kStop = 2, kDomain = 4;

inline uint64_t HashWord(std::string_view s) { return std::hash<std::string_view>{}(s); }

// A word worth ranking has a letter or a CJK character in it.
bool HasContent(std::string_view word) {
  // Fast path: a lead byte E4..E9 starts a code point in U+4E00..U+9FFF (CJK).
  const auto lead = static_cast<unsigned char>(word[0]);
  if (lead >= 0xE4 && lead <= 0xE9) return true;
  for (size_t i = 0; i < word.size();) {
    const char32_t c = NextCodePoint(word, &i);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return true;  // Latin letters
    if (c >= 0x3040 && c <= 0x30FF) return true;                         // kana
    if (c >= 0xAC00 && c <= 0xD7AF) return true;                         // Hangul
    if (IsCjk(c)) return true;
  }
  return false;
}

bool IsSingleCodePoint(std::string_view word) {
  if (word.empty()) return false;
  size_t i = 0;
  NextCodePoint(word, &i);
  return i == word.size();
}

inline bool IsUrlByte(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

bool AllUrlBytes(std::string_view word) {
  for (char c : word) {
    if (!IsUrlByte(c)) return false;
  }
  return !word.empty();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// Is `next` glued to `previous` in the text they were cut from?
inline bool Adjacent(std::string_view previous, std::string_view next) {
  return previous.data() + previous.size() == next.data();
}

bool IsMentionPart(std::string_view word) {
  if (word.empty() || word == " " || word == ":" || word == "\xEF\xBC\x9A") return false;  // ：
  return HasContent(word) || word == "_" || word == "-" || (word[0] >= '0' && word[0] <= '9');
}

struct Candidate {
  std::string_view word;
  double weight;
  uint32_t count;
  uint32_t first;
};

struct CallScratch {
  std::vector<Candidate> candidates;
  std::vector<int32_t> slots;  // open addressing over candidates, -1 empty
};

}  // namespace

struct KeywordExtractor::Tables {
  // 16 bytes a slot and no second memory access per lookup: a word is known by the top 56 bits
  // of its 64-bit hash (a false match among ~350,000 words has odds near 1e-11 per lookup and
  // would only lend a word another's idf); the low byte holds the flags, kUsed always set.
  struct Entry {
    uint64_t key = 0;  // 0: empty
    double idf = 0;
  };
  static constexpr uint64_t kFlagBits = 0xFF;
  static constexpr uint8_t kUsed = 0x80;
  std::vector<Entry> entries;
  uint64_t mask = 0;
  double mean_idf = 0;
  double domain_idf = 0;

  static uint8_t FlagsOf(const Entry& e) { return static_cast<uint8_t>(e.key & kFlagBits); }
  static void AddFlags(Entry& e, uint8_t flags) { e.key |= flags; }
  const Entry* Find(std::string_view, uint64_t h) const {
    const uint64_t wanted = h & ~kFlagBits;
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
      const Entry& e = entries[i];
      if (e.key == 0) return nullptr;
      if ((e.key & ~kFlagBits) == wanted) return &e;
    }
  }
  const Entry* Find(std::string_view word) const { return Find(word, HashWord(word)); }
  // Words longer than 65535 bytes are not stored (nullptr).
  Entry* Upsert(std::string_view word) {
    if (word.size() > 0xFFFF) return nullptr;
    const uint64_t h = HashWord(word);
    const uint64_t wanted = h & ~kFlagBits;
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
      Entry& e = entries[i];
      if (e.key == 0) {
        e.key = wanted | kUsed;
        return &e;
      }
      if ((e.key & ~kFlagBits) == wanted) return &e;
    }
  }
  // After loading: every entry's idf is the one Extract uses.
  void Finish() {
    for (auto& e : entries) {
      if (e.key == 0) continue;
      const uint8_t flags = FlagsOf(e);
      if (!(flags & kHasIdf)) e.idf = (flags & kDomain) ? domain_idf : mean_idf;
    }
  }
  double IdfOf(const Entry* e) const { return e == nullptr ? mean_idf : e->idf; }
};

KeywordExtractor::KeywordExtractor(std::unique_ptr<Tables> tables) : tables_(std::move(tables)) {}
KeywordExtractor::~KeywordExtractor() = default;

double KeywordExtractor::mean_idf() const { return tables_->mean_idf; }
double KeywordExtractor::domain_idf() const { return tables_->domain_idf; }
double KeywordExtractor::Idf(std::string_view word) const {
  return tables_->IdfOf(tables_->Find(word));
}
bool KeywordExtractor::IsStopWord(std::string_view word) const {
  const auto* e = tables_->Find(word);
  return e != nullptr && (Tables::FlagsOf(*e) & kStop);
}

Result<std::unique_ptr<KeywordExtractor>> KeywordExtractor::Load(
    const KeywordExtractorOptions& options) {
  const std::string idf_path =
      options.idf_path.empty() ? JiebaDictionaryPath("idf.utf8") : options.idf_path;
  const std::string stop_path = options.stop_words_path.empty()
                                    ? JiebaDictionaryPath("stop_words.utf8")
                                    : options.stop_words_path;
  auto idf_text = ReadWholeFile(idf_path, "idf table");
  if (!idf_text.ok()) return idf_text.status();
  auto stop_text = ReadWholeFile(stop_path, "stop words");
  if (!stop_text.ok()) return stop_text.status();
  if (options.platform_stop_words_path != "none") {
    auto platform = ReadWholeFile(options.platform_stop_words_path.empty()
                                      ? ResourcePath("resources/nlp/platform_stop_words.txt")
                                      : options.platform_stop_words_path,
                                  "platform stop words");
    if (!platform.ok()) return platform.status();
    if (!stop_text->empty() && stop_text->back() != '\n') stop_text->push_back('\n');
    stop_text->append(*platform);
  }
  std::vector<std::vector<UserDictionaryEntry>> user;
  if (options.use_domain_dictionary) {
    auto parsed =
        ReadUserDictionary(options.domain_dictionary_path.empty() ? DomainDictionaryPath()
                                                                  : options.domain_dictionary_path);
    if (!parsed.ok()) return parsed.status();
    user.push_back(std::move(*parsed));
  }
  for (const auto& path : options.user_dictionaries) {
    auto parsed = ReadUserDictionary(path);
    if (!parsed.ok()) return parsed.status();
    user.push_back(std::move(*parsed));
  }

  const auto lines_of = [](std::string_view text, auto&& each) {
    size_t number = 0;
    while (!text.empty()) {
      ++number;
      const size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (Status s = each(line, number); !s.ok()) return s;
    }
    return Status::Ok();
  };
  size_t expected = 1024;
  for (char c : *idf_text) expected += c == '\n';
  for (char c : *stop_text) expected += c == '\n';
  for (const auto& u : user) expected += u.size();
  auto tables = std::make_unique<Tables>();
  size_t capacity = 1;
  while (capacity < expected + expected / 2) capacity *= 2;
  tables->entries.resize(capacity);
  tables->mask = capacity - 1;

  std::vector<double> idfs;
  idfs.reserve(expected);
  Status status = lines_of(*idf_text, [&](std::string_view line, size_t number) {
    const size_t space = line.rfind(' ');
    char* end = nullptr;
    const std::string number_text(space == std::string_view::npos ? "" : line.substr(space + 1));
    const double idf = std::strtod(number_text.c_str(), &end);
    if (space == std::string_view::npos || space == 0 || number_text.empty() ||
        end != number_text.c_str() + number_text.size()) {
      return Status::InvalidInput(idf_path + ":" + std::to_string(number) +
                                  ": expected 'word idf', got '" + std::string(line) + "'");
    }
    if (Tables::Entry* e = tables->Upsert(line.substr(0, space))) {
      e->idf = idf;
      Tables::AddFlags(*e, kHasIdf);
      idfs.push_back(idf);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (idfs.empty()) return Status::InvalidInput(idf_path + ": no words");
  double sum = 0;
  for (double v : idfs) sum += v;
  tables->mean_idf = sum / static_cast<double>(idfs.size());
  // Domain words the general-corpus table lacks (延迟退休, 灵活就业人员, 12333) are specific
  // terms, so they get the table's median, the idf of a typical rare word, rather than its
  // maximum, which would let one mention outrank every other word of a post.
  std::nth_element(idfs.begin(), idfs.begin() + idfs.size() / 2, idfs.end());
  tables->domain_idf = idfs[idfs.size() / 2];

  status = lines_of(*stop_text, [&](std::string_view line, size_t) {
    if (Tables::Entry* e = line.empty() ? nullptr : tables->Upsert(line)) {
      Tables::AddFlags(*e, kStop);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  for (const auto& u : user) {
    for (const auto& entry : u) {
      if (Tables::Entry* e = tables->Upsert(entry.word)) Tables::AddFlags(*e, kDomain);
    }
  }
  tables->Finish();
  return std::unique_ptr<KeywordExtractor>(new KeywordExtractor(std::move(tables)));
}

void KeywordExtractor::ExtractWeighted(std::span<const std::string_view> words, size_t k,
                                       std::vector<Keyword>* keywords) const {
  keywords->clear();
  if (k == 0 || words.empty()) return;
  thread_local CallScratch s;
  s.candidates.clear();
  size_t capacity = 16;
  while (capacity < words.size() * 2) capacity *= 2;
  if (s.slots.size() < capacity) s.slots.resize(capacity);
  std::fill(s.slots.begin(), s.slots.begin() + static_cast<std::ptrdiff_t>(capacity), -1);
  const uint64_t mask = capacity - 1;

  const Tables& t = *tables_;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i];
    if (w.empty()) continue;
    // URLs: "http" ":" "/" "/" "t" "." "cn" "/" "zOXAaic" all glued together.
    if ((EqualsIgnoreCase(w, "http") || EqualsIgnoreCase(w, "https") ||
         EqualsIgnoreCase(w, "www")) &&
        i + 1 < words.size() && Adjacent(w, words[i + 1]) && AllUrlBytes(words[i + 1])) {
      while (i + 1 < words.size() && Adjacent(words[i], words[i + 1]) &&
             AllUrlBytes(words[i + 1])) {
        ++i;
      }
      continue;
    }
    // @mentions: "@" and the glued name after it (回复@人民日报:).
    if (w == "@" || w == "\xEF\xBC\xA0") {  // @ or full-width ＠
      while (i + 1 < words.size() && Adjacent(words[i], words[i + 1]) &&
             IsMentionPart(words[i + 1])) {
        ++i;
      }
      continue;
    }
    if (IsSingleCodePoint(w)) continue;
    const uint64_t h = HashWord(w);
    const Tables::Entry* e = t.Find(w, h);
    const uint8_t flags = e == nullptr ? 0 : Tables::FlagsOf(*e);
    if (flags & kStop) continue;
    if (!(flags & kDomain) && !HasContent(w)) continue;
    uint64_t slot = h & mask;
    for (;; slot = (slot + 1) & mask) {
      const int32_t c = s.slots[slot];
      if (c < 0) {
        s.slots[slot] = static_cast<int32_t>(s.candidates.size());
        s.candidates.push_back({w, t.IdfOf(e), 1, static_cast<uint32_t>(i)});
        break;
      }
      if (s.candidates[c].word == w) {
        ++s.candidates[c].count;
        break;
      }
    }
  }
  for (auto& c : s.candidates) c.weight *= c.count;
  const size_t n = std::min(k, s.candidates.size());
  std::partial_sort(s.candidates.begin(), s.candidates.begin() + static_cast<std::ptrdiff_t>(n),
                    s.candidates.end(), [](const Candidate& a, const Candidate& b) {
                      if (a.weight != b.weight) return a.weight > b.weight;
                      return a.first < b.first;
                    });
  keywords->reserve(n);
  for (size_t i = 0; i < n; ++i)
    keywords->push_back({s.candidates[i].word, s.candidates[i].weight});
}

void KeywordExtractor::Extract(std::span<const std::string_view> words, size_t k,
                               std::vector<std::string>* keywords) const {
  thread_local std::vector<Keyword> ranked;
  ExtractWeighted(words, k, &ranked);
  keywords->resize(ranked.size());
  for (size_t i = 0; i < ranked.size(); ++i) (*keywords)[i].assign(ranked[i].word);
}

}  // namespace yuqing
