#include "respond/channels/email_channel.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/json_text.h"
#include "core/time.h"
#include "respond/channels/http_post.h"
#include "respond/channels/robot_channels.h"

namespace yuqing {
namespace {

// 75 characters per encoded word (RFC 2047 §2) minus "=?UTF-8?B?" and "?=" leaves 63 base64
// characters, i.e. 45 bytes of text (15 groups of 3).
constexpr size_t kBytesPerWord = 45;

// A base64 body cannot contain '-', so no line of one can be mistaken for this boundary.
constexpr std::string_view kBoundary = "yuqing-alternative-boundary";

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

// An address that cannot smuggle extra SMTP commands or headers.
bool IsPlainAddress(std::string_view address) {
  return !address.empty() && address.find('@') != std::string_view::npos &&
         address.find_first_of("\r\n<>, ") == std::string_view::npos;
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Base64 in lines of 76 (RFC 2045 §6.8).
std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64Encode(bytes);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

std::string MessageIdPart(std::string_view key) {
  std::string out;
  for (char c : key) {
    const bool atext = std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                       std::strchr("!#$%&'*+-/=?^_`{|}~.", c) != nullptr;
    out += atext && c != '\0' ? c : '_';
  }
  return out;
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct EasyFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string EncodeHeaderWords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(pos + kBytesPerWord, text.size());
    // Back off to the start of a UTF-8 sequence so no character is split across words.
    while (end < text.size() && end > pos &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == pos) end = std::min(pos + kBytesPerWord, text.size());  // not UTF-8: cut anyway
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string Rfc5322Date(int64_t unix_ms) {
  static constexpr std::string_view kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t seconds = unix_ms / 1000;
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04lld %02lld:%02lld:%02lld +0000",
                std::string(kDays[((days % 7) + 7) % 7]).c_str(), day,
                std::string(kMonths[month - 1]).c_str(), static_cast<long long>(year),
                static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  return buffer;
}

std::string HtmlFromText(std::string_view text) {
  std::string body;
  for (char c : text) {
    switch (c) {
      case '&':
        body += "&amp;";
        break;
      case '<':
        body += "&lt;";
        break;
      case '>':
        body += "&gt;";
        break;
      case '"':
        body += "&quot;";
        break;
      case '\'':
        body += "&#39;";
        break;
      case '\r':
        break;
      case '\n':
        body += "<br>\n";
        break;
      default:
        body += c;
    }
  }
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" + body +
         "\n</body></html>\n";
}

std::string EmailMessage(const Delivery& delivery, const SmtpSettings& settings, int64_t now_ms) {
  const std::string& key = delivery.idempotency_key;
  std::string m;
  m += "Date: " + Rfc5322Date(now_ms) + "\r\n";
  m += "From: <" + settings.from + ">\r\n";
  m += "To: <" + delivery.endpoint.address + ">\r\n";
  m += "Subject: " + EncodeHeaderWords(delivery.subject) + "\r\n";
  m += "Message-ID: <" + MessageIdPart(key) + "@yuqing>\r\n";
  m += "X-Yuqing-Idempotency-Key: " + (IsPrintableAscii(key) ? key : EncodeHeaderWords(key)) +
       "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + std::string(kBoundary) + "\"\r\n";
  m += "\r\n";
  m += "--" + std::string(kBoundary) + "\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Lines(WithCrlf(delivery.text));
  m += "--" + std::string(kBoundary) + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Lines(WithCrlf(delivery.html.empty() ? HtmlFromText(delivery.text) : delivery.html));
  m += "--" + std::string(kBoundary) + "--\r\n";
  return m;
}

DeliveryReceipt EmailChannel::Send(const Delivery& delivery) {
  if (settings_.url.empty() || !IsPlainAddress(settings_.from)) {
    return {.retryable = false, .detail = "email: no SMTP url or sender configured"};
  }
  if (!IsPlainAddress(delivery.endpoint.address)) {
    return {.retryable = false,
            .detail = "email: bad mailbox '" + ShortenUtf8(delivery.endpoint.address, 128) + "'"};
  }
  EnsureCurlInitialized();
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) return {.retryable = true, .detail = "curl_easy_init failed"};
  const std::string message = EmailMessage(delivery, settings_, WallClockMs());
  Upload upload{.data = message};
  const std::string from = "<" + settings_.from + ">";
  std::unique_ptr<curl_slist, SlistFree> rcpt(
      curl_slist_append(nullptr, ("<" + delivery.endpoint.address + ">").c_str()));
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  if (settings_.use_tls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  DeliveryReceipt receipt;
  receipt.status_code = static_cast<int>(code);
  if (rc == CURLE_OK) {
    receipt.delivered = true;
    receipt.detail = "accepted";
    return receipt;
  }
  receipt.detail = ShortenUtf8(error[0] != 0 ? error : curl_easy_strerror(rc), 512);
  // SMTP 5xx replies are permanent (RFC 5321 §4.2.1): a bad mailbox, a refused sender. 4xx and
  // lost connections are transient. Bad credentials or URL need the operator, not a retry.
  receipt.retryable = !(code >= 500 && code < 600) && rc != CURLE_LOGIN_DENIED &&
                      rc != CURLE_URL_MALFORMAT && rc != CURLE_UNSUPPORTED_PROTOCOL;
  return receipt;
}

}  // namespace yuqing
