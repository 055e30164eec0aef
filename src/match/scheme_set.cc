// SchemeSet::Compile: parse every entry, intern literals and filters into one Program, build
// the literal scanner and the inverted index, and reject schemes that can never
// match (satisfiability.h).
#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/utf8.h"
#include "match/compiled_schemes.h"
#include "match/satisfiability.h"
#include "match/scheme_matcher.h"

namespace yuqing {
namespace {

using match::Expr;
using match::Field;
using match::kNone;
using match::Node;

bool ValidId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// One scheme's pieces, kept for explaining why it can never match.
struct Part {
  std::string label;  // "subjects" or "match"
  uint32_t root = kNone;
  std::vector<uint32_t> entries;
  std::vector<std::string> entry_labels;
};

class SetCompiler {
 public:
  SetCompiler(const SchemeSetDefinition& definition, const TermNormalizer& normalize)
      : definition_(definition), normalize_(normalize) {}

  Result<std::unique_ptr<match::CompiledSchemes>> Run();

 private:
  uint32_t AddNode(Node::Op op, uint32_t arg, const std::vector<uint32_t>& children) {
    match::Program& p = out_->program;
    p.nodes.push_back({op, arg, static_cast<uint32_t>(p.children.size()),
                       static_cast<uint32_t>(children.size())});
    p.children.insert(p.children.end(), children.begin(), children.end());
    return static_cast<uint32_t>(p.nodes.size() - 1);
  }
  uint32_t AddExpression(std::string_view text, const std::string& prefix, size_t scheme);
  uint32_t Emit(const Expr& e, std::string_view text, const std::string& prefix, size_t scheme);
  uint32_t Literal(const Expr& e, std::string_view text, const std::string& prefix);
  Status BuildDatabase();
  void ComputeImplied();
  std::string AtomName(uint32_t node) const;
  std::string Diagnose(size_t scheme, match::SatisfiabilityChecker* checker);
  void Deduplicate(std::vector<std::pair<uint32_t, bool>>* atoms) const;
  void IndexScheme(size_t scheme);
  bool Trigger(uint32_t node, std::vector<uint32_t>* literals) const;
  double TriggerScore(const std::vector<uint32_t>& literals) const;

  const SchemeSetDefinition& definition_;
  const TermNormalizer& normalize_;
  std::unique_ptr<match::CompiledSchemes> out_ = std::make_unique<match::CompiledSchemes>();
  std::vector<std::string> errors_;
  std::unordered_map<std::string, uint32_t> literal_ids_;
  std::unordered_map<std::string, uint32_t> field_ids_;
  std::unordered_map<std::string, size_t> scheme_ids_;  // all ids, to name later ones in errors
  std::vector<uint8_t> in_near_;
  std::vector<std::vector<uint32_t>> implied_;
  std::vector<uint8_t> never_matches_;
  std::vector<std::vector<Part>> parts_;
  std::vector<std::vector<std::pair<uint32_t, std::string>>> exclusions_;  // per scheme
  std::vector<std::pair<uint32_t, std::string>> globals_;
  std::vector<std::vector<uint32_t>> postings_;
};

uint32_t SetCompiler::AddExpression(std::string_view text, const std::string& prefix,
                                    size_t scheme) {
  auto parsed = match::ParseExpression(text);
  if (!parsed.ok()) {
    errors_.push_back(prefix + ": " + parsed.status().message());
    return kNone;
  }
  const size_t errors_before = errors_.size();
  const uint32_t root = Emit(*parsed, text, prefix, scheme);
  return errors_.size() == errors_before ? root : kNone;
}

uint32_t SetCompiler::Literal(const Expr& e, std::string_view text, const std::string& prefix) {
  std::string literal = normalize_ ? normalize_(e.text) : e.text;
  for (char& c : literal) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (literal.empty()) {
    errors_.push_back(prefix + ": column " + std::to_string(match::ColumnOf(text, e.offset)) +
                      ": term '" + e.text + "' is empty after normalisation");
    return 0;
  }
  const auto [it, added] =
      literal_ids_.emplace(literal, static_cast<uint32_t>(out_->program.literals.size()));
  if (added) {
    out_->program.literals.push_back(std::move(literal));
    in_near_.push_back(0);
  }
  return it->second;
}

uint32_t SetCompiler::Emit(const Expr& e, std::string_view text, const std::string& prefix,
                           size_t scheme) {
  match::Program& p = out_->program;
  switch (e.kind) {
    case Expr::Kind::kLiteral:
      return AddNode(Node::Op::kLiteral, Literal(e, text, prefix), {});
    case Expr::Kind::kField: {
      if (e.field == Field::kScheme) {
        const std::string where = prefix + ": column " +
                                  std::to_string(match::ColumnOf(text, e.offset)) +
                                  ": scheme:" + e.text;
        if (scheme == kNone) {
          errors_.push_back(where + ": global exclusions cannot refer to schemes");
          return 0;
        }
        const std::string& self = definition_.schemes[scheme].id;
        const auto it = scheme_ids_.find(e.text);
        if (it == scheme_ids_.end()) {
          errors_.push_back(where + ": no scheme " + e.text + " is defined (scheme " + self +
                            " refers to it)");
          return 0;
        }
        if (it->second >= scheme) {
          errors_.push_back(where + ": scheme " + self + " refers to scheme " + e.text +
                            ", which is not defined before it; a scheme may only refer to "
                            "schemes defined earlier");
          return 0;
        }
        return AddNode(Node::Op::kScheme, static_cast<uint32_t>(it->second), {});
      }
      const std::string key = std::string(match::FieldName(e.field)) + ":" + e.text;
      const auto [it, added] = field_ids_.emplace(key, static_cast<uint32_t>(p.fields.size()));
      if (added) p.fields.push_back({e.field, e.text});
      return AddNode(Node::Op::kField, it->second, {});
    }
    case Expr::Kind::kNear: {
      match::NearAtom near;
      near.distance = e.distance;
      near.ordered = e.ordered;
      const auto operands = [&](const Expr& side, uint32_t* first, uint32_t* count) {
        *first = static_cast<uint32_t>(p.near_operands.size());
        if (side.kind == Expr::Kind::kLiteral) {
          p.near_operands.push_back(Literal(side, text, prefix));
        } else {
          for (const Expr& c : side.children) p.near_operands.push_back(Literal(c, text, prefix));
        }
        *count = static_cast<uint32_t>(p.near_operands.size()) - *first;
        for (uint32_t i = *first; i < *first + *count; ++i) in_near_[p.near_operands[i]] = 1;
      };
      operands(e.children[0], &near.left_first, &near.left_count);
      operands(e.children[1], &near.right_first, &near.right_count);
      p.nears.push_back(near);
      return AddNode(Node::Op::kNear, static_cast<uint32_t>(p.nears.size() - 1), {});
    }
    case Expr::Kind::kNot:
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      std::vector<uint32_t> children;
      for (const Expr& c : e.children) children.push_back(Emit(c, text, prefix, scheme));
      const Node::Op op = e.kind == Expr::Kind::kNot   ? Node::Op::kNot
                          : e.kind == Expr::Kind::kAnd ? Node::Op::kAnd
                                                       : Node::Op::kOr;
      return AddNode(op, 0, children);
    }
  }
  return 0;
}

Status SetCompiler::BuildDatabase() {
  match::Program& p = out_->program;
  p.literal_slot.assign(p.literals.size(), kNone);
  for (size_t i = 0; i < p.literals.size(); ++i) {
    if (in_near_[i]) p.literal_slot[i] = p.near_literal_count++;
  }
  out_->scanner = match::LiteralScanner(p.literals);
  return Status::Ok();
}

// implied_[l] = literals occurring inside literal l: found by scanning each literal with the
// set's own scanner, so this costs one scan per literal instead of all pairs.
void SetCompiler::ComputeImplied() {
  const match::Program& p = out_->program;
  implied_.assign(p.literals.size(), {});
  std::string lowered;
  struct Context {
    std::vector<uint32_t>* found;
    uint32_t self;
  };
  for (uint32_t l = 0; l < p.literals.size(); ++l) {
    Context context{&implied_[l], l};
    out_->scanner.Scan(p.literals[l], &lowered, [&context](uint32_t id, uint32_t, uint32_t) {
      if (id != context.self) context.found->push_back(id);
    });
    std::sort(implied_[l].begin(), implied_[l].end());
    implied_[l].erase(std::unique(implied_[l].begin(), implied_[l].end()), implied_[l].end());
  }
}

std::string SetCompiler::AtomName(uint32_t index) const {
  const Node& node = out_->program.nodes[index];
  const match::Program& p = out_->program;
  switch (node.op) {
    case Node::Op::kLiteral:
      return "'" + p.literals[node.arg] + "'";
    case Node::Op::kField:
      return std::string(match::FieldName(p.fields[node.arg].field)) + ":" +
             p.fields[node.arg].value;
    case Node::Op::kScheme:
      return "scheme:" + definition_.schemes[node.arg].id;
    default: {
      const match::NearAtom& n = p.nears[node.arg];
      return "'" + p.literals[p.near_operands[n.left_first]] + "'" +
             (n.ordered ? " ONEAR/" : " NEAR/") + std::to_string(n.distance) + " '" +
             p.literals[p.near_operands[n.right_first]] + "'";
    }
  }
}

// One (atom, polarity) pair per meaning, keeping the first node (for its name).
void SetCompiler::Deduplicate(std::vector<std::pair<uint32_t, bool>>* atoms) const {
  std::vector<std::pair<uint32_t, bool>> unique;
  std::vector<std::pair<uint64_t, bool>> seen;
  for (const auto& [node, positive] : *atoms) {
    const std::pair<uint64_t, bool> key{
        match::SatisfiabilityChecker::AtomKey(out_->program.nodes[node]), positive};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    unique.emplace_back(node, positive);
  }
  *atoms = std::move(unique);
}

std::string SetCompiler::Diagnose(size_t scheme, match::SatisfiabilityChecker* checker) {
  const match::Program& p = out_->program;
  std::vector<uint32_t> global_roots;
  for (const auto& g : globals_) global_roots.push_back(g.first);
  // 1. A part that contradicts itself.
  for (const Part& part : parts_[scheme]) {
    const match::Conjunct alone[] = {{part.root, true}};
    if (checker->Satisfiable(alone, {})) continue;
    std::vector<std::pair<uint32_t, bool>> atoms;
    checker->Atoms(part.root, true, &atoms);
    Deduplicate(&atoms);
    for (const auto& [node, positive] : atoms) {
      const Node& n = p.nodes[node];
      if (n.op == Node::Op::kScheme && never_matches_[n.arg]) {
        return part.label + " needs scheme:" + definition_.schemes[n.arg].id +
               ", which can never match";
      }
    }
    for (const auto& [a, pa] : atoms) {
      for (const auto& [b, pb] : atoms) {
        const Node& na = p.nodes[a];
        const Node& nb = p.nodes[b];
        if (!pa || !pb || na.op != Node::Op::kField || nb.op != Node::Op::kField) continue;
        const match::FieldAtom& fa = p.fields[na.arg];
        const match::FieldAtom& fb = p.fields[nb.arg];
        if (fa.field == fb.field && fa.value != fb.value &&
            (fa.field == Field::kPlatform || fa.field == Field::kSourceClass ||
             fa.field == Field::kAuthor)) {
          return part.label + " needs " + AtomName(a) + " and " + AtomName(b) +
                 " at once, and a document has only one " + std::string(match::FieldName(fa.field));
        }
      }
    }
    for (const auto& [a, pa] : atoms) {
      for (const auto& [b, pb] : atoms) {
        if (pa && !pb &&
            match::SatisfiabilityChecker::AtomKey(p.nodes[a]) ==
                match::SatisfiabilityChecker::AtomKey(p.nodes[b])) {
          return part.label + " requires " + AtomName(a) + " and NOT " + AtomName(a) + " at once";
        }
      }
    }
    return part.label + " contradicts itself";
  }
  // 2. A part all of whose entries are ruled out by the exclusions.
  std::vector<match::Conjunct> excluded;
  for (const auto& e : exclusions_[scheme]) excluded.push_back({e.first, false});
  std::vector<std::pair<uint32_t, std::string>> all_exclusions = exclusions_[scheme];
  all_exclusions.insert(all_exclusions.end(), globals_.begin(), globals_.end());
  for (const Part& part : parts_[scheme]) {
    std::vector<std::string> reasons;
    bool all_fail = true;
    for (size_t i = 0; i < part.entries.size() && all_fail; ++i) {
      std::vector<match::Conjunct> conjuncts = excluded;
      conjuncts.push_back({part.entries[i], true});
      if (checker->Satisfiable(conjuncts, global_roots)) {
        all_fail = false;
        break;
      }
      std::string reason = part.entry_labels[i] + " contradicts the exclusions";
      std::vector<std::pair<uint32_t, bool>> atoms;
      checker->Atoms(part.entries[i], true, &atoms);
      Deduplicate(&atoms);
      for (const auto& [node, positive] : atoms) {
        const Node& x = p.nodes[node];
        if (!positive || x.op != Node::Op::kLiteral) continue;
        for (const auto& [root, label] : all_exclusions) {
          const Node& e = p.nodes[root];
          if (e.op != Node::Op::kLiteral) continue;
          const auto& implied = implied_[x.arg];
          if (e.arg == x.arg) {
            reason =
                part.entry_labels[i] + " " + AtomName(node) + " is itself excluded by " + label;
          } else if (std::binary_search(implied.begin(), implied.end(), e.arg)) {
            reason = "every text with " + AtomName(node) + " (" + part.entry_labels[i] +
                     ") contains " + AtomName(root) + ", which " + label + " excludes";
          }
        }
      }
      reasons.push_back(std::move(reason));
    }
    if (all_fail) return Join(reasons, "; ");
  }
  return "its groups, match and exclusions contradict each other";
}

// Expected share of documents containing one of the literals, guessed from their length: a
// 2-character word (or place name) is far more common than a 4-character one. Picking the
// rarest group keeps the number of schemes evaluated per document low.
double SetCompiler::TriggerScore(const std::vector<uint32_t>& literals) const {
  double score = 0;
  for (uint32_t l : literals) {
    const size_t chars = CountCodePoints(out_->program.literals[l]);
    score += chars <= 1 ? 1.0 : chars == 2 ? 0.1 : chars == 3 ? 0.02 : 0.005;
  }
  return score;
}

bool SetCompiler::Trigger(uint32_t index, std::vector<uint32_t>* literals) const {
  const match::Program& p = out_->program;
  const Node& node = p.nodes[index];
  switch (node.op) {
    case Node::Op::kLiteral:
      literals->push_back(node.arg);
      return true;
    case Node::Op::kNear: {  // true only if some left operand occurs
      const match::NearAtom& n = p.nears[node.arg];
      for (uint32_t i = 0; i < n.left_count; ++i) {
        literals->push_back(p.near_operands[n.left_first + i]);
      }
      return true;
    }
    case Node::Op::kAnd: {  // any child's trigger will do: take the rarest
      std::vector<uint32_t> best;
      double best_score = 0;
      bool found = false;
      for (uint32_t i = 0; i < node.count; ++i) {
        std::vector<uint32_t> candidate;
        if (!Trigger(p.children[node.first + i], &candidate)) continue;
        const double score = TriggerScore(candidate);
        if (!found || score < best_score) {
          best = std::move(candidate);
          best_score = score;
          found = true;
        }
      }
      literals->insert(literals->end(), best.begin(), best.end());
      return found;
    }
    case Node::Op::kOr:  // every branch must have one
      for (uint32_t i = 0; i < node.count; ++i) {
        if (!Trigger(p.children[node.first + i], literals)) return false;
      }
      return node.count > 0;
    default:  // NOT, fields, scheme references: no literal is needed
      return false;
  }
}

void SetCompiler::IndexScheme(size_t scheme) {
  std::vector<uint32_t> literals;
  if (!Trigger(out_->scheme_roots[scheme], &literals)) {
    out_->always.push_back(static_cast<uint32_t>(scheme));
    return;
  }
  std::sort(literals.begin(), literals.end());
  literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
  for (uint32_t l : literals) postings_[l].push_back(static_cast<uint32_t>(scheme));
}

Result<std::unique_ptr<match::CompiledSchemes>> SetCompiler::Run() {
  const auto& schemes = definition_.schemes;
  for (size_t s = 0; s < schemes.size(); ++s) {
    const SchemeDefinition& d = schemes[s];
    const std::string where = (d.origin.empty() ? "" : d.origin + ": ") + "scheme " + d.id;
    if (!ValidId(d.id)) {
      errors_.push_back(where + ": ids are [a-z0-9_]+ (lower-case letters, digits, '_')");
    } else if (!scheme_ids_.emplace(d.id, s).second) {
      errors_.push_back(where + ": duplicate id (also scheme " + std::to_string(scheme_ids_[d.id]) +
                        " in order)");
    }
  }
  for (size_t g = 0; g < definition_.global_exclusions.size(); ++g) {
    const std::string label = "global_exclusions[" + std::to_string(g) + "]";
    const uint32_t root = AddExpression(definition_.global_exclusions[g], label, kNone);
    if (root != kNone) globals_.emplace_back(root, label);
  }
  parts_.resize(schemes.size());
  exclusions_.resize(schemes.size());
  out_->scheme_roots.assign(schemes.size(), kNone);
  for (size_t s = 0; s < schemes.size(); ++s) {
    const SchemeDefinition& d = schemes[s];
    const std::string where = (d.origin.empty() ? "" : d.origin + ": ") + "scheme " + d.id;
    if (d.regions.empty() && d.subjects.empty() && d.events.empty() && d.match.empty()) {
      errors_.push_back(where + " is empty: give subjects, events, regions or match");
      continue;
    }
    const size_t errors_before = errors_.size();
    std::vector<uint32_t> conjuncts;
    const auto group = [&](const std::vector<std::string>& entries, const char* name) {
      if (entries.empty()) return;
      Part part;
      part.label = name;
      for (size_t i = 0; i < entries.size(); ++i) {
        const std::string label = std::string(name) + "[" + std::to_string(i) + "]";
        const uint32_t root = AddExpression(entries[i], where + ", " + label, s);
        part.entries.push_back(root);
        part.entry_labels.push_back(label);
      }
      parts_[s].push_back(std::move(part));
    };
    group(d.regions, "regions");
    group(d.subjects, "subjects");
    group(d.events, "events");
    if (!d.match.empty()) {
      Part part;
      part.label = "match";
      part.entries.push_back(AddExpression(d.match, where + ", match", s));
      part.entry_labels.push_back("match");
      parts_[s].push_back(std::move(part));
    }
    std::vector<uint32_t> excludes;
    for (size_t i = 0; i < d.exclude.size(); ++i) {
      const std::string label = "exclude[" + std::to_string(i) + "]";
      const uint32_t root = AddExpression(d.exclude[i], where + ", " + label, s);
      excludes.push_back(root);
      exclusions_[s].emplace_back(root, label);
    }
    if (errors_.size() != errors_before) continue;
    for (Part& part : parts_[s]) {
      part.root = AddNode(Node::Op::kOr, 0, part.entries);
      conjuncts.push_back(part.root);
    }
    if (!excludes.empty()) {
      conjuncts.push_back(AddNode(Node::Op::kNot, 0, {AddNode(Node::Op::kOr, 0, excludes)}));
    }
    out_->scheme_roots[s] = AddNode(Node::Op::kAnd, 0, conjuncts);
  }
  if (!errors_.empty()) return Status::InvalidInput(Join(errors_, "\n"));

  if (Status built = BuildDatabase(); !built.ok()) return built;
  ComputeImplied();
  never_matches_.assign(schemes.size(), 0);
  match::SatisfiabilityChecker checker(out_->program, implied_, never_matches_);
  std::vector<uint32_t> global_roots;
  for (const auto& g : globals_) global_roots.push_back(g.first);
  for (size_t s = 0; s < schemes.size(); ++s) {
    const match::Conjunct whole[] = {{out_->scheme_roots[s], true}};
    if (checker.Satisfiable(whole, global_roots)) continue;
    never_matches_[s] = 1;
    const SchemeDefinition& d = schemes[s];
    errors_.push_back((d.origin.empty() ? "" : d.origin + ": ") + "scheme " + d.id +
                      " can never match: " + Diagnose(s, &checker));
  }
  if (!errors_.empty()) return Status::InvalidInput(Join(errors_, "\n"));

  postings_.assign(out_->program.literals.size(), {});
  for (size_t s = 0; s < schemes.size(); ++s) IndexScheme(s);
  const match::Program& p = out_->program;
  for (size_t l = 0; l < postings_.size(); ++l) {
    match::LiteralEntry entry;
    entry.slot = p.literal_slot[l];
    entry.length = static_cast<uint32_t>(p.literals[l].size());
    entry.posting_begin = static_cast<uint32_t>(out_->postings.size());
    out_->postings.insert(out_->postings.end(), postings_[l].begin(), postings_[l].end());
    entry.posting_end = static_cast<uint32_t>(out_->postings.size());
    out_->literal_entries.push_back(entry);
  }
  for (const auto& g : globals_) out_->global_roots.push_back(g.first);
  out_->definitions = schemes;
  return std::move(out_);
}

}  // namespace

Status CheckExpression(std::string_view expression) {
  return match::ParseExpression(expression).status();
}

Result<std::shared_ptr<const SchemeSet>> SchemeSet::Compile(const SchemeSetDefinition& definition,
                                                            const TermNormalizer& normalize) {
  auto compiled = SetCompiler(definition, normalize).Run();
  if (!compiled.ok()) return compiled.status();
  return std::shared_ptr<const SchemeSet>(new SchemeSet(std::move(compiled.value())));
}

SchemeSet::SchemeSet(std::unique_ptr<match::CompiledSchemes> compiled)
    : compiled_(std::move(compiled)) {}
SchemeSet::~SchemeSet() = default;

size_t SchemeSet::size() const { return compiled_->definitions.size(); }
const SchemeDefinition& SchemeSet::scheme(size_t index) const {
  return compiled_->definitions[index];
}
std::optional<size_t> SchemeSet::Find(std::string_view id) const {
  for (size_t i = 0; i < compiled_->definitions.size(); ++i) {
    if (compiled_->definitions[i].id == id) return i;
  }
  return std::nullopt;
}
size_t SchemeSet::literal_count() const { return compiled_->program.literals.size(); }
size_t SchemeSet::memory_bytes() const {
  size_t bytes = 0;
  bytes += compiled_->scanner.memory_bytes();
  const match::Program& p = compiled_->program;
  bytes += p.nodes.size() * sizeof(Node) + p.children.size() * 4 + p.near_operands.size() * 4 +
           compiled_->postings.size() * 4 +
           compiled_->literal_entries.size() * sizeof(match::LiteralEntry);
  for (const auto& l : p.literals) bytes += l.capacity() + sizeof(std::string);
  return bytes;
}

}  // namespace yuqing
