#include "relate/repost_tree.h"

#include <algorithm>
#include <climits>

#include "core/hash64.h"
#include "relate/flat_map.h"

namespace yuqing {
namespace {

constexpr uint32_t kNoParent = UINT32_MAX;

struct Node {
  std::string id;
  std::string author;
  uint32_t parent = kNoParent;
  uint32_t depth = 0;
  uint32_t descendants = 0;
};

struct Tree {
  uint32_t generation = 0;
  bool alive = false;
  bool root_seen = false;
  int64_t last_ms = 0;
  uint32_t depth = 0;
  std::vector<Node> nodes;  // nodes[0] is the root
  std::vector<uint32_t> width;
};

struct Original {
  int64_t time_ms;
  std::string author;
};

struct NodeRef {
  uint32_t tree;
  uint32_t generation;
  uint32_t node;
};

}  // namespace

std::string_view FirstChainName(std::string_view text) {
  const size_t at = text.find("//@");
  if (at == std::string_view::npos) return {};
  const std::string_view rest = text.substr(at + 3);
  size_t end = rest.find(':');
  const size_t full_width = rest.find("\xEF\xBC\x9A");  // ：
  if (full_width < end) end = full_width;
  if (end == std::string_view::npos || end == 0 || end > 60) return {};
  return rest.substr(0, end);
}

struct RepostForest::State {
  RepostOptions options;
  int64_t clock_ms = INT64_MIN;
  int64_t last_sweep_ms = INT64_MIN;
  size_t items_since_sweep = 0;
  std::vector<Tree> trees;
  std::vector<uint32_t> free_trees;
  FlatMap<uint64_t, NodeRef> index;
  // Originals not reposted yet (no tree): time and author, for the tree their first repost
  // builds.
  FlatMap<uint64_t, Original> originals;
  // (tree, author) → the author's latest node in that tree, for `//@name:` chains. One map for
  // the forest: most trees are a single post, and a map per tree would cost an allocation each.
  FlatMap<uint64_t, uint32_t> latest_by_author;
  size_t nodes = 0;

  static uint64_t AuthorKey(uint32_t slot, uint32_t generation, std::string_view author) {
    return Hash64(author) ^
           ((static_cast<uint64_t>(slot) << 32 | generation) * 0x9E3779B97F4A7C15ULL);
  }
  void SetLatest(uint32_t slot, std::string_view author, uint32_t node) {
    if (!author.empty()) latest_by_author[AuthorKey(slot, trees[slot].generation, author)] = node;
  }
  bool Latest(uint32_t slot, std::string_view author, uint32_t* node) const {
    auto it = latest_by_author.find(AuthorKey(slot, trees[slot].generation, author));
    if (it == latest_by_author.end()) return false;
    *node = it->second;
    return true;
  }

  const Tree* Find(std::string_view id, NodeRef* ref) const {
    if (id.empty()) return nullptr;
    auto it = index.find(Hash64(id));
    if (it == index.end()) return nullptr;
    const Tree& tree = trees[it->second.tree];
    if (!tree.alive || tree.generation != it->second.generation) return nullptr;
    *ref = it->second;
    return &tree;
  }

  uint32_t NewTree(std::string_view root_id, std::string_view author, bool seen, int64_t time_ms) {
    uint32_t slot;
    if (!free_trees.empty()) {
      slot = free_trees.back();
      free_trees.pop_back();
    } else {
      slot = static_cast<uint32_t>(trees.size());
      trees.emplace_back();
    }
    Tree& tree = trees[slot];
    tree.generation++;
    tree.alive = true;
    tree.root_seen = seen;
    tree.last_ms = time_ms;
    tree.depth = 0;
    tree.nodes.clear();
    tree.width.assign(1, 1);
    tree.nodes.push_back({std::string(root_id), std::string(author), kNoParent, 0, 0});
    SetLatest(slot, author, 0);
    index[Hash64(root_id)] = {slot, tree.generation, 0};
    nodes++;
    return slot;
  }

  void AddChild(uint32_t slot, uint32_t parent, const RepostEvent& event) {
    Tree& tree = trees[slot];
    const auto node = static_cast<uint32_t>(tree.nodes.size());
    const uint32_t depth = tree.nodes[parent].depth + 1;
    tree.nodes.push_back({std::string(event.item_id), std::string(event.author), parent, depth, 0});
    if (tree.width.size() <= depth) tree.width.resize(depth + 1, 0);
    tree.width[depth]++;
    tree.depth = std::max(tree.depth, depth);
    for (uint32_t up = parent; up != kNoParent; up = tree.nodes[up].parent) {
      tree.nodes[up].descendants++;
    }
    SetLatest(slot, event.author, node);
    index[Hash64(event.item_id)] = {slot, tree.generation, node};
    nodes++;
  }

  // Forgets trees and originals idle for a window, once a sixteenth of the window and half as
  // many items as the state holds have passed (so the cost per item stays constant).
  void MaybeSweep() {
    items_since_sweep++;
    if (last_sweep_ms != INT64_MIN && (clock_ms - last_sweep_ms < options.window_ms / 16 ||
                                       2 * items_since_sweep < trees.size() + originals.size())) {
      return;
    }
    last_sweep_ms = clock_ms;
    items_since_sweep = 0;
    const int64_t horizon = clock_ms - options.window_ms;
    EraseIf(originals, [&](const auto& kv) { return kv.second.time_ms < horizon; });
    for (uint32_t slot = 0; slot < trees.size(); slot++) {
      Tree& tree = trees[slot];
      if (!tree.alive || tree.last_ms >= horizon) continue;
      for (const Node& node : tree.nodes) {
        if (!node.author.empty()) {
          latest_by_author.erase(AuthorKey(slot, tree.generation, node.author));
        }
        auto it = index.find(Hash64(node.id));
        if (it != index.end() && it->second.tree == slot &&
            it->second.generation == tree.generation) {
          index.erase(it);
        }
      }
      nodes -= tree.nodes.size();
      tree.alive = false;
      tree.nodes = {};
      tree.width = {};
      free_trees.push_back(slot);
    }
  }
};

RepostForest::RepostForest(RepostOptions options) : state_(std::make_unique<State>()) {
  state_->options = options;
}

RepostForest::~RepostForest() = default;

std::string RepostForest::Add(const RepostEvent& event) {
  State& s = *state_;
  s.clock_ms = std::max(s.clock_ms, event.time_ms);
  s.MaybeSweep();
  NodeRef ref{};
  if (s.originals.contains(Hash64(event.item_id))) return std::string(event.item_id);
  if (const Tree* known = s.Find(event.item_id, &ref)) {
    Tree& tree = s.trees[ref.tree];
    // A root that its reposts announced before it came: now it is seen.
    if (ref.node == 0 && !tree.root_seen) {
      tree.root_seen = true;
      tree.nodes[0].author.assign(event.author);
      s.SetLatest(ref.tree, event.author, 0);
    }
    tree.last_ms = std::max(tree.last_ms, event.time_ms);
    return known->nodes[0].id;
  }
  if (event.parent_id.empty() || event.parent_id == event.item_id) {
    // Most originals are never reposted: a tree is built on the first repost.
    s.originals.try_emplace(Hash64(event.item_id),
                            Original{event.time_ms, std::string(event.author)});
    return std::string(event.item_id);
  }
  uint32_t slot;
  uint32_t parent;
  if (s.Find(event.parent_id, &ref) != nullptr) {
    slot = ref.tree;
    parent = ref.node;
  } else if (auto original = s.originals.find(Hash64(event.parent_id));
             original != s.originals.end()) {
    slot = s.NewTree(event.parent_id, original->second.author, true, original->second.time_ms);
    s.originals.erase(original);
    parent = 0;
  } else {
    // The parent is not here (yet): it becomes the root of a tree that awaits it.
    slot = s.NewTree(event.parent_id, {}, false, event.time_ms);
    parent = 0;
  }
  Tree& tree = s.trees[slot];
  const std::string_view chained = FirstChainName(event.text);
  if (!chained.empty()) s.Latest(slot, chained, &parent);
  tree.last_ms = std::max(tree.last_ms, event.time_ms);
  s.AddChild(slot, parent, event);
  return tree.nodes[0].id;
}

std::optional<RepostTreeSummary> RepostForest::Summary(std::string_view item_id,
                                                       size_t spreaders) const {
  NodeRef ref{};
  const Tree* tree = state_->Find(item_id, &ref);
  if (tree == nullptr) {
    if (!state_->originals.contains(Hash64(item_id))) return std::nullopt;
    RepostTreeSummary single;  // an original nobody has reposted
    single.root_id.assign(item_id);
    single.nodes = 1;
    return single;
  }
  RepostTreeSummary summary;
  summary.root_id = tree->nodes[0].id;
  summary.nodes = static_cast<uint32_t>(tree->nodes.size()) - (tree->root_seen ? 0 : 1);
  summary.depth = tree->depth;
  for (size_t level = 1; level < tree->width.size(); level++) {
    summary.breadth = std::max(summary.breadth, tree->width[level]);
  }
  std::vector<uint32_t> order;
  for (uint32_t i = 1; i < tree->nodes.size(); i++) {
    if (tree->nodes[i].descendants > 0) order.push_back(i);
  }
  const size_t keep = std::min(spreaders, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](uint32_t a, uint32_t b) {
                      if (tree->nodes[a].descendants != tree->nodes[b].descendants) {
                        return tree->nodes[a].descendants > tree->nodes[b].descendants;
                      }
                      return a < b;
                    });
  for (size_t i = 0; i < keep; i++) {
    const Node& node = tree->nodes[order[i]];
    summary.spreaders.push_back({node.id, node.author, node.descendants, node.depth});
  }
  return summary;
}

size_t RepostForest::live_trees() const { return state_->trees.size() - state_->free_trees.size(); }

size_t RepostForest::live_nodes() const { return state_->nodes + state_->originals.size(); }

}  // namespace yuqing
