#include "nlp/source/source_classifier.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <unordered_map>
#include <vector>

#include "core/resources.h"

namespace yuqing {
namespace {

struct KnownSource {
  std::string_view source_class;
  double credibility = 0;
};

// The class names as stable views (SourceVerdict::source_class points at these).
constexpr std::array<std::string_view, 6> kClasses = {"official", "media",        "self_media",
                                                      "forum",    "content_farm", "unknown"};

std::optional<std::string_view> ClassName(std::string_view name) {
  for (auto c : kClasses) {
    if (c == name) return c;
  }
  return std::nullopt;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cells;
  while (true) {
    const size_t tab = line.find('\t');
    cells.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return cells;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return s.find(w) != std::string_view::npos; });
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return EndsWith(s, w); });
}

bool LooksLikeHost(std::string_view s) {
  if (s.empty() || s.find('.') == std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '/';
  });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Names of government bodies and their publicity accounts (成都发布, 北京人社, 平安XX is police).
bool LooksOfficialName(std::string_view name) {
  return ContainsAny(name, {"人民政府", "政府网", "人力资源和社会保障", "人社局", "人社厅",
                            "社保局", "社会保险事业", "社会保险基金", "医疗保障局", "医保局",
                            "税务局", "公安局", "政务", "网信办", "人民法院", "人民检察院",
                            "卫健委", "卫生健康委员会", "发展和改革委员会"}) ||
         EndsWithAny(name, {"发布", "人社", "医保", "公安", "警方", "法院", "检察", "网信", "政府",
                            "税务", "社保"});
}

bool LooksMediaName(std::string_view name) {
  return EndsWithAny(name,
                     {"日报", "晚报",   "早报",   "晨报",   "都市报",     "商报",     "时报",
                      "周刊", "新闻",   "新闻网", "电视台", "广播电台",   "之声",     "卫视",
                      "杂志", "日报社", "报社",   "融媒",   "融媒体中心", "新闻频道", "观察"});
}

class TableSourceClassifier : public SourceClassifier {
 public:
  explicit TableSourceClassifier(std::unordered_map<std::string, KnownSource> table)
      : table_(std::move(table)) {}

  SourceVerdict Classify(const SourceQuery& q) const override {
    if (auto farm = ContentFarm(q.page_flags)) return *farm;

    // The site: the URL's host first (the site field may be a medium's name), then the site.
    std::string host = HostOf(q.url);
    if (host.empty() && LooksLikeHost(q.site)) host = Lower(q.site);
    std::optional<SourceVerdict> by_site;
    if (!host.empty()) by_site = ByHost(host, FirstPathSegment(q.url));
    if (!by_site && !q.site.empty() && !LooksLikeHost(q.site)) by_site = ByName(q.site);

    // Official and media sites speak for themselves; on platforms the account decides.
    if (by_site && (by_site->source_class == "official" || by_site->source_class == "media")) {
      return *by_site;
    }
    const bool on_platform = (by_site && by_site->source_class == "self_media") ||
                             q.platform == Platform::kWeibo || q.platform == Platform::kWechat ||
                             q.platform == Platform::kVideo || q.platform == Platform::kBlog;
    if (on_platform) {
      if (auto account = ByAccount(q)) return *account;
    }
    if (by_site) return *by_site;
    return ByPlatform(q.platform);
  }

 private:
  static std::optional<SourceVerdict> ContentFarm(std::span<const std::string> flags) {
    std::string strong, weak;
    size_t weak_count = 0;
    for (const auto& f : flags) {
      if (f == "seo_spam_header" || f == "link_farm") {
        if (!strong.empty()) strong += ',';
        strong += f;
      } else if (f == "pinyin_annotation" || f == "mojibake_repaired" || f == "charset_mismatch") {
        if (!weak.empty()) weak += ',';
        weak += f;
        ++weak_count;
      }
    }
    // Traditional characters are not a signal (Hong Kong and Taiwan media write them); one
    // weak signal alone is a clumsy but honest page.
    if (strong.empty() && weak_count < 2) return std::nullopt;
    std::string all = strong;
    if (!weak.empty()) all += (all.empty() ? "" : ",") + weak;
    return SourceVerdict{"content_farm", 0.05, "page flags " + all};
  }

  // "/dy/article/X.html" -> "dy": platforms keep accounts and their own news apart by path
  // (163.com/dy is 网易号, 163.com/news is 网易新闻).
  static std::string_view FirstPathSegment(std::string_view url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    const size_t slash = url.find('/');
    if (slash == std::string_view::npos) return {};
    url.remove_prefix(slash + 1);
    return url.substr(0, url.find_first_of("/?#"));
  }

  std::optional<SourceVerdict> ByHost(std::string_view host, std::string_view first_segment) const {
    // Longest suffix first: mp.weixin.qq.com, then weixin.qq.com, then qq.com; at each, the
    // host with the path's first segment before the bare host.
    std::string_view h = host;
    const size_t colon = h.find(':');
    if (colon != std::string_view::npos) h = h.substr(0, colon);
    while (!h.empty()) {
      if (!first_segment.empty()) {
        auto with_path = table_.find(std::string(h) + "/" + std::string(first_segment));
        if (with_path != table_.end()) {
          return SourceVerdict{with_path->second.source_class, with_path->second.credibility,
                               "site " + std::string(host) + "/" + std::string(first_segment)};
        }
      }
      auto it = table_.find(std::string(h));
      if (it != table_.end()) {
        return SourceVerdict{it->second.source_class, it->second.credibility,
                             "site " + std::string(host)};
      }
      const size_t dot = h.find('.');
      if (dot == std::string_view::npos) break;
      h.remove_prefix(dot + 1);
    }
    if (EndsWith(host, ".gov.cn") || EndsWith(host, ".gov")) {
      return SourceVerdict{"official", 0.95, "government host " + std::string(host)};
    }
    return std::nullopt;
  }

  std::optional<SourceVerdict> ByName(std::string_view name) const {
    auto it = table_.find(std::string(name));
    if (it != table_.end()) {
      return SourceVerdict{it->second.source_class, it->second.credibility,
                           "site " + std::string(name)};
    }
    if (LooksOfficialName(name))
      return SourceVerdict{"official", 0.9, "site name " + std::string(name)};
    if (LooksMediaName(name)) return SourceVerdict{"media", 0.75, "site name " + std::string(name)};
    return std::nullopt;
  }

  static std::optional<SourceVerdict> ByAccount(const SourceQuery& q) {
    if (q.verified_type) {
      const int t = *q.verified_type;
      const std::string why = "verified type " + std::to_string(t);
      if (t == 1) return SourceVerdict{"official", 0.9, why};
      if (t == 3 || t == 5) return SourceVerdict{"media", 0.8, why};
      if (t >= 0) return SourceVerdict{"self_media", 0.55, why};
    }
    // A verified account's name says what it is; an unverified one can call itself anything.
    const bool verified =
        q.author_verified.value_or(false) || (q.verified_type && *q.verified_type >= 0);
    if (verified && !q.author.empty()) {
      if (LooksOfficialName(q.author)) {
        return SourceVerdict{"official", 0.85, "verified account " + std::string(q.author)};
      }
      if (LooksMediaName(q.author)) {
        return SourceVerdict{"media", 0.75, "verified account " + std::string(q.author)};
      }
      return SourceVerdict{"self_media", 0.55, "verified account"};
    }
    return std::nullopt;
  }

  static SourceVerdict ByPlatform(Platform p) {
    switch (p) {
      case Platform::kGov:
        return {"official", 0.85, "platform gov"};
      case Platform::kNews:
        // A news source nobody listed: a medium by its own account, trusted less.
        return {"media", 0.6, "platform news"};
      case Platform::kWeibo:
      case Platform::kWechat:
      case Platform::kVideo:
      case Platform::kBlog:
        return {"self_media", 0.4, "platform " + std::string(PlatformName(p))};
      case Platform::kForum:
      case Platform::kQa:
        return {"forum", 0.3, "platform " + std::string(PlatformName(p))};
      case Platform::kOther:
        break;
    }
    return {"unknown", 0.3, "no evidence"};
  }

  std::unordered_map<std::string, KnownSource> table_;
};

}  // namespace

std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = Lower(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::optional<int> VerifiedTypeOf(const Item& item) {
  for (const auto& [key, raw] : item.extra_fields) {
    if (key != "author_verified_type" && key != "user_verified_type" && key != "verified_type") {
      continue;
    }
    std::string_view v = raw;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    int value = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec == std::errc() && end == v.data() + v.size()) return value;
  }
  return std::nullopt;
}

Result<std::unique_ptr<SourceClassifier>> SourceClassifier::Load(const std::string& sites_path) {
  const std::string path =
      sites_path.empty() ? ResourcePath("resources/sources/sites.tsv") : sites_path;
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open the source table");
  std::unordered_map<std::string, KnownSource> table;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto cells = SplitTabs(line);
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (cells.size() < 3) {
      return Status::InvalidInput(where + "expected key<TAB>class<TAB>credibility");
    }
    const auto source_class = ClassName(cells[1]);
    if (!source_class) {
      return Status::InvalidInput(where + "unknown class '" + std::string(cells[1]) +
                                  "' (official|media|self_media|forum|content_farm|unknown)");
    }
    double credibility = -1;
    const auto [end, ec] =
        std::from_chars(cells[2].data(), cells[2].data() + cells[2].size(), credibility);
    if (ec != std::errc() || end != cells[2].data() + cells[2].size() || credibility < 0 ||
        credibility > 1) {
      return Status::InvalidInput(where + "credibility must be a number in [0, 1], got '" +
                                  std::string(cells[2]) + "'");
    }
    table[LooksLikeHost(cells[0]) ? Lower(cells[0]) : std::string(cells[0])] = {*source_class,
                                                                                credibility};
  }
  return std::unique_ptr<SourceClassifier>(new TableSourceClassifier(std::move(table)));
}

}  // namespace yuqing
