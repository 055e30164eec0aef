// Keeps the fast path honest: random expressions over a small alphabet, matched by
// SchemeMatcher (literal scanner, inverted index, NEAR by binary search) and by a
// naive evaluator (std::string::find, all NEAR pairs) on random texts; the decisions must agree.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "match/expression.h"
#include "match/scheme_matcher.h"

namespace yuqing {
namespace {

using match::Expr;

const std::vector<std::string> kTerms = {"a",  "b",  "ab",   "ba",   "A",  "c",
                                         "养", "老", "养老", "老金", "aa", "金a"};
const std::vector<std::string> kTextPieces = {"a", "b", "c", "A", "养", "老", "金", " ", "B"};
const std::vector<std::string> kFields = {"platform:weibo", "platform:news", "region:510000",
                                          "site:gov.cn", "region:510100"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

size_t Chars(std::string_view text, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

struct Naive {
  std::string lowered;
  const MatchDocument* doc;
  const std::vector<bool>* matched;

  std::vector<std::pair<size_t, size_t>> Occurrences(const Expr& operand) const {
    std::vector<std::pair<size_t, size_t>> out;
    std::vector<const Expr*> literals;
    if (operand.kind == Expr::Kind::kLiteral) {
      literals.push_back(&operand);
    } else {
      for (const Expr& c : operand.children) literals.push_back(&c);
    }
    for (const Expr* l : literals) {
      const std::string term = Lower(l->text);
      for (size_t at = lowered.find(term); at != std::string::npos;
           at = lowered.find(term, at + 1)) {
        out.emplace_back(at, at + term.size());
      }
    }
    return out;
  }

  bool Eval(const Expr& e) const {
    switch (e.kind) {
      case Expr::Kind::kLiteral:
        return lowered.find(Lower(e.text)) != std::string::npos;
      case Expr::Kind::kNot:
        return !Eval(e.children[0]);
      case Expr::Kind::kAnd:
        for (const Expr& c : e.children) {
          if (!Eval(c)) return false;
        }
        return true;
      case Expr::Kind::kOr:
        for (const Expr& c : e.children) {
          if (Eval(c)) return true;
        }
        return false;
      case Expr::Kind::kField:
        switch (e.field) {
          case match::Field::kPlatform:
            return doc->platform == e.text;
          case match::Field::kSite:
            return doc->site == e.text || doc->site.ends_with("." + e.text);
          case match::Field::kRegion:
            for (const std::string& code : doc->region_codes) {
              if (code.starts_with(e.text)) return true;
            }
            return false;
          default:
            return false;
        }
      case Expr::Kind::kNear: {
        for (const auto& a : Occurrences(e.children[0])) {
          for (const auto& b : Occurrences(e.children[1])) {
            size_t gap;
            if (b.first < a.second && a.first < b.second) {
              if (e.ordered && b.first < a.first) continue;
              gap = 0;
            } else if (a.second <= b.first) {
              gap = Chars(lowered, a.second, b.first);
            } else {
              if (e.ordered) continue;
              gap = Chars(lowered, b.second, a.first);
            }
            if (gap <= e.distance) return true;
          }
        }
        return false;
      }
    }
    return false;
  }
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Literal() {
    const std::string& t = kTerms[Pick(kTerms.size())];
    return Pick(4) == 0 ? "\"" + t + "\"" : t;
  }
  std::string NearOperand() {
    if (Pick(3) == 0) return "(" + Literal() + " OR " + Literal() + ")";
    return Literal();
  }
  std::string Expression(int depth) {
    const size_t r = depth == 0 ? Pick(4) : Pick(11);
    if (r < 3) return Literal();
    switch (r) {
      case 3:
        return kFields[Pick(kFields.size())];
      case 4:
        return (Pick(2) ? "NOT " : "-") + Expression(depth - 1);
      case 5:
      case 6: {
        const char* ops[] = {" ", " AND ", " & ", " ＆ "};
        return "(" + Expression(depth - 1) + ops[Pick(4)] + Expression(depth - 1) + ")";
      }
      case 7:
      case 8: {
        const char* ops[] = {" OR ", " | ", " ｜ "};
        return "(" + Expression(depth - 1) + ops[Pick(3)] + Expression(depth - 1) + ")";
      }
      default:
        return NearOperand() + (Pick(2) ? " NEAR/" : " ONEAR/") + std::to_string(Pick(4)) + " " +
               NearOperand();
    }
  }
  std::string Text() {
    std::string t;
    const size_t n = Pick(24);
    for (size_t i = 0; i < n; ++i) t += kTextPieces[Pick(kTextPieces.size())];
    return t;
  }

 private:
  std::mt19937 rng_;
};

SchemeDefinition RandomScheme(Generator* g, size_t index) {
  SchemeDefinition s;
  s.id = "s" + std::to_string(index);
  switch (g->Pick(4)) {
    case 0:
      s.match = g->Expression(3);
      break;
    case 1:
      s.subjects = {g->Expression(2), g->Expression(2)};
      break;
    case 2:
      s.subjects = {g->Expression(2)};
      s.events = {g->Expression(2), g->Expression(1)};
      break;
    default:
      s.regions = {g->Expression(1)};
      s.subjects = {g->Expression(2)};
      s.match = g->Expression(2);
      break;
  }
  if (g->Pick(3) == 0) s.exclude = {g->Expression(1)};
  return s;
}

bool NaiveMatch(const SchemeDefinition& s, const Naive& naive, const std::vector<Expr>& globals) {
  for (const Expr& g : globals) {
    if (naive.Eval(g)) return false;
  }
  const auto any = [&](const std::vector<std::string>& entries) {
    for (const std::string& e : entries) {
      if (naive.Eval(*match::ParseExpression(e))) return true;
    }
    return false;
  };
  if (!s.regions.empty() && !any(s.regions)) return false;
  if (!s.subjects.empty() && !any(s.subjects)) return false;
  if (!s.events.empty() && !any(s.events)) return false;
  if (!s.match.empty() && !naive.Eval(*match::ParseExpression(s.match))) return false;
  return !any(s.exclude);
}

TEST(EquivalenceTest, MatcherAgreesWithNaiveEvaluator) {
  Generator g(20261130);
  const std::vector<std::string> global_texts = {"ccc", "养老金老"};
  std::vector<Expr> globals;
  for (const auto& t : global_texts) globals.push_back(*match::ParseExpression(t));

  std::vector<SchemeDefinition> schemes;
  size_t rejected = 0;
  while (schemes.size() < 2000) {
    SchemeDefinition s = RandomScheme(&g, schemes.size() + rejected);
    // Keep the schemes that compile alone (the others can never match, by design an error).
    if (SchemeSet::Compile({{s}, global_texts}).ok()) {
      schemes.push_back(std::move(s));
    } else {
      ++rejected;
    }
  }
  auto set = SchemeSet::Compile({schemes, global_texts});
  ASSERT_TRUE(set.ok()) << set.status().message();
  SchemeMatcher matcher(*set);

  const std::vector<std::string> sichuan = {"510104"}, mianyang = {"510700"}, none;
  size_t matches = 0, disagreements = 0;
  std::vector<uint32_t> fast;
  std::vector<SchemeExplanation> explained;
  for (int t = 0; t < 400; ++t) {
    const std::string text = g.Text() + (t % 50 == 0 ? "ccc" : "");
    MatchDocument doc;
    doc.text = text;
    doc.platform = g.Pick(2) ? "weibo" : "news";
    doc.site = g.Pick(2) ? "www.gov.cn" : "example.com";
    const size_t region = g.Pick(3);
    doc.region_codes = region == 0 ? sichuan : region == 1 ? mianyang : none;
    matcher.Match(doc, &fast);
    Naive naive{Lower(text), &doc, nullptr};
    std::vector<uint32_t> expected;
    for (size_t s = 0; s < schemes.size(); ++s) {
      if (NaiveMatch(schemes[s], naive, globals)) expected.push_back(static_cast<uint32_t>(s));
    }
    matches += expected.size();
    if (fast != expected) {
      ++disagreements;
      if (disagreements < 5) {
        ADD_FAILURE() << "text '" << text << "': fast " << fast.size() << " naive "
                      << expected.size();
        for (size_t s = 0, i = 0, j = 0; s < schemes.size(); ++s) {
          const bool in_fast = i < fast.size() && fast[i] == s;
          const bool in_naive = j < expected.size() && expected[j] == s;
          i += in_fast;
          j += in_naive;
          if (in_fast != in_naive) {
            ADD_FAILURE() << "scheme " << s << " fast=" << in_fast << " match='" << schemes[s].match
                          << "' subjects="
                          << (schemes[s].subjects.empty() ? "" : schemes[s].subjects[0]);
          }
        }
      }
    }
    matcher.Explain(doc, &explained);
    ASSERT_EQ(explained.size(), fast.size());
    for (size_t i = 0; i < explained.size(); ++i) EXPECT_EQ(explained[i].scheme, fast[i]);
  }
  EXPECT_EQ(disagreements, 0u);
  // The generated cases must exercise both outcomes.
  EXPECT_GT(matches, 1000u);
  EXPECT_LT(matches, 400u * 2000u / 2);
}

}  // namespace
}  // namespace yuqing
