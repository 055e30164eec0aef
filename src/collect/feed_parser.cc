#include "collect/feed_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>

#include "collect/url.h"
#include "core/hash64.h"
#include "core/utf8.h"
#include "extract/charset.h"
#include "extract/date_parser.h"
#include "extract/html_tree.h"

namespace yuqing {
namespace {

// A feed bigger than this is junk or hostile; the fetcher caps bodies lower anyway.
constexpr size_t kMaxEntries = 2000;
constexpr size_t kMaxDepth = 256;

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

// Value of attribute `name` (lower case) in the raw attribute text of a tag, entities decoded.
std::string AttributeValue(std::string_view attrs, std::string_view name) {
  size_t pos = 0;
  while (pos < attrs.size()) {
    while (pos < attrs.size() && !IsNameStart(attrs[pos])) ++pos;
    const size_t name_begin = pos;
    while (pos < attrs.size() && attrs[pos] != '=' && attrs[pos] != '>' &&
           !std::isspace(static_cast<unsigned char>(attrs[pos])) && attrs[pos] != '/') {
      ++pos;
    }
    const std::string attr = AsciiLower(attrs.substr(name_begin, pos - name_begin));
    while (pos < attrs.size() && std::isspace(static_cast<unsigned char>(attrs[pos]))) ++pos;
    if (pos >= attrs.size() || attrs[pos] != '=') continue;
    ++pos;
    while (pos < attrs.size() && std::isspace(static_cast<unsigned char>(attrs[pos]))) ++pos;
    std::string_view value;
    if (pos < attrs.size() && (attrs[pos] == '"' || attrs[pos] == '\'')) {
      const char quote = attrs[pos++];
      const size_t end = attrs.find(quote, pos);
      value = attrs.substr(pos, end == std::string_view::npos ? end : end - pos);
      pos = end == std::string_view::npos ? attrs.size() : end + 1;
    } else {
      const size_t begin = pos;
      while (pos < attrs.size() && !std::isspace(static_cast<unsigned char>(attrs[pos]))) ++pos;
      value = attrs.substr(begin, pos - begin);
    }
    if (attr == name) return DecodeHtml(value);
  }
  return "";
}

// The text of an element's raw content: CDATA sections verbatim, the rest entity-decoded.
// Markup inside (Atom xhtml content, unescaped HTML) stays for HtmlFragmentText to strip.
std::string RawText(std::string_view raw) {
  std::string out;
  size_t pos = 0;
  while (pos < raw.size()) {
    const size_t cdata = raw.find("<![CDATA[", pos);
    AppendDecodedHtml(raw.substr(pos, cdata == std::string_view::npos ? cdata : cdata - pos), &out);
    if (cdata == std::string_view::npos) break;
    const size_t begin = cdata + 9;
    const size_t end = raw.find("]]>", begin);
    out.append(raw.substr(begin, end == std::string_view::npos ? end : end - begin));
    pos = end == std::string_view::npos ? raw.size() : end + 3;
  }
  return out;
}

std::string CollapseSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// Charset named in the XML prolog (<?xml version="1.0" encoding="gb2312"?>), "" when none.
std::string PrologEncoding(std::string_view bytes) {
  const size_t start = bytes.find("<?xml");
  if (start > 16) return "";  // npos too
  const size_t end = bytes.find("?>", start);
  if (end > 512) return "";  // npos too
  return AsciiLower(AttributeValue(bytes.substr(start + 5, end - start - 5), "encoding"));
}

struct Entry {
  std::map<std::string, std::string> fields;  // element name -> raw content (first wins)
  std::string atom_link;                      // href of <link rel="alternate"> (or no rel)
};

class FeedScanner {
 public:
  explicit FeedScanner(std::string_view text) : text_(text) {}

  bool found_root() const { return found_root_; }
  std::string feed_title;
  std::vector<Entry> entries;

  void Run() {
    size_t pos = 0;
    while (pos < text_.size() && entries.size() < kMaxEntries) {
      const size_t lt = text_.find('<', pos);
      if (lt == std::string_view::npos) break;
      pos = Markup(lt);
    }
  }

 private:
  // Handles the markup at `lt`; returns where scanning goes on.
  size_t Markup(size_t lt) {
    const std::string_view rest = text_.substr(lt);
    if (rest.starts_with("<!--")) return SkipPast(lt + 4, "-->");
    if (rest.starts_with("<![CDATA[")) return SkipPast(lt + 9, "]]>");
    if (rest.starts_with("<?")) return SkipPast(lt + 2, "?>");
    if (rest.starts_with("<!")) return SkipPast(lt + 2, ">");
    const bool end_tag = rest.starts_with("</");
    size_t pos = lt + (end_tag ? 2 : 1);
    if (pos >= text_.size() || !IsNameStart(text_[pos])) return lt + 1;  // a bare '<'
    const size_t name_begin = pos;
    while (pos < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos])) &&
           text_[pos] != '>' && text_[pos] != '/') {
      ++pos;
    }
    const std::string name = AsciiLower(text_.substr(name_begin, pos - name_begin));
    // Find the tag's '>' outside quoted attribute values.
    const size_t attrs_begin = pos;
    char quote = 0;
    while (pos < text_.size() && (quote != 0 || text_[pos] != '>')) {
      if (quote != 0 && text_[pos] == quote) {
        quote = 0;
      } else if (quote == 0 && (text_[pos] == '"' || text_[pos] == '\'')) {
        quote = text_[pos];
      }
      ++pos;
    }
    if (pos >= text_.size()) return text_.size();
    const bool self_closing = pos > attrs_begin && text_[pos - 1] == '/';
    const std::string_view attrs = text_.substr(attrs_begin, pos - attrs_begin);
    const size_t after = pos + 1;
    if (end_tag) {
      EndTag(name, lt);
    } else {
      StartTag(name, attrs, after);
      if (self_closing) EndTag(name, after);
    }
    return after;
  }

  size_t SkipPast(size_t from, std::string_view terminator) {
    const size_t end = text_.find(terminator, from);
    return end == std::string_view::npos ? text_.size() : end + terminator.size();
  }

  static std::string_view LocalName(std::string_view name) {
    // Atom may come with a prefix (atom:entry); RSS modules keep theirs (content:encoded).
    if (name.starts_with("atom:")) name.remove_prefix(5);
    return name;
  }

  void StartTag(const std::string& qualified, std::string_view attrs, size_t content_begin) {
    const std::string name(LocalName(qualified));
    if (name == "rss" || name == "rdf:rdf" || name == "feed") found_root_ = true;
    if (stack_.size() >= kMaxDepth) return;
    stack_.push_back({name, content_begin});
    const size_t depth = stack_.size();
    if (entry_depth_ == 0 && (name == "item" || name == "entry")) {
      entry_depth_ = depth;
      entries.emplace_back();
      return;
    }
    if (entry_depth_ != 0 && depth == entry_depth_ + 1 && name == "link") {
      const std::string rel = AttributeValue(attrs, "rel");
      const std::string href = AttributeValue(attrs, "href");
      if (!href.empty() && (rel.empty() || rel == "alternate") &&
          entries.back().atom_link.empty()) {
        entries.back().atom_link = href;
      }
    }
  }

  void EndTag(const std::string& qualified, size_t tag_begin) {
    const std::string_view name = LocalName(qualified);
    // Tolerate unclosed elements: close up to the nearest open one of this name, if any.
    size_t match = stack_.size();
    while (match > 0 && stack_[match - 1].name != name) --match;
    if (match == 0) return;
    const size_t depth = match;
    const Open open = stack_[match - 1];
    // The entry's field (stack index entry_depth_) ends here, closed by its own end tag or
    // implicitly by an ancestor's (<description>text</item>).
    if (entry_depth_ != 0 && stack_.size() > entry_depth_ && match - 1 <= entry_depth_) {
      const Open& field = stack_[entry_depth_];
      const size_t end = std::max(tag_begin, field.content_begin);
      entries.back().fields.emplace(
          field.name, std::string(text_.substr(field.content_begin, end - field.content_begin)));
    } else if (entry_depth_ == 0 && name == "title" && feed_title.empty() && found_root_ &&
               tag_begin >= open.content_begin) {
      feed_title = CollapseSpace(HtmlFragmentText(
          RawText(text_.substr(open.content_begin, tag_begin - open.content_begin))));
    }
    if (depth <= entry_depth_) entry_depth_ = 0;
    stack_.resize(match - 1);
  }

  struct Open {
    std::string name;
    size_t content_begin;
  };
  std::string_view text_;
  std::vector<Open> stack_;
  size_t entry_depth_ = 0;  // stack depth of the open <item>/<entry>, 0 outside one
  bool found_root_ = false;
};

std::string FieldText(const Entry& entry, std::initializer_list<std::string_view> names,
                      bool html) {
  for (std::string_view name : names) {
    auto it = entry.fields.find(std::string(name));
    if (it == entry.fields.end()) continue;
    std::string text = RawText(it->second);
    text = html ? HtmlFragmentText(text) : CollapseSpace(HtmlFragmentText(text));
    if (!text.empty()) return text;
  }
  return "";
}

std::optional<int> MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return std::nullopt;
  const std::string prefix = AsciiLower(name.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (prefix == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

std::optional<int> ZoneOffsetMinutes(std::string_view zone) {
  if (zone.empty()) return 480;  // no zone: Chinese feeds mean Beijing time
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 5) {
    int hh = 0, mm = 0;
    if (std::sscanf(std::string(zone.substr(1)).c_str(), "%2d%2d", &hh, &mm) != 2 &&
        std::sscanf(std::string(zone.substr(1)).c_str(), "%2d:%2d", &hh, &mm) != 2) {
      return std::nullopt;
    }
    if (hh > 14 || mm > 59) return std::nullopt;
    return (zone[0] == '-' ? -1 : 1) * (hh * 60 + mm);
  }
  const std::string z = AsciiLower(zone);
  if (z == "gmt" || z == "ut" || z == "utc" || z == "z") return 0;
  // RFC 822's CST is US Central, but Chinese sites write CST for China Standard Time; every
  // source we collect is Chinese, so it is read as +08:00.
  if (z == "cst" || z == "bjt") return 480;
  if (z == "est") return -300;
  if (z == "edt") return -240;
  if (z == "cdt") return -300;
  if (z == "mst") return -420;
  if (z == "mdt") return -360;
  if (z == "pst") return -480;
  if (z == "pdt") return -420;
  return std::nullopt;
}

std::optional<Timestamp> ParseRfc822(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ',' || text[pos] == '\t')) ++pos;
    const size_t begin = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != ',' && text[pos] != '\t') ++pos;
    if (pos > begin) tokens.push_back(text.substr(begin, pos - begin));
  }
  size_t i = 0;
  if (i < tokens.size() && !std::isdigit(static_cast<unsigned char>(tokens[i][0]))) ++i;  // day
  if (tokens.size() < i + 4) return std::nullopt;
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (std::sscanf(std::string(tokens[i]).c_str(), "%d", &day) != 1) return std::nullopt;
  const auto month = MonthFromName(tokens[i + 1]);
  if (!month) return std::nullopt;
  if (std::sscanf(std::string(tokens[i + 2]).c_str(), "%d", &year) != 1) return std::nullopt;
  if (tokens[i + 2].size() == 2) year += year < 50 ? 2000 : 1900;
  const std::string clock(tokens[i + 3]);
  if (std::sscanf(clock.c_str(), "%d:%d:%d", &hh, &mm, &ss) < 2) return std::nullopt;
  const std::string_view zone = tokens.size() > i + 4 ? tokens[i + 4] : std::string_view();
  const auto offset = ZoneOffsetMinutes(zone);
  if (!offset) return std::nullopt;
  if (day < 1 || day > 31 || year < 1970 || year > 9999 || hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(*month), static_cast<unsigned>(day));
  Timestamp t;
  t.unix_ms = ((int64_t{days} * 86400 + int64_t{hh} * 3600 + int64_t{mm} * 60 + ss) -
               int64_t{*offset} * 60) *
              1000;
  t.utc_offset_min = *offset;
  return t;
}

}  // namespace

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
  std::string trimmed = CollapseSpace(text);
  if (trimmed.empty()) return std::nullopt;
  if (auto iso = ParseIso8601(trimmed); iso.ok()) return *iso;
  if (auto rfc = ParseRfc822(trimmed)) return rfc;
  // "2026-11-30 10:00:00", "2026年11月30日": the page date reader knows them (Beijing time).
  DateContext context;
  if (auto found = FindDateTime(trimmed, context); found && found->begin == 0) return found->time;
  return std::nullopt;
}

std::string HtmlFragmentText(std::string_view html) {
  if (html.find('<') == std::string_view::npos) return CollapseSpace(DecodeHtml(html));
  const HtmlDocument doc = HtmlDocument::Parse(html);
  std::string out;
  // Text joins in document order; block elements start a new line.
  std::vector<uint32_t> stack = {HtmlDocument::kRoot};
  std::string line;
  auto flush = [&] {
    std::string collapsed = CollapseSpace(line);
    if (!collapsed.empty()) {
      if (!out.empty()) out += '\n';
      out += collapsed;
    }
    line.clear();
  };
  while (!stack.empty()) {
    const uint32_t id = stack.back();
    stack.pop_back();
    const HtmlNode& node = doc.node(id);
    switch (node.tag) {
      case HtmlTag::kText:
        line += doc.Text(id);
        break;
      case HtmlTag::kScript:
      case HtmlTag::kStyle:
        continue;
      case HtmlTag::kBr:
      case HtmlTag::kP:
      case HtmlTag::kDiv:
      case HtmlTag::kLi:
      case HtmlTag::kTr:
      case HtmlTag::kH1:
      case HtmlTag::kH2:
      case HtmlTag::kH3:
      case HtmlTag::kH4:
      case HtmlTag::kH5:
      case HtmlTag::kH6:
        flush();
        break;
      default:
        break;
    }
    // Children pushed last-first so they pop in order.
    std::vector<uint32_t> children;
    for (uint32_t c = node.first_child; c != kNoNode; c = doc.node(c).next_sibling) {
      children.push_back(c);
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  flush();
  return out;
}

Platform PlatformForHost(std::string_view host) {
  if (host == "gov.cn" || host.ends_with(".gov.cn")) return Platform::kGov;
  return Platform::kNews;
}

std::string StableItemId(std::string_view source_id, std::string_view key) {
  std::string joined(source_id);
  joined += '\n';
  joined += key;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(joined)));
  return std::string(source_id) + "-" + hex;
}

Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedContext& context) {
  const std::string encoding = PrologEncoding(bytes);
  const std::string content_type =
      encoding.empty() ? context.content_type : "text/xml; charset=" + encoding;
  const DecodedText decoded = DecodeToUtf8(bytes, content_type);
  FeedScanner scanner(decoded.utf8);
  scanner.Run();
  if (!scanner.found_root()) {
    return Status::InvalidInput("not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> element)");
  }
  ParsedFeed feed;
  feed.title = scanner.feed_title;
  const std::string feed_host = UrlHost(context.feed_url);
  for (const Entry& entry : scanner.entries) {
    Item item;
    std::string link = FieldText(entry, {"link"}, false);
    if (link.empty()) link = entry.atom_link;
    const std::string guid = FieldText(entry, {"guid", "id"}, false);
    if (link.empty() && guid.starts_with("http")) link = guid;
    item.url = link.empty() ? "" : ResolveUrl(context.feed_url, link);
    if (item.url.empty() && !link.empty()) item.url = link;  // keep what the feed said
    item.title = FieldText(entry, {"title"}, false);
    const std::string date = FieldText(
        entry, {"pubdate", "published", "dc:date", "updated", "issued", "modified"}, false);
    const std::string key = !guid.empty() ? guid : !item.url.empty() ? item.url : item.title + date;
    if (key.empty()) continue;
    item.id = StableItemId(context.source_id, key);
    item.source_id = context.source_id;
    item.created_at = context.fetched_at;
    if (auto t = ParseFeedDate(date)) item.created_at = *t;
    item.text = FieldText(entry, {"content:encoded", "content", "description", "summary"}, true);
    if (item.text->empty()) item.text = item.title;
    item.author = FieldText(entry, {"dc:creator", "author"}, false);
    item.site = UrlHost(item.url);
    if (item.site.empty()) item.site = feed_host;
    item.platform = PlatformForHost(item.site);
    feed.items.push_back(std::move(item));
  }
  return feed;
}

}  // namespace yuqing
