// Repair of GBK phase-shift mojibake: a lead byte of a GBK double-byte character was lost or
// replaced by '?', so the following characters were decoded one byte out of phase until an
// ASCII-range byte re-synchronised the decoder, and undecodable bytes became '?' (often with
// full-width forms then folded to ASCII: ？->?, ！->!). "社??òl(fā)放" is the bytes of
// "社保卡發(fā)放" with the lead byte of 保 gone.
//
// For each run that starts with '?' or U+FFFD, the run is re-encoded to GB18030 bytes with
// every '?' an unknown byte (or a folded ？), ASCII marks optionally their full-width forms,
// and decoded again in the other phase; the unknown bytes are chosen by a character-bigram
// model (Viterbi beam search over the byte lattice), and the repair is kept only when it makes
// the text more probable by a clear margin (a likelihood-ratio test, as in language-model based
// mojibake detection, e.g. ftfy's "badness" heuristics made probabilistic).
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yuqing {

class CharModel;
class GbkTable;
class Simplifier;

class MojibakeRepairer {
 public:
  // Minimal log-likelihood gain (nats) for a repair to be kept.
  static constexpr double kDefaultMargin = 12.0;

  // All pointers must outlive the repairer; `simplifier` may be null (then traditional
  // characters are scored as themselves).
  MojibakeRepairer(const CharModel* model, const GbkTable* gbk, const Simplifier* simplifier,
                   double margin = kDefaultMargin);
  // The model is loaded on the first line that looks damaged: most streams never need it, and
  // it is a tenth of a second of start-up. A null model from `load_model` leaves text alone.
  MojibakeRepairer(std::function<const CharModel*()> load_model, const GbkTable* gbk,
                   const Simplifier* simplifier, double margin = kDefaultMargin);

  // Whether `text` holds anything a repair could start at ('?' or U+FFFD).
  static bool MayNeedRepair(std::string_view text);

  // `text` with the runs repaired; adds their number to *repaired.
  std::string Repair(std::string_view text, size_t* repaired) const;

 private:
  bool LooksDamaged(const std::u32string& line) const;
  struct Alternative {  // the bytes an observed character may stand for
    int size = 0;
    std::array<int, 2> bytes{};
    bool folded = false;  // read as the full-width form of an ASCII mark
  };
  std::vector<Alternative> AlternativesOf(char32_t cp, bool first) const;
  struct State;
  struct Candidate;
  void Advance(const State& from, int byte, bool second_of_pair, std::vector<Candidate>* out) const;
  // Tries to repair the run that starts at line[start]; on success writes the repaired
  // characters to *fixed and the number of original code points they replace to *length.
  // *work counts the lattice successors scored, against a per-text budget.
  bool RepairAt(const std::u32string& line, size_t start, char32_t left, size_t* work,
                std::u32string* fixed, size_t* length) const;
  char32_t Symbol(char32_t cp) const;
  double Score(char32_t prev, char32_t cur) const;

  const CharModel* Model() const;

  std::function<const CharModel*()> load_model_;
  mutable std::once_flag model_loaded_;
  mutable const CharModel* model_ = nullptr;  // set once, under model_loaded_
  const GbkTable* gbk_;
  const Simplifier* simplifier_;
  double margin_;
};

}  // namespace yuqing
