#include "normalize/simplifier.h"

#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/Exception.hpp>
#include <opencc/Lexicon.hpp>

#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "core/utf8.h"
#include "normalize/fast_utf8.h"

namespace yuqing {
namespace {

std::u32string ToU32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 2);
  size_t pos = 0;
  while (pos < text.size()) out.push_back(NextCodePoint(text, &pos));
  return out;
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t cp : text) AppendUtf8(cp, &out);
  return out;
}

void SetBit(std::vector<uint64_t>* bits, char32_t cp) {
  if (cp < 0x110000) (*bits)[cp >> 6] |= uint64_t{1} << (cp & 63);
}

bool TestBit(const std::vector<uint64_t>& bits, char32_t cp) {
  return cp < 0x110000 && ((bits[cp >> 6] >> (cp & 63)) & 1) != 0;
}

}  // namespace

Simplifier::~Simplifier() = default;

Result<std::unique_ptr<Simplifier>> Simplifier::Create(const std::string& opencc_config,
                                                       const std::string& corrections_path) {
  std::unique_ptr<Simplifier> s(new Simplifier());
  try {
    opencc::Config config;
    s->converter_ = config.NewFromFile(opencc_config);
    // Every character that an entry rewrites goes into the bitmap; a character that only
    // appears unchanged inside phrase keys (一, 人, ...) cannot make OpenCC change a text.
    for (const auto& conversion : s->converter_->GetConversionChain()->GetConversions()) {
      const opencc::LexiconPtr lexicon = conversion->GetDict()->GetLexicon();
      for (const auto& entry : *lexicon) {
        const std::string key = entry->Key();
        const std::string value = entry->GetDefault();
        if (key == value) continue;
        const std::u32string k = ToU32(key);
        const std::u32string v = ToU32(value);
        for (size_t i = 0; i < k.size(); ++i) {
          if (k.size() != v.size() || k[i] != v[i]) {
            SetBit(&s->bitmap_, k[i]);
            if (k.size() == 1) {
              SetBit(&s->single_, k[i]);
            } else {
              s->phrases_[k[i]].push_back(k);
            }
          }
        }
        if (k.size() == 1 && v.size() == 1) s->char_map_.emplace(k[0], v[0]);
      }
    }
    for (auto it = s->phrases_.begin(); it != s->phrases_.end();) {
      it = TestBit(s->single_, it->first) ? s->phrases_.erase(it) : std::next(it);
    }
  } catch (const opencc::Exception& e) {  // not a std::exception
    return Status::NotFound("OpenCC config '" + opencc_config + "': " + e.what());
  } catch (const std::exception& e) {
    return Status::NotFound("OpenCC config '" + opencc_config + "': " + e.what());
  }
  if (!corrections_path.empty()) {
    if (Status st = s->LoadCorrections(corrections_path); !st.ok()) return st;
  }
  return s;
}

Status Simplifier::LoadCorrections(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the OpenCC corrections");
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.pop_back();
    }
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": expected from<TAB>to");
    }
    std::u32string from = ToU32(line.substr(0, tab));
    std::u32string to = ToU32(line.substr(tab + 1));
    if (from.size() != to.size()) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) +
                                  ": from and to must have the same length");
    }
    SetBit(&correction_starts_, from[0]);
    max_correction_ = std::max(max_correction_, from.size());
    corrections_[std::move(from)] = std::move(to);
  }
  return Status::Ok();
}

char32_t Simplifier::SimplifyChar(char32_t cp) const {
  if (!MayChange(cp)) return cp;
  const auto it = char_map_.find(cp);
  return it == char_map_.end() ? cp : it->second;
}

std::u32string Simplifier::Correct(std::u32string_view text) const {
  std::u32string out(text);
  size_t i = 0;
  while (i < text.size()) {
    size_t matched = 0;
    if (TestBit(correction_starts_, text[i])) {
      for (size_t len = std::min(max_correction_, text.size() - i); len > 0; --len) {
        const auto it = corrections_.find(std::u32string(text.substr(i, len)));
        if (it != corrections_.end()) {
          out.replace(i, len, it->second);
          matched = len;
          break;
        }
      }
    }
    i += matched > 0 ? matched : 1;
  }
  return out;
}

std::string Simplifier::ConvertLine(std::string_view line, size_t* converted) const {
  const std::u32string before = ToU32(line);
  // OpenCC's Converter::Convert is const and keeps no state between calls, so one converter
  // serves all threads. It reads its input as a C string: convert the pieces between NULs.
  std::string opencc_utf8;
  size_t start = 0;
  while (start <= line.size()) {
    size_t nul = line.find('\0', start);
    if (nul == std::string_view::npos) nul = line.size();
    try {
      opencc_utf8 += converter_->Convert(std::string(line.substr(start, nul - start)));
    } catch (const opencc::Exception&) {
      return std::string(line);  // OpenCC refuses only invalid UTF-8, which callers never pass
    }
    if (nul < line.size()) opencc_utf8.push_back('\0');
    start = nul + 1;
  }
  const std::u32string opencc_out = ToU32(opencc_utf8);
  const std::u32string after = Correct(opencc_out);
  if (after.size() == before.size()) {
    for (size_t i = 0; i < after.size(); ++i) *converted += after[i] != before[i];
  } else {
    for (char32_t cp : before) *converted += MayChange(cp);
  }
  return ToUtf8(after);
}

bool Simplifier::NeedsConversion(std::string_view line) const {
  std::u32string cps;  // decoded only when a phrase-only character turns up
  size_t pos = 0;
  size_t index = 0;  // code point index of `pos`
  while (pos < line.size()) {
    if (static_cast<unsigned char>(line[pos]) < 0x80) {
      ++pos;
      ++index;
      continue;
    }
    const char32_t cp = DecodeNext(line, &pos);
    ++index;
    if (!MayChange(cp)) continue;
    if (TestBit(single_, cp)) return true;
    if (cps.empty()) cps = ToU32(line);
    const size_t at = index - 1;
    for (const std::u32string& key : phrases_.at(cp)) {
      for (size_t j = 0; j < key.size(); ++j) {
        if (key[j] == cp && at >= j && std::u32string_view(cps).substr(at - j, key.size()) == key) {
          return true;
        }
      }
    }
  }
  return false;
}

std::string Simplifier::Convert(std::string_view text, size_t* converted) const {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (NeedsConversion(line)) {
      out += ConvertLine(line, converted);
    } else {
      out.append(line);
    }
    if (end < text.size()) out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace yuqing
