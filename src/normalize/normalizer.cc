#include "normalize/normalizer.h"

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
  TextNormalizerImpl(NormalizeOptions options, std::unique_ptr<Simplifier> simplifier,
                     std::unique_ptr<CharModel> model, std::unique_ptr<GbkTable> gbk)
      : options_(std::move(options)),
        simplifier_(std::move(simplifier)),
        model_(std::move(model)),
        gbk_(std::move(gbk)) {
    if (model_ != nullptr && gbk_ != nullptr) {
      repairer_ = std::make_unique<MojibakeRepairer>(model_.get(), gbk_.get(), simplifier_.get(),
                                                     options_.mojibake_margin);
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
  std::unique_ptr<Simplifier> simplifier_;
  std::unique_ptr<CharModel> model_;
  std::unique_ptr<GbkTable> gbk_;
  std::unique_ptr<MojibakeRepairer> repairer_;
};

}  // namespace

Result<std::unique_ptr<TextNormalizer>> TextNormalizer::Create(const NormalizeOptions& options) {
  // Mojibake scoring uses OpenCC's character map even when conversion itself is off.
  std::unique_ptr<Simplifier> simplifier;
  if (options.to_simplified || options.repair_mojibake) {
    const std::string corrections = options.t2s_corrections.empty()
                                        ? ResourcePath("resources/normalize/t2s_corrections.tsv")
                                        : options.t2s_corrections;
    auto created = Simplifier::Create(options.opencc_config, corrections);
    if (!created.ok()) return created.status();
    simplifier = std::move(created.value());
  }
  std::unique_ptr<CharModel> model;
  std::unique_ptr<GbkTable> gbk;
  if (options.repair_mojibake) {
    const std::string path = options.char_bigrams.empty()
                                 ? ResourcePath("resources/normalize/char_bigrams.tsv")
                                 : options.char_bigrams;
    auto loaded = CharModel::Load(path);
    if (!loaded.ok()) return loaded.status();
    model = std::make_unique<CharModel>(std::move(loaded.value()));
    auto table = GbkTable::Build();
    if (!table.ok()) return table.status();
    gbk = std::make_unique<GbkTable>(std::move(table.value()));
  }
  auto impl = std::make_unique<TextNormalizerImpl>(options, std::move(simplifier), std::move(model),
                                                   std::move(gbk));
  return std::unique_ptr<TextNormalizer>(std::move(impl));
}

}  // namespace yuqing
