// A linear model over hashed features (features.h) with three classes, neutral the reference:
// z_negative and z_positive are a bias plus the sum of int16 weights found for the text's
// features, times a per-class scale (and 1/sqrt(feature count) when the model says so). Weights
// live in one open-addressing table of 8-byte slots keyed by the feature id, so a feature costs
// one probe and scoring allocates nothing.
#include "nlp/sentiment/sentiment.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/resources.h"
#include "nlp/sentiment/features.h"
#include "nlp/sentiment/model_file.h"

namespace yuqing {
namespace {

using sentiment::ExtractFeatures;
using sentiment::Lexicon;
using sentiment::ModelData;

// Weibo's default text for a repost without comment ("转发微博", 39% of CED reposts are it or
// empty) says nothing of the reposter's own feeling; the model, fed two words, would guess.
bool IsRepostBoilerplate(std::string_view text) {
  while (!text.empty()) {
    if (text.back() == ' ' || text.back() == '.' || text.back() == '!') {
      text.remove_suffix(1);
    } else if (text.ends_with("。") || text.ends_with("！")) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text == "转发微博" || text == "转发" || text == "Repost" || text == "repost" ||
         text == "分享图片" || text == "分享视频";
}

class LinearSentimentModel final : public SentimentModel {
 public:
  LinearSentimentModel(const ModelData& model, Lexicon lexicon) : lexicon_(std::move(lexicon)) {
    size_t capacity = 1024;
    while (capacity < model.ids.size() + model.ids.size() / 2) capacity *= 2;
    table_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (size_t i = 0; i < model.ids.size(); ++i) {
      for (size_t slot = model.ids[i] & mask_;; slot = (slot + 1) & mask_) {
        Slot& s = table_[slot];
        if (s.id == 0 || s.id == model.ids[i]) {
          s = {model.ids[i], {model.weights[2 * i], model.weights[2 * i + 1]}};
          break;
        }
      }
    }
    sqrt_norm_ = (model.flags & sentiment::kSqrtLengthNorm) != 0;
    for (int k = 0; k < 2; ++k) {
      bias_[k] = model.bias[k];
      scale_[k] = model.scale[k];
    }
    neutral_band_ = model.neutral_band;
  }

  SentimentScore Score(std::string_view text, std::span<const uint32_t> word_ends) const override {
    if (text.empty() || IsRepostBoilerplate(text)) return {"neutral", 0};
    float sum_negative = 0, sum_positive = 0, fixed_negative = 0, fixed_positive = 0;
    uint32_t count = 0;
    const Slot* table = table_.data();
    const size_t mask = mask_;
    // Two passes: the features are collected and their slots prefetched, then looked up. The
    // table is megabytes, so nearly every probe misses the cache; issued together, the misses
    // overlap instead of queueing one behind the other.
    struct Pending {
      uint32_t id;
      float value;
      bool absolute;
    };
    thread_local std::vector<Pending> pending;
    pending.clear();
    ExtractFeatures(text, word_ends, lexicon_, [&](uint32_t id, float value, bool absolute) {
      __builtin_prefetch(&table[id & mask]);
      pending.push_back({id, value, absolute});
    });
    for (const Pending& f : pending) {
      count += !f.absolute;
      for (size_t slot = f.id & mask;; slot = (slot + 1) & mask) {
        const Slot& s = table[slot];
        if (s.id == f.id) {
          (f.absolute ? fixed_negative : sum_negative) += static_cast<float>(s.weight[0]) * f.value;
          (f.absolute ? fixed_positive : sum_positive) += static_cast<float>(s.weight[1]) * f.value;
          break;
        }
        if (s.id == 0) break;
      }
    }
    const float norm = sqrt_norm_ && count > 0 ? 1.0f / std::sqrt(static_cast<float>(count)) : 1;
    const double z_negative = bias_[0] + (sum_negative * norm + fixed_negative) * scale_[0];
    const double z_positive = bias_[1] + (sum_positive * norm + fixed_positive) * scale_[1];
    // Softmax over (negative, neutral = 0, positive), shifted by the largest for range.
    const double top = std::max({z_negative, z_positive, 0.0});
    const double e_negative = std::exp(z_negative - top), e_positive = std::exp(z_positive - top);
    const double e_neutral = std::exp(-top);
    const double total = e_negative + e_neutral + e_positive;
    const double p_negative = e_negative / total, p_positive = e_positive / total;
    const double score = p_positive - p_negative;
    // Three labels from the score with a neutral band (most news is neither).
    const char* label = "neutral";
    if (score <= -neutral_band_ && score < 0) label = "negative";
    if (score >= neutral_band_ && score > 0) label = "positive";
    return {label, score};
  }

 private:
  struct Slot {
    uint32_t id = 0;
    int16_t weight[2] = {0, 0};
  };
  Lexicon lexicon_;
  std::vector<Slot> table_;
  size_t mask_ = 0;
  bool sqrt_norm_ = false;
  float bias_[2] = {0, 0};
  float scale_[2] = {1, 1};
  float neutral_band_ = 0;
};

}  // namespace

Result<std::unique_ptr<SentimentModel>> SentimentModel::Load(const SentimentOptions& options) {
  const std::string path = options.model_path.empty()
                               ? ResourcePath("resources/nlp/sentiment.model")
                               : options.model_path;
  auto model = sentiment::ReadModelFile(path);
  if (!model.ok()) return model.status();
  auto lexicon = Lexicon::Parse(model->lexicon);
  if (!lexicon.ok()) return lexicon.status().WithPrefix(path);
  return std::unique_ptr<SentimentModel>(
      new LinearSentimentModel(*model, std::move(lexicon.value())));
}

}  // namespace yuqing
