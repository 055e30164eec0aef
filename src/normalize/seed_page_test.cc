// The seed page (a content-farm copy of a magazine article: traditional characters, pinyin after
// characters, five spots of GBK phase-shift mojibake, ASCII punctuation) normalised line by
// line must give the golden body's paragraphs (tests/data/seed-page/expected.json).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "normalize/normalizer.h"

namespace yuqing {
namespace {

constexpr char kSeedDir[] = "tests/data/seed-page/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) lines.push_back(line);
  return lines;
}

TEST(SeedPageTest, BodyParagraphsMatchTheGoldenBody) {
  const std::string page = ReadFile(std::string(kSeedDir) + "page.txt");
  const std::string golden = ReadFile(std::string(kSeedDir) + "expected.json");
  ASSERT_FALSE(page.empty());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(golden).get(doc));
  std::string_view body;
  ASSERT_FALSE(doc["body"].get(body));

  auto created = TextNormalizer::Create();
  ASSERT_TRUE(created.ok()) << created.status().message();
  NormalizeReport total;
  std::set<std::string> normalized;
  for (const std::string& line : SplitLines(page)) {
    NormalizeReport report;
    std::string out = (*created)->Normalize(line, &report);
    total.Add(report);
    // The magazine's end-of-article mark "■" is the extractor's to drop (it removes the author
    // note block), not a normalisation.
    if (out.size() >= 3 && out.compare(out.size() - 3, 3, "■") == 0) out.resize(out.size() - 3);
    normalized.insert(out);
  }
  const std::vector<std::string> paragraphs = SplitLines(std::string(body));
  ASSERT_EQ(paragraphs.size(), 24U);
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    EXPECT_EQ(normalized.count(paragraphs[i]), 1U) << "paragraph " << i << ": " << paragraphs[i];
  }
  // The content-farm signals the extractor reports.
  EXPECT_EQ(total.mojibake_repaired, 5U);
  EXPECT_GT(total.pinyin_removed, 500U);
  EXPECT_GT(total.traditional_converted, 1000U);
}

}  // namespace
}  // namespace yuqing
