#include "normalize/char_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"

namespace yuqing {
namespace {

constexpr double kDiscount = 0.75;  // the usual single KN discount (Ney, Essen & Kneser 1994)
// Pseudo-count (in preceder types) of a symbol never seen in training, and how many such
// symbols we reserve mass for (roughly the CJK unified ideographs).
constexpr double kUnseenTypes = 0.5;
constexpr double kUnseenSymbols = 90000.0;

uint64_t PairKey(char32_t a, char32_t b) { return (static_cast<uint64_t>(a) << 21) | b; }

// Parses a symbols field ("\n" escaped) into code points.
std::u32string Symbols(std::string_view field) {
  std::u32string out;
  size_t pos = 0;
  while (pos < field.size()) {
    if (field[pos] == '\\' && pos + 1 < field.size() && field[pos + 1] == 'n') {
      out.push_back(U'\n');
      pos += 2;
      continue;
    }
    out.push_back(NextCodePoint(field, &pos));
  }
  return out;
}

// Splits "a<TAB>b<TAB>..." into its fields.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

bool ParseCount(std::string_view field, uint32_t* out) {
  if (field.empty() || field.size() > 9) return false;
  uint32_t n = 0;
  for (char c : field) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  *out = n;
  return true;
}

}  // namespace

Result<CharModel> CharModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the character-bigram table");
  CharModel model;
  std::string line;
  size_t line_no = 0;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> f = Fields(line);
    if (f[0] == "u" && f.size() == 5) {
      const std::u32string sym = Symbols(f[1]);
      Symbol s;
      uint32_t followers = 0;
      if (sym.size() != 1 || !ParseCount(f[2], &s.count) || !ParseCount(f[3], &followers) ||
          !ParseCount(f[4], &s.preceders)) {
        return bad("expected u<TAB>symbol<TAB>count<TAB>followers<TAB>preceders");
      }
      model.bigram_types_ += s.preceders;
      if (model.Find(sym[0]) != nullptr) return bad("symbol listed twice");
      if (sym[0] < kBmp) {
        model.bmp_index_[sym[0]] = static_cast<int32_t>(model.symbols_.size());
      } else {
        model.astral_index_[sym[0]] = model.symbols_.size();
      }
      model.symbols_.push_back(s);
      model.symbol_chars_.push_back(sym[0]);
    } else if (f[0] == "b" && f.size() == 3) {
      const std::u32string sym = Symbols(f[1]);
      uint32_t count = 0;
      if (sym.size() != 2 || !ParseCount(f[2], &count)) {
        return bad("expected b<TAB>two symbols<TAB>count");
      }
      model.bigrams_[PairKey(sym[0], sym[1])] = count;
    } else {
      return bad("expected a 'u' or a 'b' line");
    }
  }
  if (model.symbols_.empty() || model.bigram_types_ == 0) {
    return Status::InvalidInput(path + ": no symbol counts");
  }
  // The mass each context leaves to the continuation distribution: everything its kept
  // bigrams do not take after discounting (this also covers the pruned bigrams).
  std::unordered_map<char32_t, double> taken;
  for (const auto& [key, count] : model.bigrams_) {
    taken[static_cast<char32_t>(key >> 21)] += std::max(0.0, count - kDiscount);
  }
  const double types_total = model.bigram_types_ + kUnseenTypes * kUnseenSymbols;
  model.unseen_continuation_ = kUnseenTypes / types_total;
  for (size_t i = 0; i < model.symbols_.size(); ++i) {
    Symbol& s = model.symbols_[i];
    s.continuation = (s.preceders == 0 ? kUnseenTypes : s.preceders) / types_total;
    if (s.count == 0) continue;
    const auto it = taken.find(model.symbol_chars_[i]);
    const double used = it == taken.end() ? 0.0 : it->second;
    s.backoff = std::max(1e-6, 1.0 - used / s.count);
  }
  return model;
}

char32_t CharModel::ClassOf(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII forms
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return U'A';
  if (cp >= '0' && cp <= '9') return U'0';
  if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000) return U' ';
  if (cp == '\r') return U'\n';
  return cp;
}

uint32_t CharModel::Count(char32_t cp) const {
  const Symbol* s = Find(cp);
  return s == nullptr ? 0 : s->count;
}

double CharModel::LogContinuation(char32_t cur) const {
  const Symbol* s = Find(cur);
  return std::log(s == nullptr ? unseen_continuation_ : s->continuation);
}

double CharModel::LogProb(char32_t prev, char32_t cur) const {
  if (prev == cur && (cur == U'A' || cur == U'0' || cur == U' ')) return 0.0;
  const Symbol* symbol = Find(cur);
  const double continuation = symbol == nullptr ? unseen_continuation_ : symbol->continuation;
  const Symbol* context = Find(prev);
  if (context == nullptr || context->count == 0) return std::log(continuation);
  double pair = 0;
  if (const auto it = bigrams_.find(PairKey(prev, cur)); it != bigrams_.end()) {
    pair = std::max(0.0, it->second - kDiscount);
  }
  return std::log(pair / context->count + context->backoff * continuation);
}

}  // namespace yuqing
