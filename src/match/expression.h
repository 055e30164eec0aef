// The parsed form of one scheme expression (the language is described in scheme.h and
// docs/schemes.md). Private to src/match: the set compiler turns it into flat programs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yuqing::match {

enum class Field : uint8_t { kPlatform, kSite, kAuthor, kRegion, kSourceClass, kScheme };

std::string_view FieldName(Field field);

struct Expr {
  enum class Kind : uint8_t { kLiteral, kField, kNear, kNot, kAnd, kOr };
  Kind kind = Kind::kLiteral;
  Field field = Field::kPlatform;  // kField
  bool ordered = false;            // kNear: ONEAR (left operand first)
  uint32_t distance = 0;           // kNear: at most this many characters between the operands
  uint32_t offset = 0;             // byte offset of the construct in the expression
  // kLiteral: the literal as written (unescaped). kField: the value, canonical (site lowercased,
  // region reduced to its prefix, e.g. 510000 -> 51).
  std::string text;
  // kNot: 1 child. kAnd / kOr: 2 or more. kNear: 2 operands, each a kLiteral or a kOr of
  // kLiteral (a chain a NEAR b NEAR c is parsed as (a NEAR b) AND (b NEAR c)).
  std::vector<Expr> children;
};

// Deepest nesting of parentheses and NOTs accepted; deeper input is an error, not a stack
// overflow.
inline constexpr int kMaxExpressionDepth = 100;
inline constexpr uint32_t kMaxNearDistance = 1000;

// Parses one expression. Errors read "column C: expected X, found Y" (C counts characters
// from 1). Literals are not normalised here; empty literals are rejected.
Result<Expr> ParseExpression(std::string_view expression);

// The expression, printed back in canonical form (for messages and tests), e.g.
// "(a AND (NOT b))".
std::string ToString(const Expr& expr);

// 1-based character column of a byte offset in `text`.
size_t ColumnOf(std::string_view text, size_t byte_offset);

}  // namespace yuqing::match
