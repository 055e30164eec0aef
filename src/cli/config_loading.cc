#include "cli/config_loading.h"

#include <spdlog/spdlog.h>

namespace yuqing::cli {

std::optional<Config> LoadConfigOrReport(const std::string& path) {
  auto config = path.empty() ? BuiltInConfig() : LoadConfigFile(path);
  if (!config.ok()) {
    spdlog::error("{}", config.status().message());
    return std::nullopt;
  }
  return std::move(*config);
}

}  // namespace yuqing::cli
