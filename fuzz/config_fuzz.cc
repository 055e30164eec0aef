// Fuzzes the YAML configuration loader: any bytes give a Config or an error, never a crash. A
// configuration that loads also builds its response (organisation tree, routing tree,
// receivers), which must then accept or refuse it cleanly too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"
#include "respond/dispatcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config =
      yuqing::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (config.ok()) {
    auto dispatcher = yuqing::Dispatcher::Create(config->respond);
    (void)dispatcher;
  }
  return 0;
}
