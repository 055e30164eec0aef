// Text fingerprints for near-duplicate detection (issue 6): what of an item's clean_text is
// hashed, a 64-bit SimHash over its words for long items (Charikar, STOC 2002; Manku et al.,
// WWW 2007), a MinHash signature over character 3-grams for short posts (Broder, 1997), and URL
// normalisation for exact duplicates. Every hash here is fixed (no std::hash), so fingerprints
// are stable across runs, builds and platforms and may be stored.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

// A byte range [begin, end) of a text.
struct TextSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// The byte ranges of `clean_text` (normalised, as CleanTextStage leaves it) that are the
// author's own content, in order: without Weibo repost chains ("//@name:" and all after it;
// the part before it is the reposter's comment), "转发微博"/"Repost"/"回复@name:" markers,
// emoticon codes ("[泪]", "［泪］"), URLs (http(s), www., t.cn), @mentions, the "#" marks of
// hashtags (their words stay), and boilerplate ("（来源：…）", "责任编辑：…", "本文来源…",
// "原标题：", "分享自…", trailing 分享/点赞/收藏 counters). A pure repost yields no span.
std::vector<TextSpan> ContentSpans(std::string_view clean_text);

// The spans of ContentSpans joined with a single space between them.
std::string TextForHashing(std::string_view clean_text);
// The same from spans already found (ContentSpans is the costly part; a caller that needs both
// the text and SimHash64 finds them once).
std::string JoinSpans(std::string_view clean_text, std::span<const TextSpan> spans);

// Number of code points of a text that count for hashing: letters, digits and CJK, not
// punctuation, symbols or spaces.
size_t ContentLength(std::string_view text);

// The rule that picks the fingerprint: a text whose content (TextForHashing) has fewer than
// kShortTextLength content code points is short and uses MinHash; SimHash needs enough words to
// be stable (a one-word edit of a 30-character post flips far more than 3 of its 64 bits).
inline constexpr size_t kShortTextLength = 100;
bool IsShortText(std::string_view text_for_hashing);

// 64-bit SimHash of the content words of `clean_text`. `word_ends` is the segmentation of
// clean_text (Item::analysis.word_ends: end byte offset of each word, ascending); a word is
// kept where it lies inside ContentSpans and has a letter, digit or CJK character. Weights: a
// word of one CJK character (mostly function words: 的, 了, 是) counts 1, longer words count
// their length in code points, capped at 4. Out-of-range or unsorted ends are tolerated. With
// no word_ends, overlapping character bigrams of the content are the features.
uint64_t SimHash64(std::string_view clean_text, std::span<const uint32_t> word_ends);
// The same with ContentSpans(clean_text) already found.
uint64_t SimHash64(std::string_view clean_text, std::span<const uint32_t> word_ends,
                   std::span<const TextSpan> spans);

inline int HammingDistance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

// MinHash over the set of character 3-grams (code points; only letters, digits and CJK, so
// punctuation and spacing edits do not change it) of a text, normally TextForHashing's. A text
// with fewer than 3 such code points has one shingle, itself; an empty one has none and its
// signature is all 0xFFFFFFFF. kMinHashSize = 64 hash functions: the Jaccard estimate's
// standard error is sqrt(J(1-J)/64) <= 0.0625, enough to tell 0.8 from 0.3.
inline constexpr int kMinHashSize = 64;
using MinHashSignature = std::array<uint32_t, kMinHashSize>;
MinHashSignature MinHash(std::string_view text);

// Share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);

// A URL in one form for exact-duplicate checks: scheme and host lower-cased, "www." and "m."
// host prefixes, default ports, the fragment, tracking parameters (utm_*, spm, from, share
// tokens, ...) and a trailing "/" dropped, remaining query parameters sorted. "http" and
// "https" become the same. Text that is not an http(s) URL is returned trimmed, else unchanged.
std::string NormalizeUrl(std::string_view url);

}  // namespace yuqing
