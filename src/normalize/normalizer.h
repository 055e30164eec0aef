// Text normalisation (product.md §2.3), applied in this order:
//   1. repair GBK phase-shift mojibake (e.g. "社??òl(fā)放" -> "社保卡發(fā)放")
//   2. strip pinyin annotations: a parenthesised syllable with a tone mark right after a CJK
//      character ("細(xì)" -> "細"); real parentheses stay
//   3. traditional -> simplified (OpenCC t2s) with corrections where OpenCC is wrong in
//      simplified output (著 -> 着 in its verb use: 随着, 着力, 着眼, 标志着, ...)
//   4. ASCII punctuation inside Chinese text -> full width (，；：（）！？)
//   5. full-width letters and digits -> ASCII
//   6. whitespace: runs of spaces/tabs/U+00A0/U+3000 -> one space (none between two Chinese
//      characters unless keep_space_between_chinese, none beside wide punctuation), trimmed
//      lines, runs of blank lines -> one blank line, no blank line at either end
// Steps that cannot change a text are skipped after one scan of it, so already clean
// simplified text costs little more than a copy. The original text is the caller's to keep;
// Normalize returns a new string.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace yuqing {

struct NormalizeOptions {
  bool repair_mojibake = true;
  bool strip_pinyin = true;
  bool to_simplified = true;
  bool fullwidth_punctuation = true;
  bool fold_fullwidth_alnum = true;
  bool normalize_whitespace = true;
  // Keep one space between two Chinese characters instead of none (headlines and name lists
  // use it as a separator: "多地项目连环爆雷 狂奔的龙湖集团"); see normalize/whitespace.h.
  bool keep_space_between_chinese = false;
  std::string opencc_config = "t2s.json";  // an OpenCC config name or path
  // Data files; "" means the copy in resources/normalize/ (core/resources.h).
  std::string t2s_corrections;  // corrections applied to OpenCC's output
  std::string char_bigrams;     // the character-bigram counts that score mojibake repairs
  // Log-likelihood gain (nats) a mojibake repair needs to be kept; higher repairs less. On
  // 349k real lines no false candidate gained more than 9; the seed page's spots gain 18-56.
  double mojibake_margin = 12.0;
};

// What normalisation changed, for content-farm signals and `removed` counts.
struct NormalizeReport {
  size_t mojibake_repaired = 0;      // spans repaired
  size_t pinyin_removed = 0;         // annotations stripped
  size_t traditional_converted = 0;  // characters that t2s changed
  size_t punctuation_converted = 0;
  size_t alnum_folded = 0;

  void Add(const NormalizeReport& other);
};

class TextNormalizer {
 public:
  static Result<std::unique_ptr<TextNormalizer>> Create(const NormalizeOptions& options = {});
  virtual ~TextNormalizer() = default;

  // Thread-safe; never fails (bad UTF-8 is passed through as U+FFFD).
  virtual std::string Normalize(std::string_view text, NormalizeReport* report = nullptr) const = 0;
};

}  // namespace yuqing
