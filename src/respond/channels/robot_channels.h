// The group robots of the three office messengers, each in its own Markdown message format.
// They answer HTTP 200 with a JSON status: WeCom and DingTalk {"errcode":0,"errmsg":"ok"},
// Feishu {"code":0,"msg":"success"}; anything but 0 is a failure, retried only for their rate
// limits (WeCom 45009, DingTalk 130101, Feishu 11232) and "system busy" (-1). Robots carry no
// header for an idempotency key, so it travels as the message's last line, "yuqing:<key>".
//
//   WeCom:    POST <address>  {"msgtype":"markdown","markdown":{"content":...}}
//   DingTalk: POST <address>&timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(secret,
//             "<ms>\n<secret>")))>   {"msgtype":"markdown","markdown":{"title","text"}}
//   Feishu:   POST <address>  {"timestamp":"<s>","sign":base64(HMAC-SHA256(key = "<s>\n<secret>",
//             message = "")),"msg_type":"interactive","card":{header, lark_md div}}
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "respond/channels/http_post.h"
#include "respond/delivery.h"

namespace yuqing {

// Wall-clock milliseconds; the robots reject signatures more than an hour off.
using WallClock = std::function<int64_t()>;
int64_t WallClockMs();

class WeComRobotChannel : public Channel {
 public:
  DeliveryReceipt Send(const Delivery& delivery) override;
};

class DingTalkRobotChannel : public Channel {
 public:
  explicit DingTalkRobotChannel(WallClock clock = WallClockMs) : clock_(std::move(clock)) {}
  DeliveryReceipt Send(const Delivery& delivery) override;

 private:
  WallClock clock_;
};

class FeishuRobotChannel : public Channel {
 public:
  explicit FeishuRobotChannel(WallClock clock = WallClockMs) : clock_(std::move(clock)) {}
  DeliveryReceipt Send(const Delivery& delivery) override;

 private:
  WallClock clock_;
};

// The pieces, exposed for tests.
std::string WeComBody(const Delivery& delivery);
std::string DingTalkBody(const Delivery& delivery);
std::string DingTalkSign(std::string_view secret, int64_t timestamp_ms);  // URL-encoded
std::string FeishuBody(const Delivery& delivery, int64_t timestamp_s);    // signed if secret set
std::string FeishuSign(std::string_view secret, int64_t timestamp_s);     // base64
// Reads a robot's answer: `code_field` "errcode" or "code"; `rate_limit_code` retryable.
DeliveryReceipt ReceiptFromRobot(const HttpResponse& response, std::string_view code_field,
                                 int64_t rate_limit_code);

}  // namespace yuqing
