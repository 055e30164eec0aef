#include "collect/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/utf8.h"

namespace yuqing {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Whether `pattern` (with `*` wildcards and an optional final `$`) matches a prefix of `path`
// (or all of it, with `$`). Iterative with one back-tracking point per `*`, linear enough for
// the short patterns robots files hold.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  size_t p = 0, s = 0;
  size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.rules_.push_back({"/", false});
  return rules;
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view agent) {
  const std::string our_agent = AsciiLower(agent);
  // Groups: consecutive User-agent lines, then their rules. Rules of every group naming us are
  // merged (§2.2.1); `*` groups apply only when none names us.
  RobotsRules ours, star;
  bool found_ours = false;
  bool in_agents = false;  // the previous line was a User-agent line
  bool group_ours = false, group_star = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = AsciiLower(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agents) group_ours = group_star = false;
      in_agents = true;
      const std::string name = AsciiLower(value);
      if (name == "*") {
        group_star = true;
      } else if (!name.empty() && our_agent.find(name) != std::string::npos) {
        group_ours = true;
        found_ours = true;
      }
      continue;
    }
    in_agents = false;
    if (key == "allow" || key == "disallow") {
      // An empty Disallow allows everything: no rule to add.
      if (value.empty()) continue;
      const Rule rule{std::string(value), key == "allow"};
      if (group_ours) ours.rules_.push_back(rule);
      if (group_star) star.rules_.push_back(rule);
    } else if (key == "crawl-delay") {
      const double seconds = std::strtod(std::string(value).c_str(), nullptr);
      // Capped at a minute: a larger delay would stall a whole poll behind one host.
      const int64_t ms = static_cast<int64_t>(std::clamp(seconds, 0.0, 60.0) * 1000);
      if (group_ours) ours.crawl_delay_ms_ = ms;
      if (group_star) star.crawl_delay_ms_ = ms;
    }
  }
  return found_ours ? ours : star;
}

bool RobotsRules::Allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  if (path == "/robots.txt") return true;  // §2.2.2: always fetchable
  size_t best_length = 0;
  bool allowed = true;
  for (const Rule& rule : rules_) {
    if (!PatternMatches(rule.pattern, path)) continue;
    const size_t length = rule.pattern.size();
    if (length > best_length || (length == best_length && rule.allow)) {
      best_length = length;
      allowed = rule.allow;
    }
  }
  return allowed;
}

}  // namespace yuqing
