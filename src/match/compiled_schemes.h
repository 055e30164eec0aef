// The compiled form of a scheme set, shared by the compiler (scheme_set.cc), the
// satisfiability check and the matcher. Private to src/match.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "match/expression.h"
#include "match/literal_scanner.h"
#include "match/scheme.h"

namespace yuqing::match {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;

// A formula node. Atoms (kLiteral .. kScheme) index the tables below; kNot / kAnd / kOr take
// their children from Program::children[first, first + count).
struct Node {
  enum class Op : uint8_t { kLiteral, kNear, kField, kScheme, kNot, kAnd, kOr };
  Op op = Op::kAnd;
  uint32_t arg = 0;  // literal id, near id, field id or scheme index
  uint32_t first = 0;
  uint32_t count = 0;
};

struct NearAtom {
  // Operand literal ids live in Program::near_operands[left_first, left_first + left_count) and
  // likewise for the right operand.
  uint32_t left_first = 0, left_count = 0, right_first = 0, right_count = 0;
  uint32_t distance = 0;
  bool ordered = false;
};

struct FieldAtom {
  Field field = Field::kPlatform;
  std::string value;  // canonical (see Expr::text)
};

struct Program {
  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  std::vector<std::string> literals;   // normalised, ASCII-lowercased, distinct
  std::vector<uint32_t> literal_slot;  // per literal: its occurrence slot if used in a NEAR
  uint32_t near_literal_count = 0;     // number of occurrence slots
  std::vector<NearAtom> nears;
  std::vector<uint32_t> near_operands;
  std::vector<FieldAtom> fields;
};

// What a hit on a literal needs, packed so that one cache line serves it (the matcher's hot
// path at 10,000 schemes is memory-bound).
struct LiteralEntry {
  uint32_t slot = kNone;  // occurrence slot if the literal is a NEAR operand
  uint32_t length = 0;
  uint32_t posting_begin = 0;  // schemes that need it: postings[posting_begin, posting_end)
  uint32_t posting_end = 0;
};

struct CompiledSchemes {
  std::vector<SchemeDefinition> definitions;
  Program program;
  std::vector<uint32_t> scheme_roots;  // per scheme: the whole condition
  std::vector<uint32_t> global_roots;  // global exclusions
  // Inverted index: literal -> schemes that cannot match without it (see LiteralEntry);
  // schemes with no such literal are in `always`.
  std::vector<LiteralEntry> literal_entries;
  std::vector<uint32_t> postings;
  std::vector<uint32_t> always;
  LiteralScanner scanner;  // every literal of the set, one pass per document
};

}  // namespace yuqing::match
