#include "normalize/gbk_table.h"

#include <iconv.h>

#include <array>

namespace yuqing {

Result<GbkTable> GbkTable::Build() {
  iconv_t cd = iconv_open("UTF-32LE", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return Status::Unsupported("iconv has no GB18030 converter");
  }
  GbkTable table;
  table.decode_.assign(
      static_cast<size_t>(kLastLead - kFirstLead + 1) * (kLastTrail - kFirstTrail + 1), 0);
  table.encode_.reserve(24000);
  for (int lead = kFirstLead; lead <= kLastLead; ++lead) {
    for (int trail = kFirstTrail; trail <= kLastTrail; ++trail) {
      if (trail == 0x7F) continue;
      std::array<char, 2> in = {static_cast<char>(lead), static_cast<char>(trail)};
      std::array<unsigned char, 8> out{};
      char* src = in.data();
      size_t src_left = in.size();
      char* dst = reinterpret_cast<char*>(out.data());
      size_t dst_left = out.size();
      const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
      iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset after an error
      if (rc == static_cast<size_t>(-1) || src_left != 0 || dst_left != 4) continue;
      const char32_t cp = static_cast<char32_t>(out[0]) | (static_cast<char32_t>(out[1]) << 8) |
                          (static_cast<char32_t>(out[2]) << 16) |
                          (static_cast<char32_t>(out[3]) << 24);
      table.decode_[Index(lead, trail)] = cp;
      table.encode_.emplace(cp, static_cast<uint16_t>((lead << 8) | trail));
    }
  }
  iconv_close(cd);
  if (table.encode_.size() < 20000) {
    return Status::Internal("iconv's GB18030 table looks incomplete");
  }
  return table;
}

}  // namespace yuqing
