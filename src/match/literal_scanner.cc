#include "match/literal_scanner.h"

#include <algorithm>
#include <unordered_map>

namespace yuqing::match {

LiteralScanner::LiteralScanner(const std::vector<std::string>& literals)
    : literal_count_(literals.size()) {
  // Group literal ids by key: the literal's first one, two or three characters.
  std::unordered_map<uint64_t, std::vector<uint32_t>> groups;
  size_t pair_keys = 0, triple_keys = 0;
  single_bmp_.assign(65536 / 64, 0);
  std::vector<uint64_t> key_of(literals.size());
  for (uint32_t id = 0; id < literals.size(); ++id) {
    const auto* p = reinterpret_cast<const unsigned char*>(literals[id].data());
    const unsigned char* end = p + literals[id].size();
    uint32_t cps[3] = {0, 0, 0};
    size_t n = 0;
    for (const unsigned char* q = p; q < end && n < 3;) {
      uint32_t length = 0;
      cps[n++] = Decode(q, end, &length);
      q += length;
    }
    uint64_t key = 0;
    if (n == 1) {
      key = SingleKey(cps[0]);
      single_bmp_[(cps[0] & 0xFFFF) >> 6] |= uint64_t{1} << (cps[0] & 63);
      has_singles_ = true;
    } else if (n == 2 && p + literals[id].size() == end) {
      key = PairKey(cps[0], cps[1]);
    }
    // Two characters exactly, or three and more.
    size_t chars = 0;
    for (const unsigned char* q = p; q < end; ++q) chars += (*q & 0xC0) != 0x80;
    if (n >= 2) key = chars == 2 ? PairKey(cps[0], cps[1]) : TripleKey(cps[0], cps[1], cps[2]);
    auto& group = groups[key];
    if (group.empty()) (chars == 2 ? pair_keys : chars >= 3 ? triple_keys : pair_keys) += n >= 2;
    group.push_back(id);
    key_of[id] = key;
  }
  size_t block_count = 8;
  while (block_count * 512 < (pair_keys + triple_keys) * 16 && block_count < (size_t{1} << 20)) {
    block_count <<= 1;
  }
  blocks_.assign(block_count, Block{});
  block_shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(block_count));
  auto set_bit = [](Block& b, uint64_t bit) {
    b.words[(bit >> 6) & 7] |= uint64_t{1} << (bit & 63);
  };
  size_t slots = 16;
  while (slots < groups.size() * 2) slots <<= 1;
  slots_.assign(slots, Slot{});
  slot_mask_ = slots - 1;
  std::vector<uint64_t> keys;
  keys.reserve(groups.size());
  for (const auto& [key, ids] : groups) keys.push_back(key);
  std::sort(keys.begin(), keys.end());  // a layout that does not depend on hashing order
  for (uint64_t key : keys) {
    const auto& ids = groups[key];
    const size_t chars = [&] {
      size_t c = 0;
      for (unsigned char b : literals[ids.front()]) c += (b & 0xC0) != 0x80;
      return c;
    }();
    if (chars >= 2) {  // the block of the first two characters
      const auto* p = reinterpret_cast<const unsigned char*>(literals[ids.front()].data());
      const unsigned char* end = p + literals[ids.front()].size();
      uint32_t l0 = 0, l1 = 0, l2 = 0;
      const uint32_t c0 = Decode(p, end, &l0);
      const uint32_t c1 = Decode(p + l0, end, &l1);
      const uint64_t pair_hash = Mix(PairKey(c0, c1));
      Block& block = blocks_[pair_hash >> block_shift_];
      if (chars == 2) {
        set_bit(block, PairBit(pair_hash));
      } else {
        set_bit(block, TripleBit(Decode(p + l0 + l1, end, &l2), pair_hash));
      }
    }
    const uint64_t h = Mix(key);
    uint64_t i = (h ^ (h >> 29)) & slot_mask_;
    while (slots_[i].key != 0) i = (i + 1) & slot_mask_;
    Slot slot;
    slot.key = key;
    slot.first = static_cast<uint32_t>(candidates_.size());
    for (uint32_t id : ids) {
      size_t c = 0;
      for (unsigned char b : literals[id]) c += (b & 0xC0) != 0x80;
      if (c <= 3) {  // exactly the key's characters (a key holds up to three)
        slot.exact_id = id;
        slot.exact_length = static_cast<uint32_t>(literals[id].size());
        continue;
      }
      candidates_.push_back(
          {id, static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(literals[id].size())});
      bytes_ += literals[id];
    }
    slot.count = static_cast<uint32_t>(candidates_.size()) - slot.first;
    slots_[i] = slot;
  }
}

size_t LiteralScanner::memory_bytes() const {
  return bytes_.size() + candidates_.size() * sizeof(Candidate) + slots_.size() * sizeof(Slot) +
         single_bmp_.size() * 8 + blocks_.size() * sizeof(Block);
}

}  // namespace yuqing::match
