// E-mail through SMTP (libcurl's smtp:// and smtps://). One multipart/alternative message per
// delivery, plain text and HTML, both UTF-8 in base64; the Subject as RFC 2047 encoded words so
// Chinese survives any relay. The idempotency key is the Message-ID (<key@yuqing>), which mail
// systems already de-duplicate on, and the X-Yuqing-Idempotency-Key header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "respond/delivery.h"

namespace yuqing {

struct SmtpSettings {
  std::string url;       // "smtp://mail.example.gov.cn:25", "smtps://…:465"
  std::string from;      // the envelope sender and the From: header
  std::string username;  // empty: no AUTH
  std::string password;
  bool use_tls = false;  // require STARTTLS on smtp:// (never send a password in clear)
};

class EmailChannel : public Channel {
 public:
  explicit EmailChannel(SmtpSettings settings) : settings_(std::move(settings)) {}
  DeliveryReceipt Send(const Delivery& delivery) override;

 private:
  SmtpSettings settings_;
};

// RFC 2047 "=?UTF-8?B?…?=" words, each at most 75 characters and never splitting a UTF-8
// sequence, joined by folding whitespace ("\r\n ").
std::string EncodeHeaderWords(std::string_view text);
// RFC 5322 date in UTC: "Mon, 30 Nov 2026 20:10:06 +0000".
std::string Rfc5322Date(int64_t unix_ms);
// A minimal HTML page showing `text` as it is (escaped, line breaks kept).
std::string HtmlFromText(std::string_view text);
// The whole message, headers and body, CRLF line ends.
std::string EmailMessage(const Delivery& delivery, const SmtpSettings& settings, int64_t now_ms);

}  // namespace yuqing
