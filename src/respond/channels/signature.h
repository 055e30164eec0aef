// The signing primitives the channels share: HMAC-SHA256 (RFC 2104) through OpenSSL, and the
// encodings the receivers expect its bytes in (hex for our webhook header, base64 + URL
// encoding for the DingTalk and Feishu robots).
#pragma once

#include <string>
#include <string_view>

namespace yuqing {

// Raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);

std::string HexEncode(std::string_view bytes);  // lower-case

// Percent-encodes everything but RFC 3986 unreserved characters (so '+', '/', '=' of base64
// survive a query string).
std::string UrlEncode(std::string_view text);

// The webhook's signature header value: "sha256=" + hex HMAC-SHA256(secret, body).
std::string WebhookSignature(std::string_view secret, std::string_view body);

}  // namespace yuqing
