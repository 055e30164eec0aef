#include "respond/channels/channel_set.h"

#include "respond/channels/robot_channels.h"
#include "respond/channels/webhook_channel.h"

namespace yuqing {

ChannelSet::ChannelSet(const ChannelSettings& settings) {
  Set(ChannelKind::kWebhook, std::make_unique<WebhookChannel>());
  Set(ChannelKind::kWeCom, std::make_unique<WeComRobotChannel>());
  Set(ChannelKind::kDingTalk, std::make_unique<DingTalkRobotChannel>());
  Set(ChannelKind::kFeishu, std::make_unique<FeishuRobotChannel>());
  Set(ChannelKind::kEmail, std::make_unique<EmailChannel>(settings.smtp));
  Set(ChannelKind::kSms, std::make_unique<SmsChannel>(settings.sms));
}

Channel* ChannelSet::For(ChannelKind kind) const {
  const auto index = static_cast<size_t>(kind);
  return index < kKinds ? channels_[index].get() : nullptr;
}

void ChannelSet::Set(ChannelKind kind, std::unique_ptr<Channel> channel) {
  const auto index = static_cast<size_t>(kind);
  if (index < kKinds) channels_[index] = std::move(channel);
}

}  // namespace yuqing
