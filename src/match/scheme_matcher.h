// Compiled scheme sets and the per-thread matcher. All literals of all schemes go into one
// literal scanner (literal_scanner.h); an inverted index (literal -> schemes that need it) means a
// document costs one scan plus the evaluation of the few schemes its hits touch, about the same
// for 10 or 10,000 schemes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "match/scheme.h"

namespace yuqing {

namespace match {
struct CompiledSchemes;
}

// Compiled, immutable; share between threads as shared_ptr<const SchemeSet>.
class SchemeSet {
 public:
  // Errors (all of them, one per line) are prefixed "<origin>: scheme <id>, subjects[2]: ".
  // A scheme that can never match is an error too.
  static Result<std::shared_ptr<const SchemeSet>> Compile(const SchemeSetDefinition& definition,
                                                          const TermNormalizer& normalize = {});
  ~SchemeSet();
  SchemeSet(const SchemeSet&) = delete;
  SchemeSet& operator=(const SchemeSet&) = delete;

  size_t size() const;
  const SchemeDefinition& scheme(size_t index) const;
  std::optional<size_t> Find(std::string_view id) const;
  size_t literal_count() const;
  // Bytes of the literal scanner plus the compiled programs (approximate).
  size_t memory_bytes() const;

 private:
  friend class SchemeMatcher;
  explicit SchemeSet(std::unique_ptr<match::CompiledSchemes> compiled);
  std::unique_ptr<match::CompiledSchemes> compiled_;
};

struct TermHit {  // byte offsets into MatchDocument::text
  uint32_t begin;
  uint32_t end;
  bool operator==(const TermHit&) const = default;
};

struct SchemeExplanation {
  uint32_t scheme;
  std::vector<TermHit> hits;  // hits that made it match, sorted, de-duplicated
};

// One per thread (owns the scan's scratch space); cheap to create. Buffers are reused, so steady
// state matching does not allocate.
class SchemeMatcher {
 public:
  explicit SchemeMatcher(std::shared_ptr<const SchemeSet> set);
  ~SchemeMatcher();
  SchemeMatcher(const SchemeMatcher&) = delete;
  SchemeMatcher& operator=(const SchemeMatcher&) = delete;

  // Indices of matching schemes, ascending (= configuration order).
  void Match(const MatchDocument& document, std::vector<uint32_t>* matched);
  // Same decision, plus the term hits that made each scheme match (for highlighting / "why").
  void Explain(const MatchDocument& document, std::vector<SchemeExplanation>* explained);

 private:
  struct Occurrence {
    uint32_t begin;
    uint32_t end;
  };
  void OnHit(uint32_t id, uint32_t begin, uint32_t end);
  void Scan(std::string_view text);
  void Reset();
  bool Evaluate(uint32_t node);
  bool EvaluateField(uint32_t field);
  bool EvaluateNear(uint32_t near);
  void Gather(uint32_t first, uint32_t count, std::vector<Occurrence>* out) const;
  void CollectHits(uint32_t node, bool positive, std::string_view lowered,
                   std::vector<TermHit>* hits);

  std::shared_ptr<const SchemeSet> set_;
  const match::CompiledSchemes* compiled_;
  const MatchDocument* document_ = nullptr;

  // Bitsets (small enough to stay in L1 even for 10,000 schemes / 30,000 literals).
  static bool Test(const std::vector<uint64_t>& bits, uint32_t i) {
    return (bits[i >> 6] >> (i & 63)) & 1;
  }
  static void Set(std::vector<uint64_t>* bits, uint32_t i) { (*bits)[i >> 6] |= 1ull << (i & 63); }
  static void Clear(std::vector<uint64_t>* bits, uint32_t i) {
    (*bits)[i >> 6] &= ~(1ull << (i & 63));
  }
  std::vector<uint64_t> literal_hit_;                 // per literal
  std::vector<uint32_t> hit_literals_;                // literals hit in this document
  std::vector<std::vector<Occurrence>> occurrences_;  // per NEAR slot, all occurrences
  std::vector<uint32_t> touched_slots_;
  std::vector<uint64_t> candidate_;  // per scheme
  std::vector<uint64_t> matched_;    // per scheme
  std::vector<uint32_t> candidates_;
  std::vector<uint32_t> matched_list_;
  // Field and NEAR results cached for one document (valid when *_epoch_ == epoch_).
  uint32_t epoch_ = 0;
  std::vector<uint32_t> field_epoch_;
  std::vector<uint8_t> field_value_;
  std::vector<uint32_t> near_epoch_;
  std::vector<uint8_t> near_value_;
  std::vector<Occurrence> left_, right_;
  std::vector<uint32_t> right_max_end_;
  std::string lowered_;  // the document with ASCII lowered (scan scratch; Explain)
};

}  // namespace yuqing
