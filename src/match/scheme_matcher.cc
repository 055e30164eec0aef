#include "match/scheme_matcher.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "match/compiled_schemes.h"

namespace yuqing {
namespace {

using match::Field;
using match::Node;

// Characters (code points) in text[from, to), or more than `limit` if there are more. A code
// point takes at most 4 bytes, so a wider byte gap is too far without counting.
uint32_t CharsBetween(std::string_view text, uint32_t from, uint32_t to, uint32_t limit) {
  if (to <= from) return 0;
  if (to - from > 4u * (limit + 1)) return limit + 1;
  uint32_t chars = 0;
  for (uint32_t i = from; i < to; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++chars > limit) break;
  }
  return chars;
}

std::string_view HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  const size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  return url.substr(0, url.find(':'));
}

bool SiteMatches(std::string_view host, std::string_view value) {
  if (host.size() < value.size()) return false;
  const size_t offset = host.size() - value.size();
  for (size_t i = 0; i < value.size(); ++i) {
    char c = host[offset + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != value[i]) return false;
  }
  return offset == 0 || host[offset - 1] == '.';
}

}  // namespace

SchemeMatcher::SchemeMatcher(std::shared_ptr<const SchemeSet> set)
    : set_(std::move(set)), compiled_(set_->compiled_.get()) {
  const match::Program& p = compiled_->program;
  literal_hit_.assign(p.literals.size() / 64 + 1, 0);
  occurrences_.resize(p.near_literal_count);
  candidate_.assign(compiled_->definitions.size() / 64 + 1, 0);
  matched_.assign(compiled_->definitions.size() / 64 + 1, 0);
  field_epoch_.assign(p.fields.size(), 0);
  field_value_.assign(p.fields.size(), 0);
  near_epoch_.assign(p.nears.size(), 0);
  near_value_.assign(p.nears.size(), 0);
}

SchemeMatcher::~SchemeMatcher() = default;

void SchemeMatcher::OnHit(uint32_t id, uint32_t begin, uint32_t end) {
  if (!Test(literal_hit_, id)) {
    Set(&literal_hit_, id);
    hit_literals_.push_back(id);
  }
  const match::LiteralEntry& entry = compiled_->literal_entries[id];
  if (entry.slot != match::kNone) {
    auto& list = occurrences_[entry.slot];
    if (list.empty()) touched_slots_.push_back(entry.slot);
    list.push_back({begin, end});
  }
}

void SchemeMatcher::Reset() {
  for (uint32_t l : hit_literals_) Clear(&literal_hit_, l);
  hit_literals_.clear();
  for (uint32_t s : touched_slots_) occurrences_[s].clear();
  touched_slots_.clear();
  for (uint32_t s : candidates_) Clear(&candidate_, s);
  candidates_.clear();
  for (uint32_t s : matched_list_) Clear(&matched_, s);
  matched_list_.clear();
  if (++epoch_ == 0) {  // wrapped: forget every cached value
    std::fill(field_epoch_.begin(), field_epoch_.end(), 0);
    std::fill(near_epoch_.begin(), near_epoch_.end(), 0);
    epoch_ = 1;
  }
}

void SchemeMatcher::Scan(std::string_view text) {
  // Offsets are 32-bit: documents beyond 4 GiB are cut.
  text = text.substr(0, std::min<size_t>(text.size(), 0xFFFFFFFFu));
  compiled_->scanner.Scan(text, &lowered_, [this](uint32_t id, uint32_t begin, uint32_t end) {
    OnHit(id, begin, end);
  });
}

bool SchemeMatcher::EvaluateField(uint32_t index) {
  if (field_epoch_[index] == epoch_) return field_value_[index];
  const match::FieldAtom& f = compiled_->program.fields[index];
  const MatchDocument& d = *document_;
  bool value = false;
  switch (f.field) {
    case Field::kPlatform:
      value = d.platform == f.value;
      break;
    case Field::kSourceClass:
      value = d.source_class == f.value;
      break;
    case Field::kAuthor:
      value = d.author == f.value;
      break;
    case Field::kSite:
      value = (!d.site.empty() && SiteMatches(d.site, f.value)) ||
              (!d.url.empty() && SiteMatches(HostOf(d.url), f.value));
      break;
    case Field::kRegion:
      value = std::any_of(d.region_codes.begin(), d.region_codes.end(),
                          [&](const std::string& code) { return code.starts_with(f.value); });
      break;
    case Field::kScheme:
      break;
  }
  field_epoch_[index] = epoch_;
  field_value_[index] = value;
  return value;
}

void SchemeMatcher::Gather(uint32_t first, uint32_t count, std::vector<Occurrence>* out) const {
  const match::Program& p = compiled_->program;
  out->clear();
  for (uint32_t i = first; i < first + count; ++i) {
    const auto& list = occurrences_[p.literal_slot[p.near_operands[i]]];
    out->insert(out->end(), list.begin(), list.end());
  }
  if (count > 1) {
    std::sort(out->begin(), out->end(),
              [](const Occurrence& a, const Occurrence& b) { return a.begin < b.begin; });
  }
}

// For each left occurrence a, the best right occurrence is either the first one starting at or
// after a.end (smallest gap after a) or, among those starting before a.end, the one ending
// last (it overlaps a, or has the smallest gap before a). So one binary search per a.
bool SchemeMatcher::EvaluateNear(uint32_t index) {
  if (near_epoch_[index] == epoch_) return near_value_[index];
  const match::NearAtom& n = compiled_->program.nears[index];
  const std::string_view text = document_->text;
  bool value = false;
  Gather(n.left_first, n.left_count, &left_);
  if (!left_.empty()) Gather(n.right_first, n.right_count, &right_);
  if (!left_.empty() && !right_.empty()) {
    right_max_end_.resize(right_.size());
    uint32_t max_end = 0;
    for (size_t i = 0; i < right_.size(); ++i) {
      max_end = std::max(max_end, right_[i].end);
      right_max_end_[i] = max_end;
    }
    for (const Occurrence& a : left_) {
      if (n.ordered) {
        // b must start at or after a.begin: overlapping (b.begin < a.end) or after a.
        const auto it =
            std::lower_bound(right_.begin(), right_.end(), a.begin,
                             [](const Occurrence& o, uint32_t v) { return o.begin < v; });
        if (it == right_.end()) continue;
        if (it->begin < a.end || CharsBetween(text, a.end, it->begin, n.distance) <= n.distance) {
          value = true;
          break;
        }
        continue;
      }
      const auto after =
          std::lower_bound(right_.begin(), right_.end(), a.end,
                           [](const Occurrence& o, uint32_t v) { return o.begin < v; });
      if (after != right_.end() &&
          CharsBetween(text, a.end, after->begin, n.distance) <= n.distance) {
        value = true;
        break;
      }
      if (after != right_.begin()) {
        const uint32_t end = right_max_end_[after - right_.begin() - 1];
        if (end > a.begin || CharsBetween(text, end, a.begin, n.distance) <= n.distance) {
          value = true;
          break;
        }
      }
    }
  }
  near_epoch_[index] = epoch_;
  near_value_[index] = value;
  return value;
}

bool SchemeMatcher::Evaluate(uint32_t index) {
  const match::Program& p = compiled_->program;
  const Node& node = p.nodes[index];
  switch (node.op) {
    case Node::Op::kLiteral:
      return Test(literal_hit_, node.arg);
    case Node::Op::kNear:
      return EvaluateNear(node.arg);
    case Node::Op::kField:
      return EvaluateField(node.arg);
    case Node::Op::kScheme:
      return Test(matched_, node.arg);
    case Node::Op::kNot:
      return !Evaluate(p.children[node.first]);
    case Node::Op::kAnd:
      for (uint32_t i = 0; i < node.count; ++i) {
        if (!Evaluate(p.children[node.first + i])) return false;
      }
      return true;
    case Node::Op::kOr:
      for (uint32_t i = 0; i < node.count; ++i) {
        if (Evaluate(p.children[node.first + i])) return true;
      }
      return false;
  }
  return false;
}

void SchemeMatcher::Match(const MatchDocument& document, std::vector<uint32_t>* matched) {
  matched->clear();
  Reset();
  document_ = &document;
  Scan(document.text);
  for (uint32_t root : compiled_->global_roots) {
    if (Evaluate(root)) return;
  }
  for (uint32_t l : hit_literals_) {
    const match::LiteralEntry& entry = compiled_->literal_entries[l];
    for (uint32_t i = entry.posting_begin; i < entry.posting_end; ++i) {
      const uint32_t s = compiled_->postings[i];
      if (!Test(candidate_, s)) {
        Set(&candidate_, s);
        candidates_.push_back(s);
      }
    }
  }
  for (uint32_t s : compiled_->always) {
    if (!Test(candidate_, s)) {
      Set(&candidate_, s);
      candidates_.push_back(s);
    }
  }
  // Ascending order, so a scheme: reference (always to an earlier scheme) is decided first.
  std::sort(candidates_.begin(), candidates_.end());
  for (uint32_t s : candidates_) {
    if (Evaluate(compiled_->scheme_roots[s])) {
      Set(&matched_, s);
      matched_list_.push_back(s);
    }
  }
  matched->assign(matched_list_.begin(), matched_list_.end());
}

void SchemeMatcher::CollectHits(uint32_t index, bool positive, std::string_view lowered,
                                std::vector<TermHit>* hits) {
  const match::Program& p = compiled_->program;
  const Node& node = p.nodes[index];
  if (node.op == Node::Op::kNot || node.op == Node::Op::kAnd || node.op == Node::Op::kOr) {
    const bool child_positive = node.op == Node::Op::kNot ? !positive : positive;
    for (uint32_t i = 0; i < node.count; ++i) {
      CollectHits(p.children[node.first + i], child_positive, lowered, hits);
    }
    return;
  }
  if (!positive) return;  // exclusions did not make it match
  if (node.op == Node::Op::kLiteral && Test(literal_hit_, node.arg)) {
    const std::string& literal = p.literals[node.arg];
    for (size_t at = lowered.find(literal); at != std::string_view::npos;
         at = lowered.find(literal, at + 1)) {
      hits->push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + literal.size())});
    }
  } else if (node.op == Node::Op::kNear && EvaluateNear(node.arg)) {
    // The occurrences that take part in a near pair (quadratic, but only for explanations).
    const match::NearAtom& n = p.nears[node.arg];
    Gather(n.left_first, n.left_count, &left_);
    Gather(n.right_first, n.right_count, &right_);
    const std::string_view text = document_->text;
    for (const Occurrence& a : left_) {
      for (const Occurrence& b : right_) {
        bool near;
        if (b.begin < a.end && a.begin < b.end) {
          near = !n.ordered || a.begin <= b.begin;
        } else if (a.end <= b.begin) {
          near = CharsBetween(text, a.end, b.begin, n.distance) <= n.distance;
        } else {
          near = !n.ordered && CharsBetween(text, b.end, a.begin, n.distance) <= n.distance;
        }
        if (near) {
          hits->push_back({a.begin, a.end});
          hits->push_back({b.begin, b.end});
        }
      }
    }
  }
}

void SchemeMatcher::Explain(const MatchDocument& document,
                            std::vector<SchemeExplanation>* explained) {
  explained->clear();
  std::vector<uint32_t> matched;
  Match(document, &matched);
  if (matched.empty()) return;
  lowered_.assign(document.text);
  for (char& c : lowered_) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (uint32_t s : matched) {
    SchemeExplanation e{s, {}};
    CollectHits(compiled_->scheme_roots[s], true, lowered_, &e.hits);
    std::sort(e.hits.begin(), e.hits.end(), [](const TermHit& a, const TermHit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    e.hits.erase(std::unique(e.hits.begin(), e.hits.end()), e.hits.end());
    explained->push_back(std::move(e));
  }
}

}  // namespace yuqing
