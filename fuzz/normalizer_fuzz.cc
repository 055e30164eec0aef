// Fuzzes text normalisation (mojibake repair, pinyin stripping, OpenCC, width, whitespace) on
// arbitrary bytes: no crash, no hang, and the output is valid UTF-8 with no blank line runs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "normalize/normalizer.h"

namespace {

bool ValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = yuqing::NextCodePoint(text, &pos);
    if (cp == 0xFFFD && pos - start != 3) return false;
  }
  return true;
}

const yuqing::TextNormalizer& Normalizer() {
  static const std::unique_ptr<yuqing::TextNormalizer> normalizer = [] {
    auto created = yuqing::TextNormalizer::Create();
    if (!created.ok()) std::abort();  // the resources must load
    return std::move(created.value());
  }();
  return *normalizer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  yuqing::NormalizeReport report;
  const std::string out = Normalizer().Normalize(text, &report);
  if (!ValidUtf8(out)) std::abort();
  if (out.find("\n\n\n") != std::string::npos) std::abort();
  if (!out.empty() && (out.front() == '\n' || out.back() == '\n')) std::abort();
  return 0;
}
