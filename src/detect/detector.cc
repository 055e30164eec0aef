#include "detect/detector.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

#include "core/hash64.h"
#include "core/utf8.h"
#include "detect/ewm_stats.h"

namespace yuqing {

// ---- SensitiveTerms -------------------------------------------------------------------------

struct SensitiveTerms::Table {
  absl::flat_hash_map<std::string, std::string> kinds;
};

SensitiveTerms SensitiveTerms::Load(const std::string& path, std::string* error) {
  auto table = std::make_shared<Table>();
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return {};
  }
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) {
      *error = path + ":" + std::to_string(number) + ": expected word<TAB>kind";
      return {};
    }
    table->kinds.emplace(line.substr(0, tab), line.substr(tab + 1));
  }
  SensitiveTerms terms;
  terms.table_ = std::move(table);
  return terms;
}

std::string_view SensitiveTerms::KindOf(std::string_view word) const {
  if (!table_) return {};
  auto it = table_->kinds.find(std::string(word));
  return it == table_->kinds.end() ? std::string_view() : std::string_view(it->second);
}

size_t SensitiveTerms::size() const { return table_ ? table_->kinds.size() : 0; }

// ---- Detector -------------------------------------------------------------------------------

namespace {

constexpr int64_t kHourMs = 3600LL * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr double kRecentHalfLifeMs = 0.5 * kHourMs;  // a story's velocity: about the last 30 min
// A decaying count with this half-life holds about the items of the last 24 h (h / ln 2 = 24 h):
// an old story's volume, continuous with n at the age of 24 h.
constexpr double kDayHalfLifeMs = kDayMs * 0.69314718056;
constexpr double kStreamHalfLifeMs = kDayMs;  // the stream's daily volume
constexpr size_t kMaxCounted = 48;            // distinct keywords/regions kept per story
constexpr size_t kShown = 10;                 // keywords/regions an incident shows
constexpr size_t kKeyItems = 5;

void Count(std::vector<NamedCount>* counts, std::string_view name) {
  for (NamedCount& c : *counts) {
    if (c.name == name) {
      ++c.count;
      return;
    }
  }
  if (counts->size() < kMaxCounted) counts->push_back({std::string(name), 1});
}

void AddCounts(std::vector<NamedCount>* into, const std::vector<NamedCount>& from) {
  for (const NamedCount& c : from) {
    bool found = false;
    for (NamedCount& d : *into) {
      if (d.name == c.name) {
        d.count += c.count;
        found = true;
        break;
      }
    }
    if (!found && into->size() < kMaxCounted) into->push_back(c);
  }
}

std::vector<NamedCount> Top(std::vector<NamedCount> counts) {
  std::stable_sort(counts.begin(), counts.end(),
                   [](const NamedCount& a, const NamedCount& b) { return a.count > b.count; });
  if (counts.size() > kShown) counts.resize(kShown);
  return counts;
}

std::string TitleOf(const Item& item) {
  if (!item.title.empty()) return item.title;
  std::string_view text = item.analysis.clean_text ? std::string_view(*item.analysis.clean_text)
                          : item.text              ? std::string_view(*item.text)
                                                   : std::string_view();
  size_t pos = 0;
  for (int chars = 0; chars < 40 && pos < text.size(); ++chars) NextCodePoint(text, &pos);
  return std::string(text.substr(0, pos));
}

struct KeyItem {
  int64_t followers = 0;
  std::string id;
};

struct Story {
  std::string id;
  Timestamp first_seen, last_seen;
  uint32_t items = 0;
  uint32_t negative = 0, neutral = 0, positive = 0;
  uint32_t authority_items = 0;
  int64_t max_followers = 0;
  bool verified_author = false;
  DecayingCount recent;
  DecayingCount day;
  // The current wave: the whole story until its incident closes; a story that flares again
  // after that is judged on its new items alone (and reopens the same incident).
  int64_t wave_first_ms = 0;
  uint32_t wave_items = 0;
  std::string title, first_publisher;
  std::vector<std::string> item_ids;
  std::vector<NamedCount> keywords, regions, platforms;
  std::vector<NamedCount> region_codes, source_classes;  // what routing matches on
  std::vector<std::string> provinces, schemes;
  // Sensitive kinds by items naming them; those of the story's first item always count.
  std::vector<NamedCount> sensitive;
  std::vector<std::string> first_item_kinds;
  std::vector<KeyItem> key_items;  // most followed authors first
  std::string surge;               // its items' strongest scheme × region / source-class surge
  double surge_z = 0;
  std::vector<std::string> emerging;  // emerging words and pairs among its items
  // The open incident, if any, and when it last reported.
  std::unique_ptr<Incident> incident;
  bool closed = false;  // the incident closed; kept until the story is forgotten
  int64_t last_emit_ms = 0;
  uint32_t last_emit_count = 0;
};

void AddUnique(std::vector<std::string>* list, std::string_view value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) list->emplace_back(value);
}

// A story is sensitive for a kind its first item names, or one that at least a tenth of its
// items (and three) name: one comment in hundreds saying 死了 does not make a story about deaths.
std::vector<std::string> SensitiveKinds(const Story& story) {
  std::vector<std::string> kinds = story.first_item_kinds;
  for (const NamedCount& c : story.sensitive) {
    if (c.count >= 3 && c.count * 10 >= story.items) AddUnique(&kinds, c.name);
  }
  return kinds;
}

}  // namespace

struct Detector::State {
  DetectOptions options;
  SensitiveTerms terms;
  absl::flat_hash_map<std::string, std::unique_ptr<Story>> stories;
  std::vector<Story*> open;  // stories with an open incident
  int64_t now_ms = INT64_MIN;
  int64_t first_ms = INT64_MIN;
  int64_t next_close_sweep_ms = INT64_MIN;
  int64_t next_story_sweep_ms = INT64_MIN;
  DecayingCount stream_volume;
  EwmStats velocity_baseline{0.001};
  SignificanceSketch sketch;
  DetectStats stats;

  double AlertVolume() const {
    const double elapsed = static_cast<double>(now_ms - first_ms);
    if (elapsed < kHourMs) return options.min_alert_volume;
    const double warm = 1 - std::exp2(-elapsed / kStreamHalfLifeMs);
    const double per_day = stream_volume.Value(now_ms, kStreamHalfLifeMs) * std::log(2.0) *
                           (kDayMs / kStreamHalfLifeMs) / warm;
    return std::max(options.min_alert_volume, options.alert_share * per_day);
  }

  double ItemsPerHour(const Story& story) const {
    return story.recent.Value(now_ms, kRecentHalfLifeMs) * std::log(2.0) * kHourMs /
           kRecentHalfLifeMs;
  }

  double Projected(const Story& story) const {
    const double age = static_cast<double>(std::max<int64_t>(0, now_ms - story.wave_first_ms));
    // A story past its first day is judged on the last day's items and its velocity now, each
    // discounted by late_factor: a slow burn is a notice; a page needs a new surge.
    if (age >= kDayMs) {
      return std::min(story.day.Value(now_ms, kDayHalfLifeMs), ItemsPerHour(story) * 24) /
             options.late_factor;
    }
    if (age >= static_cast<double>(options.projection_horizon_ms)) return story.wave_items;
    const double tau = static_cast<double>(options.growth_offset_ms);
    return story.wave_items * std::pow((kDayMs + tau) / (age + tau), options.growth_exponent);
  }

  GradeResult GradeOf(const Story& story, double velocity_z, bool explain = true) const {
    GradeInputs in;
    in.items = story.items;
    in.projected_volume = Projected(story);
    in.alert_volume = AlertVolume();
    in.items_per_hour = ItemsPerHour(story);
    in.velocity_z = velocity_z;
    const uint32_t scored = story.negative + story.neutral + story.positive;
    in.negative_ratio = scored == 0 ? 0 : static_cast<double>(story.negative) / scored;
    in.sensitive_kinds = SensitiveKinds(story);
    in.max_followers = story.max_followers;
    in.verified_author = story.verified_author;
    in.authority_items = story.authority_items;
    in.provinces = static_cast<uint32_t>(story.provinces.size());
    in.surge_z = story.surge_z;
    if (explain) {
      in.surge = story.surge;
      in.emerging_terms = story.emerging;
    }
    return GradeIncident(in, options.grading, explain);
  }

  void Fill(Story& story, const GradeResult& grade) {
    Incident& incident = *story.incident;
    incident.grade = grade.grade;
    incident.score = grade.score;
    incident.reasons = grade.reasons;
    incident.title = story.title;
    incident.schemes = story.schemes;
    incident.regions = Top(story.regions);
    incident.keywords = Top(story.keywords);
    incident.platforms = Top(story.platforms);
    incident.region_codes = Top(story.region_codes);
    incident.source_classes = Top(story.source_classes);
    incident.first_seen = story.first_seen;
    incident.last_seen = story.last_seen;
    incident.negative = story.negative;
    incident.neutral = story.neutral;
    incident.positive = story.positive;
    incident.first_publisher = story.first_publisher;
    incident.key_items.clear();
    incident.key_items.push_back(story.first_publisher);
    for (const KeyItem& k : story.key_items) {
      if (incident.key_items.size() >= kKeyItems) break;
      if (k.id != story.first_publisher) incident.key_items.push_back(k.id);
    }
  }

  void Emit(Story& story, IncidentEventKind kind, const IncidentEventSink& emit,
            std::string merged_from = {}) {
    Incident& incident = *story.incident;
    Timestamp at{now_ms, story.last_seen.utc_offset_min};
    incident.timeline.push_back(
        {at, std::string(IncidentEventName(kind)), incident.grade, incident.item_count()});
    story.last_emit_ms = now_ms;
    story.last_emit_count = incident.item_count();
    emit(IncidentEvent{kind, at, &incident, std::move(merged_from)});
  }

  void CloseQuiet(const IncidentEventSink& emit) {
    for (size_t i = 0; i < open.size();) {
      Story& story = *open[i];
      if (now_ms - story.last_seen.unix_ms < options.close_after_ms) {
        ++i;
        continue;
      }
      Emit(story, IncidentEventKind::kClosed, emit);
      story.closed = true;
      story.wave_items = 0;
      open[i] = open.back();
      open.pop_back();
    }
  }

  void ForgetQuietStories() {
    for (auto it = stories.begin(); it != stories.end();) {
      const Story& story = *it->second;
      if ((!story.incident || story.closed) &&
          now_ms - story.last_seen.unix_ms >= options.story_window_ms) {
        stories.erase(it++);
      } else {
        ++it;
      }
    }
  }

  // Opens the story's incident, or reopens it (same id, items so far kept) when the story
  // flares again after it closed.
  void Open(Story& story, const GradeResult& grade, const IncidentEventSink& emit) {
    if (!story.incident) {
      story.incident = std::make_unique<Incident>();
      story.incident->story_id = story.id;
      story.incident->id = "inc-" + story.id;
      story.incident->item_ids = std::move(story.item_ids);
      story.item_ids.clear();
      ++stats.incidents_opened;
    }
    story.closed = false;
    Fill(story, grade);
    open.push_back(&story);
    Emit(story, IncidentEventKind::kOpened, emit);
  }

  // After the story took an item (or a merge): open, escalate or update its incident.
  void Evaluate(Story& story, double velocity_z, const IncidentEventSink& emit) {
    if (story.wave_items < options.min_items) return;
    // Graded at every item, explained only when an event goes out.
    if (!story.incident || story.closed) {
      if (GradeOf(story, velocity_z, false).grade != Grade::kNone) {
        Open(story, GradeOf(story, velocity_z), emit);
      }
      return;
    }
    Incident& incident = *story.incident;
    const bool due = now_ms - story.last_emit_ms >= options.update_interval_ms &&
                     incident.item_count() >= story.last_emit_count * options.update_growth;
    const bool escalates = GradeOf(story, velocity_z, false).grade > incident.grade;
    if (!escalates && !due) return;
    const GradeResult grade = GradeOf(story, velocity_z);
    // The grade never falls while the incident is open: a slowing story is still the incident
    // people are handling; closing says when it is over.
    if (escalates) {
      Fill(story, grade);
      Emit(story, IncidentEventKind::kEscalated, emit);
    } else {
      const yuqing::Grade kept = incident.grade;
      Fill(story, grade);
      incident.grade = kept;
      Emit(story, IncidentEventKind::kUpdated, emit);
    }
  }

  // Counts the item under its scheme × region keys (each level of each region), its source
  // class, its keywords and pairs of its top keywords; keeps on the story the strongest surge
  // and the emerging terms.
  void CountSignals(const Item& item, Story& story) {
    const int64_t t = item.created_at.unix_ms;
    // A key's surge is put on this story only when the story carries it: its own recent items
    // are at least half of the key's count this hour (a stream-wide rise is no story's reason).
    const double carried = story.recent.Value(t, kRecentHalfLifeMs) * 2;
    auto significant = [&](uint64_t key) {
      const Significance sig = sketch.Add(key, t);
      return sig.count >= options.surge_min_items && sig.z >= options.surge_sigma &&
                     carried >= sig.count
                 ? sig.z
                 : 0.0;
    };
    auto surge = [&](double z, auto&& label) {
      if (z > story.surge_z) {
        story.surge_z = z;
        story.surge = label();
      }
    };
    if (item.analysis.schemes && item.analysis.regions) {
      for (const std::string& scheme : *item.analysis.schemes) {
        const uint64_t scheme_key = Hash64(scheme);
        for (const RegionMatch& region : *item.analysis.regions) {
          if (region.scope == "foreign") continue;
          // Every level: 四川省, 四川省/成都市, 四川省/成都市/武侯区, …
          for (size_t end = region.path.find('/');; end = region.path.find('/', end + 1)) {
            const std::string_view level = std::string_view(region.path).substr(0, end);
            const double z = significant(scheme_key * 31 + Hash64(level));
            surge(z, [&] { return scheme + " × " + std::string(level); });
            if (end == std::string::npos) break;
          }
        }
      }
    }
    if (item.analysis.source_class) {
      const std::string& source_class = *item.analysis.source_class;
      const double z = significant(Hash64("class|") ^ Hash64(source_class));
      surge(z, [&] { return "source class " + source_class; });
    }
    if (item.analysis.keywords) {
      const std::vector<std::string>& words = *item.analysis.keywords;
      auto emerging = [&](double z, std::string term) {
        if (z <= 0 || story.emerging.size() >= 5) return;
        if (std::find(story.emerging.begin(), story.emerging.end(), term) == story.emerging.end())
          story.emerging.push_back(std::move(term));
      };
      for (const std::string& word : words) emerging(significant(Hash64(word)), word);
      const size_t top = std::min<size_t>(words.size(), 3);
      for (size_t i = 0; i < top; ++i) {
        for (size_t j = i + 1; j < top; ++j) {
          const std::string& a = std::min(words[i], words[j]);
          const std::string& b = std::max(words[i], words[j]);
          emerging(significant(Hash64(a) * 31 + Hash64(b) + 1), a + "+" + b);
        }
      }
    }
  }

  std::vector<std::string>& IdsOf(Story& story) {
    return story.incident ? story.incident->item_ids : story.item_ids;
  }
};

Detector::Detector(DetectOptions options, SensitiveTerms terms)
    : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->sketch = SignificanceSketch(options.significance);
  state_->terms = std::move(terms);
}

Detector::~Detector() = default;

void Detector::Observe(const Item& item, const IncidentEventSink& emit) {
  State& s = *state_;
  const int64_t t = item.created_at.unix_ms;
  if (s.first_ms == INT64_MIN) s.first_ms = t;
  s.now_ms = std::max(s.now_ms, t);
  ++s.stats.items;
  s.stream_volume.Add(s.now_ms, kStreamHalfLifeMs);
  if (s.now_ms >= s.next_close_sweep_ms) {
    s.CloseQuiet(emit);
    s.next_close_sweep_ms = s.now_ms + 60LL * 1000;
  }
  if (s.now_ms >= s.next_story_sweep_ms) {
    s.ForgetQuietStories();
    s.next_story_sweep_ms = s.now_ms + kHourMs;
  }

  const std::string& story_id = item.analysis.story_id ? *item.analysis.story_id : item.id;
  auto [it, inserted] = s.stories.try_emplace(story_id);
  if (inserted) {
    it->second = std::make_unique<Story>();
    it->second->id = story_id;
    it->second->first_seen = item.created_at;
    it->second->title = TitleOf(item);
    it->second->first_publisher = item.id;
  }
  Story& story = *it->second;
  if (item.created_at < story.first_seen) story.first_seen = item.created_at;
  if (story.last_seen < item.created_at) story.last_seen = item.created_at;
  ++story.items;
  if (story.wave_items++ == 0) story.wave_first_ms = t;
  story.recent.Add(s.now_ms, kRecentHalfLifeMs);
  story.day.Add(s.now_ms, kDayHalfLifeMs);
  std::vector<std::string>& ids = s.IdsOf(story);
  if (ids.size() < s.options.max_item_ids) ids.push_back(item.id);

  if (const auto& sentiment = item.analysis.sentiment) {
    if (sentiment->label == "negative") {
      ++story.negative;
    } else if (sentiment->label == "positive") {
      ++story.positive;
    } else {
      ++story.neutral;
    }
  }
  const std::string_view source_class = item.analysis.source_class
                                            ? std::string_view(*item.analysis.source_class)
                                            : std::string_view();
  if (source_class == "official" || source_class == "media") ++story.authority_items;
  if (!source_class.empty()) Count(&story.source_classes, source_class);
  const int64_t followers = item.author_followers.value_or(0);
  if (followers > story.max_followers) story.max_followers = followers;
  if (item.author_verified.value_or(false)) story.verified_author = true;
  if (followers > 0) {
    auto& keys = story.key_items;
    if (keys.size() < kKeyItems || followers > keys.back().followers) {
      if (keys.size() >= kKeyItems) keys.pop_back();
      auto pos = std::find_if(keys.begin(), keys.end(),
                              [&](const KeyItem& k) { return k.followers < followers; });
      keys.insert(pos, KeyItem{followers, item.id});
    }
  }
  Count(&story.platforms, PlatformName(item.platform));
  if (item.analysis.keywords) {
    for (const std::string& word : *item.analysis.keywords) Count(&story.keywords, word);
  }
  if (item.analysis.regions) {
    for (const RegionMatch& region : *item.analysis.regions) {
      Count(&story.regions, region.path.empty() ? region.name : region.path);
      if (!region.code.empty() && region.scope == "mainland")
        Count(&story.region_codes, region.code);
      if (region.scope != "foreign" && story.provinces.size() < kMaxCounted) {
        AddUnique(&story.provinces, region.path.substr(0, region.path.find('/')));
      }
    }
  }
  if (item.analysis.schemes) {
    for (const std::string& scheme : *item.analysis.schemes) AddUnique(&story.schemes, scheme);
  }
  if (s.terms.size() > 0 && item.analysis.clean_text) {
    const std::string_view text = *item.analysis.clean_text;
    std::vector<std::string> kinds;
    uint32_t begin = 0;
    for (const uint32_t end : item.analysis.word_ends) {
      if (end > text.size()) break;
      const std::string_view kind = s.terms.KindOf(text.substr(begin, end - begin));
      if (!kind.empty()) AddUnique(&kinds, kind);
      begin = end;
    }
    for (const std::string& kind : kinds) Count(&story.sensitive, kind);
    if (story.items == 1) story.first_item_kinds = std::move(kinds);
  }

  s.CountSignals(item, story);

  const double velocity = std::log2(1 + s.ItemsPerHour(story));
  const double velocity_z = s.velocity_baseline.ZScore(velocity, 0.5);
  s.velocity_baseline.Add(velocity);
  s.Evaluate(story, velocity_z, emit);
}

void Detector::MergeStories(std::string_view from, std::string_view into, Timestamp at,
                            const IncidentEventSink& emit) {
  State& s = *state_;
  s.now_ms = std::max(s.now_ms, at.unix_ms);
  auto from_it = s.stories.find(std::string(from));
  if (from_it == s.stories.end() || from == into) return;
  std::unique_ptr<Story> gone = std::move(from_it->second);
  s.stories.erase(from_it);
  auto [into_it, inserted] = s.stories.try_emplace(std::string(into));
  if (inserted) {
    gone->id = std::string(into);
    into_it->second = std::move(gone);
    return;
  }
  Story& story = *into_it->second;
  if (gone->first_seen < story.first_seen) {
    story.first_seen = gone->first_seen;
    story.first_publisher = gone->first_publisher;
    story.title = gone->title;
  }
  if (story.last_seen < gone->last_seen) story.last_seen = gone->last_seen;
  story.items += gone->items;
  if (gone->wave_items > 0) {
    story.wave_first_ms = story.wave_items > 0 ? std::min(story.wave_first_ms, gone->wave_first_ms)
                                               : gone->wave_first_ms;
    story.wave_items += gone->wave_items;
  }
  story.day.Add(s.now_ms, kDayHalfLifeMs, gone->day.Value(s.now_ms, kDayHalfLifeMs));
  story.negative += gone->negative;
  story.neutral += gone->neutral;
  story.positive += gone->positive;
  story.authority_items += gone->authority_items;
  story.max_followers = std::max(story.max_followers, gone->max_followers);
  story.verified_author = story.verified_author || gone->verified_author;
  story.recent.Add(s.now_ms, kRecentHalfLifeMs, gone->recent.Value(s.now_ms, kRecentHalfLifeMs));
  AddCounts(&story.keywords, gone->keywords);
  AddCounts(&story.regions, gone->regions);
  AddCounts(&story.platforms, gone->platforms);
  AddCounts(&story.region_codes, gone->region_codes);
  AddCounts(&story.source_classes, gone->source_classes);
  for (const auto& p : gone->provinces) AddUnique(&story.provinces, p);
  for (const auto& p : gone->schemes) AddUnique(&story.schemes, p);
  AddCounts(&story.sensitive, gone->sensitive);
  for (const auto& p : gone->first_item_kinds) AddUnique(&story.first_item_kinds, p);
  if (gone->surge_z > story.surge_z) {
    story.surge_z = gone->surge_z;
    story.surge = gone->surge;
  }
  for (const auto& term : gone->emerging) {
    if (story.emerging.size() < 5) AddUnique(&story.emerging, term);
  }
  for (const KeyItem& k : gone->key_items) story.key_items.push_back(k);
  std::stable_sort(story.key_items.begin(), story.key_items.end(),
                   [](const KeyItem& a, const KeyItem& b) { return a.followers > b.followers; });
  if (story.key_items.size() > kKeyItems) story.key_items.resize(kKeyItems);

  std::vector<std::string>& ids = s.IdsOf(story);
  for (std::string& id : s.IdsOf(*gone)) {
    if (ids.size() >= s.options.max_item_ids) break;
    ids.push_back(std::move(id));
  }
  std::string absorbed;
  if (gone->incident) {
    if (!gone->closed) s.open.erase(std::find(s.open.begin(), s.open.end(), gone.get()));
    if (story.incident) {
      absorbed = gone->incident->id;
      if (story.closed && !gone->closed) {
        story.closed = false;
        s.open.push_back(&story);
      }
    } else {
      // The surviving story takes over the younger one's incident, ids and all.
      gone->incident->story_id = story.id;
      gone->incident->item_ids = std::move(story.item_ids);
      story.item_ids.clear();
      story.incident = std::move(gone->incident);
      story.closed = gone->closed;
      if (!story.closed) s.open.push_back(&story);
    }
  }
  if (story.incident && !story.closed) {
    GradeResult grade = s.GradeOf(story, 0);
    const yuqing::Grade kept = std::max(grade.grade, story.incident->grade);
    s.Fill(story, grade);
    story.incident->grade = kept;
    s.Emit(story, IncidentEventKind::kMerged, emit, absorbed);
  } else {
    s.Evaluate(story, 0, emit);
  }
}

DetectStats Detector::stats() const {
  DetectStats stats = state_->stats;
  stats.live_stories = state_->stories.size();
  stats.open_incidents = state_->open.size();
  return stats;
}

}  // namespace yuqing
