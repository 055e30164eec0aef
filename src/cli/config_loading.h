// Loading the configuration for a command: the file given, or the built-in default.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"

namespace yuqing::cli {

// Logs the error and returns nothing when the file is unusable.
std::optional<Config> LoadConfigOrReport(const std::string& path);

}  // namespace yuqing::cli
