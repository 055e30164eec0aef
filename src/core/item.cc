#include "core/item.h"

#include <array>

namespace yuqing {
namespace {
constexpr std::array<std::string_view, 9> kPlatformNames = {
    "news", "weibo", "wechat", "forum", "video", "gov", "blog", "qa", "other"};
}  // namespace

std::string_view PlatformName(Platform platform) {
  return kPlatformNames[static_cast<size_t>(platform)];
}

std::optional<Platform> ParsePlatform(std::string_view name) {
  for (size_t i = 0; i < kPlatformNames.size(); ++i) {
    if (kPlatformNames[i] == name) return static_cast<Platform>(i);
  }
  return std::nullopt;
}

std::string_view PlatformNames() { return "news|weibo|wechat|forum|video|gov|blog|qa|other"; }

}  // namespace yuqing
