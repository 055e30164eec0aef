#include "normalize/mojibake.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "normalize/char_model.h"
#include "normalize/gbk_table.h"
#include "normalize/pinyin.h"
#include "normalize/simplifier.h"

namespace yuqing {
namespace {

constexpr size_t kMaxRun = 64;     // code points looked at after the trigger
constexpr size_t kBeam = 16;       // lattice states kept per pending byte and position
constexpr size_t kMaxStates = 96;  // lattice states kept per position in all
// Lattice successors scored per text, in all: text with hundreds of '?' is garbage that no
// repair will save, and must not cost seconds (a typical repair scores a few thousand).
constexpr size_t kWorkBudget = 300000;
// Cost of each unknown byte after the first: a second lost byte is much rarer than one, and
// unknown bytes let the model write whatever it likes (ln 1/50).
constexpr double kUnknownBytePenalty = 4.0;
// A repair has ended once the repaired text has agreed with the observed text (the same gain,
// in phase) for this many characters after its best end.
constexpr size_t kPlateau = 4;
// The replaced byte and at most one more byte that decoded to nothing ("形成," -> "纬?,"):
// more unknown bytes mean a lossy conversion ('?' for every unmappable character), which the
// bytes cannot undo.
constexpr uint8_t kMaxUnknowns = 2;
// One byte out of phase re-pairs every following double-byte character; a repair that
// re-pairs fewer than two is a guess, not a re-alignment.
constexpr uint8_t kMinShifted = 2;
// An attempt stops once, this many characters in, every reading scores this many margins
// below the observed text.
constexpr size_t kGiveUpAfter = 6;
constexpr double kGiveUpFactor = 2.0;
constexpr double kSameGain = 1e-6;  // gains equal up to rounding
constexpr int kUnknown = -1;        // a byte slot whose value the model chooses
constexpr int kAligned = -2;        // no pending lead byte

// Index of a pending value in a table: kAligned -> 0, kUnknown -> 1, lead byte b -> b + 2.
size_t PendingSlot(int pending) {
  const int slot = pending - kAligned;
  return static_cast<size_t>(slot);
}

bool IsTrigger(char32_t cp) { return cp == U'?' || cp == 0xFFFD; }

// Characters a repair may not produce: they are what mojibake looks like.
// Full-width letters and digits are among them: the damaged text went through a folding of
// full-width forms, so an original full-width "ｃ" would be unusual, and as a guess for a lost
// lead byte before a trail such as E3 it is cheap and wrong ("你" is C4 E3).
bool IsSuspect(char32_t cp) {
  return cp == U'?' || cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0x20 ||
         (cp >= 0x80 && cp < 0xA0) || (cp >= 0xFF10 && cp <= 0xFF19) ||
         (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

std::u32string ToU32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) out.push_back(NextCodePoint(text, &pos));
  return out;
}

}  // namespace

// One lattice state after the bytes of a prefix of the run: the repaired characters so far
// (arena node `node`, the last one `last`) and the lead byte waiting for its trail.
struct MojibakeRepairer::State {
  double score = 0;
  int pending = kAligned;
  bool pending_shifted = false;  // the pending byte is the 2nd byte of an observed character
  uint8_t unknowns = 0;          // unknown bytes used
  uint8_t shifted = 0;           // repaired characters straddling two observed characters
  char32_t last = 0;
  int32_t node = -1;
};

// A state that has just emitted `emitted` (0: nothing); its node is made only if it survives.
struct MojibakeRepairer::Candidate {
  State state;
  char32_t emitted = 0;
};

namespace {

struct Node {
  char32_t cp;
  int32_t parent;
};

}  // namespace

MojibakeRepairer::MojibakeRepairer(const CharModel* model, const GbkTable* gbk,
                                   const Simplifier* simplifier, double margin)
    : MojibakeRepairer([model] { return model; }, gbk, simplifier, margin) {}

MojibakeRepairer::MojibakeRepairer(std::function<const CharModel*()> load_model,
                                   const GbkTable* gbk, const Simplifier* simplifier, double margin)
    : load_model_(std::move(load_model)), gbk_(gbk), simplifier_(simplifier), margin_(margin) {}

const CharModel* MojibakeRepairer::Model() const {
  std::call_once(model_loaded_, [this] { model_ = load_model_(); });
  return model_;
}

bool MojibakeRepairer::MayNeedRepair(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '?' || (text[i] == '\xEF' && text.compare(i, 3, "\xEF\xBF\xBD") == 0)) {
      return true;
    }
  }
  return false;
}

char32_t MojibakeRepairer::Symbol(char32_t cp) const {
  return CharModel::ClassOf(simplifier_ != nullptr ? simplifier_->SimplifyChar(cp) : cp);
}

double MojibakeRepairer::Score(char32_t prev, char32_t cur) const {
  return model_->LogProb(Symbol(prev), Symbol(cur));
}

std::vector<MojibakeRepairer::Alternative> MojibakeRepairer::AlternativesOf(char32_t cp,
                                                                            bool first) const {
  if (first || cp == 0xFFFD) return {{1, {kUnknown, 0}, false}};  // the lost or replaced byte
  if (cp == U'?') return {{1, {kUnknown, 0}, false}, {2, {0xA3, 0xBF}, true}};  // or a folded ？
  if (cp > 0x20 && cp < 0x7F) {
    // Content farms fold full-width forms (GBK row A3) to ASCII after decoding.
    return {{1, {static_cast<int>(cp), 0}, false}, {2, {0xA3, static_cast<int>(cp) + 0x80}, true}};
  }
  if (cp == 0x20) return {{1, {0x20, 0}, false}};
  if (const uint16_t code = gbk_->Encode(cp); code != 0) {
    return {{2, {code >> 8, code & 0xFF}, false}};
  }
  return {};  // not one GBK character: the damage cannot reach past it
}

// Feeds one byte (or an unknown one) to `from`, appending the successors to *out.
void MojibakeRepairer::Advance(const State& from, int byte, bool second_of_pair,
                               std::vector<Candidate>* out) const {
  State base = from;
  if (byte == kUnknown) {
    if (base.unknowns >= kMaxUnknowns) return;
    if (base.unknowns > 0) base.score -= kUnknownBytePenalty;
    ++base.unknowns;
  }
  auto emit = [&](char32_t cp) {
    if (cp == 0 || IsSuspect(cp)) return;
    Candidate c{base, cp};
    c.state.score += Score(base.last, cp);
    c.state.last = cp;
    c.state.pending = kAligned;
    c.state.shifted = static_cast<uint8_t>(base.shifted + (base.pending_shifted ? 1 : 0));
    c.state.pending_shifted = false;
    out->push_back(c);
  };
  if (base.pending == kAligned) {
    if (byte == kUnknown || (byte >= GbkTable::kFirstLead && byte <= GbkTable::kLastLead)) {
      Candidate c{base, 0};
      c.state.pending = byte;
      c.state.pending_shifted = second_of_pair;
      out->push_back(c);
    } else if (byte < 0x80) {
      emit(static_cast<char32_t>(byte));
    }
  } else if (base.pending == kUnknown) {
    // Both bytes of one character unknown would be a character lost, not a byte: that is
    // lossy conversion ('??' for an unmappable character), which the bytes cannot undo.
    if (byte == kUnknown) return;
    for (int lead = GbkTable::kFirstLead; lead <= GbkTable::kLastLead; ++lead) {
      emit(gbk_->Decode(lead, byte));
    }
  } else if (byte == kUnknown) {
    for (int trail = GbkTable::kFirstTrail; trail <= GbkTable::kLastTrail; ++trail) {
      emit(gbk_->Decode(base.pending, trail));
    }
  } else {
    emit(gbk_->Decode(base.pending, byte));
  }
}

bool MojibakeRepairer::RepairAt(const std::u32string& line, size_t start, char32_t left,
                                size_t* work, std::u32string* fixed, size_t* length) const {
  std::vector<Node> arena;
  auto node_for = [&arena](const Candidate& c) {
    State s = c.state;
    if (c.emitted != 0) {
      arena.push_back({c.emitted, s.node});
      s.node = static_cast<int32_t>(arena.size() - 1);
    }
    return s;
  };
  // Right context after the first `n` observed characters: the next character, skipping a
  // pinyin annotation (it belongs to the character before it, repaired or not).
  auto right_context = [&](size_t n) {
    size_t pos = start + n;
    pos += PinyinAnnotationLength(line, pos);
    return pos < line.size() ? line[pos] : CharModel::kBoundary;
  };

  std::vector<State> states = {State{0, kAligned, false, 0, 0, left, -1}};
  std::vector<Candidate> successors;
  std::vector<Candidate> frontier;
  std::vector<Candidate> scratch;
  double best_gain = -std::numeric_limits<double>::infinity();
  size_t best_n = 0;
  int32_t best_node = -1;
  double original = 0;  // score of the observed characters so far
  char32_t original_last = left;
  size_t plateau = 0;  // characters since best_n over which an in-phase state kept best_gain

  for (size_t n = 0; start + n < line.size() && n < kMaxRun; ++n) {
    // Once a good repair is followed by text read in phase as observed, the text after it is
    // undamaged (a later '?' starts a repair of its own).
    if (best_gain >= margin_ && plateau >= kPlateau) break;
    const char32_t observed = line[start + n];
    const std::vector<Alternative> alternatives = AlternativesOf(observed, n == 0);
    if (alternatives.empty()) break;
    original += Score(original_last, observed);
    original_last = observed;

    // 1. Every state reads every byte reading of the observed character.
    successors.clear();
    for (const Alternative& alt : alternatives) {
      frontier.clear();
      for (const State& s : states) {
        // Reading a folded ASCII mark as its full-width form changes nothing when the
        // repaired bytes are in phase there.
        if (!(alt.folded && s.pending == kAligned)) frontier.push_back({s, 0});
      }
      for (int k = 0; k < alt.size; ++k) {
        scratch.clear();
        for (const Candidate& c : frontier) {
          Advance(node_for(c), alt.bytes[static_cast<size_t>(k)], k == 1, &scratch);
        }
        frontier.swap(scratch);
      }
      successors.insert(successors.end(), frontier.begin(), frontier.end());
    }

    *work += successors.size();
    if (*work >= kWorkBudget) return false;

    // 2. Keep the best state per (pending, last), and the best kBeam per pending byte: states
    // waiting for different trail bytes are not comparable yet (the pending byte has not been
    // scored), so one pending byte must not crowd out the others.
    std::sort(successors.begin(), successors.end(),
              [](const Candidate& a, const Candidate& b) { return a.state.score > b.state.score; });
    std::array<size_t, 258> per_pending{};
    std::vector<Candidate> kept;
    for (const Candidate& cand : successors) {
      if (kept.size() >= kMaxStates) break;
      size_t& used = per_pending[PendingSlot(cand.state.pending)];
      if (used >= kBeam) continue;
      const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const Candidate& k) {
        return k.state.pending == cand.state.pending && k.state.last == cand.state.last &&
               (k.emitted == 0) == (cand.emitted == 0);
      });
      if (duplicate) continue;
      kept.push_back(cand);
      ++used;
    }
    states.clear();
    for (const Candidate& c : kept) states.push_back(node_for(c));
    if (states.empty()) break;
    // Ordinary text after a real '?' reads as garbage once shifted: when every reading has
    // fallen far below the text as observed, no repair is coming (and it saves the budget).
    if (n + 1 >= kGiveUpAfter && best_gain < margin_ &&
        kept.front().state.score - original < -kGiveUpFactor * margin_) {
      break;
    }

    // 3. Where the repaired bytes are back in phase, compare with the text as observed.
    const char32_t right = right_context(n + 1);
    const double original_total = original + Score(original_last, right);
    // The plateau only counts while the in-phase reading is also the most probable one:
    // if a shifted reading scores higher, the observed text there is still damaged.
    double top = -std::numeric_limits<double>::infinity();
    for (const State& s : states) top = std::max(top, s.score);
    bool kept_best = false;
    bool improved = false;
    for (const State& s : states) {
      if (s.pending != kAligned || s.shifted < kMinShifted) continue;
      const double gain = s.score + Score(s.last, right) - original_total;
      if (gain > best_gain + kSameGain) {
        best_gain = gain;
        best_n = n + 1;
        best_node = s.node;
        improved = true;
      } else if (gain >= best_gain - kSameGain && s.score >= top - kSameGain) {
        kept_best = true;
      }
    }
    plateau = improved ? 0 : (kept_best ? plateau + 1 : 0);
  }
  if (best_gain < margin_ || best_node < 0) return false;

  fixed->clear();
  for (int32_t node = best_node; node >= 0; node = arena[static_cast<size_t>(node)].parent) {
    fixed->push_back(arena[static_cast<size_t>(node)].cp);
  }
  std::reverse(fixed->begin(), fixed->end());
  *length = best_n;
  return true;
}

// A '?' alone is mostly a question mark typed in ASCII ("怎么办?"): the lattice search runs
// only on a line that also shows what GBK-decoded UTF-8 looks like. The phase-shifted byte
// pairs (E4..E9 or 80..BF leads, 80..BF trails) land outside GB2312 most of the time (GBK/3,
// GBK/4, user-defined areas that come out as private-use characters, Latin-1 letters); plain
// simplified text stays inside it. U+FFFD is evidence by itself.
bool MojibakeRepairer::LooksDamaged(const std::u32string& line) const {
  for (const char32_t cp : line) {
    if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xC0 && cp <= 0xFF)) return true;
    if (cp < 0x3400) continue;
    const uint16_t bytes = gbk_->Encode(cp);
    if (bytes != 0 && ((bytes >> 8) < 0xA1 || (bytes & 0xFF) < 0xA1)) return true;
  }
  return false;
}

std::string MojibakeRepairer::Repair(std::string_view text, size_t* repaired) const {
  if (!MayNeedRepair(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t work = 0;  // successors scored so far (kWorkBudget)
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line_bytes = text.substr(line_start, line_end - line_start);
    const std::u32string line = MayNeedRepair(line_bytes) ? ToU32(line_bytes) : std::u32string();
    if (line.empty() || !LooksDamaged(line) || Model() == nullptr) {
      out.append(line_bytes);
    } else {
      std::u32string result;
      std::u32string fixed;
      size_t i = 0;
      while (i < line.size()) {
        size_t length = 0;
        const char32_t left = result.empty() ? CharModel::kBoundary : result.back();
        if (IsTrigger(line[i]) && !IsTrigger(left) && work < kWorkBudget &&
            RepairAt(line, i, left, &work, &fixed, &length)) {
          result += fixed;
          i += length;
          ++*repaired;
        } else {
          result.push_back(line[i]);
          ++i;
        }
      }
      for (char32_t cp : result) AppendUtf8(cp, &out);
    }
    if (line_end < text.size()) out.push_back('\n');
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace yuqing
