// A character-bigram language model with interpolated Kneser-Ney smoothing (Chen & Goodman,
// "An empirical study of smoothing techniques for language modeling", 1998, §2.7) over the
// counts in resources/normalize/char_bigrams.tsv (scripts/data/build_normalize_resources.py);
// used to tell mojibake from text and to choose among repair candidates. Bigrams pruned from the
// table fall back to the continuation distribution, which keeps "保”" (a noun before a closing
// quote) likely even when the pair itself was too rare to keep.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace yuqing {

class CharModel {
 public:
  // Line boundary symbol: what precedes the first character of a line.
  static constexpr char32_t kBoundary = U'\n';

  static Result<CharModel> Load(const std::string& path);

  // The symbol a character is scored as: ASCII and full-width letters -> 'A', digits -> '0',
  // blanks -> ' ', anything else itself (so "ò" amid Chinese is as rare as it really is). Must
  // match char_class() in the generator script.
  static char32_t ClassOf(char32_t cp);

  // ln P(cur | prev) over symbols (ClassOf already applied). Runs of one class among 'A', '0',
  // ' ' count as one symbol, so the second of such a pair scores 0.
  double LogProb(char32_t prev, char32_t cur) const;

  // ln of the continuation probability of `cur` (how many different symbols precede it).
  double LogContinuation(char32_t cur) const;

  // How often `cp` occurred in the training text (0 when never).
  uint32_t Count(char32_t cp) const;

 private:
  struct Symbol {
    uint32_t count = 0;
    uint32_t preceders = 0;   // distinct symbols seen before it
    double backoff = 1.0;     // probability mass left to the continuation distribution
    double continuation = 0;  // P_continuation(symbol)
  };
  const Symbol* Find(char32_t cp) const {
    if (cp < kBmp) {
      const int32_t i = bmp_index_[cp];
      return i < 0 ? nullptr : &symbols_[static_cast<size_t>(i)];
    }
    const auto it = astral_index_.find(cp);
    return it == astral_index_.end() ? nullptr : &symbols_[it->second];
  }

  // Symbols in a vector, found through a dense table for the BMP (scoring a repair looks up
  // hundreds of thousands of symbols; a hash lookup each was most of its time).
  static constexpr char32_t kBmp = 0x10000;
  std::vector<Symbol> symbols_;
  std::vector<char32_t> symbol_chars_;  // the code point of symbols_[i]
  std::vector<int32_t> bmp_index_ = std::vector<int32_t>(kBmp, -1);
  std::unordered_map<char32_t, size_t> astral_index_;
  std::unordered_map<uint64_t, uint32_t> bigrams_;
  double bigram_types_ = 0;  // distinct bigrams before pruning
  double unseen_continuation_ = 0;
};

}  // namespace yuqing
