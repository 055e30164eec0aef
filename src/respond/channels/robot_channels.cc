#include "respond/channels/robot_channels.h"

#include <simdjson.h>

#include <chrono>
#include <vector>

#include "core/json_text.h"
#include "respond/channels/signature.h"

namespace yuqing {
namespace {

// WeCom's markdown content is limited to 4096 bytes and DingTalk's text to about 20 000; the
// body is cut below the smaller so the key line always fits.
constexpr size_t kMaxMarkdownBytes = 3800;

std::string KeyLine(const Delivery& delivery) { return "\n\nyuqing:" + delivery.idempotency_key; }

std::string MarkdownText(const Delivery& delivery) {
  return ShortenUtf8(delivery.text, kMaxMarkdownBytes) + KeyLine(delivery);
}

const std::vector<std::string> kJsonHeaders = {"Content-Type: application/json; charset=utf-8"};

}  // namespace

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

DeliveryReceipt ReceiptFromRobot(const HttpResponse& response, std::string_view code_field,
                                 int64_t rate_limit_code) {
  DeliveryReceipt receipt = ReceiptFromHttp(response);
  if (!receipt.delivered) return receipt;
  // HTTP 200 only says the robot read the request; its JSON says whether the group got it.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  int64_t code = 0;
  if (parser.parse(response.body).get(doc) != simdjson::SUCCESS ||
      doc[code_field].get_int64().get(code) != simdjson::SUCCESS) {
    receipt.delivered = false;
    receipt.retryable = true;  // an answer we cannot read; the key makes a repeat harmless
    receipt.detail = "unreadable robot answer: " + receipt.detail;
    return receipt;
  }
  if (code != 0) {
    receipt.delivered = false;
    receipt.retryable = code == rate_limit_code || code == -1;
  }
  return receipt;
}

std::string WeComBody(const Delivery& delivery) {
  std::string body = R"({"msgtype":"markdown","markdown":{"content":)";
  AppendJsonString("**" + delivery.subject + "**\n" + MarkdownText(delivery), &body);
  body += "}}";
  return body;
}

DeliveryReceipt WeComRobotChannel::Send(const Delivery& delivery) {
  return ReceiptFromRobot(HttpPost(delivery.endpoint.address, WeComBody(delivery), kJsonHeaders),
                          "errcode", 45009);
}

std::string DingTalkBody(const Delivery& delivery) {
  std::string body = R"({"msgtype":"markdown","markdown":{"title":)";
  AppendJsonString(delivery.subject, &body);
  body += ",\"text\":";
  AppendJsonString("#### " + delivery.subject + "\n\n" + MarkdownText(delivery), &body);
  body += "}}";
  return body;
}

std::string DingTalkSign(std::string_view secret, int64_t timestamp_ms) {
  const std::string to_sign = std::to_string(timestamp_ms) + "\n" + std::string(secret);
  return UrlEncode(Base64Encode(HmacSha256(secret, to_sign)));
}

DeliveryReceipt DingTalkRobotChannel::Send(const Delivery& delivery) {
  std::string url = delivery.endpoint.address;
  if (!delivery.endpoint.secret.empty()) {
    const int64_t now = clock_();
    url += url.find('?') == std::string::npos ? '?' : '&';
    url +=
        "timestamp=" + std::to_string(now) + "&sign=" + DingTalkSign(delivery.endpoint.secret, now);
  }
  return ReceiptFromRobot(HttpPost(url, DingTalkBody(delivery), kJsonHeaders), "errcode", 130101);
}

std::string FeishuSign(std::string_view secret, int64_t timestamp_s) {
  // Feishu's scheme differs from DingTalk's: "<timestamp>\n<secret>" is the HMAC key, and the
  // message is empty.
  const std::string key = std::to_string(timestamp_s) + "\n" + std::string(secret);
  return Base64Encode(HmacSha256(key, ""));
}

std::string FeishuBody(const Delivery& delivery, int64_t timestamp_s) {
  std::string body = "{";
  if (!delivery.endpoint.secret.empty()) {
    body += "\"timestamp\":";
    AppendJsonString(std::to_string(timestamp_s), &body);
    body += ",\"sign\":";
    AppendJsonString(FeishuSign(delivery.endpoint.secret, timestamp_s), &body);
    body += ',';
  }
  body += R"("msg_type":"interactive","card":{"config":{"wide_screen_mode":true},)";
  body += R"("header":{"template":"red","title":{"tag":"plain_text","content":)";
  AppendJsonString(delivery.subject, &body);
  body += R"(}},"elements":[{"tag":"div","text":{"tag":"lark_md","content":)";
  AppendJsonString(MarkdownText(delivery), &body);
  body += "}}]}}";
  return body;
}

DeliveryReceipt FeishuRobotChannel::Send(const Delivery& delivery) {
  const std::string body = FeishuBody(delivery, clock_() / 1000);
  return ReceiptFromRobot(HttpPost(delivery.endpoint.address, body, kJsonHeaders), "code", 11232);
}

}  // namespace yuqing
