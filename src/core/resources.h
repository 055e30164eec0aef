// Files that ship with yuqing (models, dictionaries, gazetteers): `resources/` in the source tree,
// and cppjieba's dictionaries in `third_party/cppjieba/dict/` (unpacked by scripts/bootstrap).
#pragma once

#include <string>
#include <string_view>

namespace yuqing {

// "<root>/<relative>", where root is $YUQING_HOME when set, else the source tree this binary was
// built from. ResourcePath("resources/normalize/char_bigrams.tsv").
std::string ResourcePath(std::string_view relative);

}  // namespace yuqing
