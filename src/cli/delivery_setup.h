// What `deliver` and `replay --deliver` share: the channel settings from the configuration and
// the store file in the data folder.
#pragma once

#include <string>

#include "config/config.h"
#include "respond/channels/channel_set.h"

namespace yuqing::cli {

ChannelSettings ChannelSettingsOf(const Config& config);
// <data_dir>/yuqing.db, creating the folder.
std::string StorePath(const std::string& data_dir);

}  // namespace yuqing::cli
