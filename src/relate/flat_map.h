// The hash map of the relate stage's per-item state: absl's open-addressing flat_hash_map (no
// allocation per entry; docs/dependencies.md), and erasing by predicate, which it lacks.
#pragma once

#include "absl/container/flat_hash_map.h"

namespace yuqing {

template <typename Key, typename Value>
using FlatMap = absl::flat_hash_map<Key, Value>;

template <typename Map, typename Predicate>
void EraseIf(Map& map, Predicate erase) {
  for (auto it = map.begin(); it != map.end();) {
    if (erase(*it)) {
      map.erase(it++);  // flat_hash_map: erasing leaves the other iterators valid
    } else {
      ++it;
    }
  }
}

}  // namespace yuqing
