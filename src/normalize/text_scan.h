// One pass over the input that tells which normalisation steps can change it, so that text
// needing nothing (most simplified news) is copied instead of rewritten six times.
#pragma once

#include <string>
#include <string_view>

namespace yuqing {

class Simplifier;

struct TextScan {
  bool valid_utf8 = true;
  bool mojibake_trigger = false;   // '?' or U+FFFD
  bool open_paren = false;         // '(' or '（'
  bool traditional = false;        // a character OpenCC may change
  bool ascii_punctuation = false;  // , ; : ( ) ! ?
  bool fullwidth_alnum = false;    // Ａ-Ｚ ａ-ｚ ０-９
  bool whitespace = false;         // something the whitespace step would change
};

// `simplifier` may be null (then `traditional` stays false).
TextScan ScanText(std::string_view text, const Simplifier* simplifier);

// `text` with every invalid UTF-8 byte replaced by U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view text);

}  // namespace yuqing
