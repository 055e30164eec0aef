// The two-byte part of GBK/GB18030 as a table, built once from glibc's iconv, so that mojibake
// repair can re-encode characters to bytes and decode re-aligned byte pairs without iconv calls.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace yuqing {

class GbkTable {
 public:
  static constexpr int kFirstLead = 0x81;
  static constexpr int kLastLead = 0xFE;
  static constexpr int kFirstTrail = 0x40;
  static constexpr int kLastTrail = 0xFE;

  static Result<GbkTable> Build();

  // The character the pair decodes to, or 0 when the pair is not a GB18030 two-byte character.
  char32_t Decode(int lead, int trail) const {
    if (lead < kFirstLead || lead > kLastLead || trail < kFirstTrail || trail > kLastTrail) {
      return 0;
    }
    return decode_[Index(lead, trail)];
  }

  // The two bytes (lead << 8 | trail) of `cp`, or 0 when it has no two-byte encoding.
  uint16_t Encode(char32_t cp) const {
    const auto it = encode_.find(cp);
    return it == encode_.end() ? 0 : it->second;
  }

 private:
  static size_t Index(int lead, int trail) {
    return static_cast<size_t>(lead - kFirstLead) * (kLastTrail - kFirstTrail + 1) +
           static_cast<size_t>(trail - kFirstTrail);
  }

  std::vector<char32_t> decode_;
  std::unordered_map<char32_t, uint16_t> encode_;
};

}  // namespace yuqing
