#include "nlp/sentiment/model_file.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

namespace yuqing::sentiment {
namespace {

constexpr std::string_view kMagic = "YQSENT01";

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  bool Get(T* value) {
    if (data_.size() - at_ < sizeof(T)) return false;
    std::memcpy(value, data_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool Bytes(size_t n, std::string_view* out) {
    if (data_.size() - at_ < n) return false;
    *out = data_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool done() const { return at_ == data_.size(); }

 private:
  std::string_view data_;
  size_t at_ = 0;
};

template <typename T>
void Put(const T& value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

Result<ModelData> ReadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open sentiment model");
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto bad = [&](std::string_view what) {
    return Status::InvalidInput(path + ": not a sentiment model (" + std::string(what) + ")");
  };
  Reader reader(data);
  std::string_view magic, lexicon;
  ModelData model;
  uint32_t lexicon_bytes = 0, n = 0;
  if (!reader.Bytes(kMagic.size(), &magic) || magic != kMagic) return bad("magic");
  if (!reader.Get(&model.flags) || !reader.Get(&model.bias[0]) || !reader.Get(&model.bias[1]) ||
      !reader.Get(&model.scale[0]) || !reader.Get(&model.scale[1]) ||
      !reader.Get(&model.neutral_band) || !reader.Get(&lexicon_bytes) ||
      !reader.Bytes(lexicon_bytes, &lexicon) || !reader.Get(&n)) {
    return bad("truncated header");
  }
  for (const float f :
       {model.bias[0], model.bias[1], model.scale[0], model.scale[1], model.neutral_band}) {
    if (!std::isfinite(f)) return bad("header value not finite");
  }
  if (n > (data.size() / 8)) return bad("feature count");
  model.lexicon = std::string(lexicon);
  model.ids.resize(n);
  model.weights.resize(2 * size_t{n});
  for (uint32_t i = 0; i < n; ++i) {
    if (!reader.Get(&model.ids[i]) || !reader.Get(&model.weights[size_t{2} * i]) ||
        !reader.Get(&model.weights[size_t{2} * i + 1])) {
      return bad("truncated features");
    }
    if (model.ids[i] == 0) return bad("feature id 0");
  }
  if (!reader.done()) return bad("trailing bytes");
  return model;
}

Status WriteModelFile(const ModelData& model, const std::string& path) {
  std::string out(kMagic);
  Put(model.flags, &out);
  for (const float f :
       {model.bias[0], model.bias[1], model.scale[0], model.scale[1], model.neutral_band}) {
    Put(f, &out);
  }
  Put(static_cast<uint32_t>(model.lexicon.size()), &out);
  out += model.lexicon;
  Put(static_cast<uint32_t>(model.ids.size()), &out);
  for (size_t i = 0; i < model.ids.size(); ++i) {
    Put(model.ids[i], &out);
    Put(model.weights[size_t{2} * i], &out);
    Put(model.weights[size_t{2} * i + 1], &out);
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) return Status::IoError(path + ": cannot write sentiment model");
  return Status::Ok();
}

}  // namespace yuqing::sentiment
