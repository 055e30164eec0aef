// Builds the gazetteer from the csv files and resources/regions/ (about 45,000 units, 50,000
// literals) in one pass each; names stay views into the file contents, so loading is mostly
// parsing and hashing.
#include "nlp/regions/gazetteer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "core/utf8.h"

namespace yuqing::regions {
namespace {

// Ethnic names removed from autonomous units' short names (the dev set's selection rule).
constexpr std::array<std::string_view, 55> kEthnic = {
    "朝鲜族",   "土家族",   "苗族",   "侗族",     "布依族",   "彝族",     "哈尼族",    "壮族",
    "傣族",     "白族",     "景颇族", "傈僳族",   "藏族",     "羌族",     "回族",      "蒙古族",
    "蒙古",     "柯尔克孜", "哈萨克", "维吾尔",   "满族",     "瑶族",     "畲族",      "黎族",
    "仡佬族",   "水族",     "毛南族", "仫佬族",   "各族",     "土族",     "撒拉族",    "东乡族",
    "保安族",   "裕固族",   "锡伯",   "达斡尔族", "鄂温克族", "鄂伦春",   "纳西族",    "拉祜族",
    "佤族",     "普米族",   "怒族",   "独龙族",   "塔吉克",   "京族",     "哈萨克族",  "锡伯族",
    "鄂伦春族", "塔吉克族", "傈僳",   "羌",       "蒙",       "维吾尔族", "柯尔克孜族"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view StripEthnic(std::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    size_t best = 0;
    for (auto e : kEthnic) {
      if (e.size() > best && s.size() > e.size() && EndsWith(s, e)) best = e.size();
    }
    if (best > 0) {
      s.remove_suffix(best);
      changed = true;
    }
  }
  return s;
}

// The short name of a csv name at its level, or "" when it has none of at least 2 characters.
std::string_view ShortName(std::string_view name, Level level) {
  auto cut = [&](std::string_view suffix) -> std::string_view {
    if (!EndsWith(name, suffix)) return {};
    std::string_view rest = name.substr(0, name.size() - suffix.size());
    return CountCodePoints(rest) >= 2 ? rest : std::string_view();
  };
  static constexpr std::string_view kProvince[] = {"壮族自治区", "回族自治区", "维吾尔自治区",
                                                   "自治区",     "省",         "市"};
  static constexpr std::string_view kCity[] = {"地区", "市", "盟"};
  static constexpr std::string_view kCounty[] = {"新区", "林区", "特区", "矿区",
                                                 "区",   "县",   "市",   "旗"};
  std::string_view out;
  switch (level) {
    case Level::kProvince:
      for (auto s : kProvince) {
        if (EndsWith(name, s)) {
          out = name.substr(0, name.size() - s.size());
          break;
        }
      }
      break;
    case Level::kCity:
      if (EndsWith(name, "自治州")) {
        out = StripEthnic(name.substr(0, name.size() - std::string_view("自治州").size()));
      } else {
        for (auto s : kCity) {
          if (!(out = cut(s)).empty()) break;
        }
      }
      break;
    case Level::kCounty:
      if (EndsWith(name, "自治县") || EndsWith(name, "自治旗")) {
        out = StripEthnic(name.substr(0, name.size() - std::string_view("自治县").size()));
      } else {
        for (auto s : kCounty) {
          if (!(out = cut(s)).empty()) break;
        }
      }
      break;
    default:
      break;
  }
  if (out == name || CountCodePoints(out) < 2) return {};
  return out;
}

bool IsPlaceholder(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
         name == "自治区直辖县级行政区划";
}

// Towns are matched only with their suffix, and only names that are units (not 开发区 etc.).
bool IsTownName(std::string_view name) {
  if (CountCodePoints(name) < 3) return false;
  return EndsWith(name, "镇") || EndsWith(name, "乡") || EndsWith(name, "街道") ||
         EndsWith(name, "地区") || EndsWith(name, "苏木");
}

uint32_t ParseCode(std::string_view s) {
  uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Splits a csv line into fields; quotes are stripped (the names hold no commas).
void SplitCsv(std::string_view line, std::vector<std::string_view>* fields) {
  fields->clear();
  size_t at = 0;
  while (at <= line.size()) {
    size_t comma = line.find(',', at);
    if (comma == std::string_view::npos) comma = line.size();
    std::string_view f = line.substr(at, comma - at);
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields->push_back(f);
    at = comma + 1;
  }
}

// Calls fn(fields) for every data line of a csv (header skipped) or tsv (comments skipped).
template <typename Fn>
void ForEachRow(std::string_view data, bool csv, Fn&& fn) {
  std::vector<std::string_view> fields;
  bool header = csv;
  while (!data.empty()) {
    size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (header) {
      header = false;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (csv) {
      SplitCsv(line, &fields);
    } else {
      fields.clear();
      size_t at = 0;
      while (at <= line.size()) {
        size_t tab = line.find('\t', at);
        if (tab == std::string_view::npos) tab = line.size();
        fields.push_back(line.substr(at, tab - at));
        at = tab + 1;
      }
    }
    fn(fields);
  }
}

constexpr uint32_t kNoUnit = 0xFFFFFFFFu;

}  // namespace

struct Gazetteer::Builder {
  Gazetteer& g;
  // Each name's senses as a chain through `nodes` (one allocation for all, not one per name).
  struct Node {
    Sense sense;
    uint32_t next;
  };
  std::unordered_map<std::string_view, uint32_t> names;  // views into files_ -> first node
  std::vector<Node> nodes;
  std::unordered_map<uint32_t, uint32_t> by_code;

  uint32_t AddUnit(std::string_view name, uint32_t code, int32_t parent, Level level, Scope scope) {
    Unit u;
    u.name = name;
    u.code = code;
    u.parent = parent;
    u.level = level;
    u.scope = scope;
    u.placeholder = IsPlaceholder(name);
    g.units_.push_back(u);
    const auto index = static_cast<uint32_t>(g.units_.size() - 1);
    if (code != 0) by_code.emplace(code, index);  // the first unit keeps a shared code
    return index;
  }
  void AddName(std::string_view name, uint32_t unit, Kind kind) {
    if (name.empty()) return;
    auto [it, added] = names.emplace(name, kNoUnit);
    for (uint32_t n = it->second; n != kNoUnit; n = nodes[n].next) {
      if (nodes[n].sense.unit == unit) {
        nodes[n].sense.kind = std::min(nodes[n].sense.kind, kind);
        return;
      }
    }
    nodes.push_back({{unit, kind}, it->second});
    it->second = static_cast<uint32_t>(nodes.size() - 1);
  }
  uint32_t Code(uint32_t code) const {
    auto it = by_code.find(code);
    return it == by_code.end() ? kNoUnit : it->second;
  }
};

Result<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& divisions_dir,
                                                   const std::string& resources_dir) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  Builder b{*g, {}, {}, {}};
  b.names.reserve(65536);  // about 37,000 names: no rehashing while loading
  b.nodes.reserve(65536);
  b.by_code.reserve(65536);
  auto read = [&](const std::string& dir, const char* file) -> Result<std::string_view> {
    const std::string path = dir + "/" + file;
    // One allocation of the file's size (streets.csv is 2 MB).
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) return Status::NotFound("region table '" + path + "': cannot open");
    std::string data;
    if (std::fseek(f.get(), 0, SEEK_END) == 0) {
      const long size = std::ftell(f.get());
      if (size > 0) data.resize(static_cast<size_t>(size));
      std::rewind(f.get());
    }
    data.resize(std::fread(data.data(), 1, data.size(), f.get()));
    if (std::ferror(f.get())) return Status::IoError("region table '" + path + "': read error");
    g->files_.push_back(std::move(data));
    return std::string_view(g->files_.back());
  };
  g->files_.reserve(16);  // views into files_ must stay valid
  g->units_.reserve(46000);

  // Divisions, parents before children.
  auto provinces = read(divisions_dir, "provinces.csv");
  if (!provinces.ok()) return provinces.status();
  ForEachRow(*provinces, true, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    uint32_t u = b.AddUnit(f[1], ParseCode(f[0]) * 10000, -1, Level::kProvince, Scope::kMainland);
    b.AddName(f[1], u, Kind::kFull);
    b.AddName(ShortName(f[1], Level::kProvince), u, Kind::kShort);
  });
  auto cities = read(divisions_dir, "cities.csv");
  if (!cities.ok()) return cities.status();
  ForEachRow(*cities, true, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    const uint32_t parent = b.Code(ParseCode(f[2]) * 10000);
    if (parent == kNoUnit) return;
    const uint32_t code = ParseCode(f[0]) * 100;
    uint32_t u =
        b.AddUnit(f[1], code, static_cast<int32_t>(parent), Level::kCity, Scope::kMainland);
    if (g->units_[u].placeholder) return;
    // Sub-provincial cities are the likelier reading of a shared short name.
    if (code == 210200 || code == 330200 || code == 350200 || code == 370200 || code == 440300) {
      g->units_[u].prominence = 1;
    }
    b.AddName(f[1], u, Kind::kFull);
    const std::string_view short_name = ShortName(f[1], Level::kCity);
    b.AddName(short_name, u, Kind::kShort);
    // 恩施州, 湘西州, 大理州: the usual written form of an autonomous prefecture.
    if (!short_name.empty() && EndsWith(f[1], "自治州")) {
      g->owned_names_.push_back(std::string(short_name) + "州");
      b.AddName(g->owned_names_.back(), u, Kind::kFull);
    }
  });
  auto areas = read(divisions_dir, "areas.csv");
  if (!areas.ok()) return areas.status();
  ForEachRow(*areas, true, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    const uint32_t parent = b.Code(ParseCode(f[2]) * 100);
    if (parent == kNoUnit) return;
    const uint32_t code = ParseCode(f[0]);
    uint32_t u =
        b.AddUnit(f[1], code, static_cast<int32_t>(parent), Level::kCounty, Scope::kMainland);
    if (g->units_[u].placeholder) return;
    // Capitals are XX01, the municipalities' districts too.
    if ((code / 100) % 100 == 1) g->units_[u].prominence = 2;
    b.AddName(f[1], u, Kind::kFull);
    b.AddName(ShortName(f[1], Level::kCounty), u, Kind::kShort);
  });
  auto streets = read(divisions_dir, "streets.csv");
  if (!streets.ok()) return streets.status();
  ForEachRow(*streets, true, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 5 || !IsTownName(f[1])) return;
    uint32_t parent = b.Code(ParseCode(f[2]));
    if (parent == kNoUnit) parent = b.Code(ParseCode(f[4]) * 100);
    if (parent == kNoUnit) return;
    uint32_t u = b.AddUnit(f[1], ParseCode(f[0]), static_cast<int32_t>(parent), Level::kTown,
                           Scope::kMainland);
    b.AddName(f[1], u, Kind::kFull);
  });

  // Hong Kong, Macao, Taiwan: the top level and Taiwan's cities and counties from the json;
  // districts are left out (东区, 中山区, 泰山区 would shadow mainland names).
  auto sar = read(divisions_dir, "HK-MO-TW.json");
  if (!sar.ok()) return sar.status();
  {
    int depth = 0;
    uint32_t top = kNoUnit;
    std::string_view s = *sar;
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') --depth;
      if (c != '"') continue;
      const size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view name = s.substr(i + 1, close - i - 1);
      i = close;
      const bool key = s.find_first_not_of(" \t\r\n", close + 1) != std::string_view::npos &&
                       s[s.find_first_not_of(" \t\r\n", close + 1)] == ':';
      if (!key) continue;
      if (depth == 1) {
        const uint32_t code = EndsWith(name, "台湾省")   ? 710000
                              : name.starts_with("香港") ? 810000
                                                         : 820000;
        top = b.AddUnit(name, code, -1, Level::kProvince, Scope::kHkMoTw);
        b.AddName(name, top, Kind::kFull);
        b.AddName(name.substr(0, 6), top, Kind::kShort);  // 香港 澳门 台湾
      } else if (depth == 2 && top != kNoUnit) {
        if (g->units_[top].code != 710000) {
          if (!b.names.contains(name)) b.AddName(name, top, Kind::kAlias);
          continue;
        }
        if (b.names.contains(name)) continue;  // 连江县 is Fujian's too
        uint32_t u =
            b.AddUnit(name, 710000, static_cast<int32_t>(top), Level::kCity, Scope::kHkMoTw);
        b.AddName(name, u, Kind::kFull);
        std::string_view short_name = ShortName(name, Level::kCity);
        if (short_name.empty() && EndsWith(name, "县") && CountCodePoints(name) == 3) {
          short_name = name.substr(0, name.size() - 3);
        }
        if (!short_name.empty() && !b.names.contains(short_name)) {
          b.AddName(short_name, u, Kind::kShort);
        }
      }
    }
  }

  // Hand-written tables.
  auto resolve = [&](std::string_view code) { return b.Code(ParseCode(code)); };
  auto former = read(resources_dir, "former_names.tsv");
  if (!former.ok()) return former.status();
  ForEachRow(*former, false, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    if (uint32_t u = resolve(f[1]); u != kNoUnit) b.AddName(f[0], u, Kind::kFormer);
  });
  auto aliases = read(resources_dir, "aliases.tsv");
  if (!aliases.ok()) return aliases.status();
  ForEachRow(*aliases, false, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    const Kind kind = f[2] == "abbrev" ? Kind::kAbbrev : Kind::kAlias;
    if (uint32_t u = resolve(f[1]); u != kNoUnit) b.AddName(f[0], u, kind);
  });
  auto foreign = read(resources_dir, "foreign.tsv");
  if (!foreign.ok()) return foreign.status();
  {
    std::unordered_map<std::string_view, uint32_t> by_name;
    ForEachRow(*foreign, false, [&](const std::vector<std::string_view>& f) {
      if (f.empty() || f[0].empty()) return;
      const std::string_view canonical = f.size() > 1 && !f[1].empty() ? f[1] : f[0];
      auto [it, added] = by_name.emplace(canonical, 0);
      if (added) it->second = b.AddUnit(canonical, 0, -1, Level::kForeign, Scope::kForeign);
      b.AddName(f[0], it->second, Kind::kFull);
    });
  }
  auto blocks = read(resources_dir, "non_places.tsv");
  if (!blocks.ok()) return blocks.status();
  ForEachRow(*blocks, false, [&](const std::vector<std::string_view>& f) {
    if (!f.empty() && !f[0].empty()) b.AddName(f[0], kNoUnit, Kind::kBlock);
  });

  // Flatten: literal ids in a stable order (sorted), senses strongest first.
  std::vector<std::pair<std::string_view, uint32_t>> flat(b.names.begin(), b.names.end());
  b.names.clear();
  std::sort(flat.begin(), flat.end());
  g->literals_.reserve(flat.size());
  g->literal_first_.reserve(flat.size() + 1);
  g->senses_.reserve(b.nodes.size());
  for (const auto& [name, head] : flat) {
    const auto first = static_cast<uint32_t>(g->senses_.size());
    g->literal_first_.push_back(first);
    for (uint32_t n = head; n != kNoUnit; n = b.nodes[n].next) {
      g->senses_.push_back(b.nodes[n].sense);
    }
    // The chain is newest first; ties between senses go to the order of the tables.
    std::reverse(g->senses_.begin() + first, g->senses_.end());
    std::stable_sort(g->senses_.begin() + first, g->senses_.end(),
                     [](const Sense& x, const Sense& y) { return x.kind < y.kind; });
    g->literals_.emplace_back(name);
  }
  g->literal_first_.push_back(static_cast<uint32_t>(g->senses_.size()));
  g->literal_ids_.reserve(g->literals_.size());
  for (uint32_t i = 0; i < g->literals_.size(); ++i) g->literal_ids_.emplace(g->literals_[i], i);
  g->common_.assign(g->literals_.size(), false);

  auto common = read(resources_dir, "common_words.tsv");
  if (!common.ok()) return common.status();
  ForEachRow(*common, false, [&](const std::vector<std::string_view>& f) {
    if (f.empty()) return;
    if (int64_t id = g->Find(f[0]); id >= 0) g->common_[id] = true;
  });
  auto contexts = read(resources_dir, "contexts.tsv");
  if (!contexts.ok()) return contexts.status();
  ForEachRow(*contexts, false, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[1].empty()) return;
    static constexpr std::pair<std::string_view, Context> kKinds[] = {
        {"name_suffix", Context::kNameSuffix},
        {"feature", Context::kFeature},
        {"origin", Context::kOrigin},
        {"missing", Context::kMissing},
        {"deixis", Context::kDeixis},
        {"facility", Context::kFacility},
        {"departure_after", Context::kDepartureAfter},
        {"departure_before", Context::kDepartureBefore}};
    for (auto [label, kind] : kKinds) {
      if (f[0] == label) g->context_[static_cast<int>(kind)].emplace_back(f[1]);
    }
  });
  auto sites = read(resources_dir, "sites.tsv");
  if (!sites.ok()) return sites.status();
  ForEachRow(*sites, false, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    if (uint32_t u = resolve(f[1]); u != kNoUnit) g->sites_.emplace_back(std::string(f[0]), u);
  });
  std::sort(g->sites_.begin(), g->sites_.end());

  g->code_index_.reserve(b.by_code.size());
  for (auto [code, unit] : b.by_code) g->code_index_.emplace_back(code, unit);
  std::sort(g->code_index_.begin(), g->code_index_.end());
  g->scanner_ = match::LiteralScanner(g->literals_);
  return g;
}

int64_t Gazetteer::Find(std::string_view name) const {
  auto it = literal_ids_.find(name);
  return it == literal_ids_.end() ? -1 : static_cast<int64_t>(it->second);
}

int32_t Gazetteer::UnitOfCode(uint32_t code) const {
  auto it = std::lower_bound(code_index_.begin(), code_index_.end(),
                             std::pair<uint32_t, uint32_t>(code, 0));
  return it != code_index_.end() && it->first == code ? static_cast<int32_t>(it->second) : -1;
}

std::vector<uint32_t> Gazetteer::UnitsNamed(std::string_view name) const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < units_.size(); ++i) {
    if (units_[i].name == name) out.push_back(i);
  }
  return out;
}

bool Gazetteer::IsAncestor(uint32_t ancestor, uint32_t unit) const {
  for (int32_t p = units_[unit].parent; p >= 0; p = units_[p].parent) {
    if (static_cast<uint32_t>(p) == ancestor) return true;
  }
  return false;
}

uint32_t Gazetteer::ProvinceOf(uint32_t unit) const {
  while (units_[unit].parent >= 0) unit = static_cast<uint32_t>(units_[unit].parent);
  return unit;
}

std::string Gazetteer::Path(uint32_t unit) const {
  std::vector<std::string_view> parts;
  for (int32_t p = static_cast<int32_t>(unit); p >= 0; p = units_[p].parent) {
    if (!units_[p].placeholder) parts.push_back(units_[p].name);
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += *it;
  }
  return out;
}

std::string Gazetteer::CodeString(uint32_t unit) const {
  return units_[unit].code == 0 ? std::string() : std::to_string(units_[unit].code);
}

size_t Gazetteer::ContextAt(Context kind, std::string_view text, size_t pos) const {
  if (pos >= text.size()) return 0;
  const std::string_view rest = text.substr(pos);
  size_t best = 0;
  for (const auto& word : context_[static_cast<int>(kind)]) {
    if (word.size() > best && rest.starts_with(word)) best = word.size();
  }
  return best;
}

bool Gazetteer::ContextBefore(Context kind, std::string_view text, size_t pos) const {
  const std::string_view head = text.substr(0, std::min(pos, text.size()));
  for (const auto& word : context_[static_cast<int>(kind)]) {
    if (head.ends_with(word)) return true;
  }
  return false;
}

bool Gazetteer::ContextIn(Context kind, std::string_view text) const {
  for (const auto& word : context_[static_cast<int>(kind)]) {
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

int32_t Gazetteer::SiteUnit(std::string_view site) const {
  auto lookup = [&](std::string_view key) -> int32_t {
    auto it = std::lower_bound(
        sites_.begin(), sites_.end(), key,
        [](const std::pair<std::string, uint32_t>& e, std::string_view k) { return e.first < k; });
    return it != sites_.end() && it->first == key ? static_cast<int32_t>(it->second) : -1;
  };
  if (site.empty()) return -1;
  if (int32_t u = lookup(site); u >= 0) return u;
  // A host: drop scheme, port and path, lower-case, then try it and each parent domain.
  if (auto scheme = site.find("://"); scheme != std::string_view::npos) {
    site = site.substr(scheme + 3);
  }
  site = site.substr(0, site.find_first_of("/:?#"));
  if (site.size() > 253 || site.find('.') == std::string_view::npos) return -1;
  char buffer[256];
  for (size_t i = 0; i < site.size(); ++i) {
    const char c = site[i];
    buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  }
  std::string_view host(buffer, site.size());
  while (host.find('.') != std::string_view::npos) {
    if (int32_t u = lookup(host); u >= 0) return u;
    host.remove_prefix(host.find('.') + 1);
  }
  return -1;
}

size_t Gazetteer::memory_bytes() const {
  size_t n = scanner_.memory_bytes() + units_.size() * sizeof(Unit) +
             senses_.size() * sizeof(Sense) + literal_first_.size() * 4;
  for (const auto& f : files_) n += f.size();
  for (const auto& l : literals_) n += l.size() + sizeof(std::string);
  n += literal_ids_.size() * 48;
  return n;
}

}  // namespace yuqing::regions
