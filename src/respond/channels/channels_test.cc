// Integration tests of the channels against real receivers on 127.0.0.1 (tests/receivers/):
// what each receiver got (path, headers, body) is checked the way the real service would
// read it, signatures recomputed here with OpenSSL directly.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "core/json_text.h"
#include "respond/channels/channel_set.h"
#include "respond/channels/email_channel.h"
#include "respond/channels/robot_channels.h"
#include "respond/channels/sms_channel.h"
#include "respond/channels/test_receiver.h"
#include "respond/channels/webhook_channel.h"
#include "respond/delivery_worker.h"
#include "store/outbox.h"

namespace yuqing {
namespace {

using testing::FreshTempDir;
using testing::JsonString;
using testing::ReadLines;
using testing::ReceiverProcess;

std::string OpenSslHmac(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Hex(const std::string& bytes) {
  std::string out;
  char buffer[3];
  for (unsigned char c : bytes) {
    std::snprintf(buffer, sizeof buffer, "%02x", c);
    out += buffer;
  }
  return out;
}

Delivery Alert(ChannelKind kind, const std::string& address, const std::string& key) {
  Delivery d;
  d.idempotency_key = key;
  d.receiver = "成都市人社局 养老保险处 张三";
  d.endpoint = {.kind = kind, .address = address};
  d.subject = "【II 重大】成都市 养老金停发传言 (inc-20261130-0007)";
  d.text = "**成都市** 出现“养老金下月停发”传言，30 分钟内 120 条转发。\n请于黄金一小时内回应。";
  d.payload_json = R"({"incident_id":"inc-20261130-0007","grade":"II","item_ids":["a","b"]})";
  d.created_ms = 1796040000000;  // 2026-11-30T20:00:00+08:00
  return d;
}

class HttpChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    log_ = dir_ / "requests.jsonl";
    ASSERT_TRUE(receiver_.Start("tests/receivers/webhook_receiver.py", {log_.string()}));
  }
  void TearDown() override {
    receiver_.Stop();
    std::filesystem::remove_all(dir_);
  }
  std::vector<std::string> Requests() { return ReadLines(log_); }

  std::filesystem::path dir_;
  std::filesystem::path log_;
  ReceiverProcess receiver_;
};

TEST_F(HttpChannelsTest, WebhookPostsTheDocumentedBodyAndASignatureTheReceiverCanCheck) {
  Delivery d = Alert(ChannelKind::kWebhook, receiver_.Url("/hooks/yuqing"), "inc-7/webhook/1");
  d.endpoint.secret = "s3cret-键";
  WebhookChannel channel;
  const DeliveryReceipt receipt = channel.Send(d);
  EXPECT_TRUE(receipt.delivered) << receipt.detail;
  EXPECT_EQ(receipt.status_code, 200);

  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& r = requests[0];
  EXPECT_EQ(JsonString(r, "/path"), "/hooks/yuqing");
  EXPECT_EQ(JsonString(r, "/headers/Content-Type"), "application/json");
  EXPECT_EQ(JsonString(r, "/headers/Idempotency-Key"), "inc-7/webhook/1");
  const std::string body = JsonString(r, "/body");
  EXPECT_EQ(JsonString(r, "/headers/X-Yuqing-Signature"),
            "sha256=" + Hex(OpenSslHmac("s3cret-键", body)));
  EXPECT_EQ(JsonString(body, "/idempotency_key"), "inc-7/webhook/1");
  EXPECT_EQ(JsonString(body, "/receiver"), d.receiver);
  EXPECT_EQ(JsonString(body, "/subject"), d.subject);
  EXPECT_EQ(JsonString(body, "/text"), d.text);
  EXPECT_EQ(JsonString(body, "/created_at"), "2026-11-30T20:00:00+08:00");
  EXPECT_EQ(JsonString(body, "/data/incident_id"), "inc-20261130-0007");  // raw, not a string
  EXPECT_EQ(JsonString(body, "/data/item_ids/1"), "b");
}

TEST_F(HttpChannelsTest, WebhookWithoutSecretIsUnsigned) {
  WebhookChannel channel;
  ASSERT_TRUE(channel.Send(Alert(ChannelKind::kWebhook, receiver_.Url("/h"), "k")).delivered);
  EXPECT_EQ(JsonString(Requests().at(0), "/headers/X-Yuqing-Signature"), "<missing>");
  // A line break in a key cannot inject a header.
  ASSERT_TRUE(
      channel.Send(Alert(ChannelKind::kWebhook, receiver_.Url("/h"), "k\r\nX-Evil: 1")).delivered);
  EXPECT_EQ(JsonString(Requests().at(1), "/headers/X-Evil"), "<missing>");
  EXPECT_EQ(JsonString(Requests().at(1), "/headers/Idempotency-Key"), "k  X-Evil: 1");
}

TEST_F(HttpChannelsTest, WebhookRetriesOnlyWhatARetryCanFix) {
  WebhookChannel channel;
  struct Case {
    const char* path;
    bool retryable;
  };
  for (const Case& c :
       {Case{"/status/500", true}, Case{"/status/503", true}, Case{"/status/429", true},
        Case{"/status/408", true}, Case{"/status/404", false}, Case{"/status/400", false},
        Case{"/status/401", false}}) {
    const DeliveryReceipt receipt =
        channel.Send(Alert(ChannelKind::kWebhook, receiver_.Url(c.path), "k"));
    EXPECT_FALSE(receipt.delivered) << c.path;
    EXPECT_EQ(receipt.retryable, c.retryable) << c.path;
    EXPECT_EQ(receipt.status_code, std::atoi(c.path + 8)) << c.path;
  }
  // Nothing listening: a transport error, retryable, no status.
  receiver_.Stop();
  const DeliveryReceipt refused =
      channel.Send(Alert(ChannelKind::kWebhook, receiver_.Url("/"), "k"));
  EXPECT_FALSE(refused.delivered);
  EXPECT_TRUE(refused.retryable);
  EXPECT_EQ(refused.status_code, 0);
  EXPECT_FALSE(refused.detail.empty());
}

TEST_F(HttpChannelsTest, WeComRobotGetsMarkdownWithTheKeyLine) {
  WeComRobotChannel channel;
  const Delivery d =
      Alert(ChannelKind::kWeCom, receiver_.Url("/cgi-bin/webhook/send?key=abc"), "inc-7/wecom/1");
  EXPECT_TRUE(channel.Send(d).delivered);
  const std::string body = JsonString(Requests().at(0), "/body");
  EXPECT_EQ(JsonString(Requests().at(0), "/query/key"), "abc");
  EXPECT_EQ(JsonString(body, "/msgtype"), "markdown");
  const std::string content = JsonString(body, "/markdown/content");
  EXPECT_EQ(content.rfind("**" + d.subject + "**\n", 0), 0u) << content;
  EXPECT_NE(content.find("养老金下月停发"), std::string::npos);
  EXPECT_TRUE(content.ends_with("\nyuqing:inc-7/wecom/1")) << content;

  // errcode 45009 is WeCom's rate limit: retry; anything else non-zero: give up.
  DeliveryReceipt limited =
      channel.Send(Alert(ChannelKind::kWeCom, receiver_.Url("/robot/errcode/45009"), "k"));
  EXPECT_FALSE(limited.delivered);
  EXPECT_TRUE(limited.retryable);
  EXPECT_EQ(limited.status_code, 200);
  DeliveryReceipt refused =
      channel.Send(Alert(ChannelKind::kWeCom, receiver_.Url("/robot/errcode/93000"), "k"));
  EXPECT_FALSE(refused.delivered);
  EXPECT_FALSE(refused.retryable);
  EXPECT_NE(refused.detail.find("93000"), std::string::npos);
}

TEST_F(HttpChannelsTest, DingTalkRobotSignsTheUrlWhenItHasASecret) {
  DingTalkRobotChannel channel;
  Delivery d = Alert(ChannelKind::kDingTalk, receiver_.Url("/robot/send?access_token=tok"),
                     "inc-7/dingtalk/1");
  d.endpoint.secret = "SECdd0f9a5c1e";
  ASSERT_TRUE(channel.Send(d).delivered);
  const std::string r = Requests().at(0);
  EXPECT_EQ(JsonString(r, "/query/access_token"), "tok");
  const std::string timestamp = JsonString(r, "/query/timestamp");
  ASSERT_EQ(timestamp.size(), 13u) << "milliseconds: " << timestamp;
  EXPECT_NEAR(std::stod(timestamp), static_cast<double>(WallClockMs()), 60000.0);
  // The receiver's parse_qs undid the URL encoding; what is left is base64 of the HMAC.
  EXPECT_EQ(JsonString(r, "/query/sign"),
            Base64Encode(OpenSslHmac("SECdd0f9a5c1e", timestamp + "\n" + "SECdd0f9a5c1e")));
  const std::string body = JsonString(r, "/body");
  EXPECT_EQ(JsonString(body, "/msgtype"), "markdown");
  EXPECT_EQ(JsonString(body, "/markdown/title"), d.subject);
  const std::string text = JsonString(body, "/markdown/text");
  EXPECT_EQ(text.rfind("#### " + d.subject, 0), 0u);
  EXPECT_TRUE(text.ends_with("yuqing:inc-7/dingtalk/1"));

  d.endpoint = {.kind = ChannelKind::kDingTalk, .address = receiver_.Url("/robot/errcode/130101")};
  const DeliveryReceipt limited = channel.Send(d);
  EXPECT_FALSE(limited.delivered);
  EXPECT_TRUE(limited.retryable);
  EXPECT_EQ(JsonString(Requests().at(1), "/query/sign"), "<missing>");  // no secret, no sign
}

TEST_F(HttpChannelsTest, FeishuRobotGetsACardSignedInTheBody) {
  FeishuRobotChannel channel;
  Delivery d =
      Alert(ChannelKind::kFeishu, receiver_.Url("/open-apis/bot/v2/hook/x"), "inc-7/feishu/1");
  d.endpoint.secret = "fs-secret";
  ASSERT_TRUE(channel.Send(d).delivered);
  const std::string body = JsonString(Requests().at(0), "/body");
  const std::string timestamp = JsonString(body, "/timestamp");
  ASSERT_EQ(timestamp.size(), 10u) << "seconds: " << timestamp;
  // Feishu: "<timestamp>\n<secret>" is the key, the message is empty.
  EXPECT_EQ(JsonString(body, "/sign"), Base64Encode(OpenSslHmac(timestamp + "\nfs-secret", "")));
  EXPECT_EQ(JsonString(body, "/msg_type"), "interactive");
  EXPECT_EQ(JsonString(body, "/card/header/title/tag"), "plain_text");
  EXPECT_EQ(JsonString(body, "/card/header/title/content"), d.subject);
  EXPECT_EQ(JsonString(body, "/card/elements/0/tag"), "div");
  EXPECT_EQ(JsonString(body, "/card/elements/0/text/tag"), "lark_md");
  EXPECT_TRUE(JsonString(body, "/card/elements/0/text/content").ends_with("yuqing:inc-7/feishu/1"));

  d.endpoint = {.kind = ChannelKind::kFeishu, .address = receiver_.Url("/robot/code/11232")};
  EXPECT_TRUE(channel.Send(d).retryable);
  EXPECT_EQ(JsonString(JsonString(Requests().at(1), "/body"), "/sign"), "<missing>");
  d.endpoint.address = receiver_.Url("/robot/code/19021");  // signature mismatch
  const DeliveryReceipt refused = channel.Send(d);
  EXPECT_FALSE(refused.delivered);
  EXPECT_FALSE(refused.retryable);
  // An answer that is not the robot's JSON is not taken for success.
  d.endpoint.address = receiver_.Url("/status/200");
  EXPECT_FALSE(channel.Send(d).delivered);
}

TEST_F(HttpChannelsTest, SmsGatewayGetsThreeHundredCharactersAndTheKey) {
  SmsChannel channel({.url = receiver_.Url("/sms/send"), .secret = "gw"});
  Delivery d = Alert(ChannelKind::kSms, "13800138000", "inc-7/sms/1");
  d.text.clear();
  for (int i = 0; i < 40; ++i) d.text += "养老金停发传言。";  // 320 characters
  ASSERT_TRUE(channel.Send(d).delivered);
  const std::string r = Requests().at(0);
  const std::string body = JsonString(r, "/body");
  EXPECT_EQ(JsonString(r, "/headers/X-Yuqing-Signature"), "sha256=" + Hex(OpenSslHmac("gw", body)));
  EXPECT_EQ(JsonString(body, "/phone"), "13800138000");
  EXPECT_EQ(JsonString(body, "/idempotency_key"), "inc-7/sms/1");
  const std::string text = JsonString(body, "/text");
  EXPECT_EQ(text, d.text.substr(0, size_t{300} * 3));  // 3 bytes per character here
  EXPECT_FALSE(SmsChannel({}).Send(d).retryable);      // no gateway configured
}

TEST_F(HttpChannelsTest, ChannelSetRoutesByKind) {
  const ChannelSet channels({.sms = {.url = receiver_.Url("/sms")}});
  for (ChannelKind kind :
       {ChannelKind::kWebhook, ChannelKind::kWeCom, ChannelKind::kDingTalk, ChannelKind::kFeishu}) {
    ASSERT_NE(channels.For(kind), nullptr);
    EXPECT_TRUE(
        channels.For(kind)
            ->Send(Alert(kind, receiver_.Url("/" + std::string(ChannelKindName(kind))), "k"))
            .delivered);
  }
  EXPECT_TRUE(
      channels.For(ChannelKind::kSms)->Send(Alert(ChannelKind::kSms, "138", "k")).delivered);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(JsonString(requests[1], "/path"), "/wecom");
  EXPECT_EQ(JsonString(JsonString(requests[3], "/body"), "/msg_type"), "interactive");
  EXPECT_EQ(JsonString(requests[4], "/path"), "/sms");
  // No SMTP configured: e-mail answers, without a network attempt, that it cannot deliver.
  const DeliveryReceipt mail =
      channels.For(ChannelKind::kEmail)->Send(Alert(ChannelKind::kEmail, "a@b.cn", "k"));
  EXPECT_FALSE(mail.delivered);
  EXPECT_FALSE(mail.retryable);
}

// The worker over a real outbox: delivered, retried after the backoff, and failed for good.
TEST_F(HttpChannelsTest, DeliveryWorkerDrainsTheOutboxWithRetries) {
  auto db = SqliteDb::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto outbox = Outbox::Open(db->get(), {.seed = 1});
  ASSERT_TRUE(outbox.ok());
  ASSERT_TRUE((*outbox)->Enqueue(Alert(ChannelKind::kWebhook, receiver_.Url("/ok"), "a")).ok());
  ASSERT_TRUE(
      (*outbox)->Enqueue(Alert(ChannelKind::kWebhook, receiver_.Url("/flaky/503/2"), "b")).ok());
  ASSERT_TRUE(
      (*outbox)->Enqueue(Alert(ChannelKind::kWebhook, receiver_.Url("/status/410"), "c")).ok());
  const ChannelSet channels({});
  DeliveryWorker worker(outbox->get(), &channels);

  auto pass = worker.RunOnce(1000);
  ASSERT_TRUE(pass.ok()) << pass.status().message();
  EXPECT_EQ(pass->sent, 3);
  EXPECT_EQ(pass->delivered, 1);
  EXPECT_EQ(worker.RunOnce(1500)->sent, 0);  // b waits out its 1 s backoff
  EXPECT_EQ(worker.RunOnce(2000)->sent, 1);  // second 503
  EXPECT_EQ(worker.RunOnce(2000 + 2000)->delivered, 1);

  auto counts = (*outbox)->Counts();
  EXPECT_EQ(counts->delivered, 2);
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->pending + counts->sending, 0);
  auto receipts = (*outbox)->Receipts("b");
  ASSERT_EQ(receipts->size(), 3u);
  EXPECT_EQ((*receipts)[0].receipt.status_code, 503);
  EXPECT_TRUE((*receipts)[2].receipt.delivered);
  EXPECT_EQ((*outbox)->Get("c")->state, OutboxState::kFailed);
  EXPECT_EQ(Requests().size(), 5u);
}

class EmailChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(receiver_.Start("tests/receivers/smtp_receiver.py",
                                {dir_.string(), "--reject-rcpt", "nobody@hrss.example.cn"}));
    settings_ = {.url = "smtp://127.0.0.1:" + std::to_string(receiver_.port()),
                 .from = "yuqing@hrss.example.cn"};
  }
  void TearDown() override {
    receiver_.Stop();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  ReceiverProcess receiver_;
  SmtpSettings settings_;
};

TEST_F(EmailChannelTest, MessageArrivesAndDecodesToTheChineseOriginal) {
  EmailChannel channel(settings_);
  Delivery d = Alert(ChannelKind::kEmail, "zhangsan@hrss.example.cn", "inc-7/email/1");
  d.text += "\n<链接> & “引号”";
  const DeliveryReceipt receipt = channel.Send(d);
  ASSERT_TRUE(receipt.delivered) << receipt.detail;
  EXPECT_EQ(receipt.status_code, 250);

  const auto messages = ReadLines(dir_ / "messages.jsonl");
  ASSERT_EQ(messages.size(), 1u);
  const std::string& m = messages[0];
  EXPECT_EQ(JsonString(m, "/subject"), d.subject);
  EXPECT_EQ(JsonString(m, "/message_id"), "<inc-7/email/1@yuqing>");
  EXPECT_EQ(JsonString(m, "/idempotency_key"), "inc-7/email/1");
  EXPECT_EQ(JsonString(m, "/mail_from"), "yuqing@hrss.example.cn");
  EXPECT_EQ(JsonString(m, "/rcpt_tos/0"), "zhangsan@hrss.example.cn");
  EXPECT_EQ(JsonString(m, "/content_type"), "multipart/alternative");
  std::string text = JsonString(m, "/text");
  std::erase(text, '\r');
  EXPECT_EQ(text, d.text);
  const std::string html = JsonString(m, "/html");
  EXPECT_NE(html.find("&lt;链接&gt; &amp; “引号”"), std::string::npos) << html;
  EXPECT_NE(html.find("<br>"), std::string::npos);
  EXPECT_NE(JsonString(m, "/date").find("+0000"), std::string::npos);
  // Every encoded word of the subject is within RFC 2047's 75 characters.
  const std::string headers = JsonString(m, "/raw_headers");
  size_t words = 0;
  for (size_t at = headers.find("=?UTF-8?B?"); at != std::string::npos;
       at = headers.find("=?UTF-8?B?", at + 1)) {
    const size_t end = headers.find("?=", at + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - at, 75u);
    ++words;
  }
  EXPECT_GE(words, 2u);  // the subject (about 70 bytes) needed more than one word
}

TEST_F(EmailChannelTest, GivenHtmlIsSentAsIsAndARefusedMailboxIsPermanent) {
  EmailChannel channel(settings_);
  Delivery d = Alert(ChannelKind::kEmail, "lisi@hrss.example.cn", "k2");
  d.html = "<p><b>养老金</b>传言</p>";
  ASSERT_TRUE(channel.Send(d).delivered);
  EXPECT_NE(JsonString(ReadLines(dir_ / "messages.jsonl").at(0), "/html").find(d.html),
            std::string::npos);

  d.endpoint.address = "nobody@hrss.example.cn";
  const DeliveryReceipt refused = channel.Send(d);
  EXPECT_FALSE(refused.delivered);
  EXPECT_FALSE(refused.retryable);
  EXPECT_EQ(refused.status_code, 550);

  d.endpoint.address = "bad\r\nRCPT TO:<x@y>";
  EXPECT_FALSE(channel.Send(d).retryable);
  receiver_.Stop();  // server gone: transient
  d.endpoint.address = "lisi@hrss.example.cn";
  const DeliveryReceipt down = channel.Send(d);
  EXPECT_FALSE(down.delivered);
  EXPECT_TRUE(down.retryable);
}

TEST(EmailFormatTest, EncodedWordsNeverSplitACharacter) {
  const std::string subject = "养老金停发传言：成都市人社局回应，社保卡余额查询方式说明";
  const std::string encoded = EncodeHeaderWords(subject);
  std::string decoded;
  size_t at = 0;
  while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
    const size_t end = encoded.find("?=", at + 10);
    const std::string b64 = encoded.substr(at + 10, end - at - 10);
    std::string bytes(b64.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    ASSERT_GT(n, 0);
    bytes.resize(static_cast<size_t>(n) - std::count(b64.end() - 2, b64.end(), '='));
    EXPECT_TRUE(IsValidUtf8(bytes)) << "word split a character";
    decoded += bytes;
    at = end;
  }
  EXPECT_EQ(decoded, subject);
  EXPECT_EQ(EncodeHeaderWords("alert"), "=?UTF-8?B?YWxlcnQ=?=");
  EXPECT_EQ(EncodeHeaderWords(""), "");
  EXPECT_EQ(Rfc5322Date(1796040000000), "Mon, 30 Nov 2026 12:00:00 +0000");
  EXPECT_EQ(Rfc5322Date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FirstCodePoints("养老a金", 3), "养老a");
}

}  // namespace
}  // namespace yuqing
