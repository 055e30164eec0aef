// Writing JSON text: the one escaping routine every writer in yuqing uses, so that any bytes a
// stage produces (even invalid UTF-8 from a broken page) still give valid JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace yuqing {

// Appends s as a JSON string literal (with quotes). Invalid UTF-8 sequences become U+FFFD.
void AppendJsonString(std::string_view s, std::string* out);

// Appends a double the way JSON wants it (no NaN/Inf: those become null), shortest round-trip.
void AppendJsonNumber(double value, std::string* out);
void AppendJsonNumber(int64_t value, std::string* out);

bool IsValidUtf8(std::string_view s);

// Standard base64, for bytes that are not text (dead-lettered records that are not UTF-8).
std::string Base64Encode(std::string_view bytes);

}  // namespace yuqing
