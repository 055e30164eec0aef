#include "match/scheme_matcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace yuqing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

SchemeDefinition Scheme(std::string id, std::vector<std::string> subjects,
                        std::vector<std::string> events = {}, std::vector<std::string> exclude = {},
                        std::string match = {}) {
  SchemeDefinition s;
  s.id = std::move(id);
  s.subjects = std::move(subjects);
  s.events = std::move(events);
  s.exclude = std::move(exclude);
  s.match = std::move(match);
  return s;
}

std::shared_ptr<const SchemeSet> MustCompile(std::vector<SchemeDefinition> schemes,
                                             std::vector<std::string> globals = {},
                                             const TermNormalizer& normalize = {}) {
  SchemeSetDefinition d{std::move(schemes), std::move(globals)};
  auto set = SchemeSet::Compile(d, normalize);
  EXPECT_TRUE(set.ok()) << set.status().message();
  return set.ok() ? *set : nullptr;
}

std::string CompileError(std::vector<SchemeDefinition> schemes,
                         std::vector<std::string> globals = {}) {
  SchemeSetDefinition d{std::move(schemes), std::move(globals)};
  auto set = SchemeSet::Compile(d);
  return set.ok() ? "compiled" : set.status().message();
}

std::vector<uint32_t> Matches(const std::shared_ptr<const SchemeSet>& set, std::string_view text,
                              MatchDocument document = {}) {
  SchemeMatcher matcher(set);
  document.text = text;
  std::vector<uint32_t> out;
  matcher.Match(document, &out);
  return out;
}

TEST(SchemeMatcherTest, OrWithinGroupAndAcrossGroups) {
  SchemeDefinition s = Scheme("pension", {"养老金", "退休金"}, {"上调", "调整"});
  s.regions = {"四川", "成都"};
  auto set = MustCompile({s});
  EXPECT_THAT(Matches(set, "成都退休金今年上调"), ElementsAre(0));
  EXPECT_THAT(Matches(set, "四川养老金调整方案"), ElementsAre(0));
  EXPECT_THAT(Matches(set, "养老金上调"), IsEmpty());      // no region
  EXPECT_THAT(Matches(set, "四川养老金新闻"), IsEmpty());  // no event
  EXPECT_THAT(Matches(set, "四川调整"), IsEmpty());        // no subject
}

TEST(SchemeMatcherTest, OrderOfResultsIsConfigurationOrder) {
  auto set = MustCompile({Scheme("z", {"医保"}), Scheme("a", {"养老"}), Scheme("m", {"社保"})});
  EXPECT_THAT(Matches(set, "社保 养老 医保"), ElementsAre(0, 1, 2));
  EXPECT_EQ(set->Find("m"), 2u);
  EXPECT_EQ(set->scheme(1).id, "a");
}

TEST(SchemeMatcherTest, SchemeExclusions) {
  auto set = MustCompile(
      {Scheme("p", {"养老金"}, {}, {"广告", "\"转发 抽奖\""}), Scheme("q", {"养老金"})});
  EXPECT_THAT(Matches(set, "养老金到账"), ElementsAre(0, 1));
  EXPECT_THAT(Matches(set, "养老金理财广告"), ElementsAre(1));
  EXPECT_THAT(Matches(set, "养老金 转发 抽奖"), ElementsAre(1));
  EXPECT_THAT(Matches(set, "养老金 转发抽奖"), ElementsAre(0, 1));
}

TEST(SchemeMatcherTest, GlobalExclusionsBlockEveryScheme) {
  auto set =
      MustCompile({Scheme("p", {"养老金"}), Scheme("q", {"医保"})}, {"代理记账", "platform:video"});
  EXPECT_THAT(Matches(set, "养老金 医保"), ElementsAre(0, 1));
  EXPECT_THAT(Matches(set, "养老金 医保 代理记账"), IsEmpty());
  MatchDocument video;
  video.platform = "video";
  EXPECT_THAT(Matches(set, "养老金 医保", video), IsEmpty());
}

// 养老金 + k characters + 上调: NEAR/k matches, NEAR/(k-1) does not; characters, not bytes.
TEST(SchemeMatcherTest, NearCountsCharactersAtTheBoundary) {
  const std::string text = "养老金今年将再次上调";  // 5 characters (15 bytes) between
  for (int n : {4, 5}) {
    const std::string near = "养老金 NEAR/" + std::to_string(n) + " 上调";
    const std::string reversed = "上调 NEAR/" + std::to_string(n) + " 养老金";
    const std::string onear = "养老金 ONEAR/" + std::to_string(n) + " 上调";
    const std::string oreversed = "上调 ONEAR/" + std::to_string(n) + " 养老金";
    auto set = MustCompile({Scheme("a", {near}), Scheme("b", {reversed}), Scheme("c", {onear}),
                            Scheme("d", {oreversed})});
    if (n == 5) {
      EXPECT_THAT(Matches(set, text), ElementsAre(0, 1, 2));
    } else {
      EXPECT_THAT(Matches(set, text), IsEmpty());
    }
  }
}

TEST(SchemeMatcherTest, NearAdjacentOverlappingAndOrOperands) {
  auto set = MustCompile({Scheme("adjacent", {"养老 NEAR/0 上调"}),
                          Scheme("overlap", {"养老金 NEAR/0 老金上"}),
                          Scheme("ordered_overlap", {"老金上 ONEAR/0 养老金"}),
                          Scheme("either", {"(医保 OR 养老) ONEAR/2 (涨 OR 上调)"})});
  EXPECT_THAT(Matches(set, "养老上调"), ElementsAre(0, 3));
  EXPECT_THAT(Matches(set, "养老金上调"), ElementsAre(1, 3));
  EXPECT_THAT(Matches(set, "医保又要涨"), ElementsAre(3));
  EXPECT_THAT(Matches(set, "涨医保"), IsEmpty());
  // Many occurrences: the right pair is found, however far the others are.
  std::string many;
  for (int i = 0; i < 200; ++i) many += "养老 xxxxxxxx ";
  EXPECT_THAT(Matches(set, many + "养老x上调"), ElementsAre(3));
}

TEST(SchemeMatcherTest, NearChain) {
  auto set = MustCompile({Scheme("chain", {"a NEAR/2 b NEAR/2 c"})});
  EXPECT_THAT(Matches(set, "a..b..c"), ElementsAre(0));
  EXPECT_THAT(Matches(set, "a..b...c"), IsEmpty());
}

TEST(SchemeMatcherTest, FieldFilters) {
  auto set = MustCompile({
      Scheme("weibo", {"社保"}, {}, {}, "platform:weibo"),
      Scheme("gov", {"社保"}, {}, {}, "site:gov.cn"),
      Scheme("author", {"社保"}, {}, {}, "author:\"人社 小编\""),
      Scheme("sichuan", {"社保"}, {}, {}, "region:510000"),
      Scheme("chengdu", {"社保"}, {}, {}, "region:510100"),
      Scheme("official", {"社保"}, {}, {}, "source_class:official"),
  });
  MatchDocument d;
  EXPECT_THAT(Matches(set, "社保", d), IsEmpty());
  d.platform = "weibo";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(0));
  d = {};
  d.site = "www.MOHRSS.gov.cn";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(1));
  d.site = "gov.cn";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(1));
  d.site = "notgov.cn";
  EXPECT_THAT(Matches(set, "社保", d), IsEmpty());
  d.site = "";
  d.url = "https://user@rsj.chengdu.gov.cn:8443/news?id=1";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(1));
  d = {};
  d.author = "人社 小编";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(2));
  d = {};
  const std::vector<std::string> chengdu = {"440300", "510104"};
  d.region_codes = chengdu;
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(3, 4));
  const std::vector<std::string> mianyang = {"510700"};
  d.region_codes = mianyang;
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(3));
  d = {};
  d.source_class = "official";
  EXPECT_THAT(Matches(set, "社保", d), ElementsAre(5));
}

TEST(SchemeMatcherTest, SchemeReferences) {
  auto set =
      MustCompile({Scheme("pension", {"养老金"}), Scheme("medical", {"医保"}),
                   Scheme("pension_not_medical", {}, {}, {}, "scheme:pension NOT scheme:medical")});
  EXPECT_THAT(Matches(set, "养老金"), ElementsAre(0, 2));
  EXPECT_THAT(Matches(set, "养老金 医保"), ElementsAre(0, 1));
  EXPECT_THAT(Matches(set, "医保"), ElementsAre(1));
}

TEST(SchemeMatcherTest, CaseInsensitiveAscii) {
  auto set =
      MustCompile({Scheme("app", {"WeChat 小程序"}), Scheme("upper", {"\"SOCIAL Security\""})});
  EXPECT_THAT(Matches(set, "wechat小程序 social security"), ElementsAre(0, 1));
  EXPECT_THAT(Matches(set, "WECHAT小程序"), ElementsAre(0));
}

TEST(SchemeMatcherTest, TermNormalizerIsAppliedToLiterals) {
  const TermNormalizer simplify = [](std::string_view in) {
    std::string out(in);
    for (size_t at = out.find("養"); at != std::string::npos; at = out.find("養")) {
      out.replace(at, std::string("養").size(), "养");
    }
    return out;
  };
  auto set = MustCompile({Scheme("p", {"養老金 NEAR/2 上调"})}, {}, simplify);
  EXPECT_THAT(Matches(set, "养老金将上调"), ElementsAre(0));
  auto raw = MustCompile({Scheme("p", {"養老金"})});
  EXPECT_THAT(Matches(raw, "养老金将上调"), IsEmpty());

  SchemeSetDefinition d{{Scheme("p", {"養"})}, {}};
  d.schemes[0].origin = "yuqing.yaml:3";
  auto empty = SchemeSet::Compile(d, [](std::string_view) { return std::string(); });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(),
            "yuqing.yaml:3: scheme p, subjects[0]: column 1: term '養' is empty after "
            "normalisation");
}

TEST(SchemeMatcherTest, ErrorsArePrefixedWithOriginSchemeAndEntry) {
  SchemeDefinition s = Scheme("p", {"养老", "(医保"}, {}, {"a OR"});
  s.origin = "yuqing.yaml:12";
  EXPECT_EQ(CompileError({s}, {"NOT"}),
            "global_exclusions[0]: column 4: expected a term, phrase or '(', found end of "
            "expression\n"
            "yuqing.yaml:12: scheme p, subjects[1]: column 4: expected ')' to close '(' at column "
            "1, found end of expression\n"
            "yuqing.yaml:12: scheme p, exclude[0]: column 5: expected a term, phrase or '(', "
            "found end of expression");
  SchemeDefinition m = Scheme("m", {}, {}, {}, "platform:tv");
  EXPECT_THAT(CompileError({m}), HasSubstr("scheme m, match: column 10: unknown platform 'tv'"));
}

TEST(SchemeMatcherTest, EmptyDuplicateAndBadIds) {
  EXPECT_EQ(CompileError({Scheme("e", {}, {}, {"广告"})}),
            "scheme e is empty: give subjects, events, regions or match");
  EXPECT_EQ(CompileError({Scheme("a", {"x"}), Scheme("a", {"y"})}),
            "scheme a: duplicate id (also scheme 0 in order)");
  EXPECT_EQ(CompileError({Scheme("Bad Id", {"x"})}),
            "scheme Bad Id: ids are [a-z0-9_]+ (lower-case letters, digits, '_')");
}

TEST(SchemeMatcherTest, SchemeReferenceErrorsNameBoth) {
  EXPECT_EQ(CompileError({Scheme("a", {}, {}, {}, "scheme:b"), Scheme("b", {"x"})}),
            "scheme a, match: column 1: scheme:b: scheme a refers to scheme b, which is not "
            "defined before it; a scheme may only refer to schemes defined earlier");
  EXPECT_EQ(CompileError({Scheme("a", {}, {}, {}, "scheme:zz")}),
            "scheme a, match: column 1: scheme:zz: no scheme zz is defined (scheme a refers to "
            "it)");
  EXPECT_EQ(CompileError({Scheme("a", {"x"})}, {"scheme:a"}),
            "global_exclusions[0]: column 1: scheme:a: global exclusions cannot refer to schemes");
}

TEST(SchemeMatcherTest, NeverMatchingSchemesAreErrors) {
  EXPECT_EQ(CompileError({Scheme("a", {}, {}, {}, "养老 AND NOT 养老")}),
            "scheme a can never match: match requires '养老' and NOT '养老' at once");
  EXPECT_EQ(CompileError({Scheme("b", {"社保"}, {}, {}, "platform:weibo AND platform:news")}),
            "scheme b can never match: match needs platform:weibo and platform:news at once, and "
            "a document has only one platform");
  EXPECT_EQ(CompileError({Scheme("c", {"养老金"}, {}, {"养老"})}),
            "scheme c can never match: every text with '养老金' (subjects[0]) contains '养老', "
            "which exclude[0] excludes");
  EXPECT_EQ(CompileError({Scheme("d", {"养老金", "退休金"}, {"上调"})}, {"养老", "退休"}),
            "scheme d can never match: every text with '养老金' (subjects[0]) contains '养老', "
            "which global_exclusions[0] excludes; every text with '退休金' (subjects[1]) "
            "contains '退休', which global_exclusions[1] excludes");
  EXPECT_EQ(CompileError({Scheme("e", {"养老"}, {}, {"养老"})}),
            "scheme e can never match: subjects[0] '养老' is itself excluded by exclude[0]");
  EXPECT_EQ(CompileError({Scheme("f", {"养老金 NEAR/3 上调"}, {}, {"上调"})}),
            "scheme f can never match: subjects[0] contradicts the exclusions");
  // A reference to a scheme that can never match: both are reported.
  EXPECT_EQ(CompileError(
                {Scheme("g", {"养老金"}, {}, {"养老"}), Scheme("h", {"医保"}, {}, {}, "scheme:g")}),
            "scheme g can never match: every text with '养老金' (subjects[0]) contains '养老', "
            "which exclude[0] excludes\n"
            "scheme h can never match: match needs scheme:g, which can never match");
  // Satisfiable look-alikes compile.
  EXPECT_EQ(CompileError({Scheme("ok1", {"养老金", "医保"}, {}, {"养老"})}), "compiled");
  EXPECT_EQ(CompileError({Scheme("ok2", {"养老"}, {}, {"养老金"})}), "compiled");
  EXPECT_EQ(CompileError({Scheme("ok3", {"社保"}, {}, {}, "platform:weibo OR platform:news")}),
            "compiled");
  EXPECT_EQ(CompileError({Scheme("ok4", {"养老金"})}, {"养老 platform:video"}), "compiled");
  EXPECT_EQ(CompileError({Scheme("ok5", {"社保"}, {}, {}, "region:51 region:5101")}), "compiled");
}

TEST(SchemeMatcherTest, SetWithoutLiterals) {
  auto set = MustCompile({Scheme("weibo_only", {}, {}, {}, "platform:weibo"),
                          Scheme("not_gov", {}, {}, {}, "NOT site:gov.cn")});
  EXPECT_EQ(set->literal_count(), 0u);
  MatchDocument d;
  d.platform = "weibo";
  EXPECT_THAT(Matches(set, "anything", d), ElementsAre(0, 1));
  d.platform = "news";
  d.site = "www.gov.cn";
  EXPECT_THAT(Matches(set, "", d), IsEmpty());
  auto nothing = MustCompile({});
  EXPECT_THAT(Matches(nothing, "养老金"), IsEmpty());
}

std::vector<std::string> Highlight(std::string_view text, const std::vector<TermHit>& hits) {
  std::vector<std::string> out;
  for (const TermHit& h : hits) out.emplace_back(text.substr(h.begin, h.end - h.begin));
  return out;
}

TEST(SchemeMatcherTest, ExplainGivesTheHitsThatMadeItMatch) {
  auto set = MustCompile({Scheme("pension", {"养老金", "退休金"}, {"上调 NEAR/2 标准"}, {"广告"}),
                          Scheme("medical", {"医保"})});
  const std::string text = "养老金上调标准，Yes 退休金也在上调标准里；另一个上调离开了标准很远";
  SchemeMatcher matcher(set);
  MatchDocument d;
  d.text = text;
  std::vector<SchemeExplanation> explained;
  matcher.Explain(d, &explained);
  ASSERT_EQ(explained.size(), 1u);
  EXPECT_EQ(explained[0].scheme, 0u);
  EXPECT_THAT(Highlight(text, explained[0].hits),
              ElementsAre("养老金", "上调", "标准", "退休金", "上调", "标准"));
  const TermHit first = explained[0].hits[0];
  EXPECT_EQ(first.begin, 0u);
  EXPECT_EQ(first.end, 9u);
  for (size_t i = 1; i < explained[0].hits.size(); ++i) {
    EXPECT_LT(explained[0].hits[i - 1].begin, explained[0].hits[i].begin);
  }
  // Case-insensitive hits point at the original text.
  auto ascii = MustCompile({Scheme("a", {"wechat"})});
  SchemeMatcher m2(ascii);
  d.text = "Hi WeChat and WECHAT";
  m2.Explain(d, &explained);
  ASSERT_EQ(explained.size(), 1u);
  EXPECT_THAT(Highlight(d.text, explained[0].hits), ElementsAre("WeChat", "WECHAT"));
}

TEST(SchemeMatcherTest, MatcherIsReusableAcrossDocuments) {
  auto set = MustCompile({Scheme("p", {"养老金 NEAR/1 上调"}), Scheme("q", {"医保"})});
  SchemeMatcher matcher(set);
  std::vector<uint32_t> out;
  MatchDocument d;
  for (int i = 0; i < 3; ++i) {
    d.text = "养老金x上调";
    matcher.Match(d, &out);
    EXPECT_THAT(out, ElementsAre(0));
    d.text = "医保 养老金xxx上调";
    matcher.Match(d, &out);
    EXPECT_THAT(out, ElementsAre(1));
  }
}

TEST(SchemeMatcherTest, ThreadsShareOneSet) {
  std::vector<SchemeDefinition> schemes;
  const std::vector<std::string> words = {"养老", "医保", "社保", "上调", "诈骗", "退休", "缴费"};
  for (size_t i = 0; i < 60; ++i) {
    schemes.push_back(Scheme("s" + std::to_string(i), {words[i % 7]},
                             {words[(i / 7) % 7] + " NEAR/4 " + words[(i + 3) % 7]}));
  }
  auto set = MustCompile(schemes);
  std::vector<std::string> texts;
  for (size_t i = 0; i < 300; ++i) {
    std::string t;
    for (size_t k = 0; k < 12; ++k)
      t += words[(i * 31 + k * k * 3 + k) % 7] + std::string(k % 3, 'x');
    texts.push_back(t);
  }
  std::vector<std::vector<uint32_t>> expected(texts.size());
  SchemeMatcher single(set);
  for (size_t i = 0; i < texts.size(); ++i) {
    MatchDocument d;
    d.text = texts[i];
    single.Match(d, &expected[i]);
  }
  size_t total = 0;
  for (const auto& e : expected) total += e.size();
  EXPECT_GT(total, 0u);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SchemeMatcher matcher(set);
      std::vector<uint32_t> out;
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < texts.size(); ++i) {
          MatchDocument d;
          d.text = texts[i];
          matcher.Match(d, &out);
          if (out != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace yuqing
