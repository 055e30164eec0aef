// Source class and credibility (product.md §2.4): official | media | self_media | forum |
// content_farm | unknown, with a credibility prior in [0, 1] that later stages use to break
// ties (who published first) and to weigh authority (incident grades).
//
// Evidence, strongest first: content-farm signals extraction found on the page (an SEO spam
// header or a link farm alone suffice; pinyin annotation, repaired mojibake and a charset
// mismatch count when two come together); the site (gov.cn and its hierarchy, a table of known
// media and platforms: resources/sources/sites.tsv); on platforms, the account (Weibo
// verified type, account names such as 成都发布 or XX日报); the platform itself.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/status.h"

namespace yuqing {

struct SourceQuery {
  Platform platform = Platform::kOther;
  std::string_view site;  // host or medium name
  std::string_view url;
  std::string_view author;
  std::optional<bool> author_verified;
  // Weibo's verified_type when the item carries it (-1 none, 0 person, 1 government,
  // 2 company, 3 media, 4 campus, 5 website, 6 app, 7 organisation, 200/220 talent).
  std::optional<int> verified_type;
  std::span<const std::string> page_flags;  // ExtractedPage::flags
};

struct SourceVerdict {
  std::string_view source_class;  // official | media | self_media | forum | content_farm | unknown
  double credibility = 0;
  std::string reason;  // "site people.com.cn", "flags seo_spam_header,link_farm", ...
};

class SourceClassifier {
 public:
  // `sites_path` empty: resources/sources/sites.tsv.
  static Result<std::unique_ptr<SourceClassifier>> Load(const std::string& sites_path = {});
  virtual ~SourceClassifier() = default;
  virtual SourceVerdict Classify(const SourceQuery& query) const = 0;
};

// The host of a URL ("https://Www.X.gov.cn:8080/a" -> "www.x.gov.cn"); empty when none.
std::string HostOf(std::string_view url);

// Reads the verified type from an item's unknown fields (author_verified_type,
// user_verified_type or verified_type, as a number or a numeric string).
std::optional<int> VerifiedTypeOf(const Item& item);

}  // namespace yuqing
