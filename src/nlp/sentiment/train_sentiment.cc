// Trains resources/nlp/sentiment.model (scripts/train_sentiment prepares the data and records
// the settings; docs/sentiment.md). Texts are normalised with TextNormalizer and cut with
// Segmenter as the pipeline does, and their features come from the same ExtractFeatures the
// scorer calls. The model is softmax regression over (negative, neutral, positive) with neutral
// the reference, fitted by AdaGrad with L2 towards a prior: zero for learned features, the
// lexicon's polarity for lexicon phrases. A label may be a set of classes ("not negative"),
// trained by maximising the probability of the set.
//
//   train_sentiment --train train.tsv --lexicon lexicon.tsv --out sentiment.model
//                   [--valid valid.tsv] [--epochs 6] [--lr 0.1] [--l2 1e-6] ...
// Input lines: set<TAB>mask<TAB>text, mask a bit set (1 negative, 2 neutral, 4 positive), text
// with \\, \t, \n, \r escaped.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "nlp/segmenter.h"
#include "nlp/sentiment/features.h"
#include "nlp/sentiment/model_file.h"
#include "normalize/normalizer.h"

namespace yuqing::sentiment {
namespace {

struct Options {
  std::string train, valid, lexicon, out;
  int epochs = 6;
  double lr = 0.1;
  double l2 = 1e-6;
  double prior_l2 = 1e-3;
  double prior_scale = 1.0;
  // Off: lexicon phrases keep their prior weights (the data cannot overrule 不高兴 because
  // one book is called 中国不高兴); on: they are pulled towards the prior with prior_l2.
  bool train_priors = false;
  int min_count = 2;
  size_t max_features = 400000;
  bool sqrt_norm = true;
  bool balance_sets = false;
  // Average the weights at the end of each epoch (all epochs): steadier than the last iterate.
  bool average = true;
  // NBSVM-style (Wang & Manning 2012): scale each feature by |log-count ratio| (negative vs not)
  // plus nb_floor while training; the scale is folded into the exported weights.
  bool nb = false;
  double nb_floor = 0.1;
  // Pruning keeps the features of highest |weight| x (training count)^prune_alpha.
  double prune_alpha = 0.5;
  bool retrain = true;
  double neutral_band = 0;
  uint32_t seed = 1;
};

struct Example {
  std::string set;
  uint32_t mask = 0;
  std::string text;
  std::vector<std::pair<uint32_t, float>> features;  // feature id (later: dense index), value
  std::vector<std::pair<uint32_t, float>> phrases;   // lexicon phrases, not length-normalised
  float weight = 1;
  // Features emitted, found in the model or not: the scorer's length normalisation counts all.
  size_t emitted = 0;
};

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
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

bool ReadExamples(const std::string& path, std::vector<Example>* examples) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    Example e;
    e.set = line.substr(0, t1);
    e.mask = static_cast<uint32_t>(std::atoi(line.c_str() + t1 + 1)) & 7;
    e.text = Unescape(std::string_view(line).substr(t2 + 1));
    if (e.mask != 0) examples->push_back(std::move(e));
  }
  return true;
}

// Normalises, cuts and extracts every example, on all cores.
void Featurize(std::vector<Example>* examples, const TextNormalizer& normalizer,
               const Segmenter& segmenter, const Lexicon& lexicon) {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<std::string_view> words;
      std::vector<uint32_t> ends;
      for (size_t i = t; i < examples->size(); i += threads) {
        Example& e = (*examples)[i];
        const std::string clean = normalizer.Normalize(e.text);
        segmenter.Cut(clean, &words);
        ends.clear();
        for (const auto word : words) {
          ends.push_back(static_cast<uint32_t>(word.data() + word.size() - clean.data()));
        }
        ExtractFeatures(clean, ends, lexicon, [&](uint32_t id, float value, bool absolute) {
          (absolute ? e.phrases : e.features).emplace_back(id, value);
        });
      }
    });
  }
  for (auto& thread : pool) thread.join();
}

struct Weights {
  std::vector<float> w, g, prior;  // 2 per feature: negative, positive
  std::vector<bool> fixed;         // per feature: a lexicon weight training must not move
  float bias[2] = {0, 0}, bias_g[2] = {0, 0};
};

// Logits of one example's dense features.
void Logits(const Example& e, const Weights& m, bool sqrt_norm, double* z, double* norm) {
  double s0 = 0, s1 = 0;
  for (const auto& [index, value] : e.features) {
    s0 += m.w[size_t{2} * index] * value;
    s1 += m.w[size_t{2} * index + 1] * value;
  }
  *norm = sqrt_norm && e.emitted > 0 ? 1.0 / std::sqrt(double(e.emitted)) : 1.0;
  s0 *= *norm;
  s1 *= *norm;
  for (const auto& [index, value] : e.phrases) {
    s0 += m.w[size_t{2} * index] * value;
    s1 += m.w[size_t{2} * index + 1] * value;
  }
  z[0] = m.bias[0] + s0;
  z[1] = m.bias[1] + s1;
}

void Probabilities(const double* z, double* p) {
  const double top = std::max({z[0], z[1], 0.0});
  const double a = std::exp(z[0] - top), b = std::exp(-top), c = std::exp(z[1] - top);
  p[0] = a / (a + b + c);
  p[1] = b / (a + b + c);
  p[2] = c / (a + b + c);
}

// The scorer's rule: negative when score = p(positive) - p(negative) is at most -band.
bool PredictNegative(const double* p, double band) { return p[2] - p[0] <= -band && p[2] < p[0]; }

// Binary accuracy (negative vs not) per set and their mean.
double Evaluate(const std::vector<Example>& examples, const Weights& m, const Options& options,
                bool print) {
  std::map<std::string, std::pair<size_t, size_t>> per_set;
  for (const auto& e : examples) {
    double z[2], norm, p[3];
    Logits(e, m, options.sqrt_norm, z, &norm);
    Probabilities(z, p);
    auto& [right, total] = per_set[e.set];
    right += PredictNegative(p, options.neutral_band) == (e.mask == 1);
    ++total;
  }
  double sum = 0;
  for (const auto& [set, counts] : per_set) {
    const double accuracy = double(counts.first) / double(counts.second);
    if (print) std::printf("  %-32s %6zu  %.4f\n", set.c_str(), counts.second, accuracy);
    sum += accuracy;
  }
  const double mean = per_set.empty() ? 0 : sum / double(per_set.size());
  if (print) std::printf("  %-32s %6s  %.4f\n", "mean", "", mean);
  return mean;
}

void TrainEpoch(std::vector<Example>& examples, Weights& m, const Options& options,
                std::mt19937& rng) {
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  constexpr double kEps = 1e-8;
  for (const size_t i : order) {
    const Example& e = examples[i];
    double z[2], norm, p[3];
    Logits(e, m, options.sqrt_norm, z, &norm);
    Probabilities(z, p);
    // Gradient of -log(sum of p over the label's classes) w.r.t. each logit: p_k - q_k, q the
    // posterior restricted to the label set.
    double in_set = 0;
    for (int k = 0; k < 3; ++k) in_set += (e.mask >> k & 1) ? p[k] : 0;
    in_set = std::max(in_set, 1e-12);
    const double grad[2] = {(p[0] - ((e.mask & 1) ? p[0] / in_set : 0)) * e.weight,
                            (p[2] - ((e.mask & 4) ? p[2] / in_set : 0)) * e.weight};
    for (int k = 0; k < 2; ++k) {
      m.bias_g[k] += static_cast<float>(grad[k] * grad[k]);
      m.bias[k] -= static_cast<float>(options.lr * grad[k] / std::sqrt(m.bias_g[k] + kEps));
    }
    const auto update = [&](const std::vector<std::pair<uint32_t, float>>& features, double scale) {
      for (const auto& [index, value] : features) {
        for (int k = 0; k < 2; ++k) {
          const size_t j = 2 * index + k;
          const bool has_prior = m.prior[j] != 0;
          if (m.fixed[index]) continue;  // lexicon weights stay as given
          const double g = grad[k] * value * scale +
                           (has_prior ? options.prior_l2 : options.l2) * (m.w[j] - m.prior[j]);
          m.g[j] += static_cast<float>(g * g);
          m.w[j] -= static_cast<float>(options.lr * g / std::sqrt(m.g[j] + kEps));
        }
      }
    };
    update(e.features, norm);
    update(e.phrases, 1.0);
  }
}

// Epochs of AdaGrad from `initial`; returns the average of the end-of-epoch weights (or the last).
Weights Fit(std::vector<Example>& train, const std::vector<Example>& valid, const Weights& initial,
            const Options& options) {
  Weights m = initial;
  std::mt19937 rng(options.seed);
  Weights sum = m;
  std::fill(sum.w.begin(), sum.w.end(), 0.0f);
  sum.bias[0] = sum.bias[1] = 0;
  Weights averaged = m;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    TrainEpoch(train, m, options, rng);
    if (options.average) {
      for (size_t j = 0; j < m.w.size(); ++j) {
        sum.w[j] += m.w[j];
        averaged.w[j] = sum.w[j] / static_cast<float>(epoch);
      }
      for (int k = 0; k < 2; ++k) {
        sum.bias[k] += m.bias[k];
        averaged.bias[k] = sum.bias[k] / static_cast<float>(epoch);
      }
    }
    if (!valid.empty()) {
      const double mean =
          Evaluate(valid, options.average ? averaged : m, options, epoch == options.epochs);
      std::printf("epoch %d: validation mean accuracy %.4f\n", epoch, mean);
    }
  }
  return options.average ? averaged : m;
}

int Run(const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto normalizer = TextNormalizer::Create();
  auto segmenter = Segmenter::Load();
  if (!normalizer.ok() || !segmenter.ok()) {
    std::fprintf(stderr, "cannot load the normaliser or segmenter: %s%s\n",
                 normalizer.status().message().c_str(), segmenter.status().message().c_str());
    return 1;
  }
  // The lexicon is stored normalised, so that it matches clean_text as the scorer sees it.
  std::ifstream lexicon_in(options.lexicon);
  if (!lexicon_in) {
    std::fprintf(stderr, "cannot read %s\n", options.lexicon.c_str());
    return 1;
  }
  std::string lexicon_text, line;
  while (std::getline(lexicon_in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t1 == std::string::npos) continue;
    const std::string word = line.substr(t1 + 1, t2 == std::string::npos ? t2 : t2 - t1 - 1);
    lexicon_text += line.substr(0, t1 + 1) + (*normalizer)->Normalize(word);
    if (t2 != std::string::npos) lexicon_text += line.substr(t2);
    lexicon_text += '\n';
  }
  auto lexicon = Lexicon::Parse(lexicon_text);
  if (!lexicon.ok()) {
    std::fprintf(stderr, "%s: %s\n", options.lexicon.c_str(), lexicon.status().message().c_str());
    return 1;
  }

  std::vector<Example> train, valid;
  if (!ReadExamples(options.train, &train) ||
      (!options.valid.empty() && !ReadExamples(options.valid, &valid))) {
    std::fprintf(stderr, "cannot read the training or validation file\n");
    return 1;
  }
  Featurize(&train, **normalizer, **segmenter, *lexicon);
  Featurize(&valid, **normalizer, **segmenter, *lexicon);
  std::printf("featurised %zu training and %zu validation texts in %.1f s\n", train.size(),
              valid.size(), elapsed());

  // Dense indices for features seen in at least min_count training texts, plus every lexicon
  // phrase (kept at its prior when the data never shows it).
  std::unordered_map<uint32_t, uint32_t> counts;
  for (const auto& e : train) {
    for (const auto& f : e.features) ++counts[f.first];
    for (const auto& f : e.phrases) ++counts[f.first];
  }
  std::unordered_map<uint32_t, uint32_t> index;
  std::vector<uint32_t> ids;
  for (const auto& [id, count] : counts) {
    if (count >= static_cast<uint32_t>(options.min_count)) {
      index.emplace(id, static_cast<uint32_t>(ids.size()));
      ids.push_back(id);
    }
  }
  std::vector<std::pair<uint32_t, float>> priors;
  for (const auto& [cps, polarity] : lexicon->phrases()) {
    const uint32_t id = FeatureId(kPhrase, SequenceKey(cps));
    if (index.emplace(id, static_cast<uint32_t>(ids.size())).second) ids.push_back(id);
    priors.emplace_back(index[id], polarity * static_cast<float>(options.prior_scale));
  }
  Weights m;
  m.w.assign(2 * ids.size(), 0);
  m.g.assign(2 * ids.size(), 0);
  m.prior.assign(2 * ids.size(), 0);
  m.fixed.assign(ids.size(), false);
  for (size_t p = 0; p < priors.size(); ++p) {
    // Emoticon codes are common in the Weibo sets, so the data refines them (from the prior,
    // pulled towards it); the other phrases are rare there and keep their prior.
    m.fixed[priors[p].first] = !options.train_priors && lexicon->phrases()[p].first[0] != '[';
  }
  for (const auto& [i, polarity] : priors) {
    m.w[size_t{2} * i] = m.prior[size_t{2} * i] = -polarity;
    m.w[size_t{2} * i + 1] = m.prior[size_t{2} * i + 1] = polarity;
  }
  for (auto* set : {&train, &valid}) {
    for (auto& e : *set) {
      const auto to_dense = [&](std::vector<std::pair<uint32_t, float>>* features) {
        std::vector<std::pair<uint32_t, float>> dense;
        for (const auto& [id, value] : *features) {
          const auto it = index.find(id);
          if (it != index.end()) dense.emplace_back(it->second, value);
        }
        *features = std::move(dense);
      };
      e.emitted = e.features.size();
      to_dense(&e.features);
      to_dense(&e.phrases);
    }
  }
  std::vector<float> nb_scale(ids.size(), 1.0f);
  if (options.nb) {
    std::vector<double> negative(ids.size(), 1.0), other(ids.size(), 1.0);  // add-one smoothing
    double total_negative = 0, total_other = 0;
    for (const auto& e : train) {
      for (const auto& f : e.features) (e.mask == 1 ? negative : other)[f.first] += 1;
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      total_negative += negative[i];
      total_other += other[i];
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      const double r = std::log(negative[i] / total_negative) - std::log(other[i] / total_other);
      nb_scale[i] = static_cast<float>(std::abs(r) + options.nb_floor);
    }
    for (const auto& [i, polarity] : priors) nb_scale[i] = 1.0f;  // priors are in weight units
    for (auto* set : {&train, &valid}) {
      for (auto& e : *set) {
        for (auto& f : e.features) f.second *= nb_scale[f.first];
      }
    }
  }
  std::map<std::string, size_t> set_sizes;
  for (const auto& e : train) ++set_sizes[e.set];
  if (options.balance_sets) {
    for (auto& e : train) {
      e.weight = static_cast<float>(double(train.size()) / double(set_sizes.size()) /
                                    double(set_sizes[e.set]));
    }
  }
  std::printf("%zu features kept (min count %d) of %zu seen; %zu lexicon phrases\n", ids.size(),
              options.min_count, counts.size(), priors.size());

  Weights initial = m;
  m = Fit(train, valid, initial, options);
  std::printf("trained in %.1f s\n", elapsed());

  // Keep the features of highest |weight| x count^alpha, then (with retrain) fit again on those
  // alone, which recovers most of what pruning a fitted model loses.
  const auto strength = [&](uint32_t i) {
    const auto it = counts.find(ids[i]);
    const double count = it == counts.end() ? 1.0 : double(it->second);
    return std::max(std::abs(m.w[size_t{2} * i]), std::abs(m.w[size_t{2} * i + 1])) * nb_scale[i] *
           std::pow(count, options.prune_alpha);
  };
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < ids.size(); ++i) {
    if (strength(i) > 1e-6) order.push_back(i);
  }
  if (order.size() > options.max_features) {
    std::nth_element(order.begin(), order.begin() + static_cast<ptrdiff_t>(options.max_features),
                     order.end(),
                     [&](uint32_t a, uint32_t b) { return strength(a) > strength(b); });
    order.resize(options.max_features);
  }
  if (options.retrain) {
    std::vector<bool> kept(ids.size(), false);
    for (const uint32_t i : order) kept[i] = true;
    for (auto* set : {&train, &valid}) {
      for (auto& e : *set) {
        std::erase_if(e.features, [&](const auto& f) { return !kept[f.first]; });
        std::erase_if(e.phrases, [&](const auto& f) { return !kept[f.first]; });
      }
    }
    std::printf("retraining on %zu features\n", order.size());
    m = Fit(train, valid, initial, options);
  } else if (!valid.empty()) {
    Weights pruned = m;
    std::fill(pruned.w.begin(), pruned.w.end(), 0.0f);
    for (const uint32_t i : order) {
      pruned.w[size_t{2} * i] = m.w[size_t{2} * i];
      pruned.w[size_t{2} * i + 1] = m.w[size_t{2} * i + 1];
    }
    std::printf("validation mean accuracy with %zu features kept: %.4f\n", order.size(),
                Evaluate(valid, pruned, options, false));
  }
  if (!valid.empty()) {
    Options banded = options;
    for (const double band : {0.0, 0.05, 0.1, 0.15, 0.2, 0.3}) {
      banded.neutral_band = band;
      std::printf("neutral band %.2f: validation mean accuracy %.4f\n", band,
                  Evaluate(valid, m, banded, false));
    }
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    m.w[size_t{2} * i] *= nb_scale[i];
    m.w[size_t{2} * i + 1] *= nb_scale[i];
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return ids[a] < ids[b]; });
  ModelData model;
  model.flags = options.sqrt_norm ? kSqrtLengthNorm : 0;
  model.bias[0] = m.bias[0];
  model.bias[1] = m.bias[1];
  model.neutral_band = static_cast<float>(options.neutral_band);
  model.lexicon = lexicon_text;
  float top[2] = {1e-6f, 1e-6f};
  for (const uint32_t i : order) {
    for (int k = 0; k < 2; ++k) top[k] = std::max(top[k], std::abs(m.w[size_t{2} * i + k]));
  }
  for (int k = 0; k < 2; ++k) model.scale[k] = top[k] / 32767.0f;
  for (const uint32_t i : order) {
    model.ids.push_back(ids[i]);
    for (int k = 0; k < 2; ++k) {
      model.weights.push_back(
          static_cast<int16_t>(std::lround(m.w[size_t{2} * i + k] / model.scale[k])));
    }
  }
  if (const Status status = WriteModelFile(model, options.out); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  std::printf("wrote %s: %zu features, %.2f MB, in %.1f s\n", options.out.c_str(), model.ids.size(),
              (model.ids.size() * 8.0 + lexicon_text.size()) / 1e6, elapsed());
  return 0;
}

}  // namespace
}  // namespace yuqing::sentiment

int main(int argc, char** argv) {
  yuqing::sentiment::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--train") {
      options.train = value;
    } else if (flag == "--valid") {
      options.valid = value;
    } else if (flag == "--lexicon") {
      options.lexicon = value;
    } else if (flag == "--out") {
      options.out = value;
    } else if (flag == "--epochs") {
      options.epochs = std::atoi(value.c_str());
    } else if (flag == "--lr") {
      options.lr = std::atof(value.c_str());
    } else if (flag == "--l2") {
      options.l2 = std::atof(value.c_str());
    } else if (flag == "--prior-l2") {
      options.prior_l2 = std::atof(value.c_str());
    } else if (flag == "--prior-scale") {
      options.prior_scale = std::atof(value.c_str());
    } else if (flag == "--min-count") {
      options.min_count = std::atoi(value.c_str());
    } else if (flag == "--max-features") {
      options.max_features = std::strtoull(value.c_str(), nullptr, 10);
    } else if (flag == "--sqrt-norm") {
      options.sqrt_norm = value == "1";
    } else if (flag == "--prune-alpha") {
      options.prune_alpha = std::atof(value.c_str());
    } else if (flag == "--train-priors") {
      options.train_priors = value == "1";
    } else if (flag == "--retrain") {
      options.retrain = value == "1";
    } else if (flag == "--nb") {
      options.nb = value == "1";
    } else if (flag == "--nb-floor") {
      options.nb_floor = std::atof(value.c_str());
    } else if (flag == "--average") {
      options.average = value == "1";
    } else if (flag == "--balance-sets") {
      options.balance_sets = value == "1";
    } else if (flag == "--neutral-band") {
      options.neutral_band = std::atof(value.c_str());
    } else if (flag == "--seed") {
      options.seed = static_cast<uint32_t>(std::atoi(value.c_str()));
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (options.train.empty() || options.lexicon.empty() || options.out.empty()) {
    std::fprintf(stderr, "usage: train_sentiment --train F --lexicon F --out F [--valid F] ...\n");
    return 2;
  }
  return yuqing::sentiment::Run(options);
}
