// One Channel per kind, built from the settings, so the delivery worker routes each Delivery
// by its endpoint's kind (Alertmanager's notify/ integrations, one per receiver type).
#pragma once

#include <array>
#include <memory>

#include "respond/channels/email_channel.h"
#include "respond/channels/sms_channel.h"
#include "respond/delivery.h"

namespace yuqing {

struct ChannelSettings {
  SmtpSettings smtp;       // url empty: e-mail deliveries fail as not configured
  SmsGatewaySettings sms;  // url empty: SMS deliveries fail as not configured
};

class ChannelSet {
 public:
  explicit ChannelSet(const ChannelSettings& settings);
  // Never null for a known kind; an unconfigured channel answers with a non-retryable receipt.
  Channel* For(ChannelKind kind) const;
  // Replaces the channel of one kind (tests inject fakes).
  void Set(ChannelKind kind, std::unique_ptr<Channel> channel);

 private:
  static constexpr size_t kKinds = 6;
  std::array<std::unique_ptr<Channel>, kKinds> channels_;
};

}  // namespace yuqing
