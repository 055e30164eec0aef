#include "extract/page.h"

#include <algorithm>

namespace yuqing {
namespace {
constexpr size_t kSampleBytes = 240;  // about 80 CJK characters

std::string CutUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}
}  // namespace

std::string_view PageClassName(PageClass page_class) {
  switch (page_class) {
    case PageClass::kArticle:
      return "article";
    case PageClass::kList:
      return "list";
    case PageClass::kSpam:
      return "spam";
    case PageClass::kOther:
      return "other";
  }
  return "other";
}

void ExtractedPage::Remove(const std::string& kind, std::string_view text, size_t count) {
  auto it = std::find_if(removed.begin(), removed.end(),
                         [&](const RemovedContent& r) { return r.kind == kind; });
  if (it == removed.end()) {
    removed.push_back(RemovedContent{kind, 0, {}});
    it = removed.end() - 1;
  }
  it->count += count;
  if (it->samples.size() < kMaxRemovedSamples && !text.empty()) {
    it->samples.push_back(CutUtf8(text, kSampleBytes));
  }
}

void ExtractedPage::Flag(const std::string& flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

}  // namespace yuqing
