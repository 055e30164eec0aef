#include "extract/html_cues.h"

#include <initializer_list>

namespace yuqing {

using namespace std::string_view_literals;

namespace {

char32_t Decode(std::string_view s, size_t* pos) {
  const auto b0 = static_cast<unsigned char>(s[*pos]);
  const auto cont = [&](size_t i) {
    return *pos + i < s.size() && (static_cast<unsigned char>(s[*pos + i]) & 0xC0) == 0x80;
  };
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
    const char32_t cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[*pos + 1]) & 0x3Fu);
    *pos += 2;
    return cp;
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
    const char32_t cp = ((b0 & 0x0Fu) << 12) |
                        ((static_cast<unsigned char>(s[*pos + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[*pos + 2]) & 0x3Fu);
    *pos += 3;
    return cp;
  }
  if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
    const char32_t cp = ((b0 & 0x07u) << 18) |
                        ((static_cast<unsigned char>(s[*pos + 1]) & 0x3Fu) << 12) |
                        ((static_cast<unsigned char>(s[*pos + 2]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[*pos + 3]) & 0x3Fu);
    *pos += 4;
    return cp;
  }
  ++*pos;
  return 0xFFFD;
}

bool IsCjk(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }
bool IsLatin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) {
    if (Contains(s, p)) return true;
  }
  return false;
}

// The line without leading brackets and spaces: "【文/王文】" -> "文/王文】".
std::string_view StripOpeners(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view opener :
         {"【"sv, "（"sv, "("sv, "["sv, " "sv, "〔"sv, "　"sv, "——"sv, "—"sv}) {
      if (s.substr(0, opener.size()) == opener) {
        s.remove_prefix(opener.size());
        changed = true;
      }
    }
  }
  return s;
}

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.substr(0, p.size()) == p) return true;
  }
  return false;
}

// Separators between a byline label and the names.
size_t SkipSeparators(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    bool skipped = false;
    for (std::string_view sep :
         {"："sv, ":"sv, "/"sv, "／"sv, "丨"sv, "|"sv, "｜"sv, " "sv, "　"sv, "\xC2\xA0"sv}) {
      if (s.substr(pos, sep.size()) == sep) {
        pos += sep.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  return pos;
}

bool IsStopWord(std::string_view token) {
  for (std::string_view w :
       {"来源"sv,   "发布"sv,   "时间"sv, "日期"sv, "编辑"sv, "责任"sv, "摄影"sv, "报道"sv,
        "通讯员"sv, "实习生"sv, "综合"sv, "整理"sv, "校对"sv, "出处"sv, "点击"sv, "阅读"sv,
        "字号"sv,   "本报"sv,   "见习"sv, "特约"sv, "实习"sv, "首席"sv}) {
    if (token.substr(0, w.size()) == w) return true;
  }
  return false;
}

bool IsUnknownAuthor(std::string_view name) {
  for (std::string_view w :
       {"未知"sv, "佚名"sv, "网络"sv, "匿名"sv, "admin"sv, "本站"sv, "小编"sv, "网友"sv}) {
    if (name.substr(0, w.size()) == w) return true;
  }
  return false;
}

// Reads names after a label at `pos`: CJK runs of 2-4 characters or Latin words, separated by
// spaces or 、; `bracketed` says whether the byline sits in brackets (then a name may touch
// the label, as in "（记者唐霁）").
std::string ReadNames(std::string_view s, size_t pos, bool had_separator, bool bracketed) {
  std::string names;
  int count = 0;
  while (pos < s.size() && count < 6) {
    const size_t start = pos;
    size_t p = pos;
    size_t chars = 0;
    bool latin = false;
    while (p < s.size()) {
      size_t q = p;
      const char32_t c = Decode(s, &q);
      if (IsCjk(c) && !latin) {
        ++chars;
      } else if ((IsLatin(c) || (c == '.' && latin)) && (chars == 0 || latin)) {
        latin = true;
        ++chars;
      } else {
        break;
      }
      p = q;
    }
    const std::string_view token = s.substr(start, p - start);
    if (token.empty() || IsStopWord(token)) break;
    if (!latin && (chars < 2 || chars > 4)) {
      if (count == 0) return {};
      break;
    }
    if (latin && chars > 20) break;
    // A name touching its label outside brackets reads as prose ("记者从上海获悉").
    if (count == 0 && !had_separator && !bracketed && p < s.size()) {
      size_t q = p;
      const char32_t next = Decode(s, &q);
      if (next != ' ' && next != 0x3000 && next != 0xFF09 && next != ')' && next != 0x3011) {
        return {};
      }
    }
    if (!names.empty()) names.push_back(' ');
    names.append(token);
    ++count;
    pos = p;
    // Another name after a space or 、.
    size_t q = pos;
    bool sep = false;
    while (q < s.size()) {
      size_t r = q;
      const char32_t c = Decode(s, &r);
      if (c == ' ' || c == 0x3000 || c == 0x3001 || c == 0xA0 || c == 0xFF0C || c == ',' ||
          c == '&' || c == 0xFF06) {
        q = r;
        sep = true;
      } else {
        break;
      }
    }
    if (!sep) break;
    pos = q;
  }
  // "中新社记者 贾天勇 摄" credits a photo, not the article.
  std::string_view rest = s.substr(std::min(pos, s.size()));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.starts_with("摄") || rest.starts_with("/摄")) return {};
  return names;
}

}  // namespace

size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view BoilerplateLineKind(std::string_view line) {
  if (line.size() > 600) return {};  // over 200 characters: prose, whatever it mentions
  const size_t chars = CountChars(line);
  if (chars > 200) return {};
  const std::string_view head = StripOpeners(line);
  if (chars <= 80 && Contains(line, "责任编辑")) return "editor";
  if (chars <= 50 &&
      StartsWithAny(
          head, {"编辑："sv,    "编辑:"sv,      "编辑 "sv,    "编辑|"sv, "编辑丨"sv, "责编"sv,
                 "校对"sv,      "审核："sv,     "审核:"sv,    "审校"sv,  "监制"sv,   "终审"sv,
                 "初审"sv,      "复审"sv,       "值班编辑"sv, "编审"sv,  "主编："sv, "本文来源："sv,
                 "本文来源:"sv, "文章来源："sv, "文章来源:"sv})) {
    return "editor";
  }
  // Marks only a copyright line carries; softer phrases ("未经授权") only in short lines,
  // since an article about copyright uses them in its sentences.
  if ((chars <= 150 && ContainsAny(line, {"版权所有"sv, "Copyright"sv, "COPYRIGHT"sv, "copyright"sv,
                                          "©"sv, "ICP备"sv, "ICP证"sv, "违法和不良信息"sv})) ||
      (chars <= 200 && ContainsAny(line, {"凡本网注明"sv, "版权均属"sv, "转载目的在于"sv,
                                          "需要同本网联系"sv, "不代表本网"sv})) ||
      (chars <= 80 &&
       ContainsAny(line, {"未经授权"sv, "未经许可"sv, "不得转载"sv, "转载请注明"sv, "免责声明"sv,
                          "举报电话"sv, "版权声明"sv, "禁止转载"sv}))) {
    return "copyright";
  }
  if (chars <= 200 &&
      StartsWithAny(head, {"声明："sv, "声明:"sv, "特别声明"sv, "风险提示"sv, "郑重声明"sv})) {
    return "copyright";
  }
  if (chars <= 50 &&
      StartsWithAny(head, {"分享到"sv, "分享至"sv, "扫一扫"sv, "扫描二维码"sv, "长按二维码"sv,
                           "长按识别"sv, "关注我们"sv, "点击关注"sv, "微信扫一扫"sv, "打开微信"sv,
                           "分享："sv, "分享:"sv, "一键分享"sv, "手机看"sv})) {
    return "share";
  }
  if (chars <= 60 &&
      (StartsWithAny(head,
                     {"上一篇"sv,   "下一篇"sv,       "上一页"sv,   "下一页"sv,   "返回首页"sv,
                      "返回顶部"sv, "打印本页"sv,     "关闭窗口"sv, "打印"sv,     "字号"sv,
                      "【字体"sv,   "字体："sv,       "当前位置"sv, "您的位置"sv, "您所在的位置"sv,
                      "所在位置"sv, "您当前的位置"sv, "你的位置"sv, "首页 >"sv,   "首页>"sv,
                      "首页 »"sv,   "首页»"sv,        "首页 ›"sv,   "首页 -"sv}))) {
    return "navigation";
  }
  if (chars <= 40 &&
      ContainsAny(line, {"网友评论"sv, "发表评论"sv, "我要评论"sv, "条评论"sv, "跟帖"sv, "登录后"sv,
                         "人参与"sv, "查看评论"sv, "评论区"sv})) {
    return "comments";
  }
  if (chars <= 6 && ContainsAny(line, {"广告"sv, "推广"sv})) return "ads";
  return {};
}

bool IsRelatedHeading(std::string_view line) {
  if (CountChars(line) > 14) return false;
  // "延伸 · 推荐", "相关 | 阅读": the words without what sits between them.
  std::string compact;
  for (size_t i = 0; i < line.size();) {
    size_t next = i;
    const char32_t c = Decode(line, &next);
    if (c != ' ' && c != 0x3000 && c != 0xB7 && c != 0x30FB && c != '|' && c != 0xFF5C &&
        c != 0x4E28 && c != '/' && c != 0xA0) {
      compact.append(line.substr(i, next - i));
    }
    i = next;
  }
  return ContainsAny(
      compact,
      {"相关阅读"sv,   "相关新闻"sv, "相关文章"sv, "相关报道"sv, "延伸阅读"sv, "延伸推荐"sv,
       "猜你喜欢"sv,   "热门推荐"sv, "推荐阅读"sv, "热点推荐"sv, "更多精彩"sv, "精彩推荐"sv,
       "大家都在看"sv, "热门文章"sv, "热门阅读"sv, "为您推荐"sv, "相关链接"sv, "24小时热文"sv,
       "排行榜"sv,     "热点新闻"sv, "相关推荐"sv, "热文推荐"sv, "今日推荐"sv, "更多新闻"sv,
       "热门新闻"sv,   "往期回顾"sv, "往期推荐"sv, "看了又看"sv});
}

// Tags or keywords: "20190926|国贸|增长率|全球经济", "标签：社保 养老金".
bool IsTagLine(std::string_view line) {
  if (CountChars(line) > 60 || Contains(line, "，") || Contains(line, "。")) return false;
  size_t bars = 0;
  for (char c : line) bars += c == '|';
  if (bars >= 2) return true;
  const std::string_view head = StripOpeners(line);
  return StartsWithAny(head, {"标签"sv, "关键词"sv, "关键字"sv, "Tags"sv, "TAG"sv, "tags"sv});
}

bool IsBylineLine(std::string_view line) {
  const size_t chars = CountChars(line);
  if (chars > 40 || Contains(line, "。")) return false;
  const std::string_view head = StripOpeners(line);
  if (!StartsWithAny(
          head, {"采写"sv,     "撰文"sv,     "文字"sv,     "作者"sv,    "记者"sv,     "文/"sv,
                 "文／"sv,     "文｜"sv,     "文|"sv,      "文 /"sv,    "本报记者"sv, "通讯员"sv,
                 "执笔"sv,     "图/文"sv,    "文/图"sv,    "图文"sv,    "摄影"sv,     "南都记者"sv,
                 "见习记者"sv, "特约记者"sv, "实习记者"sv, "首席记者"sv})) {
    return false;
  }
  return !FindAuthor(line).empty() || Contains(line, "记者");
}

std::string FindAuthor(std::string_view line) {
  static constexpr std::string_view kLabels[] = {"记者",  "作者",  "采写",   "撰文", "执笔",
                                                 "文/图", "图/文", "文／图", "文/",  "文／",
                                                 "文｜",  "文|",   "撰稿",   "文 /", "口述"};
  for (std::string_view label : kLabels) {
    size_t at = 0;
    while ((at = line.find(label, at)) != std::string_view::npos) {
      const size_t after_label = at + label.size();
      const std::string_view before = line.substr(0, at);
      at = after_label;
      // "文/" only as a label of its own: at the start or after a bracket or space.
      if (label.substr(0, 3) == "文" && !before.empty() &&
          !(before.ends_with("【") || before.ends_with("（") || before.ends_with("(") ||
            before.ends_with(" ") || before.ends_with("[") || before.ends_with("　"))) {
        continue;
      }
      if (before.ends_with("原") || before.ends_with("责任")) continue;
      const size_t names_at = SkipSeparators(line, after_label);
      const bool separator = names_at != after_label;
      const bool bracketed = before.ends_with("（") || before.ends_with("(") ||
                             before.ends_with("【") || before.ends_with("[") ||
                             Contains(before, "（") || Contains(before, "【") ||
                             Contains(before, "(");
      const std::string_view rest = line.substr(names_at);
      if (IsUnknownAuthor(rest)) return {};
      std::string names = ReadNames(line, names_at, separator, bracketed);
      if (!names.empty()) return names;
    }
  }
  return {};
}

bool SplitWriterSlashMedium(std::string_view line, std::string* name, std::string* medium) {
  const size_t slash = line.find('/');
  if (slash == std::string_view::npos || line.find('/', slash + 1) != std::string_view::npos ||
      line.find(' ') != std::string_view::npos) {
    return false;
  }
  const std::string_view first = line.substr(0, slash);
  const std::string_view second = line.substr(slash + 1);
  const size_t first_chars = CountChars(first);
  const size_t second_chars = CountChars(second);
  // All CJK (3 bytes each) for the name; no furniture words anywhere.
  if (first_chars < 2 || first_chars > 4 || first.size() != first_chars * 3 || second_chars < 2 ||
      second_chars > 15 || !BoilerplateLineKind(line).empty() || Contains(line, "，") ||
      Contains(line, "。")) {
    return false;
  }
  *name = std::string(first);
  *medium = std::string(second);
  return true;
}

std::string FindSourceMedium(std::string_view line) {
  static constexpr std::string_view kLabels[] = {"信息来源", "文章来源", "新闻来源", "稿件来源",
                                                 "来源于",   "来源",     "出处",     "稿源"};
  for (std::string_view label : kLabels) {
    const size_t at = line.find(label);
    if (at == std::string_view::npos) continue;
    size_t pos = SkipSeparators(line, at + label.size());
    // "来源CSDN" in a short info line; in prose "来源" is a word ("收入来源").
    if (pos == at + label.size() && label != "来源于"sv && CountChars(line) > 60) continue;
    std::string out;
    size_t chars = 0;
    while (pos < line.size() && chars < 30) {
      size_t q = pos;
      const char32_t c = Decode(line, &q);
      if (c == ' ' || c == 0x3000 || c == 0xA0 || c == 0xFF0C || c == 0x3002 || c == 0xFF09 ||
          c == ')' || c == 0x3011 || c == ']' || c == 0xFF1B || c == ';' || c == '|' ||
          c == 0xFF5C) {
        break;
      }
      out.append(line.substr(pos, q - pos));
      ++chars;
      pos = q;
    }
    // "来源：新京报作者：张三" (no space between fields); "新京报举报" where the info line's
    // widgets (举报, 分享, ...) follow with only a source line break between them.
    for (std::string_view stop :
         {"作者"sv, "编辑"sv, "责任编辑"sv, "发布"sv, "时间"sv, "日期"sv, "浏览"sv, "阅读"sv,
          "点击"sv, "字号"sv, "举报"sv, "分享"sv, "收藏"sv, "打印"sv, "纠错"sv}) {
      const size_t s = out.find(stop);
      if (s != std::string::npos) out.resize(s);  // "来源：发布时间…" names none
    }
    if (!out.empty()) return out;
  }
  return {};
}

}  // namespace yuqing
