// Monitoring schemes (监测方案, product.md §2.4): what an agency wants to watch, as groups of
// words and a small boolean language. docs/schemes.md explains it for users.
//
// A scheme matches a document iff every NON-empty group among regions / subjects / events has
// an entry that matches (OR within a group, AND across groups), AND `match` (if given) is true,
// AND no `exclude` entry matches, AND no global exclusion of the set matches.
//
// Every entry is an expression:
//
//   expr    := or
//   or      := and { ("OR" | "|" | "｜") and }
//   and     := unary { ["AND" | "&" | "＆"] unary }     juxtaposition (whitespace) is AND
//   unary   := ("NOT" | "-") unary | near
//   near    := primary { ("NEAR/" N | "ONEAR/" N) primary }        N in 0..1000
//   primary := "(" expr ")" | "（" expr "）" | PHRASE | FIELD ":" VALUE | TERM
//   PHRASE  := '"' chars '"' or “chars”, with \" and \\ escapes
//   TERM    := a run of characters other than whitespace ( ) （ ） " “ ” | ｜ & ＆ : ：
//   FIELD   := platform | site | author | region | source_class | scheme   (: or ：)
//
// - Operators are upper case only; '-' means NOT only at the start of a unary (12-3 is a term).
//   So binding is NEAR tighter than NOT tighter than AND tighter than OR:
//   NOT 养老 NEAR/5 诈骗 means NOT (养老 NEAR/5 诈骗).
// - Terms and phrases are literal substrings of the normalised text (no word boundaries in
//   Chinese), ASCII case-insensitive, normalised by the set's TermNormalizer at compile time.
// - A NEAR/n B: an occurrence of A and one of B with at most n characters (code points)
//   between them, either order; overlapping occurrences are near. ONEAR: A starts first.
//   Operands are terms, phrases, or a parenthesised OR of those. a NEAR/5 b NEAR/5 c is a
//   chain: (a NEAR/5 b) AND (b NEAR/5 c).
// - platform:weibo (news|weibo|wechat|forum|video|gov|blog|qa|other); site:gov.cn (the site or
//   the url's host equals it or ends with ".gov.cn"); author:名字 (exact); region:510000 (an
//   item region code under 51); source_class:official; scheme:other_id (that scheme, defined
//   earlier in the set, matched).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing {

struct SchemeDefinition {
  std::string id;                     // [a-z0-9_]+, unique in a set
  std::string name;                   // display name, may be Chinese
  std::vector<std::string> regions;   // 地域词: each entry is an expression (a bare word is one)
  std::vector<std::string> subjects;  // 主体词
  std::vector<std::string> events;    // 事件词
  std::vector<std::string> exclude;   // 排除词
  std::string match;                  // optional free expression, ANDed with the groups
  std::string origin;  // where it was defined, e.g. "yuqing.yaml:12"; prefixes messages
};

struct SchemeSetDefinition {
  std::vector<SchemeDefinition> schemes;
  std::vector<std::string> global_exclusions;  // expressions; an item matching one matches none
};

// What filters look at, and the text terms are searched in.
struct MatchDocument {
  std::string_view text;      // already normalised (title + "\n" + clean_text)
  std::string_view platform;  // news|weibo|wechat|forum|video|gov|blog|qa|other
  std::string_view site;      // host such as "www.mohrss.gov.cn" (may be empty)
  std::string_view url;
  std::string_view author;
  std::string_view source_class;  // official|media|self_media|forum|content_farm|unknown or empty
  std::span<const std::string> region_codes;  // 6- or 9-digit GB/T 2260 codes of the item
};

// Literal normalisation hook: the text normaliser, so that 養老金 in a rule matches 养老金 in
// normalised text. May be empty (identity).
using TermNormalizer = std::function<std::string(std::string_view)>;

// Parses one expression alone (for the config loader / scheme editor to validate a string).
// scheme: references are checked for form only; SchemeSet::Compile resolves them.
Status CheckExpression(std::string_view expression);

}  // namespace yuqing
