// The sentiment features of one normalised, segmented text, shared by the scorer and the trainer
// (train_sentiment.cc) so that training sees exactly what scoring computes. Every feature is a
// 32-bit id hashed incrementally from code points (no string is built) and a value:
//   - character unigrams, bigrams and trigrams (ASCII letters lower-cased, digits folded to 0);
//     a run of one character adds nothing after its third (！！！！！！ is ！！！), a run of one
//     word nothing after its second, so that repetition does not outweigh the rest of the text;
//   - words and word bigrams of the segmentation; a word inside a negation scope (after a
//     negator such as 不/没有/并不, up to a scope breaker or kNegationScopeWords words) gets the
//     NEG variant of its id, and a second negator cancels the first (不是不好);
//   - a word that starts with a negating character (不满, 没用) also emits its stem with the
//     opposite polarity (满意 under NEG for 不满意), so that fused and split negations share;
//   - degree words (非常 1.5, 有点 0.7 ...) scale the value of the next word's features;
//   - Weibo emoticon codes [怒] / ［怒］ as one token, short scare-quoted spans (“好”) as a token
//     plus a generic scare-quote feature;
//   - lexicon phrases (domain and irony: 断缴, 拒赔, 养老金又涨了, 谢谢你全家), whose weights the
//     trainer pulls towards a prior instead of zero; under negation their value is negated.
//     They are not length-normalised: a known complaint counts the same in a post or a review.
// The lexicon (negators, degree words, breakers, phrases) travels inside the model file.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing::sentiment {

inline constexpr int kNegationScopeWords = 5;
inline constexpr size_t kMaxPhraseCodePoints = 8;

enum FeatureKind : uint64_t {
  kCharUni = 1,
  kCharBi,
  kCharTri,
  kWord,
  kWordNeg,
  kWordBigram,
  kEmoticon,
  kQuote,
  kQuoteAny,
  kPhrase,
  kCharNegOffset = 100,  // added to kCharUni/Bi/Tri under negation
};

inline uint64_t MixStep(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xBF58476D1CE4E5B9ULL;
}

// The feature id of (kind, key); never 0, which marks an empty table slot.
inline uint32_t FeatureId(uint64_t kind, uint64_t key) {
  uint64_t h = (key ^ (kind * 0xD6E8FEB86659FD93ULL)) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  const auto id = static_cast<uint32_t>(h >> 32);
  return id == 0 ? 1 : id;
}

// The key of a code-point sequence, as words and phrases are hashed (forwards).
inline uint64_t SequenceKey(std::span<const char32_t> cps) {
  uint64_t h = 0x84222325CBF29CE4ULL;
  for (const char32_t c : cps) h = MixStep(h, c);
  return h;
}

struct WordRole {
  bool negator = false;
  bool breaker = false;
  float degree = 0;  // 0: not a degree word
};

// Negators, degree words, breakers and phrases, parsed from the lexicon text
// (resources/nlp/sentiment/lexicon.tsv, as normalised by the trainer and stored in the model).
class Lexicon {
 public:
  // Lines `kind<TAB>text[<TAB>value]`, kind negator|degree|breaker|phrase; '#' comments.
  static Result<Lexicon> Parse(std::string_view text);

  const WordRole* FindRole(uint64_t word_key) const;
  // Phrases end on a code point whose bit is set here (BMP only; others never end one).
  bool MayEndPhrase(char32_t c) const {
    return c < 0x10000 && (phrase_end_bits_[c >> 6] >> (c & 63)) & 1;
  }
  bool IsPhrase(uint64_t key) const;
  uint32_t phrase_lengths() const { return phrase_lengths_; }  // bit L: a phrase of L code points

  // Phrase texts and their prior polarity (positive: positive sentiment), for the trainer.
  const std::vector<std::pair<std::u32string, float>>& phrases() const { return phrases_; }

 private:
  struct RoleSlot {
    uint64_t key = 0;
    WordRole role;
  };
  std::vector<RoleSlot> roles_ = std::vector<RoleSlot>(16);  // open addressing, key 0 empty
  std::vector<uint64_t> phrase_keys_ = std::vector<uint64_t>(16);
  std::vector<uint64_t> phrase_end_bits_ = std::vector<uint64_t>(1024);
  uint32_t phrase_lengths_ = 0;
  std::vector<std::pair<std::u32string, float>> phrases_;
};

// Punctuation and line breaks end a negation scope.
inline bool IsScopeBreak(char32_t c) {
  switch (c) {
    case U'，':
    case U'。':
    case U'！':
    case U'？':
    case U'；':
    case U'：':
    case U'、':
    case U'…':
    case U',':
    case U'.':
    case U'!':
    case U'?':
    case U';':
    case U':':
    case U'\n':
    case U'～':
    case U'~':
      return true;
    default:
      return false;
  }
}

inline bool IsNegatingPrefix(char32_t c) {
  return c == U'不' || c == U'没' || c == U'无' || c == U'未' || c == U'非' || c == U'别';
}

inline bool IsQuote(char32_t c) {
  return c == U'"' || c == U'“' || c == U'”' || c == U'「' || c == U'」' || c == U'‘' || c == U'’';
}

// Decodes one code point (U+FFFD for an invalid byte, which advances by one).
inline char32_t DecodeAt(std::string_view text, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t i = *pos, n = text.size();
  const unsigned c = p[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  if (c >= 0xE0 && c < 0xF0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
      (p[i + 2] & 0xC0) == 0x80) {
    const char32_t cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      *pos = i + 3;
      return cp;
    }
  } else if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
    *pos = i + 2;
    return ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
  } else if (c >= 0xF0 && c < 0xF5 && i + 3 < n && (p[i + 1] & 0xC0) == 0x80 &&
             (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80) {
    const char32_t cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) |
                        (p[i + 3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      *pos = i + 4;
      return cp;
    }
  }
  *pos = i + 1;
  return 0xFFFD;
}

// The code point as features see it: ASCII letters lower-cased, digits as 0, brackets narrow.
inline char32_t FoldCodePoint(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
  if (c >= '0' && c <= '9') return '0';
  if (c == U'［') return '[';  // emoticon codes come with either width of bracket
  if (c == U'］') return ']';
  return c;
}

// SequenceKey of text[begin, end) as features see it.
inline uint64_t SequenceKeyOf(std::string_view text, size_t begin, size_t end) {
  uint64_t h = 0x84222325CBF29CE4ULL;
  const std::string_view word = text.substr(0, end);
  for (size_t pos = begin; pos < end;) h = MixStep(h, FoldCodePoint(DecodeAt(word, &pos)));
  return h;
}

// Calls sink(id, value, absolute) for every feature of `text` (see the top of this file).
// `word_ends` may be anything: ends beyond the text are clamped, ends that do not advance are
// skipped, and text after the last end is one more word. `absolute` marks lexicon phrases, which
// the model adds as they are; the sum of the others is scaled by the text's length normalisation.
template <typename Sink>
void ExtractFeatures(std::string_view text, std::span<const uint32_t> word_ends,
                     const Lexicon& lexicon, Sink&& sink) {
  // Character n-gram and phrase context.
  char32_t prev1 = 0, prev2 = 0;
  std::array<char32_t, kMaxPhraseCodePoints> ring{};
  std::array<bool, kMaxPhraseCodePoints> ring_negated{};  // was the character's word negated?
  size_t ring_count = 0;
  // Emoticon [..] and scare-quote “..” spans.
  bool in_bracket = false, in_quote = false;
  uint64_t bracket_key = 0, quote_key = 0;
  size_t bracket_len = 0, quote_len = 0;
  // Negation and degree state, per word.
  bool negated = false;
  int scope_left = 0;
  float degree = 1;
  uint64_t prev_word = 0, prev_prev_word = 0;

  const size_t size = text.size();
  size_t begin = 0;
  size_t w = 0;
  while (begin < size) {
    size_t end = size;
    while (w < word_ends.size()) {
      const size_t e = word_ends[w++];
      if (e > begin) {
        end = e < size ? e : size;
        break;
      }
    }
    // One word: its code points feed the character features as they are decoded.
    uint64_t word_key = 0x84222325CBF29CE4ULL, stem_key = word_key;
    size_t count = 0;
    char32_t first = 0;
    bool blank = true;
    bool negating_word = false;
    const float value = degree;
    for (size_t pos = begin; pos < end;) {
      const char32_t c = FoldCodePoint(DecodeAt(text, &pos));
      if (c != ' ' && c != '\t' && c != '\r') blank = false;
      word_key = MixStep(word_key, c);
      if (count == 0) {
        first = c;
        negating_word = IsNegatingPrefix(c) && !lexicon.FindRole(SequenceKeyOf(text, begin, end));
      } else {
        stem_key = MixStep(stem_key, c);
      }
      ++count;

      // Characters under negation (a negated word, or after the 不 of 不高兴) get their own
      // n-gram ids: 高兴 after 不 is not evidence of joy.
      const uint64_t neg =
          (negated != (count > 1 && negating_word)) ? uint64_t{kCharNegOffset} : uint64_t{0};
      // A run of one character (！！！！！, 哈哈哈哈) counts as three: a hundred exclamation marks
      // would otherwise outweigh the words of the text.
      if (c != prev1 || c != prev2) {
        sink(FeatureId(kCharUni + neg, c), 1.0f, false);
        if (prev1 != 0) sink(FeatureId(kCharBi + neg, (uint64_t{prev1} << 21) | c), 1.0f, false);
        if (prev2 != 0) {
          sink(FeatureId(kCharTri + neg, (uint64_t{prev2} << 42) | (uint64_t{prev1} << 21) | c),
               1.0f, false);
        }
      }
      prev2 = prev1;
      prev1 = c;

      ring[ring_count % kMaxPhraseCodePoints] = c;
      ring_negated[ring_count % kMaxPhraseCodePoints] = negated;
      ++ring_count;
      if (lexicon.MayEndPhrase(c)) {
        // Phrases are keyed forwards, so rebuild each candidate suffix's key from its start.
        const size_t max_len =
            ring_count < kMaxPhraseCodePoints ? ring_count : kMaxPhraseCodePoints;
        for (size_t len = 1; len <= max_len; ++len) {
          if (!((lexicon.phrase_lengths() >> len) & 1)) continue;
          uint64_t key = 0x84222325CBF29CE4ULL;
          for (size_t k = ring_count - len; k < ring_count; ++k) {
            key = MixStep(key, ring[k % kMaxPhraseCodePoints]);
          }
          // Negated when the phrase starts inside a negation scope: 没有断缴, but not 不高兴
          // (whose own 不 is the negator).
          if (lexicon.IsPhrase(key)) {
            const bool flip = ring_negated[(ring_count - len) % kMaxPhraseCodePoints];
            sink(FeatureId(kPhrase, key), flip ? -value : value, /*absolute=*/true);
          }
        }
      }

      if (c == '[') {
        in_bracket = true;
        bracket_key = 0x84222325CBF29CE4ULL;
        bracket_len = 0;
      } else if (in_bracket && c == ']') {
        if (bracket_len > 0) sink(FeatureId(kEmoticon, bracket_key), 1.0f, false);
        in_bracket = false;
      } else if (in_bracket) {
        bracket_key = MixStep(bracket_key, c);
        if (++bracket_len > 8) in_bracket = false;
      }
      if (IsQuote(c)) {
        if (in_quote && quote_len > 0 && quote_len <= 4) {
          sink(FeatureId(kQuote, quote_key), 1.0f, false);
          sink(FeatureId(kQuoteAny, 0), 1.0f, false);
          in_quote = false;
        } else {
          in_quote = true;
          quote_key = 0x84222325CBF29CE4ULL;
          quote_len = 0;
        }
      } else if (in_quote) {
        quote_key = MixStep(quote_key, c);
        if (++quote_len > 4) in_quote = false;
      }
    }
    begin = end;
    if (blank) continue;

    // A run of one word (哈哈 哈哈 哈哈) counts twice, as runs of one character count three times.
    if (word_key == prev_word && word_key == prev_prev_word) continue;
    prev_prev_word = prev_word;
    const WordRole* role = lexicon.FindRole(word_key);
    if ((count == 1 && IsScopeBreak(first)) || (role && role->breaker)) {
      negated = false;
      degree = 1;
      sink(FeatureId(kWordBigram, MixStep(prev_word, word_key)), 1.0f, false);
      prev_word = word_key;
      continue;
    }
    // Single-character words repeat the character unigram unless negation or degree applies.
    // A negated word also enters as itself with the opposite sign, so that a negation the
    // data rarely shows (不高兴) still flips the word's learned polarity; its NEG variant
    // learns the correction where the data has it (不错 is not the opposite of 错).
    if (count > 1 || negated || value != 1.0f) {
      sink(FeatureId(negated ? kWordNeg : kWord, word_key), value, false);
      if (negated) sink(FeatureId(kWord, word_key), -value, false);
    }
    if (!role && count > 1 && IsNegatingPrefix(first)) {
      sink(FeatureId(negated ? kWord : kWordNeg, stem_key), value, false);
      sink(FeatureId(kWord, stem_key), negated ? value : -value, false);
    }
    sink(FeatureId(kWordBigram, MixStep(prev_word, word_key)), 1.0f, false);
    prev_word = word_key;

    if (role && role->negator) {
      negated = !negated;
      scope_left = kNegationScopeWords;
    } else if (negated && --scope_left <= 0) {
      negated = false;
    }
    if (role && role->degree != 0) {
      degree = role->degree;
    } else if (!(role && role->negator)) {
      degree = 1;
    }
  }
}

}  // namespace yuqing::sentiment
