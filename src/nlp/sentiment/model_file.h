// The sentiment model file (resources/nlp/sentiment.model), written by train_sentiment and read
// by SentimentModel::Load. Little-endian binary:
//   "YQSENT01"  u32 flags  f32 bias[2] (negative, positive; neutral is the reference class 0)
//   f32 scale[2] (int16 weight -> float)  f32 neutral_band
//   u32 lexicon bytes, the lexicon text (features.h)
//   u32 n, then n records {u32 feature id, i16 weight negative, i16 weight positive}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace yuqing::sentiment {

// Scale the feature sum by 1/sqrt(number of features), so that long reviews and short posts
// land on one scale.
inline constexpr uint32_t kSqrtLengthNorm = 1;

struct ModelData {
  uint32_t flags = 0;
  float bias[2] = {0, 0};
  float scale[2] = {1, 1};
  // Labels from score = p(positive) - p(negative): negative at or below -band, positive at or
  // above band, neutral between.
  float neutral_band = 0;
  std::string lexicon;
  std::vector<uint32_t> ids;
  std::vector<int16_t> weights;  // 2 per id: negative, positive
};

Result<ModelData> ReadModelFile(const std::string& path);
Status WriteModelFile(const ModelData& model, const std::string& path);

}  // namespace yuqing::sentiment
