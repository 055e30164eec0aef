// `yuqing extract` end to end: the seed page (product.md, issue 3) and bad input.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"

namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Output {
  int code = -1;
  std::string out;
  std::string err;
};

Output RunExtract(const std::vector<std::string>& args) {
  const char* bin = std::getenv("YUQING_BIN");
  const fs::path dir = fs::temp_directory_path() / ("yq-extract-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cmd = std::string(bin ? bin : "build/yuqing") + " extract";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " >" + (dir / "out").string() + " 2>" + (dir / "err").string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  Output o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = ReadFile(dir / "out");
  o.err = ReadFile(dir / "err");
  fs::remove_all(dir);
  return o;
}

std::u32string Codepoints(std::string_view s) {
  std::u32string out;
  for (size_t pos = 0; pos < s.size();) out.push_back(yuqing::NextCodePoint(s, &pos));
  return out;
}

// The comparison the issue prescribes: ASCII ,;:()!? mapped to full width on both sides.
std::u32string FullWidthPunctuation(std::u32string s) {
  for (auto& c : s) {
    switch (c) {
      case U',':
        c = U'，';
        break;
      case U';':
        c = U'；';
        break;
      case U':':
        c = U'：';
        break;
      case U'(':
        c = U'（';
        break;
      case U')':
        c = U'）';
        break;
      case U'!':
        c = U'！';
        break;
      case U'?':
        c = U'？';
        break;
      default:
        break;
    }
  }
  return s;
}

// 1 - Levenshtein distance / length of the longer text, over code points.
double Similarity(const std::u32string& a, const std::u32string& b) {
  if (a.empty() && b.empty()) return 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return 1.0 -
         static_cast<double>(row[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

std::string Field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v)) return "<null>";
  return std::string(v);
}

TEST(ExtractCli, SeedPageMatchesItsGoldenResult) {
  Output o = RunExtract({"--json", "tests/data/seed-page/page.txt"});
  ASSERT_EQ(o.code, 0) << o.err;
  simdjson::dom::parser parser;
  simdjson::dom::element got, want;
  ASSERT_FALSE(parser.parse(o.out).get(got)) << o.out;
  simdjson::dom::parser parser2;
  ASSERT_FALSE(parser2.load("tests/data/seed-page/expected.json").get(want));

  for (const char* key : {"title", "author", "published_at", "source"}) {
    EXPECT_EQ(Field(got, key), Field(want, key)) << key;
  }
  EXPECT_EQ(Field(got, "page_class"), "article");

  const std::string body = Field(got, "body");
  const double similarity = Similarity(FullWidthPunctuation(Codepoints(body)),
                                       FullWidthPunctuation(Codepoints(Field(want, "body"))));
  EXPECT_GE(similarity, 0.995) << body;
  RecordProperty("body_similarity", std::to_string(similarity));

  // Nothing of the spam header, the related titles or the link farm leaks into the body.
  EXPECT_EQ(body.find("波多野"), std::string::npos);
  EXPECT_EQ(body.find("猜你喜欢"), std::string::npos);
  for (const char* key : {"related_titles", "link_farm"}) {
    for (auto title : want[key].get_array()) {
      const std::string t(title.get_string().value());
      if (t == "社会保障" || t == "经办社会保障舆情") continue;  // also words of the body
      EXPECT_EQ(body.find(t), std::string::npos) << key << ": " << t;
    }
  }
  std::vector<std::string> keywords;
  for (auto k : got["keywords"].get_array()) keywords.emplace_back(k.get_string().value());
  EXPECT_EQ(keywords, (std::vector<std::string>{"经办", "社会保障", "舆情"}));
  EXPECT_EQ(Field(got, "author_note"), "作者系人社部社保中心主任");

  std::vector<std::string> flags;
  for (auto f : got["flags"].get_array()) flags.emplace_back(f.get_string().value());
  for (const char* flag : {"seo_spam_header", "link_farm", "pinyin_annotation", "mojibake_repaired",
                           "traditional_converted"}) {
    EXPECT_NE(std::find(flags.begin(), flags.end(), flag), flags.end()) << flag;
  }
  int64_t link_farm = 0;
  ASSERT_FALSE(got["removed"]["link_farm"]["count"].get_int64().get(link_farm));
  EXPECT_EQ(link_farm, 41);
  int64_t related = 0;
  ASSERT_FALSE(got["removed"]["related"]["count"].get_int64().get(related));
  EXPECT_EQ(related, 11);
}

TEST(ExtractCli, UnreadablePageGivesAnErrorObjectAndTheBatchGoesOn) {
  Output o = RunExtract({"/nonexistent/page.html", "tests/data/seed-page/page.txt"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::istringstream lines(o.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_NE(first.find("\"file\":\"/nonexistent/page.html\",\"error\":\"cannot open"),
            std::string::npos)
      << first;
  EXPECT_NE(second.find("\"title\":\"精细社保须精准宣传\""), std::string::npos);
  EXPECT_NE(o.err.find("/nonexistent/page.html"), std::string::npos);
}

TEST(ExtractCli, NoPagesIsAUsageError) {
  EXPECT_EQ(RunExtract({}).code, 1);
  EXPECT_EQ(RunExtract({"--fetched-at", "yesterday", "x.html"}).code, 1);
}

}  // namespace
