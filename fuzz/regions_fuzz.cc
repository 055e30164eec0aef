// Fuzzes region attribution on arbitrary bytes: the input split into text, author_location and
// site (at the first two 0x01 bytes), the text also segmented for real and with made-up word ends
// (unsorted, out of range). Any input must give matches, never a crash, and every match must be
// well formed: a mainland code for mainland scope only, none for foreign places.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "nlp/regions/region_attributor.h"
#include "nlp/segmenter.h"

namespace {

const yuqing::RegionAttributor& TheAttributor() {
  static const std::unique_ptr<yuqing::RegionAttributor> attributor = [] {
    auto loaded = yuqing::RegionAttributor::Load();
    if (!loaded.ok()) std::abort();  // the gazetteer must load
    return std::move(loaded.value());
  }();
  return *attributor;
}

const yuqing::Segmenter& TheSegmenter() {
  static const std::unique_ptr<yuqing::Segmenter> segmenter = [] {
    auto loaded = yuqing::Segmenter::Load();
    if (!loaded.ok()) std::abort();
    return std::move(loaded.value());
  }();
  return *segmenter;
}

void Check(const std::vector<yuqing::RegionMatch>& matches) {
  for (const auto& m : matches) {
    if (m.confidence <= 0 || m.confidence > 1) std::abort();
    if (m.scope == "foreign" && (!m.code.empty() || m.level != "foreign")) std::abort();
    if (m.scope == "hk_mo_tw" && m.code != "710000" && m.code != "810000" && m.code != "820000") {
      std::abort();
    }
    if (m.scope == "mainland" && m.code.size() != 6 && m.code.size() != 9) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  yuqing::RegionQuery query;
  const size_t first = input.find('\x01');
  query.text = input.substr(0, first);
  if (first != std::string_view::npos) {
    std::string_view rest = input.substr(first + 1);
    const size_t second = rest.find('\x01');
    query.author_location = rest.substr(0, second);
    if (second != std::string_view::npos) {
      query.site = rest.substr(second + 1);
      query.url = query.site;
    }
  }
  Check(TheAttributor().Attribute(query));

  std::vector<std::string_view> words;
  TheSegmenter().Cut(query.text, &words);
  std::vector<uint32_t> ends;
  for (auto w : words)
    ends.push_back(static_cast<uint32_t>(w.data() + w.size() - query.text.data()));
  query.word_ends = ends;
  Check(TheAttributor().Attribute(query));

  // Word ends that are not a segmentation at all.
  std::vector<uint32_t> odd;
  for (size_t i = 0; i < size && i < 16; ++i) odd.push_back(data[i] * 7u);
  query.word_ends = odd;
  Check(TheAttributor().Attribute(query));
  return 0;
}
