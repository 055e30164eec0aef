#include "respond/delivery.h"

#include <array>
#include <utility>

namespace yuqing {
namespace {

constexpr std::array<std::pair<ChannelKind, std::string_view>, 6> kNames = {{
    {ChannelKind::kWebhook, "webhook"},
    {ChannelKind::kWeCom, "wecom"},
    {ChannelKind::kDingTalk, "dingtalk"},
    {ChannelKind::kFeishu, "feishu"},
    {ChannelKind::kEmail, "email"},
    {ChannelKind::kSms, "sms"},
}};

}  // namespace

std::string_view ChannelKindName(ChannelKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<ChannelKind> ParseChannelKind(std::string_view name) {
  for (const auto& [kind, known] : kNames) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

}  // namespace yuqing
