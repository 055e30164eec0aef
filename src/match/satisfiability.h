// Can a scheme ever match? The scheme is a boolean formula over atoms (terms, NEAR atoms, field
// filters, scheme references) plus what we know about them: a term implies every term that is
// a substring of it (养老金 => 养老), a NEAR atom implies its operands, a region code implies its
// parents, two values of one single-valued field (platform, source_class, author) exclude each
// other. A small DPLL search over the atoms answers it; past the atom or step budget the
// formula is assumed satisfiable (the check is for mistakes, not adversaries).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "match/compiled_schemes.h"

namespace yuqing::match {

// A conjunct of the formula: `root` must evaluate to `value`.
struct Conjunct {
  uint32_t root;
  bool value;
};

class SatisfiabilityChecker {
 public:
  // implied[l]: the other literal ids occurring in literal l. never_matches[s]: scheme s was
  // found unsatisfiable (a reference to it is false).
  SatisfiabilityChecker(const Program& program, const std::vector<std::vector<uint32_t>>& implied,
                        const std::vector<uint8_t>& never_matches)
      : program_(program), implied_(implied), never_matches_(never_matches) {}

  // True unless the conjuncts provably cannot all hold. `optional_false` are further roots
  // that must be false (global exclusions); each is added only when all its atoms are tied to
  // the formula's atoms (otherwise a document can avoid it).
  bool Satisfiable(std::span<const Conjunct> conjuncts, std::span<const uint32_t> optional_false);

  // Atom nodes reachable from root, with their polarity (true = under an even number of NOTs).
  void Atoms(uint32_t root, bool positive, std::vector<std::pair<uint32_t, bool>>* atoms) const;

  // Key identifying an atom node's meaning (two nodes for the same term share it).
  static uint64_t AtomKey(const Node& node) {
    return (static_cast<uint64_t>(node.op) << 32) | node.arg;
  }

 private:
  int Evaluate(uint32_t node) const;  // 0 false, 1 true, 2 unknown
  bool Search(size_t next);
  size_t CountNodes(uint32_t root) const;

  const Program& program_;
  const std::vector<std::vector<uint32_t>>& implied_;
  const std::vector<uint8_t>& never_matches_;

  std::vector<uint64_t> atoms_;            // atom keys
  std::vector<int8_t> assignment_;         // per atom: 0, 1 or -1 unassigned
  std::vector<std::vector<int>> clauses_;  // +/-(atom index + 1)
  std::vector<Conjunct> formula_;
  size_t steps_ = 0;
  size_t max_steps_ = 0;
};

}  // namespace yuqing::match
