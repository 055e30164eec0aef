// Traditional -> simplified with OpenCC (Config -> ConversionChain -> Dict, as in OpenCC's
// opencc_convert), followed by corrections where OpenCC's simplified output is wrong, and a
// code-point bitmap of everything OpenCC could change so that text without such a character
// never reaches OpenCC (most input is already simplified).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace opencc {
class Converter;
}

namespace yuqing {

class Simplifier {
 public:
  // `opencc_config`: an OpenCC config name ("t2s.json", looked up in OpenCC's data directory)
  // or path. `corrections_path`: resources/normalize/t2s_corrections.tsv, or "" for none.
  static Result<std::unique_ptr<Simplifier>> Create(const std::string& opencc_config,
                                                    const std::string& corrections_path);
  ~Simplifier();
  Simplifier(const Simplifier&) = delete;
  Simplifier& operator=(const Simplifier&) = delete;

  // Whether some dictionary entry changes `cp` (false means OpenCC leaves it alone everywhere).
  bool MayChange(char32_t cp) const {
    return cp < 0x110000 && ((bitmap_[cp >> 6] >> (cp & 63)) & 1) != 0;
  }

  // Whether OpenCC could change something in `line`: a character that its single-character
  // table changes, or a character that only phrases change (么 in 么麼, 覆 in 反覆) standing
  // inside one of those phrases. Plain simplified text with 么 or 覆 is thus not converted.
  bool NeedsConversion(std::string_view line) const;

  // OpenCC's single-character mapping (first candidate), or `cp` itself.
  char32_t SimplifyChar(char32_t cp) const;

  // Converts, line by line, the lines that hold a character OpenCC may change, then applies the
  // corrections to those lines; adds the number of changed characters to *converted.
  std::string Convert(std::string_view text, size_t* converted) const;

  // One line (no '\n') that is known to need conversion.
  std::string ConvertLine(std::string_view line, size_t* converted) const;

 private:
  Simplifier() = default;
  Status LoadCorrections(const std::string& path);
  std::u32string Correct(std::u32string_view text) const;

  std::shared_ptr<opencc::Converter> converter_;
  std::vector<uint64_t> bitmap_ = std::vector<uint64_t>(0x110000 / 64, 0);
  std::vector<uint64_t> single_ = std::vector<uint64_t>(0x110000 / 64, 0);  // changed alone
  // For characters changed only inside phrases: the phrase keys that change them.
  std::unordered_map<char32_t, std::vector<std::u32string>> phrases_;
  std::unordered_map<char32_t, char32_t> char_map_;
  // Corrections, applied by forward maximum matching as OpenCC applies its own dictionaries.
  std::unordered_map<std::u32string, std::u32string> corrections_;
  std::vector<uint64_t> correction_starts_ = std::vector<uint64_t>(0x110000 / 64, 0);
  size_t max_correction_ = 0;
};

}  // namespace yuqing
