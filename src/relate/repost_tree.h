// Repost trees (product.md §2.5): who reposted whom, how deep and wide a cascade runs, and
// which accounts brought it the most reposts (its key spreaders).
//
// An item's parent is the first `//@name:` of its text when that name has an earlier item in
// the same tree (Weibo often gives the root as `parent_id` even for a repost of a repost; the
// chain says who was really reposted), else its `parent_id`. A node's "reposts brought" is the
// number of items below it in the tree. Trees whose last item is older than the window are
// forgotten, and a live tree folds its nodes older than the window into counts (and its best
// spreaders), so memory follows the items of one window, not the stream, even for cascades
// with months-long tails. A late repost of a folded node still joins its tree, under the root.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yuqing {

struct RepostEvent {
  std::string_view item_id;    // required, unique
  std::string_view parent_id;  // empty: a root (original post)
  std::string_view author;     // the screen name the chains use (`//@author:`)
  std::string_view text;       // the item's own text, for its `//@name:` chain
  int64_t time_ms = 0;
};

struct RepostSpreader {
  std::string item_id;
  std::string author;
  uint32_t reposts_brought = 0;  // items below it
  uint32_t depth = 0;            // 1 = reposted the root directly
};

struct RepostTreeSummary {
  std::string root_id;   // the root, or the earliest-awaited parent when the root is unseen
  uint32_t nodes = 0;    // items in the tree, the root included when seen
  uint32_t depth = 0;    // longest root-to-leaf path in edges
  uint32_t breadth = 0;  // the widest level
  std::vector<RepostSpreader> spreaders;  // most reposts brought first, the root excluded
};

struct RepostOptions {
  int64_t window_ms = 7LL * 24 * 3600 * 1000;
};

// The first name of a `//@name:` chain ("好 //@小明:转发 //@新华网:…" → "小明"), empty when the
// text has no chain. Full-width colons count.
std::string_view FirstChainName(std::string_view text);

class RepostForest {
 public:
  explicit RepostForest(RepostOptions options = {});
  ~RepostForest();
  RepostForest(const RepostForest&) = delete;
  RepostForest& operator=(const RepostForest&) = delete;

  // Adds one item; returns the id of its tree's root.
  std::string Add(const RepostEvent& event);

  // The tree holding `item_id` (any of its items), with its top `spreaders` spreaders.
  std::optional<RepostTreeSummary> Summary(std::string_view item_id, size_t spreaders = 5) const;

  size_t live_trees() const;
  size_t live_nodes() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace yuqing
