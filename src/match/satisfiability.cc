#include "match/satisfiability.h"

#include <algorithm>

namespace yuqing::match {
namespace {

constexpr size_t kMaxAtoms = 64;
// Work budget: search steps times the size of what each step evaluates.
constexpr size_t kMaxWork = 20000000;

bool IsAtom(const Node& node) {
  return node.op == Node::Op::kLiteral || node.op == Node::Op::kNear ||
         node.op == Node::Op::kField || node.op == Node::Op::kScheme;
}

uint64_t LiteralKey(uint32_t literal) {
  return (static_cast<uint64_t>(Node::Op::kLiteral) << 32) | literal;
}

}  // namespace

void SatisfiabilityChecker::Atoms(uint32_t root, bool positive,
                                  std::vector<std::pair<uint32_t, bool>>* atoms) const {
  const Node& node = program_.nodes[root];
  if (IsAtom(node)) {
    atoms->emplace_back(root, positive);
    return;
  }
  for (uint32_t i = 0; i < node.count; ++i) {
    Atoms(program_.children[node.first + i], node.op == Node::Op::kNot ? !positive : positive,
          atoms);
  }
}

size_t SatisfiabilityChecker::CountNodes(uint32_t root) const {
  const Node& node = program_.nodes[root];
  size_t count = 1;
  if (!IsAtom(node)) {
    for (uint32_t i = 0; i < node.count; ++i)
      count += CountNodes(program_.children[node.first + i]);
  }
  return count;
}

int SatisfiabilityChecker::Evaluate(uint32_t index) const {
  const Node& node = program_.nodes[index];
  switch (node.op) {
    case Node::Op::kNot: {
      const int v = Evaluate(program_.children[node.first]);
      return v == 2 ? 2 : 1 - v;
    }
    case Node::Op::kAnd:
    case Node::Op::kOr: {
      const int absorbing = node.op == Node::Op::kAnd ? 0 : 1;
      bool unknown = false;
      for (uint32_t i = 0; i < node.count; ++i) {
        const int v = Evaluate(program_.children[node.first + i]);
        if (v == absorbing) return absorbing;
        if (v == 2) unknown = true;
      }
      return unknown ? 2 : 1 - absorbing;
    }
    default: {
      const uint64_t key = AtomKey(node);
      const auto it = std::find(atoms_.begin(), atoms_.end(), key);
      const int8_t a = assignment_[it - atoms_.begin()];
      return a < 0 ? 2 : a;
    }
  }
}

bool SatisfiabilityChecker::Search(size_t next) {
  if (++steps_ > max_steps_) return true;  // out of budget: assume it can match
  for (const auto& clause : clauses_) {
    bool violated = true;
    for (int literal : clause) {
      const int8_t a = assignment_[std::abs(literal) - 1];
      if (a < 0 || (a == 1) == (literal > 0)) {
        violated = false;
        break;
      }
    }
    if (violated) return false;
  }
  bool all_true = true;
  for (const Conjunct& c : formula_) {
    const int v = Evaluate(c.root);
    if (v == 2) {
      all_true = false;
    } else if ((v == 1) != c.value) {
      return false;
    }
  }
  if (next == atoms_.size()) return all_true;
  for (int8_t value : {int8_t{1}, int8_t{0}}) {
    assignment_[next] = value;
    if (Search(next + 1)) return true;
  }
  assignment_[next] = -1;
  return false;
}

bool SatisfiabilityChecker::Satisfiable(std::span<const Conjunct> conjuncts,
                                        std::span<const uint32_t> optional_false) {
  atoms_.clear();
  clauses_.clear();
  formula_.assign(conjuncts.begin(), conjuncts.end());
  const auto add_atoms = [this](uint32_t root) {
    std::vector<std::pair<uint32_t, bool>> found;
    Atoms(root, true, &found);
    for (const auto& [index, polarity] : found) {
      const Node& node = program_.nodes[index];
      if (atoms_.size() > kMaxAtoms) return;  // too big to check; found out below
      const uint64_t key = AtomKey(node);
      if (std::find(atoms_.begin(), atoms_.end(), key) == atoms_.end()) atoms_.push_back(key);
      if (node.op == Node::Op::kNear) {
        const NearAtom& near = program_.nears[node.arg];
        for (uint32_t i = 0; i < near.left_count; ++i) {
          const uint64_t k = LiteralKey(program_.near_operands[near.left_first + i]);
          if (std::find(atoms_.begin(), atoms_.end(), k) == atoms_.end()) atoms_.push_back(k);
        }
        for (uint32_t i = 0; i < near.right_count; ++i) {
          const uint64_t k = LiteralKey(program_.near_operands[near.right_first + i]);
          if (std::find(atoms_.begin(), atoms_.end(), k) == atoms_.end()) atoms_.push_back(k);
        }
      }
    }
  };
  for (const Conjunct& c : conjuncts) add_atoms(c.root);
  if (atoms_.size() > kMaxAtoms) return true;

  // A global exclusion counts only if every atom of it is forced by ours (a literal we imply
  // or share); one with an unrelated atom can be dodged by a document.
  std::vector<uint64_t> tied = atoms_;
  for (uint64_t key : atoms_) {
    if ((key >> 32) != static_cast<uint64_t>(Node::Op::kLiteral)) continue;
    for (uint32_t e : implied_[static_cast<uint32_t>(key)]) tied.push_back(LiteralKey(e));
  }
  for (uint32_t root : optional_false) {
    std::vector<std::pair<uint32_t, bool>> found;
    Atoms(root, true, &found);
    const bool relevant = std::all_of(found.begin(), found.end(), [&](const auto& atom) {
      const uint64_t key = AtomKey(program_.nodes[atom.first]);
      return std::find(tied.begin(), tied.end(), key) != tied.end();
    });
    if (!relevant) continue;
    formula_.push_back({root, false});
    add_atoms(root);
    if (atoms_.size() > kMaxAtoms) return true;
  }

  const auto index_of = [this](uint64_t key) -> int {
    const auto it = std::find(atoms_.begin(), atoms_.end(), key);
    return it == atoms_.end() ? -1 : static_cast<int>(it - atoms_.begin());
  };
  for (size_t i = 0; i < atoms_.size(); ++i) {
    const auto op = static_cast<Node::Op>(atoms_[i] >> 32);
    const auto arg = static_cast<uint32_t>(atoms_[i]);
    const int self = static_cast<int>(i) + 1;
    if (op == Node::Op::kLiteral) {
      for (uint32_t e : implied_[arg]) {
        const int j = index_of(LiteralKey(e));
        if (j >= 0) clauses_.push_back({-self, j + 1});
      }
    } else if (op == Node::Op::kNear) {
      const NearAtom& near = program_.nears[arg];
      std::vector<int> left{-self}, right{-self};
      for (uint32_t k = 0; k < near.left_count; ++k) {
        left.push_back(index_of(LiteralKey(program_.near_operands[near.left_first + k])) + 1);
      }
      for (uint32_t k = 0; k < near.right_count; ++k) {
        right.push_back(index_of(LiteralKey(program_.near_operands[near.right_first + k])) + 1);
      }
      clauses_.push_back(std::move(left));
      clauses_.push_back(std::move(right));
    } else if (op == Node::Op::kScheme) {
      if (never_matches_[arg]) clauses_.push_back({-self});
    } else if (op == Node::Op::kField) {
      const FieldAtom& a = program_.fields[arg];
      for (size_t j = 0; j < atoms_.size(); ++j) {
        if (j == i || static_cast<Node::Op>(atoms_[j] >> 32) != Node::Op::kField) continue;
        const FieldAtom& b = program_.fields[static_cast<uint32_t>(atoms_[j])];
        if (a.field != b.field || a.value == b.value) continue;
        const int other = static_cast<int>(j) + 1;
        switch (a.field) {
          case Field::kPlatform:
          case Field::kSourceClass:
          case Field::kAuthor:  // a document has one of each
            if (i < j) clauses_.push_back({-self, -other});
            break;
          case Field::kRegion:  // 5101 => 51
            if (a.value.starts_with(b.value)) clauses_.push_back({-self, other});
            break;
          case Field::kSite:  // www.mohrss.gov.cn => gov.cn
            if (a.value.ends_with("." + b.value)) clauses_.push_back({-self, other});
            break;
          case Field::kScheme:
            break;
        }
      }
    }
  }
  assignment_.assign(atoms_.size(), -1);
  steps_ = 0;
  size_t size = clauses_.size();
  for (const Conjunct& c : formula_) size += CountNodes(c.root);
  max_steps_ = std::max<size_t>(1000, kMaxWork / (size + 1));
  return Search(0);
}

}  // namespace yuqing::match
