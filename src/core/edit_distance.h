// Levenshtein distance over bytes, for "did you mean" hints on misspelt keys and field names
// (ASCII words, so bytes are characters there).
#pragma once

#include <cstddef>
#include <string_view>

namespace yuqing {

size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace yuqing
