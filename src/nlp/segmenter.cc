// Segmenter: cppjieba's MixSegment (MPSegment.hpp, HMMSegment.hpp, MixSegment.hpp in
// third_party/cppjieba/include/cppjieba) re-implemented over flat tables, with the same arithmetic
// in the same order so that routes and Viterbi paths come out identical:
//  - the dictionary is a trie whose nodes are slots of one open-addressing hash table keyed by
//    (parent slot, code point), with the root's BMP children in a direct array; a node holds the
//    word's weight log(freq / total) (cppjieba DictTrie::CalculateWeight);
//  - the route is the maximum-probability path through the DAG of dictionary words (MPSegment::
//    CalcDP: right to left, candidates by increasing end, ties to the shorter word, characters
//    the dictionary lacks weigh the dictionary's minimum);
//  - runs of single characters not in a user dictionary go to the BMES HMM (HMMSegment: ASCII
//    letter/number runs are words, the rest Viterbi-decoded with the same tie-breaking).
// Per call, code points and scratch tables live in thread-local vectors that are only reused.
#include "nlp/segmenter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "nlp/dictionary_file.h"

namespace yuqing {
namespace {

constexpr double kMinDouble = -3.14e+100;  // cppjieba MIN_DOUBLE
constexpr size_t kMaxWordLength = 512;     // cppjieba MAX_WORD_LENGTH
constexpr double kNotAWord = std::numeric_limits<double>::infinity();
constexpr char32_t kInvalidByte = 0xFFFFFFFF;  // a byte that is not valid UTF-8
constexpr size_t kMaxPiece = size_t{1} << 30;
constexpr size_t kKeptScratch = size_t{1} << 22;
enum HmmState { kB = 0, kE = 1, kM = 2, kS = 3 };  // as in cppjieba HMMModel

// Decodes strictly; an invalid byte becomes kInvalidByte of length 1.
inline char32_t DecodeAt(std::string_view s, size_t i, size_t* length) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  const size_t left = s.size() - i;
  const auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (left >= 2 && cont(1, 0x80, 0xBF)) {
      *length = 2;
      return (char32_t(b0 & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (left >= 3 && cont(1, lo, hi) && cont(2, 0x80, 0xBF)) {
      *length = 3;
      return (char32_t(b0 & 0x0F) << 12) |
             (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
             (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (left >= 4 && cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF)) {
      *length = 4;
      return (char32_t(b0 & 0x07) << 18) |
             (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
             (char32_t(static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) |
             (static_cast<unsigned char>(s[i + 3]) & 0x3F);
    }
  }
  *length = 1;
  return kInvalidByte;
}

// cppjieba SPECIAL_SEPARATORS (" \t\n，。"), plus bytes that are not UTF-8.
inline bool IsSeparator(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == 0xFF0C || c == 0x3002 || c == kInvalidByte;
}

inline bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits on one delimiter, keeping empty fields (limonp::Split drops them; our files have none).
void SplitOn(std::string_view s, char delimiter, std::vector<std::string_view>* out) {
  out->clear();
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(delimiter, start);
    out->push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

bool ParseDouble(std::string_view s, double* value) {
  if (s.empty()) return false;
  const std::string copy(s);
  char* end = nullptr;
  *value = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

struct WeightedWord {
  std::string_view word;
  double weight;
};

bool DecodeWord(std::string_view word, std::vector<char32_t>* runes) {
  runes->clear();
  for (size_t i = 0; i < word.size();) {
    size_t length = 0;
    const char32_t c = DecodeAt(word, i, &length);
    if (c == kInvalidByte) return false;
    runes->push_back(c);
    i += length;
  }
  return !runes->empty();
}

struct Scratch {
  std::vector<char32_t> runes;
  std::vector<uint32_t> offsets;
  std::vector<double> route;
  std::vector<uint32_t> route_length;
  std::vector<std::array<double, 4>> viterbi_weight;
  std::vector<std::array<uint8_t, 4>> viterbi_path;
  std::vector<uint8_t> status;
};

}  // namespace

struct Segmenter::Model {
  // --- dictionary trie ---
  struct Slot {
    uint64_t key = ~uint64_t{0};  // (parent << 21) | code point; ~0 = empty
    double weight = kNotAWord;    // log probability when the path spells a word
  };
  std::vector<Slot> slots;
  uint32_t mask = 0;
  uint32_t shift = 0;
  uint32_t root = 0;                   // the root's id: slots.size(), never a slot
  std::vector<int32_t> root_children;  // BMP code point -> slot, -1 none
  size_t word_count = 0;
  double min_weight = 0;
  std::vector<uint64_t> user_single_bmp;           // bitset: one-character user words
  std::unordered_set<char32_t> user_single_other;  // the same above the BMP

  // --- HMM ---
  double start[4] = {};
  double trans[4][4] = {};
  std::vector<std::array<double, 4>> emit_rows;  // row 0: unknown character
  std::vector<uint32_t> emit_index_bmp;          // BMP code point -> row
  std::unordered_map<char32_t, uint32_t> emit_index_other;

  static uint64_t Key(uint32_t parent, char32_t c) { return (uint64_t{parent} << 21) | c; }
  uint32_t Hash(uint64_t key) const {
    return static_cast<uint32_t>((key * 0x9E3779B97F4A7C15ull) >> shift);
  }

  int32_t Child(uint32_t parent, char32_t c) const {
    if (parent == root && c < 0x10000) return root_children[c];
    const uint64_t key = Key(parent, c);
    for (uint32_t i = Hash(key);; i = (i + 1) & mask) {
      const uint64_t k = slots[i].key;
      if (k == key) return static_cast<int32_t>(i);
      if (k == ~uint64_t{0}) return -1;
    }
  }

  int32_t Insert(uint32_t parent, char32_t c) {
    const uint64_t key = Key(parent, c);
    uint32_t i = Hash(key);
    for (;; i = (i + 1) & mask) {
      if (slots[i].key == key) return static_cast<int32_t>(i);
      if (slots[i].key == ~uint64_t{0}) break;
    }
    slots[i].key = key;
    if (parent == root && c < 0x10000) root_children[c] = static_cast<int32_t>(i);
    return static_cast<int32_t>(i);
  }

  bool IsUserSingle(char32_t c) const {
    if (c < 0x10000) return (user_single_bmp[c >> 6] >> (c & 63)) & 1;
    return !user_single_other.empty() && user_single_other.count(c) > 0;
  }

  const std::array<double, 4>& Emit(char32_t c) const {
    if (c < 0x10000) return emit_rows[emit_index_bmp[c]];
    const auto it = emit_index_other.find(c);
    return emit_rows[it == emit_index_other.end() ? 0 : it->second];
  }

  void CutPiece(std::string_view text, std::vector<std::string_view>* words) const;
  void CutRange(std::string_view text, Scratch& s, size_t a, size_t b,
                std::vector<std::string_view>* words) const;
  void CutHmm(std::string_view text, Scratch& s, size_t a, size_t b,
              std::vector<std::string_view>* words) const;
  void Viterbi(std::string_view text, Scratch& s, size_t a, size_t b,
               std::vector<std::string_view>* words) const;
};

namespace {

inline void AddWord(std::string_view text, const Scratch& s, size_t from, size_t to,
                    std::vector<std::string_view>* words) {
  words->emplace_back(text.data() + s.offsets[from], s.offsets[to] - s.offsets[from]);
}

}  // namespace

void Segmenter::Model::CutRange(std::string_view text, Scratch& s, size_t a, size_t b,
                                std::vector<std::string_view>* words) const {
  if (a == b) return;
  const char32_t* r = s.runes.data();
  double* route = s.route.data();
  uint32_t* length = s.route_length.data();
  // MPSegment::CalcDP, right to left; route[i] is the best log probability of r[i..b).
  for (size_t i = b; i-- > a;) {
    double best = kMinDouble;
    uint32_t best_length = 0;  // 0: no dictionary word (cppjieba's null pInfo), a single char
    int32_t node = Child(root, r[i]);
    {
      const bool is_word = node >= 0 && slots[node].weight != kNotAWord;
      double value = 0.0;
      if (i + 1 < b) value += route[i + 1];
      value += is_word ? slots[node].weight : min_weight;
      if (value > best) {
        best = value;
        best_length = is_word ? 1 : 0;
      }
    }
    for (size_t j = i + 1; node >= 0 && j < b && j - i + 1 <= kMaxWordLength; ++j) {
      node = Child(static_cast<uint32_t>(node), r[j]);
      if (node < 0) break;
      const double w = slots[node].weight;
      if (w == kNotAWord) continue;
      double value = 0.0;
      if (j + 1 < b) value += route[j + 1];
      value += w;
      if (value > best) {
        best = value;
        best_length = static_cast<uint32_t>(j - i + 1);
      }
    }
    route[i] = best;
    length[i] = best_length;
  }
  // MixSegment::Cut: dictionary words (and one-character user words) as they are, runs of other
  // single characters through the HMM.
  size_t i = a;
  while (i < b) {
    if (length[i] >= 2) {
      AddWord(text, s, i, i + length[i], words);
      i += length[i];
      continue;
    }
    if (IsUserSingle(r[i])) {
      AddWord(text, s, i, i + 1, words);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < b && length[j] <= 1 && !IsUserSingle(r[j])) ++j;
    CutHmm(text, s, i, j, words);
    i = j;
  }
}

// HMMSegment::Cut over [a, b).
void Segmenter::Model::CutHmm(std::string_view text, Scratch& s, size_t a, size_t b,
                              std::vector<std::string_view>* words) const {
  const char32_t* r = s.runes.data();
  size_t left = a, right = a;
  while (right != b) {
    if (r[right] < 0x80) {
      if (left != right) Viterbi(text, s, left, right, words);
      left = right;
      size_t end = left;
      if (IsAsciiLetter(r[end])) {  // SequentialLetterRule
        ++end;
        while (end != b && (IsAsciiLetter(r[end]) || IsAsciiDigit(r[end]))) ++end;
      } else if (IsAsciiDigit(r[end])) {  // NumbersRule
        ++end;
        while (end != b && (IsAsciiDigit(r[end]) || r[end] == '.')) ++end;
      } else {
        ++end;
      }
      AddWord(text, s, left, end, words);
      left = right = end;
    } else {
      ++right;
    }
  }
  if (left != right) Viterbi(text, s, left, right, words);
}

// HMMSegment::Viterbi + InternalCut over [a, b), all non-ASCII.
void Segmenter::Model::Viterbi(std::string_view text, Scratch& s, size_t a, size_t b,
                               std::vector<std::string_view>* words) const {
  const size_t n = b - a;
  if (s.viterbi_weight.size() < n) {
    s.viterbi_weight.resize(n);
    s.viterbi_path.resize(n);
    s.status.resize(n);
  }
  auto* weight = s.viterbi_weight.data();
  auto* path = s.viterbi_path.data();
  const char32_t* r = s.runes.data() + a;
  {
    const auto& e = Emit(r[0]);
    for (int y = 0; y < 4; ++y) {
      weight[0][y] = start[y] + e[y];
      path[0][y] = 0;  // cppjieba: -1, never read
    }
  }
  for (size_t x = 1; x < n; ++x) {
    const auto& e = Emit(r[x]);
    for (int y = 0; y < 4; ++y) {
      double best = kMinDouble;
      uint8_t from = kE;
      for (int p = 0; p < 4; ++p) {
        const double value = weight[x - 1][p] + trans[p][y] + e[y];
        if (value > best) {
          best = value;
          from = static_cast<uint8_t>(p);
        }
      }
      weight[x][y] = best;
      path[x][y] = from;
    }
  }
  int state = weight[n - 1][kE] >= weight[n - 1][kS] ? kE : kS;
  for (size_t x = n; x-- > 0;) {
    s.status[x] = static_cast<uint8_t>(state);
    state = path[x][state];
  }
  size_t left = a;
  for (size_t x = 0; x < n; ++x) {
    if (s.status[x] % 2) {  // E or S ends a word
      AddWord(text, s, left, a + x + 1, words);
      left = a + x + 1;
    }
  }
}

Segmenter::Segmenter(std::unique_ptr<Model> model) : model_(std::move(model)) {}
Segmenter::~Segmenter() = default;

size_t Segmenter::size() const { return model_->word_count; }

bool Segmenter::Contains(std::string_view word) const {
  const Model& m = *model_;
  int32_t node = -1;
  uint32_t parent = m.root;
  for (size_t i = 0; i < word.size();) {
    size_t length = 0;
    const char32_t c = DecodeAt(word, i, &length);
    if (c == kInvalidByte) return false;
    node = m.Child(parent, c);
    if (node < 0) return false;
    parent = static_cast<uint32_t>(node);
    i += length;
  }
  return node >= 0 && m.slots[node].weight != kNotAWord;
}

void Segmenter::Model::CutPiece(std::string_view text, std::vector<std::string_view>* words) const {
  thread_local Scratch s;
  // At most one code point a byte: size once, then fill by index.
  if (s.runes.size() < text.size() + 1) {
    s.runes.resize(text.size() + 1);
    s.offsets.resize(text.size() + 1);
    s.route.resize(text.size() + 1);
    s.route_length.resize(text.size() + 1);
  }
  char32_t* runes = s.runes.data();
  uint32_t* offsets = s.offsets.data();
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++n) {
    size_t length = 0;
    runes[n] = DecodeAt(text, i, &length);
    offsets[n] = static_cast<uint32_t>(i);
    i += length;
  }
  offsets[n] = static_cast<uint32_t>(text.size());
  // PreFilter: separators split the text into ranges and are words of their own.
  size_t range_start = 0;
  for (size_t k = 0; k < n; ++k) {
    if (IsSeparator(runes[k])) {
      CutRange(text, s, range_start, k, words);
      AddWord(text, s, k, k + 1, words);
      range_start = k + 1;
    }
  }
  CutRange(text, s, range_start, n, words);
  if (s.runes.size() > kKeptScratch) s = Scratch();  // don't hold on to a huge text's tables
}

void Segmenter::Cut(std::string_view text, std::vector<std::string_view>* words) const {
  words->clear();
  // Offsets are 32-bit: a text over 1 GiB is cut piece by piece, at code point boundaries.
  while (text.size() > kMaxPiece) {
    size_t end = kMaxPiece;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    model_->CutPiece(text.substr(0, end), words);
    text.remove_prefix(end);
  }
  if (!text.empty()) model_->CutPiece(text, words);
}

Result<std::unique_ptr<Segmenter>> Segmenter::Load(const SegmenterOptions& options) {
  auto model = std::make_unique<Model>();
  const std::string dict_path = options.dictionary_path.empty()
                                    ? JiebaDictionaryPath("jieba.dict.utf8")
                                    : options.dictionary_path;
  const std::string hmm_path = options.hmm_model_path.empty()
                                   ? JiebaDictionaryPath("hmm_model.utf8")
                                   : options.hmm_model_path;

  // Main dictionary: `word freq tag`, weights log(freq / sum of freqs) (DictTrie::Init).
  auto dict_text = ReadWholeFile(dict_path, "dictionary");
  if (!dict_text.ok()) return dict_text.status();
  std::vector<WeightedWord> entries;
  entries.reserve(400000);
  double freq_sum = 0;
  {
    std::string_view rest = *dict_text;
    std::vector<std::string_view> fields;
    size_t line_number = 0;
    while (!rest.empty()) {
      ++line_number;
      const size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      SplitOn(line, ' ', &fields);
      double freq = 0;
      if (fields.size() != 3 || fields[0].empty() || !ParseDouble(fields[1], &freq) ||
          !(freq > 0)) {
        return Status::InvalidInput(dict_path + ":" + std::to_string(line_number) +
                                    ": expected 'word freq tag' with freq > 0, got '" +
                                    std::string(line) + "'");
      }
      entries.push_back({fields[0], freq});
      freq_sum += freq;
    }
  }
  if (entries.empty()) return Status::InvalidInput(dict_path + ": no words");
  for (auto& e : entries) e.weight = std::log(e.weight / freq_sum);
  double median_weight = 0;
  {
    std::vector<double> weights;
    weights.reserve(entries.size());
    for (const auto& e : entries) weights.push_back(e.weight);
    model->min_weight = *std::min_element(weights.begin(), weights.end());
    std::nth_element(weights.begin(), weights.begin() + weights.size() / 2, weights.end());
    median_weight = weights[weights.size() / 2];
  }

  // Domain and user dictionaries (DictTrie::LoadUserDict): a frequency gives log(freq / sum),
  // none the median weight; one-character entries stay whole even where the HMM would join them.
  std::vector<std::string> user_paths;
  if (options.use_domain_dictionary) {
    user_paths.push_back(options.domain_dictionary_path.empty() ? DomainDictionaryPath()
                                                                : options.domain_dictionary_path);
  }
  user_paths.insert(user_paths.end(), options.user_dictionaries.begin(),
                    options.user_dictionaries.end());
  std::vector<std::string> user_words;  // owns the text the user entries view
  std::vector<WeightedWord> user_entries;
  for (const auto& path : user_paths) {
    auto parsed = ReadUserDictionary(path);
    if (!parsed.ok()) return parsed.status();
    for (auto& e : *parsed) {
      user_words.push_back(std::move(e.word));
      user_entries.push_back(
          {{}, e.frequency > 0 ? std::log(e.frequency / freq_sum) : median_weight});
    }
  }
  for (size_t i = 0; i < user_entries.size(); ++i) {
    user_entries[i].word = user_words[i];
    entries.push_back(user_entries[i]);
  }

  // Size the table from the number of trie nodes (distinct prefixes of the words), counted by
  // the prefixes' 64-bit hashes in a flat set: sorting the 350,000 words to count them was a
  // fifth of start-up. A hash collision would undercount by one; the table keeps half again
  // as many slots as nodes.
  size_t nodes = 0;
  {
    size_t code_points = 0;
    for (const auto& e : entries) {
      for (const char c : e.word) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    size_t set_size = 1024;
    while (set_size < (code_points + entries.size()) * 3 / 2) set_size *= 2;
    std::vector<uint64_t> seen(set_size, 0);
    const auto insert = [&](uint64_t h) {  // true when h is new
      h |= 1;                              // 0 marks an empty cell
      for (size_t i = (h >> 7) & (set_size - 1);; i = (i + 1) & (set_size - 1)) {
        if (seen[i] == h) return false;
        if (seen[i] == 0) {
          seen[i] = h;
          return true;
        }
      }
    };
    const auto mix = [](uint64_t x) {
      x ^= x >> 33;
      x *= 0xff51afd7ed558ccdULL;
      x ^= x >> 33;
      x *= 0xc4ceb9fe1a85ec53ULL;
      return x ^ (x >> 33);
    };
    for (const auto& e : entries) {
      uint64_t h = 0x9E3779B97F4A7C15ULL;
      for (size_t i = 0; i < e.word.size(); ++i) {
        h = mix(h + static_cast<unsigned char>(e.word[i]));
        const bool ends_code_point =
            i + 1 == e.word.size() || (static_cast<unsigned char>(e.word[i + 1]) & 0xC0) != 0x80;
        if (ends_code_point && insert(h)) ++nodes;
      }
      if (insert(mix(h ^ 0x5851F42D4C957F2DULL))) ++model->word_count;  // the word itself
    }
  }
  size_t capacity = 1024;
  uint32_t bits = 10;
  while (capacity < nodes + nodes / 2 + 16) {
    capacity *= 2;
    ++bits;
  }
  model->slots.assign(capacity, {});
  model->mask = static_cast<uint32_t>(capacity - 1);
  model->shift = 64 - bits;
  model->root = static_cast<uint32_t>(capacity);
  model->root_children.assign(0x10000, -1);
  model->user_single_bmp.assign(0x10000 / 64, 0);
  std::vector<char32_t> runes;
  const size_t main_count = entries.size() - user_entries.size();
  for (size_t e = 0; e < entries.size(); ++e) {
    if (!DecodeWord(entries[e].word, &runes)) {
      return Status::InvalidInput(dict_path + ": word is not valid UTF-8: '" +
                                  std::string(entries[e].word) + "'");
    }
    uint32_t node = model->root;
    for (char32_t c : runes) node = static_cast<uint32_t>(model->Insert(node, c));
    model->slots[node].weight = entries[e].weight;  // a later entry wins, as in cppjieba
    if (e >= main_count && runes.size() == 1) {
      const char32_t c = runes[0];
      if (c < 0x10000) {
        model->user_single_bmp[c >> 6] |= uint64_t{1} << (c & 63);
      } else {
        model->user_single_other.insert(c);
      }
    }
  }

  // HMM model (HMMModel::LoadModel): start, 4x4 transitions, then B, E, M, S emissions as
  // "char:logprob,..." lines; '#' lines are comments.
  auto hmm_text = ReadWholeFile(hmm_path, "HMM model");
  if (!hmm_text.ok()) return hmm_text.status();
  {
    std::vector<std::string_view> lines;
    std::string_view rest = *hmm_text;
    while (!rest.empty()) {
      const size_t eol = rest.find('\n');
      std::string_view line = TrimLine(rest.substr(0, eol));
      rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
      if (!line.empty() && line.front() != '#') lines.push_back(line);
    }
    const auto bad = [&](std::string_view what) {
      return Status::InvalidInput(hmm_path + ": " + std::string(what));
    };
    if (lines.size() < 9) return bad("expected start, 4 transition and 4 emission lines");
    std::vector<std::string_view> fields, pair;
    SplitOn(lines[0], ' ', &fields);
    if (fields.size() != 4) return bad("start probabilities: expected 4 numbers");
    for (int y = 0; y < 4; ++y) {
      if (!ParseDouble(fields[y], &model->start[y])) return bad("start probabilities");
    }
    for (int p = 0; p < 4; ++p) {
      SplitOn(lines[1 + p], ' ', &fields);
      if (fields.size() != 4) return bad("transitions: expected 4 numbers a line");
      for (int y = 0; y < 4; ++y) {
        if (!ParseDouble(fields[y], &model->trans[p][y])) return bad("transitions");
      }
    }
    model->emit_rows.push_back({kMinDouble, kMinDouble, kMinDouble, kMinDouble});
    model->emit_index_bmp.assign(0x10000, 0);
    for (int y = 0; y < 4; ++y) {
      SplitOn(lines[5 + y], ',', &fields);
      for (const auto& item : fields) {
        SplitOn(item, ':', &pair);
        double value = 0;
        if (pair.size() != 2 || !DecodeWord(pair[0], &runes) || runes.size() != 1 ||
            !ParseDouble(pair[1], &value)) {
          return bad("emission: expected 'char:logprob', got '" + std::string(item) + "'");
        }
        const char32_t c = runes[0];
        uint32_t row = c < 0x10000 ? model->emit_index_bmp[c] : 0;
        if (c >= 0x10000) {
          const auto it = model->emit_index_other.find(c);
          if (it != model->emit_index_other.end()) row = it->second;
        }
        if (row == 0) {
          row = static_cast<uint32_t>(model->emit_rows.size());
          model->emit_rows.push_back({kMinDouble, kMinDouble, kMinDouble, kMinDouble});
          if (c < 0x10000) {
            model->emit_index_bmp[c] = row;
          } else {
            model->emit_index_other[c] = row;
          }
        }
        model->emit_rows[row][y] = value;
      }
    }
  }
  return std::unique_ptr<Segmenter>(new Segmenter(std::move(model)));
}

}  // namespace yuqing
