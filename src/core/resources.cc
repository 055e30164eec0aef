#include "core/resources.h"

#include <cstdlib>

#ifndef YUQING_SOURCE_DIR
#error "YUQING_SOURCE_DIR must be defined by the build"
#endif

namespace yuqing {

std::string ResourcePath(std::string_view relative) {
  const char* home = std::getenv("YUQING_HOME");
  std::string root = home != nullptr && *home != '\0' ? home : YUQING_SOURCE_DIR;
  if (!root.empty() && root.back() != '/') root += '/';
  return root + std::string(relative);
}

}  // namespace yuqing
