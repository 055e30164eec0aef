// Whitespace normalisation: blank runs (space, tab, U+00A0, U+3000 and the other Unicode
// spaces) become one space, or none beside wide punctuation (、。，「」…, which carries its
// own spacing); lines are trimmed; CR LF and CR become LF; runs of blank lines become one blank
// line, and leading/trailing blank lines go.
//
// Between two Chinese characters a blank is dropped by default: Chinese is written without
// spaces, and one there is usually layout debris ("社会 保障", full-width indents). Headlines
// and name lists do use a typed space as a separator ("多地项目连环爆雷 狂奔的龙湖集团",
// "刘玺东 易赛楠"); `keep_between_chinese` keeps one space there for such text.
#pragma once

#include <string>
#include <string_view>

namespace yuqing {

std::string NormalizeWhitespace(std::string_view text, bool keep_between_chinese = false);

}  // namespace yuqing
