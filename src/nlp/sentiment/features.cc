#include "nlp/sentiment/features.h"

#include <charconv>
#include <cmath>

namespace yuqing::sentiment {
namespace {

std::u32string FoldedCodePoints(std::string_view text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) out.push_back(FoldCodePoint(DecodeAt(text, &pos)));
  return out;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (true) {
    const size_t tab = line.find('\t', at);
    fields.push_back(line.substr(at, tab == std::string_view::npos ? tab : tab - at));
    if (tab == std::string_view::npos) break;
    at = tab + 1;
  }
  return fields;
}

size_t SlotOf(uint64_t key, size_t mask) { return (key * 0x9E3779B97F4A7C15ULL >> 20) & mask; }

}  // namespace

Result<Lexicon> Lexicon::Parse(std::string_view text) {
  struct Entry {
    uint64_t key;
    WordRole role;
  };
  std::vector<Entry> roles;
  std::vector<uint64_t> phrase_keys;
  Lexicon lexicon;
  size_t line_number = 0;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(at, nl - at);
    at = nl + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const auto fields = SplitTabs(line);
    const auto error = [&](std::string_view what) {
      return Status::InvalidInput("sentiment lexicon line " + std::to_string(line_number) + ": " +
                                  std::string(what));
    };
    if (fields.size() < 2 || fields[1].empty()) return error("want kind<TAB>text[<TAB>value]");
    float value = 1;
    if (fields.size() > 2) {
      const auto v = fields[2];
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
      if (ec != std::errc() || ptr != v.data() + v.size() || !std::isfinite(value)) {
        return error("bad value");
      }
    }
    const std::u32string cps = FoldedCodePoints(fields[1]);
    const uint64_t key = SequenceKey(cps);
    const auto kind = fields[0];
    if (kind == "phrase") {
      if (cps.size() > kMaxPhraseCodePoints) return error("phrase longer than 8 code points");
      phrase_keys.push_back(key);
      lexicon.phrase_lengths_ |= 1u << cps.size();
      const char32_t last = cps.back();
      if (last < 0x10000) lexicon.phrase_end_bits_[last >> 6] |= uint64_t{1} << (last & 63);
      lexicon.phrases_.emplace_back(cps, value);
      continue;
    }
    WordRole role;
    if (kind == "negator") {
      role.negator = true;
      if (fields.size() > 2) role.degree = value;
    } else if (kind == "degree") {
      role.degree = value;
    } else if (kind == "breaker") {
      role.breaker = true;
    } else {
      return error("unknown kind (negator|degree|breaker|phrase)");
    }
    roles.push_back({key, role});
  }

  size_t capacity = 16;
  while (capacity < roles.size() * 2) capacity *= 2;
  lexicon.roles_.assign(capacity, {});
  for (const auto& entry : roles) {
    for (size_t slot = SlotOf(entry.key, capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      auto& s = lexicon.roles_[slot];
      if (s.key == 0 || s.key == entry.key) {
        s.key = entry.key;
        s.role = entry.role;  // a later line for the same word wins
        break;
      }
    }
  }
  capacity = 16;
  while (capacity < phrase_keys.size() * 2) capacity *= 2;
  lexicon.phrase_keys_.assign(capacity, 0);
  for (const uint64_t key : phrase_keys) {
    for (size_t slot = SlotOf(key, capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      auto& s = lexicon.phrase_keys_[slot];
      if (s == 0 || s == key) {
        s = key;
        break;
      }
    }
  }
  return lexicon;
}

const WordRole* Lexicon::FindRole(uint64_t word_key) const {
  const size_t mask = roles_.size() - 1;
  for (size_t slot = SlotOf(word_key, mask);; slot = (slot + 1) & mask) {
    const auto& s = roles_[slot];
    if (s.key == word_key) return &s.role;
    if (s.key == 0) return nullptr;
  }
}

bool Lexicon::IsPhrase(uint64_t key) const {
  const size_t mask = phrase_keys_.size() - 1;
  for (size_t slot = SlotOf(key, mask);; slot = (slot + 1) & mask) {
    if (phrase_keys_[slot] == key) return true;
    if (phrase_keys_[slot] == 0) return false;
  }
}

}  // namespace yuqing::sentiment
