#include "collect/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "core/utf8.h"

namespace yuqing {
namespace {

// Removes "." and ".." segments (RFC 3986 §5.2.4) from a path without query.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 1;  // path starts with '/'
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(pos, slash - pos);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      if (slash == path.size()) segments.emplace_back("");
    } else if (segment == ".") {
      if (slash == path.size()) segments.emplace_back("");
    } else {
      segments.push_back(segment);
    }
    pos = slash + 1;
  }
  std::string out;
  for (std::string_view s : segments) {
    out += '/';
    out += s;
  }
  return out.empty() ? "/" : out;
}

}  // namespace

std::string UrlParts::Origin() const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

std::string UrlParts::Authority() const {
  return port == 0 ? host : host + ":" + std::to_string(port);
}

std::optional<UrlParts> ParseHttpUrl(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front())))
    url.remove_prefix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts parts;
  parts.scheme = AsciiLower(url.substr(0, colon));
  if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  const size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  const size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  const size_t at = authority.rfind('@');  // user info is never sent on
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  const size_t port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    const std::string_view port_text = authority.substr(port_colon + 1);
    int port = 0;
    if (!port_text.empty()) {
      auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port <= 0 ||
          port > 65535) {
        return std::nullopt;
      }
    }
    const bool default_port =
        (parts.scheme == "http" && port == 80) || (parts.scheme == "https" && port == 443);
    parts.port = default_port ? 0 : port;
    authority = authority.substr(0, port_colon);
  }
  parts.host = AsciiLower(authority);
  if (parts.host.empty()) return std::nullopt;
  for (char c : parts.host) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '\\') return std::nullopt;
  }
  parts.path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (parts.path.front() == '?') parts.path.insert(parts.path.begin(), '/');
  return parts;
}

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  while (!ref.empty() && std::isspace(static_cast<unsigned char>(ref.front())))
    ref.remove_prefix(1);
  while (!ref.empty() && std::isspace(static_cast<unsigned char>(ref.back()))) ref.remove_suffix(1);
  if (ref.empty() || ref.front() == '#') return "";
  const size_t scheme_end = ref.find(':');
  const size_t first_delim = ref.find_first_of("/?#");
  if (scheme_end != std::string_view::npos &&
      (first_delim == std::string_view::npos || scheme_end < first_delim)) {
    // Absolute: keep only http(s).
    auto parts = ParseHttpUrl(ref);
    if (!parts) return "";
    return parts->Origin() + parts->path;
  }
  auto b = ParseHttpUrl(base);
  if (!b) return "";
  if (ref.starts_with("//")) {
    auto parts = ParseHttpUrl(b->scheme + ":" + std::string(ref));
    return parts ? parts->Origin() + parts->path : "";
  }
  const size_t hash = ref.find('#');
  if (hash != std::string_view::npos) ref = ref.substr(0, hash);
  std::string path;
  std::string query;
  std::string_view ref_path = ref;
  const size_t q = ref.find('?');
  if (q != std::string_view::npos) {
    query = std::string(ref.substr(q));
    ref_path = ref.substr(0, q);
  }
  const std::string base_path = b->path.substr(0, b->path.find('?'));
  if (ref_path.empty()) {
    path = base_path;
    if (query.empty()) query = b->path.substr(std::min(b->path.size(), b->path.find('?')));
  } else if (ref_path.front() == '/') {
    path = std::string(ref_path);
  } else {
    path = base_path.substr(0, base_path.rfind('/') + 1) + std::string(ref_path);
  }
  return b->Origin() + RemoveDotSegments(path) + query;
}

std::string UrlHost(std::string_view url) {
  auto parts = ParseHttpUrl(url);
  return parts ? parts->host : "";
}

}  // namespace yuqing
