// Chinese boilerplate cues for lines of page text: what a reader recognises as page furniture
// around an article (editor credits, copyright, share prompts, related-reading headings, ...).
// Each returns the kind for ExtractedPage::Remove, or "" when the line is not of that sort.
#pragma once

#include <string>
#include <string_view>

namespace yuqing {

// A whole line that is furniture: "责任编辑：张三", "版权所有 ©", "分享到：", "上一篇", ...
// Returns "editor", "copyright", "share", "navigation", "comments", "ads" or "".
std::string_view BoilerplateLineKind(std::string_view line);

// A heading that opens a related-articles block: "相关阅读", "猜你喜欢", "热门推荐", ...
bool IsRelatedHeading(std::string_view line);

// A tags/keywords line: "20190926|国贸|增长率", "标签：社保 养老金".
bool IsTagLine(std::string_view line);

// A standalone byline: the whole line names the writer ("采写：南都见习记者 林子沛",
// "【文/观察者网专栏作者 王文】", "作者：张三").
bool IsBylineLine(std::string_view line);

// Author names from a byline or a lead ("新京报讯（记者 陆一夫）", "文/图 刘玺东 易赛楠",
// "作者：王文"), several joined by one space; "" when none (also for 未知 / 网络整理).
// Editor credits (责任编辑, 编辑, 校对) never count.
std::string FindAuthor(std::string_view line);

// The medium after 来源/出处/信息来源 ("来源：新京报" -> "新京报"), "" when none.
std::string FindSourceMedium(std::string_view line);

// "石佳/中国青年报": a 2-4 character name, one slash, a medium, nothing else.
bool SplitWriterSlashMedium(std::string_view line, std::string* name, std::string* medium);

// Code points in a UTF-8 string.
size_t CountChars(std::string_view text);

}  // namespace yuqing
