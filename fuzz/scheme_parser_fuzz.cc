// Fuzzes the scheme expression language: the bytes as one expression (CheckExpression), then as
// entries of a two-scheme set compiled and matched against a fixed document. Nothing may crash,
// hang or read out of bounds, whatever the input (invalid UTF-8 must be an error).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "match/scheme.h"
#include "match/scheme_matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const yuqing::Status checked = yuqing::CheckExpression(input);
  if (!checked.ok() && checked.message().empty()) std::abort();

  yuqing::SchemeSetDefinition definition;
  yuqing::SchemeDefinition first;
  first.id = "first";
  first.subjects = {std::string(input)};
  yuqing::SchemeDefinition second;
  second.id = "second";
  second.subjects = {"养老金", "social"};
  second.match = std::string(input);
  second.exclude = {"广告"};
  definition.schemes = {first, second};
  definition.global_exclusions = {"代理记账"};
  auto set = yuqing::SchemeSet::Compile(definition, [](std::string_view term) {
    std::string out(term);
    if (out == "養") out = "养";
    return out;
  });
  // A valid expression must also compile as a subject, unless it can never match.
  if (checked.ok() && !set.ok() &&
      set.status().message().find("can never match") == std::string::npos &&
      set.status().message().find("scheme:") == std::string::npos) {
    std::abort();
  }
  if (!set.ok()) return 0;

  static const std::vector<std::string> kRegions = {"510104", "110101001"};
  yuqing::MatchDocument document;
  document.text = "养老金上调 Social Security 医保 12-3 a NEAR b 广告之外 “引号” (括号)";
  document.platform = "weibo";
  document.site = "www.mohrss.gov.cn";
  document.url = "https://www.mohrss.gov.cn/a/b?c=d";
  document.author = "人社部";
  document.source_class = "official";
  document.region_codes = kRegions;
  yuqing::SchemeMatcher matcher(*set);
  std::vector<uint32_t> matched;
  matcher.Match(document, &matched);
  std::vector<yuqing::SchemeExplanation> explained;
  matcher.Explain(document, &explained);
  if (explained.size() != matched.size()) std::abort();
  for (const auto& e : explained) {
    for (const auto& hit : e.hits) {
      if (hit.begin >= hit.end || hit.end > document.text.size()) std::abort();
    }
  }
  document.text = input;  // the input as text, too
  matcher.Match(document, &matched);
  return 0;
}
