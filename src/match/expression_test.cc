#include "match/expression.h"

#include <gtest/gtest.h>

#include <string>

#include "match/scheme.h"

namespace yuqing::match {
namespace {

std::string Parsed(std::string_view text) {
  auto parsed = ParseExpression(text);
  if (!parsed.ok()) return "ERROR " + parsed.status().message();
  return ToString(*parsed);
}

std::string Error(std::string_view text) {
  auto parsed = ParseExpression(text);
  return parsed.ok() ? "parsed as " + ToString(*parsed) : parsed.status().message();
}

TEST(ExpressionTest, TermsAndJuxtaposition) {
  EXPECT_EQ(Parsed("养老金"), "\"养老金\"");
  EXPECT_EQ(Parsed("养老金 上调"), "(\"养老金\" AND \"上调\")");
  EXPECT_EQ(Parsed("养老金　上调"), "(\"养老金\" AND \"上调\")");  // ideographic space
  EXPECT_EQ(Parsed("a AND b & c ＆ d"), "(\"a\" AND \"b\" AND \"c\" AND \"d\")");
}

TEST(ExpressionTest, OrInAllSpellings) {
  EXPECT_EQ(Parsed("a OR b | c ｜ d"), "(\"a\" OR \"b\" OR \"c\" OR \"d\")");
  EXPECT_EQ(Parsed("a|b"), "(\"a\" OR \"b\")");
}

TEST(ExpressionTest, OperatorsOnlyInUpperCase) {
  EXPECT_EQ(Parsed("a or b"), "(\"a\" AND \"or\" AND \"b\")");
  EXPECT_EQ(Parsed("a and not b"), "(\"a\" AND \"and\" AND \"not\" AND \"b\")");
  EXPECT_EQ(Parsed("near/5"), "\"near/5\"");
}

TEST(ExpressionTest, NotAndMinus) {
  EXPECT_EQ(Parsed("NOT a"), "(NOT \"a\")");
  EXPECT_EQ(Parsed("a -b"), "(\"a\" AND (NOT \"b\"))");
  EXPECT_EQ(Parsed("--a"), "(NOT (NOT \"a\"))");
  EXPECT_EQ(Parsed("12-3"), "\"12-3\"");  // '-' inside a term is part of it
  EXPECT_EQ(Parsed("a - b"), "(\"a\" AND (NOT \"b\"))");
  EXPECT_EQ(Parsed("-\"x y\""), "(NOT \"x y\")");
}

TEST(ExpressionTest, Precedence) {
  // OR loosest, then AND, then NOT, then NEAR (NOT applies to a whole NEAR).
  EXPECT_EQ(Parsed("a b OR c"), "((\"a\" AND \"b\") OR \"c\")");
  EXPECT_EQ(Parsed("a OR b c"), "(\"a\" OR (\"b\" AND \"c\"))");
  EXPECT_EQ(Parsed("NOT a b"), "((NOT \"a\") AND \"b\")");
  EXPECT_EQ(Parsed("NOT a OR b"), "((NOT \"a\") OR \"b\")");
  EXPECT_EQ(Parsed("a NEAR/3 b c"), "((\"a\" NEAR/3 \"b\") AND \"c\")");
  EXPECT_EQ(Parsed("NOT a NEAR/3 b"), "(NOT (\"a\" NEAR/3 \"b\"))");
  EXPECT_EQ(Parsed("c OR a NEAR/3 b"), "(\"c\" OR (\"a\" NEAR/3 \"b\"))");
  EXPECT_EQ(Parsed("(a OR b) c"), "((\"a\" OR \"b\") AND \"c\")");
}

TEST(ExpressionTest, FullWidthParentheses) {
  EXPECT_EQ(Parsed("（养老 ｜ 医保）＆ 诈骗"), "((\"养老\" OR \"医保\") AND \"诈骗\")");
}

TEST(ExpressionTest, Near) {
  EXPECT_EQ(Parsed("养老金 NEAR/5 上调"), "(\"养老金\" NEAR/5 \"上调\")");
  EXPECT_EQ(Parsed("a ONEAR/0 b"), "(\"a\" ONEAR/0 \"b\")");
  EXPECT_EQ(Parsed("(a OR b) NEAR/1000 \"c d\""), "((\"a\" OR \"b\") NEAR/1000 \"c d\")");
  EXPECT_EQ(Parsed("a NEAR/5 b NEAR/6 c"), "((\"a\" NEAR/5 \"b\") AND (\"b\" NEAR/6 \"c\"))");
}

TEST(ExpressionTest, NearErrors) {
  EXPECT_EQ(Error("a NEAR/1001 b"),
            "column 3: expected NEAR/N with N from 0 to 1000 (e.g. NEAR/10), found 'NEAR/1001'");
  EXPECT_EQ(Error("a NEAR b"),
            "column 3: expected NEAR/N with N from 0 to 1000 (e.g. NEAR/10), found 'NEAR'");
  EXPECT_EQ(Error("a ONEAR/x b"),
            "column 3: expected ONEAR/N with N from 0 to 1000 (e.g. NEAR/10), found 'ONEAR/x'");
  EXPECT_EQ(Error("(a b) NEAR/3 c"),
            "column 2: the operands of NEAR/3 must be a term, a phrase or a parenthesised OR of "
            "terms, found '(\"a\" AND \"b\")'");
  EXPECT_EQ(Error("a NEAR/3 platform:weibo"),
            "column 10: the operands of NEAR/3 must be a term, a phrase or a parenthesised OR of "
            "terms, found 'platform:weibo'");
  EXPECT_EQ(Error("a NEAR/3 NOT b"), "column 10: expected a term, phrase or '(', found 'NOT'");
  EXPECT_EQ(Error("a NEAR/3"), "column 9: expected a term, phrase or '(', found end of expression");
}

TEST(ExpressionTest, Phrases) {
  EXPECT_EQ(Parsed("\"a b\""), "\"a b\"");
  EXPECT_EQ(Parsed("“养老 金”"), "\"养老 金\"");
  EXPECT_EQ(Parsed("\"say \\\"hi\\\" \\\\ ok\""), "\"say \\\"hi\\\" \\\\ ok\"");
  EXPECT_EQ(Parsed("\"AND\""), "\"AND\"");  // quoted operators are literals
  EXPECT_EQ(Parsed("\"a:b\""), "\"a:b\"");
  EXPECT_EQ(Error("\"abc"),
            "column 5: expected '\"' to close the phrase opened at column 1, found end of "
            "expression");
  EXPECT_EQ(Error("x “养老"),
            "column 6: expected '”' to close the phrase opened at column 3, found end of "
            "expression");
  EXPECT_EQ(Error("a \"\""), "column 3: empty phrase");
}

TEST(ExpressionTest, Fields) {
  EXPECT_EQ(Parsed("platform:weibo"), "platform:weibo");
  EXPECT_EQ(Parsed("platform：weibo"), "platform:weibo");
  EXPECT_EQ(Parsed("site:GOV.cn"), "site:gov.cn");
  EXPECT_EQ(Parsed("author:\"张 三\""), "author:张 三");
  EXPECT_EQ(Parsed("region:510000"), "region:51");
  EXPECT_EQ(Parsed("region:510100"), "region:5101");
  EXPECT_EQ(Parsed("region:510104"), "region:510104");
  EXPECT_EQ(Parsed("region:510104000"), "region:510104");
  EXPECT_EQ(Parsed("source_class:official"), "source_class:official");
  EXPECT_EQ(Parsed("scheme:pension_1"), "scheme:pension_1");
  EXPECT_EQ(Parsed("养老 -platform:weibo"), "(\"养老\" AND (NOT platform:weibo))");
}

TEST(ExpressionTest, FieldErrors) {
  EXPECT_EQ(Error("platfrom:weibo"),
            "column 1: unknown field 'platfrom' (did you mean 'platform'?); fields are platform, "
            "site, author, region, source_class, scheme (quote the text to search for a colon)");
  EXPECT_EQ(Error("a platform:tiktok"),
            "column 12: unknown platform 'tiktok'; platforms are "
            "news|weibo|wechat|forum|video|gov|blog|qa|other");
  EXPECT_EQ(Error("region:5"),
            "column 8: region needs a GB/T 2260 code of 2 to 9 digits (e.g. 510000), found '5'");
  EXPECT_EQ(Error("region:51x"),
            "column 8: region needs a GB/T 2260 code of 2 to 9 digits (e.g. 510000), found '51x'");
  EXPECT_EQ(Error("source_class:blog"),
            "column 14: unknown source_class 'blog'; classes are "
            "official|media|self_media|forum|content_farm|unknown");
  EXPECT_EQ(Error("scheme:Bad-Id"), "column 8: scheme ids are [a-z0-9_]+, found 'Bad-Id'");
  EXPECT_EQ(Error("site: gov.cn"),
            "column 7: expected a value right after 'site:', found 'gov.cn'");
  EXPECT_EQ(Error("a :b"),
            "column 3: expected an operator or the end of the expression, found ':'");
}

TEST(ExpressionTest, StructureErrors) {
  EXPECT_EQ(Error(""), "empty expression");
  EXPECT_EQ(Error("   "), "empty expression");
  EXPECT_EQ(Error("(a OR b c"),
            "column 10: expected ')' to close '(' at column 1, found end of expression");
  EXPECT_EQ(Error("（养老 金"),
            "column 6: expected ')' to close '(' at column 1, found end of expression");
  EXPECT_EQ(Error("OR a"), "column 1: expected a term, phrase or '(', found 'OR'");
  EXPECT_EQ(Error("a OR"), "column 5: expected a term, phrase or '(', found end of expression");
  EXPECT_EQ(Error("养老 AND AND b"), "column 8: expected a term, phrase or '(', found 'AND'");
  EXPECT_EQ(Error("a)"), "column 2: expected an operator or the end of the expression, found ')'");
  EXPECT_EQ(Error("()"), "column 2: expected a term, phrase or '(', found ')'");
  EXPECT_EQ(Error("NOT"), "column 4: expected a term, phrase or '(', found end of expression");
}

TEST(ExpressionTest, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(Error("养老金 上调 OR"),
            "column 10: expected a term, phrase or '(', found end of expression");
}

TEST(ExpressionTest, DepthLimit) {
  std::string deep(kMaxExpressionDepth - 1, '(');
  deep += "a" + std::string(kMaxExpressionDepth - 1, ')');
  EXPECT_EQ(Parsed(deep), "\"a\"");
  std::string too_deep(kMaxExpressionDepth + 5, '(');
  too_deep += "a";
  EXPECT_EQ(Error(too_deep), "column 101: expression nested deeper than 100 levels");
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "NOT ";
  EXPECT_EQ(Error(nots + "a"), "column 401: expression nested deeper than 100 levels");
  EXPECT_EQ(Error(std::string(100000, '-') + "a"),
            "column 101: expression nested deeper than 100 levels");
}

TEST(ExpressionTest, InvalidUtf8) {
  EXPECT_EQ(Error("养老\xff金"), "column 3: invalid UTF-8");
  EXPECT_EQ(Error(std::string("a \xe5\x85", 4)), "column 3: invalid UTF-8");
  EXPECT_EQ(Parsed("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");  // a real U+FFFD is fine
}

TEST(ExpressionTest, CheckExpressionIsThePublicFace) {
  EXPECT_TRUE(CheckExpression("养老金 NEAR/5 (上调 OR 调整)").ok());
  const Status bad = CheckExpression("(养老金");
  EXPECT_EQ(bad.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(bad.message(),
            "column 5: expected ')' to close '(' at column 1, found end of expression");
}

}  // namespace
}  // namespace yuqing::match
