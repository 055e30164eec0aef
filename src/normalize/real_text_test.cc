// False repairs on real text: sentences from ../shared/data that the character model was not
// built from (scripts/data/build_normalize_resources.py lists what it used) go through the
// normaliser, as written and converted to traditional characters; no mojibake repair and no
// pinyin stripping may happen. Skipped when the shared data is not beside the repo.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <opencc/SimpleConverter.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "normalize/normalizer.h"

namespace yuqing {
namespace {

std::string SharedData() {
  const char* env = std::getenv("YUQING_SHARED_DATA");
  return env != nullptr && *env != '\0' ? env : "../shared/data";
}

// The "text" of every JSONL line of `relative`, split into lines.
std::vector<std::string> Texts(const std::string& relative) {
  std::vector<std::string> out;
  std::ifstream in(SharedData() + "/" + relative, std::ios::binary);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    std::string_view text;
    if (parser.parse(line).get(doc) || doc["text"].get(text)) continue;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start) out.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

// The last column (the text) of the first `limit` non-empty rows of a TSV file (README of the
// shared data: backslash, tab and newline are escaped in cells).
std::vector<std::string> TsvTexts(const std::string& relative, size_t limit) {
  std::vector<std::string> out;
  std::ifstream in(SharedData() + "/" + relative, std::ios::binary);
  std::string line;
  std::getline(in, line);  // header
  while (out.size() < limit && std::getline(in, line)) {
    const std::string cell = line.substr(line.rfind('\t') + 1);
    std::string text;
    for (size_t i = 0; i < cell.size(); ++i) {
      if (cell[i] == '\\' && i + 1 < cell.size()) {
        const char e = cell[++i];
        text += e == 'n' ? ' ' : e == 't' ? ' ' : e == 'r' ? ' ' : e;
      } else {
        text += cell[i];
      }
    }
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

class RealTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(SharedData() + "/waimai_10k/data.jsonl")) {
      GTEST_SKIP() << "no shared data at " << SharedData();
    }
    auto created = TextNormalizer::Create();
    ASSERT_TRUE(created.ok()) << created.status().message();
    normalizer_ = std::move(created.value());
  }
  std::unique_ptr<TextNormalizer> normalizer_;
};

TEST_F(RealTextTest, NoFalseRepairs) {
  const opencc::SimpleConverter s2t("s2t.json");
  size_t lines = 0;
  size_t with_question_mark = 0;
  size_t false_repairs = 0;
  size_t false_pinyin = 0;
  for (const char* set :
       {"chnsenticorp/train.jsonl", "chnsenticorp/dev.jsonl", "waimai_10k/data.jsonl",
        "covid_weibo_emotion7/data.jsonl", "osm_weibo_group_event_emotion/train.jsonl",
        "checked_covid_weibo/posts.jsonl", "ced_weibo_rumor_cascades/events.jsonl",
        "shebao_relevance/labels.jsonl", "ced_weibo_rumor_cascades/posts.tsv",
        "checked_covid_weibo/reactions.tsv"}) {
    const std::string name = set;
    const std::vector<std::string> texts =
        name.ends_with(".tsv") ? TsvTexts(name, 25000) : Texts(name);
    EXPECT_GT(texts.size(), 500U) << set;
    for (size_t i = 0; i < texts.size(); ++i) {
      // Every text as written; every 10th also in traditional characters.
      for (int variant = 0; variant < (i % 10 == 0 ? 2 : 1); ++variant) {
        const std::string text = variant == 0 ? texts[i] : s2t.Convert(texts[i]);
        NormalizeReport report;
        normalizer_->Normalize(text, &report);
        ++lines;
        with_question_mark += text.find('?') != std::string::npos;
        if (report.mojibake_repaired > 0) {
          ++false_repairs;
          ADD_FAILURE() << set << ": repaired " << text;
        }
        if (report.pinyin_removed > 0) {
          ++false_pinyin;
          ADD_FAILURE() << set << ": pinyin stripped in " << text;
        }
      }
    }
  }
  std::printf("[ real text ] %zu lines (%zu with '?'): %zu false repairs, %zu false pinyin\n",
              lines, with_question_mark, false_repairs, false_pinyin);
  EXPECT_GT(lines, 100000U);
  EXPECT_GT(with_question_mark, 1000U);
}

}  // namespace
}  // namespace yuqing
