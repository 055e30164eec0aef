// Scores texts as the pipeline does (TextNormalizer, Segmenter, SentimentModel), one per input
// line, for bench/eval_sentiment. Lines have \\, \t, \n, \r escaped; output is
// `label<TAB>score` per line, or with --normalize the escaped clean text (what the fastText
// baseline is trained on).
//
//   score_sentiment [--model PATH] [--normalize] <texts >scores
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/segmenter.h"
#include "nlp/sentiment/sentiment.h"
#include "normalize/normalizer.h"

namespace {

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  yuqing::SentimentOptions options;
  bool normalize_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--normalize") {
      normalize_only = true;
    } else if (flag == "--model" && i + 1 < argc) {
      options.model_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: score_sentiment [--model PATH] [--normalize] <texts\n");
      return 2;
    }
  }
  auto normalizer = yuqing::TextNormalizer::Create();
  auto segmenter = yuqing::Segmenter::Load();
  if (!normalizer.ok() || !segmenter.ok()) {
    std::fprintf(stderr, "cannot load: %s%s\n", normalizer.status().message().c_str(),
                 segmenter.status().message().c_str());
    return 1;
  }
  std::unique_ptr<yuqing::SentimentModel> model;
  if (!normalize_only) {
    auto loaded = yuqing::SentimentModel::Load(options);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
      return 1;
    }
    model = std::move(*loaded);
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  std::vector<std::string_view> words;
  std::vector<uint32_t> ends;
  while (std::getline(std::cin, line)) {
    const std::string clean = (*normalizer)->Normalize(Unescape(line));
    if (normalize_only) {
      std::cout << Escape(clean) << '\n';
      continue;
    }
    (*segmenter)->Cut(clean, &words);
    ends.clear();
    for (const auto word : words) {
      ends.push_back(static_cast<uint32_t>(word.data() + word.size() - clean.data()));
    }
    const auto score = model->Score(clean, ends);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", score.score);
    std::cout << score.label << '\t' << buffer << '\n';
  }
  return 0;
}
