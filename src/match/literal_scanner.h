// Finds every occurrence of a set of literals in a text with one pass over its code points.
// Private to src/match.
//
// Why not Hyperscan: on Chinese UTF-8 the lead bytes of nearly every character are E4..E9, so
// byte-oriented literal filters (FDR) see candidates everywhere; with the ~26,000 words of
// 10,000 schemes Hyperscan scans Weibo text at ~140 MB/s (bench/bench_match). Here each
// position costs one lookup of its two-character prefix in a bit filter that stays in cache;
// only prefixes of some literal reach the hash table and a byte comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing::match {

class LiteralScanner {
 public:
  LiteralScanner() = default;
  // `literals`: distinct, non-empty, valid UTF-8, ASCII already lower case. Ids are indices.
  explicit LiteralScanner(const std::vector<std::string>& literals);

  bool empty() const { return literal_count_ == 0; }
  size_t memory_bytes() const;

  // Calls on_hit(id, begin, end) (byte offsets) for every occurrence of every literal, in order
  // of `begin`. ASCII letters in `text` match regardless of case; `lowered` is scratch space.
  // Bytes that are not UTF-8 match nothing and never stop the scan.
  template <typename OnHit>
  void Scan(std::string_view text, std::string* lowered, OnHit&& on_hit) const;

 private:
  struct Slot {
    uint64_t key = 0;  // 0: empty
    // The literal that is exactly the key's characters, if any: the key's match is its match,
    // with no byte comparison (most literals are two or three characters).
    uint32_t exact_id = kNoLiteral;
    uint32_t exact_length = 0;
    uint32_t first = 0;  // longer literals: candidates_[first, first + count)
    uint32_t count = 0;
  };
  static constexpr uint32_t kNoLiteral = 0xFFFFFFFFu;
  struct Candidate {  // a literal, its bytes in bytes_[offset, offset + length)
    uint32_t id;
    uint32_t offset;
    uint32_t length;
  };
  // A blocked bit filter (about 16 bits per key): the block is chosen by the position's first
  // two characters, so the pair test and the triple test at one position read one cache line.
  struct Block {
    uint64_t words[8];
  };
  const Block& BlockOf(uint64_t pair_hash) const { return blocks_[pair_hash >> block_shift_]; }
  static bool TestBit(const Block& b, uint64_t bit) {
    return (b.words[(bit >> 6) & 7] >> (bit & 63)) & 1;
  }
  static uint64_t PairBit(uint64_t pair_hash) { return pair_hash >> 20; }
  static uint64_t TripleBit(uint64_t c2, uint64_t pair_hash) { return Mix(c2 + pair_hash) >> 55; }

  static uint32_t Decode(const unsigned char* p, const unsigned char* end, uint32_t* length) {
    const unsigned c = p[0];
    if (c < 0x80) {
      *length = 1;
      return c;
    }
    const std::ptrdiff_t left = end - p;
    if ((c & 0xF0) == 0xE0 && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      *length = 3;
      return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if ((c & 0xE0) == 0xC0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
      *length = 2;
      return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if ((c & 0xF8) == 0xF0 && left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
      *length = 4;
      return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *length = 1;
    return 0x110000 + c;  // not UTF-8: a value no literal's character has (< 2^21)
  }
  // Literals are keyed by their first one, two or three characters (21 bits each); the three
  // kinds never collide: pairs stay below 2^42 + 1, singles have 0x1FFFFF as second character
  // (no character is), triples set bit 63.
  static uint64_t PairKey(uint64_t a, uint64_t b) { return (a << 21 | b) + 1; }
  static uint64_t SingleKey(uint64_t a) { return PairKey(a, 0x1FFFFF); }
  static uint64_t TripleKey(uint64_t a, uint64_t b, uint64_t c) {
    return uint64_t{1} << 63 | a << 42 | b << 21 | c;
  }
  static uint64_t Mix(uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }

  // Whether any byte is 'A'..'Z', eight bytes at a time (this check ran as long as the scan
  // itself when written byte by byte).
  static bool HasAsciiUpper(std::string_view text) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      // Per byte b < 0x80: b + (0x80 - 'A') has its high bit set iff b >= 'A', and
      // b + (0x80 - 'Z' - 1) iff b > 'Z'. Bytes >= 0x80 are masked out by ~w.
      const uint64_t low7 = w & ~kHigh;
      const uint64_t ge_a = low7 + kOnes * (0x80 - 'A');
      const uint64_t gt_z = low7 + kOnes * (0x80 - 'Z' - 1);
      if ((ge_a & ~gt_z & ~w & kHigh) != 0) return true;
    }
    for (; i < text.size(); ++i) {
      if (text[i] >= 'A' && text[i] <= 'Z') return true;
    }
    return false;
  }

  const Slot* Find(uint64_t key) const {
    const uint64_t h = Mix(key);
    for (uint64_t i = (h ^ (h >> 29)) & slot_mask_;; i = (i + 1) & slot_mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s;
      if (s.key == 0) return nullptr;
    }
  }
  template <typename OnHit>
  void Verify(uint64_t key, std::string_view text, size_t begin, OnHit& on_hit) const {
    const Slot* slot = Find(key);
    if (slot == nullptr) return;
    if (slot->exact_id != kNoLiteral) {
      on_hit(slot->exact_id, static_cast<uint32_t>(begin),
             static_cast<uint32_t>(begin + slot->exact_length));
    }
    const size_t room = text.size() - begin;
    for (uint32_t i = slot->first; i < slot->first + slot->count; ++i) {
      const Candidate& c = candidates_[i];
      if (c.length <= room &&
          std::memcmp(text.data() + begin, bytes_.data() + c.offset, c.length) == 0) {
        on_hit(c.id, static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + c.length));
      }
    }
  }

  size_t literal_count_ = 0;
  std::string bytes_;                  // every literal, back to back
  std::vector<Candidate> candidates_;  // grouped by key
  std::vector<Slot> slots_;            // key -> candidates; open addressing, linear probing
  uint64_t slot_mask_ = 0;
  std::vector<uint64_t> single_bmp_;  // characters (mod 65536) that are one-character literals
  std::vector<Block> blocks_;         // two-character literals, first three of longer ones
  unsigned block_shift_ = 63;
  bool has_singles_ = false;
};

template <typename OnHit>
void LiteralScanner::Scan(std::string_view text, std::string* lowered, OnHit&& on_hit) const {
  if (literal_count_ == 0 || text.empty()) return;
  if (HasAsciiUpper(text)) {
    lowered->assign(text);
    for (char& c : *lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    text = *lowered;
  }
  const auto* base = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = base + text.size();
  // A window of three characters c0 c1 c2 starting at byte p0; kNone past the end.
  constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t length = 0;
  size_t p0 = 0;
  uint32_t c0 = Decode(base, end, &length);
  size_t p1 = length;
  uint32_t c1 = p1 < text.size() ? Decode(base + p1, end, &length) : kNone;
  size_t p2 = c1 == kNone ? text.size() : p1 + length;
  uint32_t c2 = p2 < text.size() ? Decode(base + p2, end, &length) : kNone;
  size_t p3 = c2 == kNone ? text.size() : p2 + length;
  for (;;) {
    if (has_singles_ && ((single_bmp_[(c0 & 0xFFFF) >> 6] >> (c0 & 63)) & 1)) {
      Verify(SingleKey(c0), text, p0, on_hit);
    }
    if (c1 == kNone) break;
    const uint64_t pair_key = PairKey(c0, c1);
    const uint64_t pair_hash = Mix(pair_key);
    const Block& block = BlockOf(pair_hash);
    if (TestBit(block, PairBit(pair_hash))) Verify(pair_key, text, p0, on_hit);
    if (c2 != kNone && TestBit(block, TripleBit(c2, pair_hash))) {
      Verify(TripleKey(c0, c1, c2), text, p0, on_hit);
    }
    p0 = p1;
    c0 = c1;
    p1 = p2;
    c1 = c2;
    p2 = p3;
    if (p3 < text.size()) {
      c2 = Decode(base + p3, end, &length);
      p3 += length;
    } else {
      c2 = kNone;
    }
  }
}

}  // namespace yuqing::match
