// Pinyin annotations that content farms put after characters ("細(xì)節(jié)"): a parenthesis
// holding exactly one toned Hanyu Pinyin syllable right after a CJK character. Recognised by
// the syllable's shape (initial + final, one tone mark; GB/T 16159), not by a list of
// characters, so real parentheses such as "(2016)", "(LED)", "（记者唐霁）" or a neutral-tone
// "(de)" stay.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yuqing {

// Whether `syllable` is one pinyin syllable with exactly one tone mark (ā á ǎ à … ǜ, or ń ň ǹ
// ḿ for the syllabic nasals).
bool IsTonedPinyinSyllable(std::u32string_view syllable);

// Code points taken by an annotation "(…)" / "（…）" starting at text[pos], or 0 when there is
// none there. Does not look at the character before.
size_t PinyinAnnotationLength(std::u32string_view text, size_t pos);

// `text` without the annotations that follow a CJK character; adds their number to *removed.
std::string StripPinyinAnnotations(std::string_view text, size_t* removed);

}  // namespace yuqing
