// What `deliver` and `replay --deliver` share: the channel settings from the configuration and
// the store file in the data folder.
#pragma once

#include <string>

#include "config/config.h"
#include "core/status.h"
#include "respond/channels/channel_set.h"
#include "respond/dispatcher.h"

namespace yuqing::cli {

ChannelSettings ChannelSettingsOf(const Config& config);
// <data_dir>/yuqing.db, creating the folder.
std::string StorePath(const std::string& data_dir);
// The configured response, or the built-in one: the organisation generated from the division
// codes (national, provinces, cities, counties) and the default routing policy.
Result<RespondDefinition> EffectiveRespond(const Config& config);

}  // namespace yuqing::cli
