#include "extract/html_tree.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

namespace yuqing {
namespace {

enum TagFlag : uint8_t {
  kVoid = 1,         // never has children (br, img, meta, ...)
  kRawText = 2,      // content is text up to the matching end tag (script, style, title, ...)
  kClosesP = 4,      // its start tag closes an open <p> (HTML5 §13.2.6.4.7)
  kSpecial = 8,      // an end tag does not look for its match past these ("special" category)
  kFormatting = 16,  // a, b, font, ...: end tags may cross other inline elements
  kDecodeRaw = 32,   // raw text whose entities are decoded (title, textarea)
};

struct TagInfo {
  std::string_view name;
  HtmlTag tag;
  uint8_t flags;
};

constexpr uint8_t kBlock = kClosesP | kSpecial;

// Sorted by name (binary search).
constexpr TagInfo kTags[] = {
    {"a", HtmlTag::kA, kFormatting},
    {"abbr", HtmlTag::kAbbr, 0},
    {"address", HtmlTag::kAddress, kBlock},
    {"area", HtmlTag::kArea, kVoid | kSpecial},
    {"article", HtmlTag::kArticle, kBlock},
    {"aside", HtmlTag::kAside, kBlock},
    {"audio", HtmlTag::kAudio, 0},
    {"b", HtmlTag::kB, kFormatting},
    {"base", HtmlTag::kBase, kVoid | kSpecial},
    {"big", HtmlTag::kUnknown, kFormatting},
    {"blockquote", HtmlTag::kBlockquote, kBlock},
    {"body", HtmlTag::kBody, kSpecial},
    {"br", HtmlTag::kBr, kVoid | kSpecial},
    {"button", HtmlTag::kButton, kSpecial},
    {"canvas", HtmlTag::kCanvas, 0},
    {"caption", HtmlTag::kCaption, kSpecial},
    {"center", HtmlTag::kCenter, kBlock},
    {"cite", HtmlTag::kCite, 0},
    {"code", HtmlTag::kCode, kFormatting},
    {"col", HtmlTag::kCol, kVoid | kSpecial},
    {"colgroup", HtmlTag::kColgroup, kSpecial},
    {"dd", HtmlTag::kDd, kBlock},
    {"del", HtmlTag::kDel, 0},
    {"details", HtmlTag::kDetails, kBlock},
    {"dialog", HtmlTag::kDialog, kBlock},
    {"dir", HtmlTag::kUnknown, kBlock},
    {"div", HtmlTag::kDiv, kBlock},
    {"dl", HtmlTag::kDl, kBlock},
    {"dt", HtmlTag::kDt, kBlock},
    {"em", HtmlTag::kEm, kFormatting},
    {"embed", HtmlTag::kEmbed, kVoid | kSpecial},
    {"fieldset", HtmlTag::kFieldset, kBlock},
    {"figcaption", HtmlTag::kFigcaption, kBlock},
    {"figure", HtmlTag::kFigure, kBlock},
    {"font", HtmlTag::kFont, kFormatting},
    {"footer", HtmlTag::kFooter, kBlock},
    {"form", HtmlTag::kForm, kBlock},
    {"frame", HtmlTag::kFrame, kVoid | kSpecial},
    {"frameset", HtmlTag::kFrameset, kSpecial},
    {"h1", HtmlTag::kH1, kBlock},
    {"h2", HtmlTag::kH2, kBlock},
    {"h3", HtmlTag::kH3, kBlock},
    {"h4", HtmlTag::kH4, kBlock},
    {"h5", HtmlTag::kH5, kBlock},
    {"h6", HtmlTag::kH6, kBlock},
    {"head", HtmlTag::kHead, kSpecial},
    {"header", HtmlTag::kHeader, kBlock},
    {"hgroup", HtmlTag::kHgroup, kBlock},
    {"hr", HtmlTag::kHr, kVoid | kBlock},
    {"html", HtmlTag::kHtml, kSpecial},
    {"i", HtmlTag::kI, kFormatting},
    {"iframe", HtmlTag::kIframe, kRawText | kSpecial},
    {"img", HtmlTag::kImg, kVoid | kSpecial},
    {"input", HtmlTag::kInput, kVoid | kSpecial},
    {"ins", HtmlTag::kIns, 0},
    {"keygen", HtmlTag::kUnknown, kVoid | kSpecial},
    {"label", HtmlTag::kLabel, 0},
    {"legend", HtmlTag::kLegend, 0},
    {"li", HtmlTag::kLi, kBlock},
    {"link", HtmlTag::kLink, kVoid | kSpecial},
    {"main", HtmlTag::kMain, kBlock},
    {"map", HtmlTag::kMap, 0},
    {"mark", HtmlTag::kMark, 0},
    {"math", HtmlTag::kMath, 0},
    {"menu", HtmlTag::kMenu, kBlock},
    {"meta", HtmlTag::kMeta, kVoid | kSpecial},
    {"nav", HtmlTag::kNav, kBlock},
    {"nobr", HtmlTag::kUnknown, kFormatting},
    {"noembed", HtmlTag::kNoembed, kRawText | kSpecial},
    {"noframes", HtmlTag::kNoframes, kRawText | kSpecial},
    {"noscript", HtmlTag::kNoscript, kRawText | kSpecial},
    {"object", HtmlTag::kObject, kSpecial},
    {"ol", HtmlTag::kOl, kBlock},
    {"optgroup", HtmlTag::kOptgroup, 0},
    {"option", HtmlTag::kOption, 0},
    {"p", HtmlTag::kP, kBlock},
    {"param", HtmlTag::kParam, kVoid | kSpecial},
    {"plaintext", HtmlTag::kPlaintext, kRawText | kBlock},
    {"pre", HtmlTag::kPre, kBlock},
    {"q", HtmlTag::kQ, 0},
    {"s", HtmlTag::kS, kFormatting},
    {"script", HtmlTag::kScript, kRawText | kSpecial},
    {"section", HtmlTag::kSection, kBlock},
    {"select", HtmlTag::kSelect, kSpecial},
    {"small", HtmlTag::kSmall, kFormatting},
    {"source", HtmlTag::kSource, kVoid | kSpecial},
    {"span", HtmlTag::kSpan, 0},
    {"strike", HtmlTag::kStrike, kFormatting},
    {"strong", HtmlTag::kStrong, kFormatting},
    {"style", HtmlTag::kStyle, kRawText | kSpecial},
    {"sub", HtmlTag::kSub, 0},
    {"summary", HtmlTag::kSummary, kBlock},
    {"sup", HtmlTag::kSup, 0},
    {"svg", HtmlTag::kSvg, 0},
    {"table", HtmlTag::kTable, kBlock},
    {"tbody", HtmlTag::kTbody, kSpecial},
    {"td", HtmlTag::kTd, kSpecial},
    {"template", HtmlTag::kTemplate, kRawText | kSpecial},
    {"textarea", HtmlTag::kTextarea, kRawText | kDecodeRaw | kSpecial},
    {"tfoot", HtmlTag::kTfoot, kSpecial},
    {"th", HtmlTag::kTh, kSpecial},
    {"thead", HtmlTag::kThead, kSpecial},
    {"time", HtmlTag::kTime, 0},
    {"title", HtmlTag::kTitle, kRawText | kDecodeRaw | kSpecial},
    {"tr", HtmlTag::kTr, kSpecial},
    {"track", HtmlTag::kTrack, kVoid | kSpecial},
    {"tt", HtmlTag::kTt, kFormatting},
    {"u", HtmlTag::kU, kFormatting},
    {"ul", HtmlTag::kUl, kBlock},
    {"video", HtmlTag::kVideo, 0},
    {"wbr", HtmlTag::kWbr, kVoid | kSpecial},
    {"xmp", HtmlTag::kXmp, kRawText | kBlock},
};

constexpr TagInfo kUnknownTag{"", HtmlTag::kUnknown, 0};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != lower[i]) return false;
  }
  return true;
}

const TagInfo& LookUpTag(std::string_view name) {
  std::array<char, 12> buf{};
  if (name.empty() || name.size() > buf.size()) return kUnknownTag;
  for (size_t i = 0; i < name.size(); ++i) buf[i] = Lower(name[i]);
  const std::string_view lower(buf.data(), name.size());
  const auto* it =
      std::lower_bound(std::begin(kTags), std::end(kTags), lower,
                       [](const TagInfo& t, std::string_view n) { return t.name < n; });
  if (it == std::end(kTags) || it->name != lower) return kUnknownTag;
  return *it;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsHeading(HtmlTag t) { return t >= HtmlTag::kH1 && t <= HtmlTag::kH6; }

// Finds "</name" (any case) followed by a space, '/' or '>' at or after `from`.
size_t FindEndTag(std::string_view html, size_t from, std::string_view lower_name) {
  size_t pos = from;
  while (pos < html.size()) {
    const void* found = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (found == nullptr) return std::string_view::npos;
    const size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html.data());
    const size_t name_at = lt + 2;
    if (lt + 1 < html.size() && html[lt + 1] == '/' && name_at + lower_name.size() <= html.size() &&
        EqualsLower(html.substr(name_at, lower_name.size()), lower_name)) {
      const size_t after = name_at + lower_name.size();
      if (after == html.size() || IsSpace(html[after]) || html[after] == '/' ||
          html[after] == '>') {
        return lt;
      }
    }
    pos = lt + 1;
  }
  return std::string_view::npos;
}

}  // namespace

// Tokenizer and tree builder in one pass (HTML5 §13.2.5 / §13.2.6, simplified).
class HtmlTreeBuilder {
 public:
  explicit HtmlTreeBuilder(std::string_view html) : html_(html) {
    doc_.nodes_.reserve(html.size() / 48 + 16);
    doc_.attributes_.reserve(html.size() / 64 + 16);
    doc_.text_.reserve(html.size() / 3 + 16);
    doc_.nodes_.push_back(HtmlNode{HtmlTag::kDocument});
    stack_.push_back(Open{HtmlDocument::kRoot, {}, HtmlTag::kDocument, kSpecial});
  }

  HtmlDocument Build() {
    size_t pos = 0;
    const size_t n = html_.size();
    while (pos < n) {
      const void* found = std::memchr(html_.data() + pos, '<', n - pos);
      const size_t lt = found == nullptr
                            ? n
                            : static_cast<size_t>(static_cast<const char*>(found) - html_.data());
      if (lt > pos) AddText(html_.substr(pos, lt - pos), true);
      if (lt >= n) break;
      pos = Markup(lt);
    }
    return std::move(doc_);
  }

 private:
  struct Open {
    uint32_t id;
    std::string_view name;
    HtmlTag tag;
    uint8_t flags;
  };

  // Handles the markup starting at html_[lt] == '<'; returns where to continue.
  size_t Markup(size_t lt) {
    const size_t n = html_.size();
    const char next = lt + 1 < n ? html_[lt + 1] : '\0';
    if (next == '!') {
      if (html_.substr(lt, 4) == "<!--") {
        const size_t close = html_.find("-->", lt + 4);
        return close == std::string_view::npos ? n : close + 3;
      }
      return SkipPast(lt + 2, '>');
    }
    if (next == '?') return SkipPast(lt + 2, '>');
    if (next == '/') {
      size_t p = lt + 2;
      while (p < n && !IsSpace(html_[p]) && html_[p] != '>' && html_[p] != '/') ++p;
      const std::string_view name = html_.substr(lt + 2, p - (lt + 2));
      const size_t after = SkipPast(p, '>');
      if (!name.empty() && IsAsciiAlpha(name[0])) EndTag(name);
      return after;
    }
    if (!IsAsciiAlpha(next)) {
      AddText("<", false);
      return lt + 1;
    }
    return StartTag(lt);
  }

  size_t SkipPast(size_t from, char c) const {
    const size_t at = html_.find(c, from);
    return at == std::string_view::npos ? html_.size() : at + 1;
  }

  size_t StartTag(size_t lt) {
    const size_t n = html_.size();
    size_t p = lt + 1;
    while (p < n && !IsSpace(html_[p]) && html_[p] != '>' && html_[p] != '/') ++p;
    const std::string_view name = html_.substr(lt + 1, p - (lt + 1));
    const auto attr_begin = static_cast<uint32_t>(doc_.attributes_.size());
    // Attributes (HTML5 §13.2.5.32-39).
    while (true) {
      while (p < n && (IsSpace(html_[p]) || html_[p] == '/')) ++p;
      if (p >= n || html_[p] == '>') break;
      const size_t name_start = p;
      ++p;  // the first character may be '='
      while (p < n && !IsSpace(html_[p]) && html_[p] != '=' && html_[p] != '>' && html_[p] != '/') {
        ++p;
      }
      const std::string_view attr_name = html_.substr(name_start, p - name_start);
      std::string_view value;
      size_t q = p;
      while (q < n && IsSpace(html_[q])) ++q;
      if (q < n && html_[q] == '=') {
        ++q;
        while (q < n && IsSpace(html_[q])) ++q;
        if (q < n && (html_[q] == '"' || html_[q] == '\'')) {
          const size_t close = html_.find(html_[q], q + 1);
          const size_t end = close == std::string_view::npos ? n : close;
          value = html_.substr(q + 1, end - (q + 1));
          p = end == n ? n : end + 1;
        } else {
          const size_t start = q;
          while (q < n && !IsSpace(html_[q]) && html_[q] != '>') ++q;
          value = html_.substr(start, q - start);
          p = q;
        }
      }
      doc_.attributes_.push_back(HtmlAttribute{attr_name, value});
    }
    const size_t after = p < n ? p + 1 : n;
    const TagInfo& info = LookUpTag(name);
    const uint32_t id = Element(info, name, attr_begin);
    if ((info.flags & kRawText) != 0 && id != kNoNode) return RawText(info, id, after);
    return after;
  }

  // Script, style, title...: everything up to the matching end tag is text (or dropped).
  size_t RawText(const TagInfo& info, uint32_t id, size_t from) {
    const size_t end = info.tag == HtmlTag::kPlaintext ? std::string_view::npos
                                                       : FindEndTag(html_, from, info.name);
    const size_t text_end = end == std::string_view::npos ? html_.size() : end;
    const std::string_view content = html_.substr(from, text_end - from);
    // Script text is kept only for JSON-LD (it carries datePublished on many sites).
    const bool keep = (info.flags & kDecodeRaw) != 0 ||
                      (info.tag == HtmlTag::kScript &&
                       doc_.Attribute(id, "type").find("ld+json") != std::string_view::npos);
    if (keep) AddText(content, (info.flags & kDecodeRaw) != 0);
    PopTo(stack_.size() - 1);
    return end == std::string_view::npos ? html_.size() : SkipPast(end + 2, '>');
  }

  uint32_t Element(const TagInfo& info, std::string_view name, uint32_t attr_begin) {
    const HtmlTag tag = info.tag;
    if ((tag == HtmlTag::kHtml || tag == HtmlTag::kBody || tag == HtmlTag::kHead) &&
        seen_[static_cast<size_t>(tag == HtmlTag::kHtml   ? 0
                                  : tag == HtmlTag::kBody ? 1
                                                          : 2)]) {
      doc_.attributes_.resize(attr_begin);
      return kNoNode;  // a second <body> adds nothing (HTML5 merges its attributes)
    }
    if (tag == HtmlTag::kHtml) seen_[0] = true;
    if (tag == HtmlTag::kBody) seen_[1] = true;
    if (tag == HtmlTag::kHead) seen_[2] = true;
    if (tag == HtmlTag::kBody) {
      // Whatever <head> left open ends with it.
      for (size_t i = stack_.size(); i-- > 1;) {
        if (stack_[i].tag == HtmlTag::kHead) {
          PopTo(i);
          break;
        }
      }
    }
    ImpliedEnds(info);
    const uint32_t id = Append(tag);
    HtmlNode& node = doc_.nodes_[id];
    node.begin = attr_begin;
    node.end = static_cast<uint32_t>(doc_.attributes_.size());
    // Raw-text elements are pushed even past the depth limit: RawText pops them at once.
    if (((info.flags & kVoid) == 0 && stack_.size() < kMaxHtmlDepth) ||
        (info.flags & kRawText) != 0) {
      stack_.push_back(Open{id, name, tag, info.flags});
    }
    return id;
  }

  // End tags implied by a start tag (HTML5 §13.2.6.4.7, "in body").
  void ImpliedEnds(const TagInfo& info) {
    const HtmlTag tag = info.tag;
    if (tag == HtmlTag::kLi) {
      CloseInScope([](HtmlTag t) { return t == HtmlTag::kLi; }, true);
    } else if (tag == HtmlTag::kDd || tag == HtmlTag::kDt) {
      CloseInScope([](HtmlTag t) { return t == HtmlTag::kDd || t == HtmlTag::kDt; }, true);
    } else if (tag == HtmlTag::kTd || tag == HtmlTag::kTh) {
      CloseInTable([](HtmlTag t) { return t == HtmlTag::kTd || t == HtmlTag::kTh; }, HtmlTag::kTr);
    } else if (tag == HtmlTag::kTr) {
      CloseInTable([](HtmlTag t) { return t == HtmlTag::kTr; }, HtmlTag::kTable);
    } else if (tag == HtmlTag::kOption && stack_.back().tag == HtmlTag::kOption) {
      PopTo(stack_.size() - 1);
    } else if (tag == HtmlTag::kA) {
      CloseInScope([](HtmlTag t) { return t == HtmlTag::kA; }, false);
    }
    if ((info.flags & kClosesP) != 0) {
      CloseInScope([](HtmlTag t) { return t == HtmlTag::kP; }, false);
    }
    if (IsHeading(tag) && IsHeading(stack_.back().tag)) PopTo(stack_.size() - 1);
  }

  // Pops up to and including the nearest open element matching `match`, looking down the stack
  // no further than a scope boundary: a special element (except address, div and p when
  // `past_div`), a table cell or the document.
  template <typename Match>
  void CloseInScope(Match match, bool past_div) {
    for (size_t i = stack_.size(); i-- > 1;) {
      const Open& open = stack_[i];
      if (match(open.tag)) {
        PopTo(i);
        return;
      }
      const bool passable = past_div && (open.tag == HtmlTag::kDiv || open.tag == HtmlTag::kP ||
                                         open.tag == HtmlTag::kAddress);
      if ((open.flags & kSpecial) != 0 && !passable) return;
    }
  }

  template <typename Match>
  void CloseInTable(Match match, HtmlTag boundary) {
    for (size_t i = stack_.size(); i-- > 1;) {
      if (match(stack_[i].tag)) {
        PopTo(i);
        return;
      }
      if (stack_[i].tag == boundary || stack_[i].tag == HtmlTag::kTable) return;
    }
  }

  void EndTag(std::string_view name) {
    const TagInfo& info = LookUpTag(name);
    const HtmlTag tag = info.tag;
    // </html> and </body> are ignored: text after them still belongs to the body, as in
    // browsers (pages with a stray </html> after an included header).
    if (tag == HtmlTag::kHtml || tag == HtmlTag::kBody) return;
    if (tag == HtmlTag::kBr) {
      Element(info, name, static_cast<uint32_t>(doc_.attributes_.size()));
      return;
    }
    const bool heading = IsHeading(tag);
    // A block's end tag closes everything opened inside it, up to a table cell or the like
    // ("has an element in scope"); an inline one does not close past a block, which keeps
    // mis-nested <a><div>...</a> blocks whole, as the adoption agency does.
    const bool block = (info.flags & kSpecial) != 0 && (info.flags & kFormatting) == 0;
    // </table> and </tr> close cells left open (HTML5 "in cell" / "in row").
    const bool table_part = tag == HtmlTag::kTable || tag == HtmlTag::kTbody ||
                            tag == HtmlTag::kThead || tag == HtmlTag::kTfoot || tag == HtmlTag::kTr;
    for (size_t i = stack_.size(); i-- > 1;) {
      const Open& open = stack_[i];
      const bool same = tag == HtmlTag::kUnknown
                            ? open.tag == HtmlTag::kUnknown && EqualsLowerCase(open.name, name)
                            : open.tag == tag || (heading && IsHeading(open.tag));
      if (same) {
        PopTo(i);
        return;
      }
      if (table_part ? open.tag == HtmlTag::kTable || open.tag == HtmlTag::kTemplate
          : block    ? IsScopeBoundary(open.tag)
                     : (open.flags & kSpecial) != 0) {
        return;
      }
    }
  }

  static bool IsScopeBoundary(HtmlTag t) {
    return t == HtmlTag::kHtml || t == HtmlTag::kTable || t == HtmlTag::kTd || t == HtmlTag::kTh ||
           t == HtmlTag::kCaption || t == HtmlTag::kObject || t == HtmlTag::kTemplate;
  }

  static bool EqualsLowerCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (Lower(a[i]) != Lower(b[i])) return false;
    }
    return true;
  }

  void PopTo(size_t index) { stack_.resize(std::max<size_t>(index, 1)); }

  uint32_t Append(HtmlTag tag) {
    const auto id = static_cast<uint32_t>(doc_.nodes_.size());
    const uint32_t parent = stack_.back().id;
    HtmlNode node{tag};
    node.parent = parent;
    doc_.nodes_.push_back(node);
    HtmlNode& p = doc_.nodes_[parent];
    if (p.last_child == kNoNode) {
      p.first_child = id;
    } else {
      doc_.nodes_[p.last_child].next_sibling = id;
    }
    p.last_child = id;
    return id;
  }

  void AddText(std::string_view raw, bool decode) {
    const auto begin = static_cast<uint32_t>(doc_.text_.size());
    if (decode) {
      AppendDecodedHtml(raw, &doc_.text_);
    } else {
      doc_.text_.append(raw);
    }
    const auto end = static_cast<uint32_t>(doc_.text_.size());
    // Adjacent text (split by a comment) extends the previous text node.
    HtmlNode& parent = doc_.nodes_[stack_.back().id];
    if (parent.last_child != kNoNode && doc_.nodes_[parent.last_child].tag == HtmlTag::kText &&
        doc_.nodes_[parent.last_child].end == begin) {
      doc_.nodes_[parent.last_child].end = end;
      return;
    }
    const uint32_t id = Append(HtmlTag::kText);
    doc_.nodes_[id].begin = begin;
    doc_.nodes_[id].end = end;
  }

  std::string_view html_;
  HtmlDocument doc_;
  std::vector<Open> stack_;
  std::array<bool, 3> seen_{};  // html, body, head
};

HtmlDocument HtmlDocument::Parse(std::string_view html) {
  // Offsets are 32-bit; pages over 4 GiB are cut (a real page is well under 100 MiB).
  if (html.size() > UINT32_MAX / 2) html = html.substr(0, UINT32_MAX / 2);
  return HtmlTreeBuilder(html).Build();
}

std::string_view HtmlDocument::Attribute(uint32_t id, std::string_view lower_name) const {
  const HtmlNode& n = nodes_[id];
  if (n.tag == HtmlTag::kText || n.tag == HtmlTag::kDocument) return {};
  for (uint32_t i = n.begin; i < n.end; ++i) {
    if (EqualsLower(attributes_[i].name, lower_name)) return attributes_[i].value;
  }
  return {};
}

bool HtmlDocument::HasAttribute(uint32_t id, std::string_view lower_name) const {
  const HtmlNode& n = nodes_[id];
  if (n.tag == HtmlTag::kText || n.tag == HtmlTag::kDocument) return false;
  for (uint32_t i = n.begin; i < n.end; ++i) {
    if (EqualsLower(attributes_[i].name, lower_name)) return true;
  }
  return false;
}

std::string HtmlDocument::InnerText(uint32_t id) const {
  std::string out;
  if (id >= nodes_.size()) return out;
  // Iterative pre-order walk bounded by the subtree.
  uint32_t cur = id;
  while (cur != kNoNode) {
    const HtmlNode& n = nodes_[cur];
    if (n.tag == HtmlTag::kText) out.append(Text(cur));
    if (n.first_child != kNoNode) {
      cur = n.first_child;
      continue;
    }
    while (cur != id && nodes_[cur].next_sibling == kNoNode) cur = nodes_[cur].parent;
    if (cur == id) break;
    cur = nodes_[cur].next_sibling;
  }
  return out;
}

}  // namespace yuqing
