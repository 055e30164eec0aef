#include "match/expression.h"

#include "core/edit_distance.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "core/item.h"
#include "core/utf8.h"

namespace yuqing::match {
namespace {

constexpr std::array<std::string_view, 6> kFieldNames = {"platform", "site",         "author",
                                                         "region",   "source_class", "scheme"};
constexpr std::array<std::string_view, 6> kSourceClasses = {
    "official", "media", "self_media", "forum", "content_farm", "unknown"};

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x3000 || cp == 0xA0;
}

// Characters that end a TERM (besides whitespace).
bool IsDelimiter(char32_t cp) {
  switch (cp) {
    case '(':
    case ')':
    case 0xFF08:  // （
    case 0xFF09:  // ）
    case '"':
    case 0x201C:  // “
    case 0x201D:  // ”
    case '|':
    case 0xFF5C:  // ｜
    case '&':
    case 0xFF06:  // ＆
    case ':':
    case 0xFF1A:  // ：
      return true;
    default:
      return false;
  }
}

// Strict UTF-8 check: NextCodePoint maps bad bytes to U+FFFD consuming one byte, while a real
// U+FFFD takes three.
std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(text, &pos);
    if (cp == 0xFFFD && pos - start != 3) return start;
  }
  return std::nullopt;
}

struct Token {
  enum class Kind { kEnd, kOpen, kClose, kOr, kAnd, kNot, kNear, kPhrase, kTerm, kColon };
  Kind kind = Kind::kEnd;
  size_t begin = 0;  // byte offsets in the expression
  size_t end = 0;
  std::string text;  // kTerm / kPhrase: the (unescaped) text
  bool ordered = false;
  uint32_t distance = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view input) : input_(input) {}

  Result<Expr> Parse() {
    if (auto bad = FirstInvalidUtf8(input_)) {
      return Status::InvalidInput("column " + std::to_string(ColumnOf(input_, *bad)) +
                                  ": invalid UTF-8");
    }
    Token first;
    if (!Peek(&first)) return error_;
    if (first.kind == Token::Kind::kEnd) return Status::InvalidInput("empty expression");
    Expr expr;
    if (!ParseOr(&expr)) return error_;
    Token rest;
    if (!Peek(&rest)) return error_;
    if (rest.kind != Token::Kind::kEnd) {
      Fail(rest.begin,
           "expected an operator or the end of the expression, found " + Describe(rest));
      return error_;
    }
    return expr;
  }

 private:
  bool Fail(size_t offset, std::string message) {
    if (error_.ok()) {
      error_ = Status::InvalidInput("column " + std::to_string(ColumnOf(input_, offset)) + ": " +
                                    std::move(message));
    }
    return false;
  }

  static std::string Quote(std::string_view text) {
    if (text.size() > 40) {
      size_t cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      return "'" + std::string(text.substr(0, cut)) + "...'";
    }
    return "'" + std::string(text) + "'";
  }

  std::string Describe(const Token& token) const {
    if (token.kind == Token::Kind::kEnd) return "end of expression";
    if (token.kind == Token::Kind::kPhrase) return "phrase " + Quote(token.text);
    return Quote(input_.substr(token.begin, token.end - token.begin));
  }

  size_t SkipSpace(size_t pos) const {
    while (pos < input_.size()) {
      size_t next = pos;
      if (!IsSpace(NextCodePoint(input_, &next))) break;
      pos = next;
    }
    return pos;
  }

  // Lexes the token starting at pos_ (after whitespace) without consuming it.
  bool Peek(Token* token) {
    size_t pos = SkipSpace(pos_);
    *token = Token{};
    token->begin = pos;
    if (pos >= input_.size()) {
      token->end = pos;
      return true;
    }
    size_t next = pos;
    const char32_t cp = NextCodePoint(input_, &next);
    token->end = next;
    switch (cp) {
      case '(':
      case 0xFF08:
        token->kind = Token::Kind::kOpen;
        return true;
      case ')':
      case 0xFF09:
        token->kind = Token::Kind::kClose;
        return true;
      case '|':
      case 0xFF5C:
        token->kind = Token::Kind::kOr;
        return true;
      case '&':
      case 0xFF06:
        token->kind = Token::Kind::kAnd;
        return true;
      case ':':
      case 0xFF1A:
        token->kind = Token::Kind::kColon;
        return true;
      case '"':
      case 0x201C:
      case 0x201D:
        return LexPhrase(cp, token);
      default:
        break;
    }
    size_t end = pos;
    while (end < input_.size()) {
      size_t after = end;
      const char32_t c = NextCodePoint(input_, &after);
      if (IsSpace(c) || IsDelimiter(c)) break;
      end = after;
    }
    token->end = end;
    token->kind = Token::Kind::kTerm;
    token->text = std::string(input_.substr(pos, end - pos));
    return ClassifyWord(token);
  }

  bool LexPhrase(char32_t open, Token* token) {
    // "..." closes with '"'; “...” closes with ” (or '"', which people type by accident).
    size_t pos = token->end;
    std::string text;
    while (pos < input_.size()) {
      const char c = input_[pos];
      if (c == '\\' && pos + 1 < input_.size() &&
          (input_[pos + 1] == '"' || input_[pos + 1] == '\\')) {
        text.push_back(input_[pos + 1]);
        pos += 2;
        continue;
      }
      size_t next = pos;
      const char32_t cp = NextCodePoint(input_, &next);
      if (cp == '"' || (open != '"' && cp == 0x201D)) {
        token->end = next;
        token->kind = Token::Kind::kPhrase;
        if (text.empty()) return Fail(token->begin, "empty phrase");
        token->text = std::move(text);
        return true;
      }
      text.append(input_.substr(pos, next - pos));
      pos = next;
    }
    return Fail(input_.size(), std::string("expected ") + (open == '"' ? "'\"'" : "'”'") +
                                   " to close the phrase opened at column " +
                                   std::to_string(ColumnOf(input_, token->begin)) +
                                   ", found end of expression");
  }

  // Upper-case operator words; NEAR/N and ONEAR/N carry their distance.
  bool ClassifyWord(Token* token) {
    const std::string& w = token->text;
    if (w == "AND") {
      token->kind = Token::Kind::kAnd;
    } else if (w == "OR") {
      token->kind = Token::Kind::kOr;
    } else if (w == "NOT") {
      token->kind = Token::Kind::kNot;
    } else if (w == "NEAR" || w == "ONEAR" || w.starts_with("NEAR/") || w.starts_with("ONEAR/")) {
      const bool ordered = w[0] == 'O';
      const size_t prefix = ordered ? 6 : 5;
      const std::string_view digits =
          w.size() > prefix ? std::string_view(w).substr(prefix) : std::string_view();
      const bool valid =
          !digits.empty() && digits.size() <= 4 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
      const uint32_t n = valid ? static_cast<uint32_t>(std::stoul(std::string(digits))) : 0;
      if (!valid || n > kMaxNearDistance) {
        return Fail(token->begin, std::string("expected ") + (ordered ? "ONEAR" : "NEAR") +
                                      "/N with N from 0 to 1000 (e.g. NEAR/10), found " + Quote(w));
      }
      token->kind = Token::Kind::kNear;
      token->ordered = ordered;
      token->distance = n;
    }
    return true;
  }

  bool StartsUnary(const Token& token) const {
    return token.kind == Token::Kind::kOpen || token.kind == Token::Kind::kNot ||
           token.kind == Token::Kind::kPhrase || token.kind == Token::Kind::kTerm;
  }

  bool ParseOr(Expr* out) {
    if (!ParseAnd(out)) return false;
    bool combined = false;
    for (;;) {
      Token token;
      if (!Peek(&token)) return false;
      if (token.kind != Token::Kind::kOr) return true;
      pos_ = token.end;
      Expr right;
      if (!ParseAnd(&right)) return false;
      if (!combined) {
        Expr node;
        node.kind = Expr::Kind::kOr;
        node.offset = out->offset;
        node.children.push_back(std::move(*out));
        *out = std::move(node);
        combined = true;
      }
      out->children.push_back(std::move(right));
    }
  }

  bool ParseAnd(Expr* out) {
    if (!ParseUnary(out)) return false;
    bool combined = false;
    for (;;) {
      Token token;
      if (!Peek(&token)) return false;
      if (token.kind == Token::Kind::kAnd) {
        pos_ = token.end;
      } else if (!StartsUnary(token)) {
        return true;  // juxtaposition stops at ')', OR, the end or a stray token
      }
      Expr right;
      if (!ParseUnary(&right)) return false;
      if (!combined) {
        Expr node;
        node.kind = Expr::Kind::kAnd;
        node.offset = out->offset;
        node.children.push_back(std::move(*out));
        *out = std::move(node);
        combined = true;
      }
      out->children.push_back(std::move(right));
    }
  }

  bool ParseUnary(Expr* out) {
    if (++depth_ > kMaxExpressionDepth) {
      return Fail(SkipSpace(pos_), "expression nested deeper than " +
                                       std::to_string(kMaxExpressionDepth) + " levels");
    }
    const size_t start = SkipSpace(pos_);
    bool negate = false;
    if (start < input_.size() && input_[start] == '-') {
      pos_ = start + 1;  // '-' is NOT only here, at the start of a unary
      negate = true;
    } else {
      Token token;
      if (!Peek(&token)) return false;
      if (token.kind == Token::Kind::kNot) {
        pos_ = token.end;
        negate = true;
      }
    }
    bool ok;
    if (negate) {
      Expr operand;
      ok = ParseUnary(&operand);
      if (ok) {
        out->kind = Expr::Kind::kNot;
        out->offset = static_cast<uint32_t>(start);
        out->children.push_back(std::move(operand));
      }
    } else {
      ok = ParseNear(out);
    }
    --depth_;
    return ok;
  }

  static bool NearOperand(const Expr& e) {
    if (e.kind == Expr::Kind::kLiteral) return true;
    if (e.kind != Expr::Kind::kOr) return false;
    return std::all_of(e.children.begin(), e.children.end(),
                       [](const Expr& c) { return c.kind == Expr::Kind::kLiteral; });
  }

  bool CheckNearOperand(const Expr& e, const Token& op) {
    if (NearOperand(e)) return true;
    return Fail(e.offset, "the operands of " +
                              std::string(input_.substr(op.begin, op.end - op.begin)) +
                              " must be a term, a phrase or a parenthesised OR of terms, found " +
                              Quote(ToString(e)));
  }

  bool ParseNear(Expr* out) {
    if (!ParsePrimary(out)) return false;
    Expr chain;  // AND of the pairs when there is more than one NEAR
    Expr previous;
    bool any = false;
    for (;;) {
      Token op;
      if (!Peek(&op)) return false;
      if (op.kind != Token::Kind::kNear) break;
      pos_ = op.end;
      Expr right;
      if (!ParsePrimary(&right)) return false;
      Expr& left = any ? previous : *out;
      if (!CheckNearOperand(left, op) || !CheckNearOperand(right, op)) return false;
      Expr pair;
      pair.kind = Expr::Kind::kNear;
      pair.ordered = op.ordered;
      pair.distance = op.distance;
      pair.offset = left.offset;
      pair.children.push_back(left);
      pair.children.push_back(right);
      if (!any) {
        chain.kind = Expr::Kind::kAnd;
        chain.offset = out->offset;
      }
      chain.children.push_back(std::move(pair));
      previous = std::move(right);
      any = true;
    }
    if (any) *out = chain.children.size() == 1 ? std::move(chain.children[0]) : std::move(chain);
    return true;
  }

  bool ParsePrimary(Expr* out) {
    Token token;
    if (!Peek(&token)) return false;
    switch (token.kind) {
      case Token::Kind::kOpen: {
        pos_ = token.end;
        if (!ParseOr(out)) return false;
        Token close;
        if (!Peek(&close)) return false;
        if (close.kind != Token::Kind::kClose) {
          return Fail(close.begin, "expected ')' to close '(' at column " +
                                       std::to_string(ColumnOf(input_, token.begin)) + ", found " +
                                       Describe(close));
        }
        pos_ = close.end;
        return true;
      }
      case Token::Kind::kPhrase:
        pos_ = token.end;
        out->kind = Expr::Kind::kLiteral;
        out->offset = static_cast<uint32_t>(token.begin);
        out->text = std::move(token.text);
        return true;
      case Token::Kind::kTerm: {
        pos_ = token.end;
        Token colon;
        if (!Peek(&colon)) return false;
        if (colon.kind == Token::Kind::kColon && colon.begin == token.end) {
          pos_ = colon.end;
          return ParseField(token, out);
        }
        out->kind = Expr::Kind::kLiteral;
        out->offset = static_cast<uint32_t>(token.begin);
        out->text = std::move(token.text);
        return true;
      }
      default:
        return Fail(token.begin, "expected a term, phrase or '(', found " + Describe(token));
    }
  }

  bool ParseField(const Token& name, Expr* out) {
    const auto known = std::find(kFieldNames.begin(), kFieldNames.end(), name.text);
    if (known == kFieldNames.end()) {
      std::string message = "unknown field " + Quote(name.text);
      std::string_view best;
      size_t best_distance = 3;
      for (std::string_view f : kFieldNames) {
        std::string lower = name.text;
        for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        const size_t d = EditDistance(lower, f);
        if (d < best_distance) best_distance = d, best = f;
      }
      if (!best.empty()) message += " (did you mean '" + std::string(best) + "'?)";
      message += "; fields are platform, site, author, region, source_class, scheme";
      message += " (quote the text to search for a colon)";
      return Fail(name.begin, std::move(message));
    }
    const auto field = static_cast<Field>(known - kFieldNames.begin());
    Token value;
    if (!Peek(&value)) return false;
    if ((value.kind != Token::Kind::kTerm && value.kind != Token::Kind::kPhrase &&
         value.kind != Token::Kind::kAnd && value.kind != Token::Kind::kOr &&
         value.kind != Token::Kind::kNot) ||
        value.begin != pos_) {
      return Fail(value.begin,
                  "expected a value right after '" + name.text + ":', found " + Describe(value));
    }
    pos_ = value.end;
    std::string text = value.kind == Token::Kind::kPhrase
                           ? value.text
                           : std::string(input_.substr(value.begin, value.end - value.begin));
    out->kind = Expr::Kind::kField;
    out->field = field;
    out->offset = static_cast<uint32_t>(name.begin);
    if (!CanonicalValue(field, value.begin, &text)) return false;
    out->text = std::move(text);
    return true;
  }

  bool CanonicalValue(Field field, size_t at, std::string* value) {
    switch (field) {
      case Field::kPlatform:
        if (!ParsePlatform(*value)) {
          return Fail(at, "unknown platform " + Quote(*value) + "; platforms are " +
                              std::string(PlatformNames()));
        }
        return true;
      case Field::kSourceClass:
        if (std::find(kSourceClasses.begin(), kSourceClasses.end(), *value) ==
            kSourceClasses.end()) {
          return Fail(at, "unknown source_class " + Quote(*value) +
                              "; classes are official|media|self_media|forum|content_farm|unknown");
        }
        return true;
      case Field::kSite: {
        for (char& c : *value) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        while (!value->empty() && value->front() == '.') value->erase(0, 1);
        if (value->empty()) return Fail(at, "empty site");
        return true;
      }
      case Field::kAuthor:
        return true;
      case Field::kRegion: {
        const bool digits =
            std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || value->size() < 2 || value->size() > 9) {
          return Fail(at, "region needs a GB/T 2260 code of 2 to 9 digits (e.g. 510000), found " +
                              Quote(*value));
        }
        // 510000 -> 51, 510100 -> 5101, 510104000 -> 510104: the code names everything under it.
        if (value->size() == 9 && value->ends_with("000")) value->resize(6);
        while (value->size() > 2 && value->size() % 2 == 0 && value->ends_with("00")) {
          value->resize(value->size() - 2);
        }
        return true;
      }
      case Field::kScheme: {
        const bool valid = !value->empty() && std::all_of(value->begin(), value->end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!valid) return Fail(at, "scheme ids are [a-z0-9_]+, found " + Quote(*value));
        return true;
      }
    }
    return true;
  }

  std::string_view input_;
  size_t pos_ = 0;
  int depth_ = 0;
  Status error_;
};

}  // namespace

std::string_view FieldName(Field field) { return kFieldNames[static_cast<size_t>(field)]; }

size_t ColumnOf(std::string_view text, size_t byte_offset) {
  size_t column = 1;
  for (size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

Result<Expr> ParseExpression(std::string_view expression) { return Parser(expression).Parse(); }

std::string ToString(const Expr& expr) {
  switch (expr.kind) {
    case Expr::Kind::kLiteral: {
      std::string out = "\"";
      for (char c : expr.text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      return out + "\"";
    }
    case Expr::Kind::kField:
      return std::string(FieldName(expr.field)) + ":" + expr.text;
    case Expr::Kind::kNot:
      return "(NOT " + ToString(expr.children[0]) + ")";
    case Expr::Kind::kNear:
      return "(" + ToString(expr.children[0]) + (expr.ordered ? " ONEAR/" : " NEAR/") +
             std::to_string(expr.distance) + " " + ToString(expr.children[1]) + ")";
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < expr.children.size(); ++i) {
        if (i > 0) out += expr.kind == Expr::Kind::kAnd ? " AND " : " OR ";
        out += ToString(expr.children[i]);
      }
      return out + ")";
    }
  }
  return {};
}

}  // namespace yuqing::match
