// `yuqing schemes test`: the dry run of a configuration's schemes over items, so that a user
// sees what a rule would catch (and why) before putting it in force.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "core/item_jsonl.h"
#include "core/json_text.h"
#include "core/utf8.h"
#include "pipeline/analysis_pipeline.h"

namespace yuqing::cli {
namespace {

constexpr size_t kContextChars = 24;  // characters of context on each side of a sample

struct Marks {
  std::string open, close;
};

// Moves a byte offset back (or forward) by up to `chars` code points.
size_t StepBack(std::string_view text, size_t pos, size_t chars) {
  while (pos > 0 && chars > 0) {
    --pos;
    while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
    --chars;
  }
  return pos;
}
size_t StepForward(std::string_view text, size_t pos, size_t chars) {
  while (pos < text.size() && chars > 0) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
    --chars;
  }
  return pos;
}

// The text around the scheme's first hit, its hits marked, on one line.
std::string Snippet(std::string_view text, const std::vector<TermHit>& hits, const Marks& marks) {
  if (hits.empty()) return std::string(text.substr(0, StepForward(text, 0, 2 * kContextChars)));
  const size_t from = StepBack(text, hits.front().begin, kContextChars);
  const size_t to = StepForward(text, hits.front().end, 2 * kContextChars);
  std::string out = from > 0 ? "…" : "";
  size_t pos = from;
  for (const auto& h : hits) {
    if (h.begin < pos || h.end > to) continue;
    out.append(text.substr(pos, h.begin - pos));
    out += marks.open;
    out.append(text.substr(h.begin, h.end - h.begin));
    out += marks.close;
    pos = h.end;
  }
  out.append(text.substr(pos, to - pos));
  if (to < text.size()) out += "…";
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

// The distinct words behind a scheme's hits, in order of first appearance.
std::string HitWords(std::string_view text, const std::vector<TermHit>& hits) {
  std::vector<std::string_view> words;
  for (const auto& h : hits) {
    const auto word = text.substr(h.begin, h.end - h.begin);
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out.append(w);
  }
  return out;
}

struct SchemeTally {
  size_t items = 0;
  std::vector<std::string> samples;
};

}  // namespace

int RunSchemesTest(const SchemesTestOptions& options) {
  auto config = LoadConfigOrReport(options.config_path);
  if (!config) return kExitUnusableInput;
  auto analysis = BuildAnalysisPipeline(*config);
  if (!analysis.ok()) {
    spdlog::error("{}", analysis.status().message());
    return kExitUnusableInput;
  }
  auto reader = ItemReader::Open(options.input);
  if (!reader.ok()) {
    spdlog::error("{}", reader.status().message());
    return kExitUnusableInput;
  }
  const bool color = !options.json && isatty(fileno(stdout));
  const Marks marks = color ? Marks{"\x1b[1;31m", "\x1b[0m"} : Marks{"[[", "]]"};
  const auto set = analysis->schemes->schemes();

  std::vector<SchemeTally> tally(set->size());
  std::vector<std::string> item_lines;
  size_t items = 0, matched_items = 0, bad_records = 0;
  Item item;
  BadRecord bad;
  std::vector<SchemeExplanation> explained;
  for (bool more = true; more;) {
    switch ((*reader)->Next(&item, &bad)) {
      case ItemReader::Outcome::kEnd:
        more = false;
        break;
      case ItemReader::Outcome::kIoError:
        spdlog::error("{}", (*reader)->io_error().message());
        return kExitUnusableInput;
      case ItemReader::Outcome::kBadRecord:
        ++bad_records;
        spdlog::warn("{} (skipped)", bad.Describe());
        break;
      case ItemReader::Outcome::kItem: {
        ++items;
        std::string failed_stage;
        if (Status s = analysis->pipeline.Process(item, &failed_stage); !s.ok()) {
          ++bad_records;
          spdlog::warn("{}:{}: {}: {} (skipped)", (*reader)->name(), (*reader)->line(),
                       failed_stage, s.message());
          break;
        }
        analysis->schemes->Explain(item, &explained);
        const std::string_view text = *item.analysis.clean_text;
        if (options.json) {
          std::string line = "{\"id\":";
          AppendJsonString(item.id, &line);
          line += ",\"schemes\":[";
          for (size_t i = 0; i < explained.size(); ++i) {
            if (i > 0) line += ',';
            line += "{\"id\":";
            AppendJsonString(set->scheme(explained[i].scheme).id, &line);
            line += ",\"hits\":[";
            for (size_t j = 0; j < explained[i].hits.size(); ++j) {
              const auto& h = explained[i].hits[j];
              if (j > 0) line += ',';
              line += "{\"text\":";
              AppendJsonString(text.substr(h.begin, h.end - h.begin), &line);
              line += ",\"begin\":" + std::to_string(h.begin) +
                      ",\"end\":" + std::to_string(h.end) + "}";
            }
            line += "]}";
          }
          line += "]}\n";
          std::fputs(line.c_str(), stdout);
          break;
        }
        if (explained.empty()) break;
        ++matched_items;
        std::string why = item.id + ": ";
        for (size_t i = 0; i < explained.size(); ++i) {
          const auto& e = explained[i];
          SchemeTally& t = tally[e.scheme];
          ++t.items;
          if (t.samples.size() < options.samples) {
            t.samples.push_back(item.id + "  " + Snippet(text, e.hits, marks));
          }
          if (i > 0) why += "; ";
          why += set->scheme(e.scheme).id + " (" + HitWords(text, e.hits) + ")";
        }
        if (item_lines.size() < options.max_items) item_lines.push_back(why);
        break;
      }
    }
  }
  if (options.json) return kExitOk;

  std::printf("%zu schemes from %s; %zu items read, %zu matched at least one scheme", set->size(),
              config->source.c_str(), items, matched_items);
  if (bad_records > 0) std::printf(", %zu records skipped (see stderr)", bad_records);
  std::printf("\n\n");
  std::vector<std::string> silent;
  for (size_t i = 0; i < set->size(); ++i) {
    const auto& scheme = set->scheme(i);
    if (tally[i].items == 0) {
      silent.push_back(scheme.id);
      continue;
    }
    std::printf("%s  %s  %zu item%s\n", scheme.id.c_str(), scheme.name.c_str(), tally[i].items,
                tally[i].items == 1 ? "" : "s");
    for (const auto& sample : tally[i].samples) std::printf("    %s\n", sample.c_str());
  }
  if (!silent.empty()) {
    std::printf("\nno hit:");
    for (const auto& id : silent) std::printf(" %s", id.c_str());
    std::printf("\n");
  }
  if (!item_lines.empty()) {
    std::printf("\nwhy each item matched (scheme (words that made it match)):\n");
    for (const auto& line : item_lines) std::printf("  %s\n", line.c_str());
    if (matched_items > item_lines.size()) {
      std::printf("  … and %zu more (--max-items, or --json for all)\n",
                  matched_items - item_lines.size());
    }
  }
  return kExitOk;
}

int RunSchemesList(const std::string& config_path) {
  auto config = LoadConfigOrReport(config_path);
  if (!config) return kExitUnusableInput;
  for (const auto& scheme : config->schemes.schemes) {
    std::printf("%-24s %s  (%s)\n", scheme.id.c_str(), scheme.name.c_str(), scheme.origin.c_str());
  }
  return kExitOk;
}

}  // namespace yuqing::cli
