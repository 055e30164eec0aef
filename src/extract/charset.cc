#include "extract/charset.h"

#include <iconv.h>
#include <uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace yuqing {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
// The HTML standard's prescan looks at the first 1024 bytes; real Chinese pages often put the
// <meta> after long comments or scripts, so we look further (4 KB, as the brief says).
constexpr size_t kSniffBytes = 4096;

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when it is invalid or truncated.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return len;
}

struct Utf8Scan {
  size_t non_ascii_chars = 0;  // valid multi-byte sequences
  size_t invalid_bytes = 0;    // bytes not part of a valid sequence
  size_t cut_tail = 0;         // of those, bytes of a sequence cut off by the end of the input
};

// Whether s[i..] (fewer than four bytes, at the end) is the start of a valid sequence that the
// end of the input cut off.
bool IsCutSequence(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const size_t need = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2);
  if (b0 < 0xC2 || b0 > 0xF4 || s.size() - i >= need) return false;
  for (size_t k = i + 1; k < s.size(); ++k) {
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return false;
  }
  return true;
}

Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan scan;
  size_t i = 0;
  while (i < s.size()) {
    // ASCII runs dominate HTML; skip them eight bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t word = 0;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      if (s.size() - i < 4 && IsCutSequence(s, i)) {
        scan.cut_tail = s.size() - i;
        scan.invalid_bytes += s.size() - i;
        break;
      }
      ++scan.invalid_bytes;
      ++i;
    } else {
      if (len > 1) ++scan.non_ascii_chars;
      i += len;
    }
  }
  return scan;
}

// Copies valid UTF-8 and replaces each invalid byte with U+FFFD (the WHATWG decoder replaces a
// maximal invalid subpart; per-byte replacement is simpler and only changes the count of U+FFFD).
std::string RepairUtf8(std::string_view s, size_t* invalid) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      out += kReplacement;
      ++*invalid;
      ++i;
    } else {
      out.append(s.data() + i, len);
      i += len;
    }
  }
  return out;
}

// Canonical name for a declared or detected charset: "utf-8", "gb18030", "big5", "utf-16le",
// "utf-16be", another iconv name, or "" when unknown.
std::string CanonicalCharset(std::string_view raw) {
  std::string name = AsciiLowerCopy(raw);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  size_t start = 0;
  while (start < name.size() && (name[start] == ' ' || name[start] == '\t')) ++start;
  name.erase(0, start);
  if (name.empty()) return "";
  if (name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  // GB2312 and GBK pages routinely contain characters outside the declared set (WHATWG maps
  // both labels to the GBK decoder); GB18030 is a superset of both.
  if (name == "gb2312" || name == "gbk" || name == "gb18030" || name == "x-gbk" ||
      name == "cp936" || name == "ms936" || name == "windows-936" || name == "euc-cn" ||
      name == "csgb2312" || name == "chinese" || name == "gb_2312-80" || name == "x-euc-cn") {
    return "gb18030";
  }
  if (name == "big5" || name == "big5-hkscs" || name == "cn-big5" || name == "x-x-big5" ||
      name == "cp950" || name == "csbig5" || name == "x-big5") {
    return "big5";
  }
  if (name == "utf-16le") return "utf-16le";
  if (name == "utf-16be") return "utf-16be";
  // "utf-16" without a BOM cannot be trusted in a <meta> (WHATWG treats it as UTF-8).
  if (name == "utf-16" || name == "unicode") return "utf-8";
  if (name == "ascii" || name == "us-ascii") return "windows-1252";
  if (name == "iso-8859-1" || name == "latin1" || name == "l1") return "windows-1252";
  // Keep any other plausible iconv name (letters, digits, '-', '_', '.', ':').
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return "";
  }
  return name.size() <= 40 ? name : "";
}

// The value after "charset=" (or "encoding=") at `pos` in `lower`, without quotes.
std::string_view ValueAt(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '"' || text[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < text.size()) {
    const char c = text[end];
    if (c == '"' || c == '\'' || c == ';' || c == '>' || c == ' ' || c == '/' || c == ',' ||
        c == '\t' || c == '\r' || c == '\n') {
      break;
    }
    ++end;
  }
  return text.substr(pos, end - pos);
}

std::string CharsetFromContentType(std::string_view content_type) {
  const std::string lower = AsciiLowerCopy(content_type);
  const size_t pos = lower.find("charset=");
  if (pos == std::string::npos) return "";
  return std::string(ValueAt(lower, pos + 8));
}

// The charset declared in the document head: the CleanEval wrapper `<text ... encoding="...">`,
// an XML declaration, or a <meta charset> / <meta http-equiv content="...charset=...">.
std::string CharsetFromDocument(std::string_view bytes) {
  const std::string lower = AsciiLowerCopy(bytes.substr(0, std::min(bytes.size(), kSniffBytes)));
  size_t start = 0;
  while (start < lower.size() && (lower[start] == ' ' || lower[start] == '\n' ||
                                  lower[start] == '\r' || lower[start] == '\t')) {
    ++start;
  }
  // The wrapper and the XML declaration come first and end at the first '>'.
  if (lower.compare(start, 6, "<text ") == 0 || lower.compare(start, 5, "<?xml") == 0) {
    const size_t close = lower.find('>', start);
    const size_t enc = lower.find("encoding=", start);
    if (enc != std::string::npos && enc < close) return std::string(ValueAt(lower, enc + 9));
  }
  size_t pos = 0;
  while ((pos = lower.find("<meta", pos)) != std::string::npos) {
    const size_t close = lower.find('>', pos);
    const size_t end = close == std::string::npos ? lower.size() : close;
    const std::string_view tag = std::string_view(lower).substr(pos, end - pos);
    const size_t cs = tag.find("charset=");
    if (cs != std::string_view::npos) {
      const std::string_view value = ValueAt(tag, cs + 8);
      if (!value.empty()) return std::string(value);
    }
    pos = end;
  }
  return "";
}

std::string Detect(std::string_view bytes) {
  uchardet_t detector = uchardet_new();
  if (detector == nullptr) return "";
  std::string result;
  // 64 KB is plenty for a statistical guess and bounds the time spent on huge pages.
  const std::string_view sample = bytes.substr(0, std::min<size_t>(bytes.size(), 65536));
  if (uchardet_handle_data(detector, sample.data(), sample.size()) == 0) {
    uchardet_data_end(detector);
    const char* name = uchardet_get_charset(detector);
    if (name != nullptr) result = name;
  }
  uchardet_delete(detector);
  return CanonicalCharset(result);
}

// iconv from `from` to UTF-8; every byte iconv rejects becomes U+FFFD. Returns false when iconv
// does not know `from`.
bool Convert(std::string_view bytes, const char* from, std::string* out, size_t* invalid) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;  // NOLINT(performance-no-int-to-ptr)
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 2);
  std::array<char, 16384> buffer{};
  // iconv's interface takes non-const input pointers but does not write through them.
  char* in = const_cast<char*>(bytes.data());  // NOLINT
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer.data();
    size_t dst_left = buffer.size();
    const size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out->append(buffer.data(), buffer.size() - dst_left);
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EILSEQ) {
      // Skip one byte only: in GB18030/Big5 a bad trail byte is often a valid ASCII byte or the
      // lead byte of the next character (WHATWG gb18030 decoder, step "prepend byte").
      *out += kReplacement;
      ++*invalid;
      ++in;
      --in_left;
    } else {  // EINVAL: a sequence cut off at the end of the input
      *out += kReplacement;
      *invalid += in_left;
      in_left = 0;
    }
  }
  // Flush any shift state (stateful encodings such as ISO-2022).
  char* dst = buffer.data();
  size_t dst_left = buffer.size();
  iconv(cd, nullptr, nullptr, &dst, &dst_left);
  out->append(buffer.data(), buffer.size() - dst_left);
  iconv_close(cd);
  return true;
}

const char* IconvName(const std::string& canonical) {
  if (canonical == "gb18030") return "GB18030";
  // CP950 carries Microsoft's and ETEN's additions that most Taiwanese pages use; Big5-HKSCS is
  // the fallback when the page uses Hong Kong characters that CP950 lacks (tried on failure).
  if (canonical == "big5") return "CP950";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  return nullptr;
}

// Decodes `bytes` as `canonical`; falls back to GB18030 when iconv does not know the name.
void DecodeAs(std::string_view bytes, const std::string& canonical, bool known_valid_utf8,
              DecodedText* result) {
  result->invalid_bytes = 0;
  if (canonical == "utf-8") {
    result->charset = "utf-8";
    if (known_valid_utf8) {
      result->utf8.assign(bytes);
    } else {
      result->utf8 = RepairUtf8(bytes, &result->invalid_bytes);
    }
    return;
  }
  const char* name = IconvName(canonical);
  const std::string other = AsciiLowerCopy(canonical);
  if (name == nullptr) name = other.c_str();
  if (canonical == "big5") {
    std::string hkscs;
    size_t hkscs_invalid = 0;
    size_t cp950_invalid = 0;
    if (Convert(bytes, name, &result->utf8, &cp950_invalid) && cp950_invalid > 0 &&
        Convert(bytes, "BIG5-HKSCS", &hkscs, &hkscs_invalid) && hkscs_invalid < cp950_invalid) {
      result->utf8 = std::move(hkscs);
      result->charset = "big5-hkscs";
      result->invalid_bytes = hkscs_invalid;
      return;
    }
    result->charset = "big5";
    result->invalid_bytes = cp950_invalid;
    return;
  }
  if (Convert(bytes, name, &result->utf8, &result->invalid_bytes)) {
    result->charset = canonical;
    return;
  }
  result->invalid_bytes = 0;
  Convert(bytes, "GB18030", &result->utf8, &result->invalid_bytes);
  result->charset = "gb18030";
}

// Bytes that cannot be GB18030 (a lead byte without a valid trail, 0x80, 0xFF).
size_t Gb18030InvalidBytes(std::string_view s) {
  size_t bad = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const auto t = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (b >= 0x81 && b <= 0xFE && ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE))) {
      i += 2;
    } else if (b >= 0x81 && b <= 0xFE && t >= 0x30 && t <= 0x39 && i + 3 < s.size()) {
      i += 4;
    } else {
      ++bad;
      ++i;
    }
  }
  return bad;
}

// Whether iconv can convert from `canonical` (labels such as "unset" or "none" occur in the
// wild and are no declaration at all).
bool Decodable(const std::string& canonical) {
  if (canonical == "utf-8" || IconvName(canonical) != nullptr) return true;
  iconv_t cd = iconv_open("UTF-8", canonical.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;  // NOLINT(performance-no-int-to-ptr)
  iconv_close(cd);
  return true;
}

bool IsChineseCharset(const std::string& canonical) {
  return canonical == "gb18030" || canonical == "big5" || canonical == "utf-8";
}

// Whether bytes claimed to be UTF-8 really are: valid, or almost valid (a page cut in the middle
// of a character, or a stray byte among thousands of characters).
bool LooksUtf8(const Utf8Scan& scan) {
  const size_t bad = scan.invalid_bytes - scan.cut_tail;  // a page cut short is no evidence
  if (bad == 0) return true;
  return bad * 50 <= scan.non_ascii_chars;
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  DecodedText result;
  if (bytes.empty()) {
    result.charset = "utf-8";
    result.declared = CanonicalCharset(CharsetFromContentType(content_type));
    return result;
  }
  // A byte-order mark overrides every declaration (WHATWG Encoding, "decode", BOM sniffing).
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    DecodeAs(bytes.substr(3), "utf-8", false, &result);
    return result;
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    DecodeAs(bytes.substr(2), "utf-16le", false, &result);
    return result;
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    DecodeAs(bytes.substr(2), "utf-16be", false, &result);
    return result;
  }

  // The HTTP header outranks the document (WHATWG HTML, "determining the character encoding").
  std::string declared = CanonicalCharset(CharsetFromContentType(content_type));
  if (declared.empty()) {
    declared = CanonicalCharset(CharsetFromDocument(bytes));
    // A document that can state its charset in ASCII is not UTF-16 (WHATWG: a <meta> UTF-16
    // label means UTF-8).
    if (declared.rfind("utf-16", 0) == 0) declared = "utf-8";
  }
  result.declared = declared;
  if (!declared.empty() && !Decodable(declared)) declared.clear();

  const Utf8Scan scan = ScanUtf8(bytes);
  const bool valid_utf8 = scan.invalid_bytes == 0;
  const bool valid_utf8_text = valid_utf8 && scan.non_ascii_chars > 0;

  std::string use;
  if (declared == "utf-8") {
    if (LooksUtf8(scan)) {
      use = "utf-8";
    } else {
      result.declaration_wrong = true;
    }
  } else if (!declared.empty()) {
    // Valid UTF-8 with non-ASCII content is almost never an accident in a legacy encoding
    // (Dürst, "The properties and promises of UTF-8", 1997), so it beats a GB2312/GBK claim.
    if (valid_utf8_text) {
      use = "utf-8";
      result.declaration_wrong = true;
    } else if (!IsChineseCharset(declared) && !valid_utf8) {
      // A Western single-byte label on a Chinese page ("iso-8859-1" from a misconfigured
      // server) is checked against the detector.
      const std::string detected = Detect(bytes);
      if (detected == "gb18030" || detected == "big5") {
        use = detected;
        result.declaration_wrong = true;
      } else {
        use = declared;
      }
    } else {
      use = declared;
    }
  }
  if (use.empty()) {
    if (valid_utf8) {
      use = "utf-8";  // ASCII or valid UTF-8
    } else {
      use = Detect(bytes);
      // uchardet answers Latin-1, Greek or nothing for some short GBK texts; a Chinese page
      // without a usable label is GBK far more often than anything else, so a non-CJK guess
      // yields to GB18030 when the bytes are well-formed GB18030.
      const bool cjk_guess = use == "gb18030" || use == "big5" || use == "euc-tw" ||
                             use == "shift_jis" || use == "euc-jp" || use == "euc-kr" ||
                             use == "iso-2022-jp" || use == "iso-2022-cn" || use == "iso-2022-kr";
      if (!cjk_guess &&
          (use.empty() || !Decodable(use) || Gb18030InvalidBytes(bytes) * 100 <= bytes.size())) {
        use = "gb18030";
      }
    }
  }
  DecodeAs(bytes, use, valid_utf8, &result);
  return result;
}

}  // namespace yuqing
