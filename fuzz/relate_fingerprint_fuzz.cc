// Fuzzes the near-duplicate fingerprints on arbitrary bytes (invalid UTF-8 included): content
// spans must lie inside the text, in order and apart; SimHash64 must take any word ends (made
// up from the input: unsorted, out of range); MinHash of a text must equal itself; NormalizeUrl
// must be idempotent, and the fingerprint must be found again in a SimHashIndex and a MinHashIndex.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "relate/minhash_index.h"
#include "relate/simhash_index.h"
#include "relate/text_fingerprint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  uint32_t previous_end = 0;
  for (const yuqing::TextSpan& span : yuqing::ContentSpans(text)) {
    if (span.begin >= span.end || span.end > text.size() || span.begin < previous_end) {
      std::abort();
    }
    previous_end = span.end;
  }
  const std::string kept = yuqing::TextForHashing(text);
  if (kept.size() > text.size() + text.size() / 2 + 1) std::abort();
  (void)yuqing::IsShortText(kept);

  std::vector<uint32_t> ends;
  for (size_t i = 0; i < size && i < 32; ++i) ends.push_back(data[i] * 5u);
  (void)yuqing::SimHash64(text, ends);
  std::vector<uint32_t> sorted_ends;
  for (uint32_t at = 3; at < size; at += 3) sorted_ends.push_back(at);
  const uint64_t fingerprint = yuqing::SimHash64(text, sorted_ends);
  if (fingerprint != yuqing::SimHash64(text, sorted_ends)) std::abort();

  const yuqing::MinHashSignature signature = yuqing::MinHash(kept);
  if (yuqing::EstimateJaccard(signature, yuqing::MinHash(kept)) != 1.0) std::abort();

  const std::string url = yuqing::NormalizeUrl(text);
  if (yuqing::NormalizeUrl(url) != url)
    std::abort();  // one form: normalising again changes nothing

  // One pair of indexes for the whole run (building one costs more than a fuzz input): each input
  // comes a window later than the one before, so what earlier inputs stored has expired.
  static yuqing::SimHashIndex simhash_index(
      yuqing::SimHashIndexOptions{.window_seconds = 10, .buffer_items = 2});
  static yuqing::MinHashIndex minhash_index(yuqing::MinHashIndexOptions{.window_seconds = 10});
  static int64_t now = 0;
  now += 100;
  simhash_index.Insert(fingerprint ^ 0x8000000000000001ULL, 1, now);
  simhash_index.Insert(fingerprint, 2, now);
  simhash_index.Insert(~fingerprint, 3, now);
  const auto found = simhash_index.FindEarliest(fingerprint, 0);
  if (!found || found->item != 2) std::abort();

  minhash_index.Insert(signature, 7, now);
  std::vector<yuqing::MinHashMatch> matches;
  minhash_index.Find(signature, &matches);
  const bool empty = yuqing::ContentLength(kept) == 0;
  if (matches.size() != (empty ? 0u : 1u)) std::abort();
  return 0;
}
