#include "normalize/normalizer.h"

#include <fstream>
#include <functional>
#include <map>
#include <mutex>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/resources.h"
#include "normalize/char_model.h"
#include "normalize/gbk_table.h"
#include "normalize/mojibake.h"
#include "normalize/pinyin.h"
#include "normalize/punctuation.h"
#include "normalize/simplifier.h"
#include "normalize/text_scan.h"
#include "normalize/whitespace.h"

namespace yuqing {

void NormalizeReport::Add(const NormalizeReport& other) {
  mojibake_repaired += other.mojibake_repaired;
  pinyin_removed += other.pinyin_removed;
  traditional_converted += other.traditional_converted;
  punctuation_converted += other.punctuation_converted;
  alnum_folded += other.alnum_folded;
}

namespace {

class TextNormalizerImpl final : public TextNormalizer {
 public:
  TextNormalizerImpl(NormalizeOptions options, std::shared_ptr<const Simplifier> simplifier,
                     std::function<const CharModel*()> load_model,
                     std::shared_ptr<const GbkTable> gbk)
      : options_(std::move(options)), simplifier_(std::move(simplifier)), gbk_(std::move(gbk)) {
    if (load_model && gbk_ != nullptr) {
      repairer_ = std::make_unique<MojibakeRepairer>(std::move(load_model), gbk_.get(),
                                                     simplifier_.get(), options_.mojibake_margin);
    }
  }

  std::string Normalize(std::string_view input, NormalizeReport* report) const override {
    NormalizeReport local;
    NormalizeReport& r = report != nullptr ? *report : local;
    r = NormalizeReport{};
    // One pass over the bytes says which steps can change anything; ordinary simplified text
    // skips nearly all of them.
    const TextScan scan = ScanText(input, simplifier_.get());
    std::string text = scan.valid_utf8 ? std::string(input) : ReplaceInvalidUtf8(input);

    if (repairer_ != nullptr && scan.mojibake_trigger) {
      text = repairer_->Repair(text, &r.mojibake_repaired);
    }
    if (options_.strip_pinyin && scan.open_paren) {
      text = StripPinyinAnnotations(text, &r.pinyin_removed);
    }
    // Mojibake repair can bring traditional characters in, so check again after it.
    if (options_.to_simplified && simplifier_ != nullptr &&
        (scan.traditional || r.mojibake_repaired > 0)) {
      text = simplifier_->Convert(text, &r.traditional_converted);
    }
    // A repair puts Chinese next to marks and blanks that had '?' beside them: re-check those.
    const bool repaired = r.mojibake_repaired > 0;
    if ((options_.fullwidth_punctuation && (scan.ascii_punctuation || repaired)) ||
        (options_.fold_fullwidth_alnum && scan.fullwidth_alnum)) {
      WidthCounts counts;
      text = NormalizeWidth(text, options_.fullwidth_punctuation, options_.fold_fullwidth_alnum,
                            &counts);
      r.punctuation_converted = counts.punctuation;
      r.alnum_folded = counts.alnum;
    }
    if (options_.normalize_whitespace && (scan.whitespace || repaired)) {
      text = NormalizeWhitespace(text, options_.keep_space_between_chinese);
    }
    return text;
  }

 private:
  NormalizeOptions options_;
  std::shared_ptr<const Simplifier> simplifier_;
  std::shared_ptr<const GbkTable> gbk_;
  std::unique_ptr<MojibakeRepairer> repairer_;
};

// The loaded resources are shared by every normaliser of the process (clean_text's and the
// page extractor's two): each load costs a tenth of a second and megabytes, and all of them
// are immutable once loaded.
template <typename T>
class LoadedOnce {
 public:
  template <typename LoadFn>
  Result<std::shared_ptr<const T>> Get(const std::string& key, LoadFn load) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second;
    auto made = load();
    if (!made.ok()) return made.status();
    std::shared_ptr<const T> shared = std::move(made.value());
    loaded_.emplace(key, shared);
    return shared;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const T>> loaded_;
};

}  // namespace

Result<std::unique_ptr<TextNormalizer>> TextNormalizer::Create(const NormalizeOptions& options) {
  static LoadedOnce<Simplifier> simplifiers;
  // Loaded models live as long as the process (the cache holds them), so a normaliser may keep
  // a plain pointer.
  static LoadedOnce<CharModel> models;
  static LoadedOnce<GbkTable> gbk_tables;
  // Mojibake scoring uses OpenCC's character map even when conversion itself is off.
  std::shared_ptr<const Simplifier> simplifier;
  if (options.to_simplified || options.repair_mojibake) {
    const std::string corrections = options.t2s_corrections.empty()
                                        ? ResourcePath("resources/normalize/t2s_corrections.tsv")
                                        : options.t2s_corrections;
    auto created = simplifiers.Get(options.opencc_config + '\n' + corrections, [&] {
      return Simplifier::Create(options.opencc_config, corrections);
    });
    if (!created.ok()) return created.status();
    simplifier = std::move(created.value());
  }
  std::function<const CharModel*()> load_model;
  std::shared_ptr<const GbkTable> gbk;
  if (options.repair_mojibake) {
    std::string path = options.char_bigrams.empty()
                           ? ResourcePath("resources/normalize/char_bigrams.tsv")
                           : options.char_bigrams;
    // Missing is an error now; the model itself loads when a damaged line first needs it.
    if (!std::ifstream(path)) return Status::NotFound(path + ": cannot open the character model");
    load_model = [path]() -> const CharModel* {
      auto loaded = models.Get(path, [&]() -> Result<std::unique_ptr<CharModel>> {
        auto m = CharModel::Load(path);
        if (!m.ok()) return m.status();
        return std::make_unique<CharModel>(std::move(m.value()));
      });
      return loaded.ok() ? loaded.value().get() : nullptr;
    };
    auto table = gbk_tables.Get("gbk", []() -> Result<std::unique_ptr<GbkTable>> {
      auto t = GbkTable::Build();
      if (!t.ok()) return t.status();
      return std::make_unique<GbkTable>(std::move(t.value()));
    });
    if (!table.ok()) return table.status();
    gbk = std::move(table.value());
  }
  auto impl = std::make_unique<TextNormalizerImpl>(options, std::move(simplifier),
                                                   std::move(load_model), std::move(gbk));
  return std::unique_ptr<TextNormalizer>(std::move(impl));
}

}  // namespace yuqing
