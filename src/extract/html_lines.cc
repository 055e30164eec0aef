#include "extract/html_lines.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "core/utf8.h"

namespace yuqing {

using namespace std::string_view_literals;

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool LowerEquals(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != lower[i]) return false;
  }
  return true;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Calls f(token) for each lower-cased alphanumeric word of a class/id value.
template <typename F>
bool AnyToken(std::string_view value, F f) {
  std::array<char, 40> buf{};
  size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && !IsAlnum(value[pos])) ++pos;
    size_t len = 0;
    while (pos < value.size() && IsAlnum(value[pos])) {
      if (len < buf.size()) buf[len++] = Lower(value[pos]);
      ++pos;
    }
    if (len > 0 && f(std::string_view(buf.data(), len))) return true;
  }
  return false;
}

bool IsBlockTag(HtmlTag t) {
  switch (t) {
    case HtmlTag::kA:
    case HtmlTag::kAbbr:
    case HtmlTag::kB:
    case HtmlTag::kCite:
    case HtmlTag::kCode:
    case HtmlTag::kDel:
    case HtmlTag::kEm:
    case HtmlTag::kFont:
    case HtmlTag::kI:
    case HtmlTag::kImg:
    case HtmlTag::kIns:
    case HtmlTag::kLabel:
    case HtmlTag::kMark:
    case HtmlTag::kQ:
    case HtmlTag::kS:
    case HtmlTag::kSmall:
    case HtmlTag::kSpan:
    case HtmlTag::kStrike:
    case HtmlTag::kStrong:
    case HtmlTag::kSub:
    case HtmlTag::kSup:
    case HtmlTag::kTime:
    case HtmlTag::kTt:
    case HtmlTag::kU:
    case HtmlTag::kUnknown:
    case HtmlTag::kText:
    case HtmlTag::kWbr:
    case HtmlTag::kMap:
      return false;
    default:
      return true;
  }
}

bool IsSkippedTag(HtmlTag t) {
  switch (t) {
    case HtmlTag::kScript:
    case HtmlTag::kStyle:
    case HtmlTag::kNoscript:
    case HtmlTag::kIframe:
    case HtmlTag::kTemplate:
    case HtmlTag::kSelect:
    case HtmlTag::kOption:
    case HtmlTag::kOptgroup:
    case HtmlTag::kTextarea:
    case HtmlTag::kButton:
    case HtmlTag::kInput:
    case HtmlTag::kSvg:
    case HtmlTag::kMath:
    case HtmlTag::kCanvas:
    case HtmlTag::kTitle:
    case HtmlTag::kObject:
    case HtmlTag::kEmbed:
    case HtmlTag::kVideo:
    case HtmlTag::kAudio:
    case HtmlTag::kNoembed:
    case HtmlTag::kNoframes:
    case HtmlTag::kDialog:
    case HtmlTag::kMeta:
    case HtmlTag::kLink:
      return true;
    default:
      return false;
  }
}

// Inline display:none / visibility:hidden.
bool StyleHides(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(Lower(c));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// CSS Text 3 §4.1.3 (segment break transformation): a line break in the source between two
// East Asian wide characters renders as nothing, not as a space. Wide here: CJK ideographs,
// CJK punctuation, kana, full-width forms.
bool IsWide(char32_t cp) {
  return IsCjk(cp) || (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0xFF01 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6);
}

bool WideAt(std::string_view text) {
  size_t pos = 0;
  return !text.empty() && IsWide(NextCodePoint(text, &pos));
}

bool WideBefore(std::string_view text) {
  size_t start = text.size();
  while (start > 0 && (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  return WideAt(text.substr(start));
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

uint32_t CountPunctuation(std::string_view s) {
  uint32_t n = 0;
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]);
    const auto b = static_cast<unsigned char>(s[i + 1]);
    const auto c = static_cast<unsigned char>(s[i + 2]);
    // ，！？；：  (EF BC 8C/81/9F/9B/9A)   。、 (E3 80 82/81)   “” (E2 80 9C/9D)
    if ((a == 0xEF && b == 0xBC &&
         (c == 0x8C || c == 0x81 || c == 0x9F || c == 0x9B || c == 0x9A)) ||
        (a == 0xE3 && b == 0x80 && (c == 0x82 || c == 0x81)) ||
        (a == 0xE2 && b == 0x80 && (c == 0x9C || c == 0x9D))) {
      ++n;
      i += 2;
    }
  }
  return n;
}

class LineBuilder {
 public:
  explicit LineBuilder(const HtmlDocument& doc) : doc_(doc) {
    out_.first.assign(doc.nodes().size(), 0);
    out_.end.assign(doc.nodes().size(), 0);
    out_.lines.reserve(doc.nodes().size() / 8 + 8);
  }

  HtmlLines Build() {
    Context root;
    Visit(HtmlDocument::kRoot, root);
    Flush();
    out_.first[HtmlDocument::kRoot] = 0;
    out_.end[HtmlDocument::kRoot] = static_cast<uint32_t>(out_.lines.size());
    return std::move(out_);
  }

 private:
  struct Context {
    uint32_t block = HtmlDocument::kRoot;
    bool in_link = false;
    bool boilerplate = false;
    bool strong_boilerplate = false;
    bool content = false;
    bool heading = false;
  };

  void Visit(uint32_t id, const Context& parent_ctx) {
    const HtmlNode& node = doc_.node(id);
    const auto line_index = [&] {
      return static_cast<uint32_t>(out_.lines.size() + (current_.text.empty() ? 0 : 1));
    };
    if (node.tag == HtmlTag::kText) {
      AppendText(doc_.Text(id), parent_ctx);
      return;
    }
    out_.first[id] = out_.end[id] = line_index();
    if (id != HtmlDocument::kRoot && IsSkippedTag(node.tag)) return;
    // One pass over the attributes for what matters here.
    std::string_view cls;
    std::string_view ident;
    bool hidden = false;
    for (uint32_t a = node.begin; id != HtmlDocument::kRoot && a < node.end; ++a) {
      const HtmlAttribute& attr = doc_.attributes()[a];
      if (attr.name.size() == 5 && Lower(attr.name[0]) == 'c' && LowerEquals(attr.name, "class")) {
        cls = attr.value;
      } else if (attr.name.size() == 2 && LowerEquals(attr.name, "id")) {
        ident = attr.value;
      } else if (attr.name.size() == 5 && LowerEquals(attr.name, "style")) {
        hidden = hidden || StyleHides(attr.value);
      } else if (attr.name.size() == 6 && LowerEquals(attr.name, "hidden")) {
        hidden = true;
      }
    }
    if (hidden) return;
    if (node.tag == HtmlTag::kBr || node.tag == HtmlTag::kHr) {
      Flush();
      return;
    }
    if (node.tag == HtmlTag::kImg) {
      saw_image_ = true;
      return;
    }
    Context ctx = parent_ctx;
    const bool block = id == HtmlDocument::kRoot || IsBlockTag(node.tag);
    if (block) {
      Flush();
      ctx.block = id;
      saw_image_ = false;
    }
    if (node.tag == HtmlTag::kA) ctx.in_link = true;
    if (node.tag >= HtmlTag::kH1 && node.tag <= HtmlTag::kH6) ctx.heading = true;
    if (node.tag == HtmlTag::kNav || node.tag == HtmlTag::kFooter || node.tag == HtmlTag::kAside) {
      ctx.boilerplate = true;
    }
    if (!cls.empty() || !ident.empty()) {
      const uint8_t hints = Hints(cls) | Hints(ident);
      // "comment-content" is a comment, and so is a "c-content" inside a comment list; a
      // content class inside layout furniture ("side", "header") is the article.
      if ((hints & kStrongBoilerplateHint) != 0) {
        ctx.boilerplate = true;
        ctx.strong_boilerplate = true;
      } else if ((hints & kBoilerplateHint) != 0) {
        ctx.boilerplate = true;
      } else if ((hints & kContentHint) != 0) {
        ctx.content = true;
        ctx.boilerplate = ctx.strong_boilerplate;
      }
    }
    out_.first[id] = line_index();
    for (uint32_t child = node.first_child; child != kNoNode;
         child = doc_.node(child).next_sibling) {
      Visit(child, ctx);
    }
    if (block) Flush();
    out_.end[id] = static_cast<uint32_t>(out_.lines.size() + (current_.text.empty() ? 0 : 1));
  }

  void AppendText(std::string_view text, const Context& ctx) {
    // "09-30" and "22:46" in adjacent spans render apart; keep them apart.
    if (!current_.text.empty() && !text.empty() && IsDigit(current_.text.back()) &&
        IsDigit(text.front())) {
      pending_space_ = true;
    }
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
      if (IsSpaceByte(c) || nbsp) {
        if (nbsp) ++i;
        pending_space_ = !current_.text.empty();
        if (c == '\n' || c == '\r') pending_break_ = true;
        continue;
      }
      if (current_.text.empty()) {
        current_.block = ctx.block;
        current_.boilerplate_hint = ctx.boilerplate;
        current_.content_hint = ctx.content;
        current_.heading = ctx.heading;
        current_.after_image = saw_image_;
        // Full-width indentation at the start of a line is layout, not text.
        if (c == '\xE3' && text.substr(i, 3) == "\xE3\x80\x80") {
          i += 2;
          continue;
        }
      }
      if (pending_space_ &&
          !(pending_break_ && WideBefore(current_.text) && WideAt(text.substr(i)))) {
        current_.text.push_back(' ');
      }
      pending_space_ = false;
      pending_break_ = false;
      current_.text.push_back(c);
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++current_.chars;
        if (ctx.in_link) ++current_.link_chars;
      }
    }
  }

  void Flush() {
    pending_space_ = false;
    pending_break_ = false;
    if (current_.text.empty()) return;
    // Trailing full-width spaces.
    while (current_.text.size() >= 3 &&
           current_.text.compare(current_.text.size() - 3, 3, "\xE3\x80\x80") == 0) {
      current_.text.resize(current_.text.size() - 3);
      --current_.chars;
    }
    while (!current_.text.empty() && current_.text.back() == ' ') current_.text.pop_back();
    current_.punctuation = CountPunctuation(current_.text);
    if (current_.link_chars > current_.chars) current_.link_chars = current_.chars;
    if (!current_.text.empty()) out_.lines.push_back(std::move(current_));
    current_ = HtmlLine{};
  }

  static constexpr uint8_t kBoilerplateHint = 1;
  static constexpr uint8_t kContentHint = 2;
  static constexpr uint8_t kStrongBoilerplateHint = 4;

  // Class values repeat across a page (every list item has the same one): memoised per page.
  uint8_t Hints(std::string_view value) {
    if (value.empty()) return 0;
    auto [it, inserted] = hint_cache_.try_emplace(value, 0);
    if (inserted) {
      const int strength = ClassBoilerplateStrength(value);
      it->second = static_cast<uint8_t>((strength == 2   ? kStrongBoilerplateHint
                                         : strength == 1 ? kBoilerplateHint
                                                         : 0) |
                                        (ClassNamesContent(value) ? kContentHint : 0));
    }
    return it->second;
  }

  const HtmlDocument& doc_;
  std::unordered_map<std::string_view, uint8_t> hint_cache_;
  HtmlLines out_;
  HtmlLine current_;
  bool pending_space_ = false;
  bool pending_break_ = false;  // the pending white space holds a line break of the source
  bool saw_image_ = false;
};

}  // namespace

int ClassBoilerplateStrength(std::string_view value) {
  int strength = 0;
  AnyToken(value, [&](std::string_view t) {
    // Comments, related lists and share bars: never the article, whatever is inside.
    for (std::string_view word :
         {"comment"sv, "comments"sv, "cmt"sv, "reply"sv, "replies"sv, "pinglun"sv, "footer"sv,
          "copyright"sv, "related"sv, "relate"sv, "recommend"sv, "recommended"sv, "share"sv,
          "sharing"sv, "xgyd"sv, "xgxw"sv, "tuijian"sv, "statement"sv, "disclaimer"sv}) {
      if (t == word) {
        strength = 2;
        return true;
      }
    }
    for (std::string_view part :
         {"comment"sv, "footer"sv, "recommend"sv, "related"sv, "copyright"sv, "share"sv}) {
      if (t.find(part) != std::string_view::npos) {
        strength = 2;
        return true;
      }
    }
    // Layout furniture: a content class inside it takes precedence.
    for (std::string_view word :
         {"foot"sv,    "sidebar"sv,   "side"sv,       "aside"sv,      "social"sv,  "nav"sv,
          "navbar"sv,  "menu"sv,      "breadcrumb"sv, "crumb"sv,      "crumbs"sv,  "ad"sv,
          "ads"sv,     "advert"sv,    "banner"sv,     "hot"sv,        "hotnews"sv, "rank"sv,
          "ranking"sv, "login"sv,     "toolbar"sv,    "pagination"sv, "pager"sv,   "popup"sv,
          "modal"sv,   "subscribe"sv, "qrcode"sv,     "ewm"sv,        "topbar"sv,  "header"sv}) {
      if (t == word) strength = std::max(strength, 1);
    }
    for (std::string_view part : {"sidebar"sv, "breadcrumb"sv, "advert"sv}) {
      if (t.find(part) != std::string_view::npos) strength = std::max(strength, 1);
    }
    return false;
  });
  return strength;
}

bool ClassNamesBoilerplate(std::string_view value) { return ClassBoilerplateStrength(value) > 0; }

bool ClassNamesContent(std::string_view value) {
  return AnyToken(value, [](std::string_view t) {
    for (std::string_view word :
         {"article"sv, "content"sv, "post"sv, "text"sv, "detail"sv, "entry"sv, "story"sv,
          "artibody"sv, "endtext"sv, "zhengwen"sv, "txt"sv, "body"sv}) {
      if (t == word) return true;
    }
    for (std::string_view part :
         {"article"sv, "content"sv, "artibody"sv, "endtext"sv, "zhengwen"sv}) {
      if (t.find(part) != std::string_view::npos) return true;
    }
    return false;
  });
}

HtmlLines BuildHtmlLines(const HtmlDocument& doc) { return LineBuilder(doc).Build(); }

}  // namespace yuqing
