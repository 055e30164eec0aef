// Fuzzes the YAML configuration loader: any bytes give a Config or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config =
      yuqing::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  (void)config;
  return 0;
}
