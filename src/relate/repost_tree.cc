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
  int64_t time_ms = 0;
};

struct Tree {
  uint32_t generation = 0;
  bool alive = false;
  bool root_seen = false;
  int64_t last_ms = 0;
  uint32_t depth = 0;
  std::vector<Node> nodes;  // nodes[0] is the root; then the nodes younger than the window
  std::vector<uint32_t> width;
  // Nodes older than the window are folded away (a cascade with a months-long tail would
  // otherwise keep every node it ever had): their count, and the best spreaders among them with
  // the reposts they had brought by then.
  uint32_t folded = 0;
  std::vector<RepostSpreader> folded_spreaders;
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

struct TreeRef {
  uint32_t tree;
  uint32_t generation;
};

// Spreaders folded away are kept up to this many per tree (Summary's default asks for 5).
constexpr size_t kFoldedSpreaders = 8;

// Most reposts brought first; on a tie the earlier stays first. At most `keep` remain.
void RankSpreaders(std::vector<RepostSpreader>* spreaders, size_t keep) {
  std::stable_sort(spreaders->begin(), spreaders->end(),
                   [](const RepostSpreader& a, const RepostSpreader& b) {
                     return a.reposts_brought > b.reposts_brought;
                   });
  if (spreaders->size() > keep) spreaders->resize(keep);
}

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
  // Ids of folded nodes → their tree, so that a late repost of one still joins the tree (under
  // its root). Two generations, rotated every window: an id is remembered one to two windows
  // after it was folded, so this too stays proportional to the window, not the stream.
  FlatMap<uint64_t, TreeRef> folded_ids, folded_ids_old;
  int64_t folded_ids_since_ms = INT64_MIN;
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
    const auto live = [&](uint32_t slot, uint32_t generation) -> const Tree* {
      const Tree& tree = trees[slot];
      return tree.alive && tree.generation == generation ? &tree : nullptr;
    };
    const uint64_t key = Hash64(id);
    if (auto it = index.find(key); it != index.end()) {
      *ref = it->second;
      return live(ref->tree, ref->generation);
    }
    for (const auto* folded : {&folded_ids, &folded_ids_old}) {
      auto it = folded->find(key);
      if (it == folded->end()) continue;
      *ref = {it->second.tree, it->second.generation, kNoParent};  // folded: no node
      return live(ref->tree, ref->generation);
    }
    return nullptr;
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
    tree.folded = 0;
    tree.folded_spreaders.clear();
    tree.nodes.clear();
    tree.width.assign(1, 1);
    tree.nodes.push_back({std::string(root_id), std::string(author), kNoParent, 0, 0, time_ms});
    SetLatest(slot, author, 0);
    index[Hash64(root_id)] = {slot, tree.generation, 0};
    nodes++;
    return slot;
  }

  void AddChild(uint32_t slot, uint32_t parent, const RepostEvent& event) {
    Tree& tree = trees[slot];
    const auto node = static_cast<uint32_t>(tree.nodes.size());
    const uint32_t depth = tree.nodes[parent].depth + 1;
    tree.nodes.push_back(
        {std::string(event.item_id), std::string(event.author), parent, depth, 0, event.time_ms});
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

  void Fold(uint32_t slot, int64_t horizon);

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
    if (folded_ids_since_ms == INT64_MIN) folded_ids_since_ms = clock_ms;
    if (clock_ms - folded_ids_since_ms >= options.window_ms) {
      folded_ids_old = std::move(folded_ids);
      folded_ids = {};
      folded_ids_since_ms = clock_ms;
    }
    for (uint32_t slot = 0; slot < trees.size(); slot++) {
      Tree& tree = trees[slot];
      if (!tree.alive) continue;
      if (tree.last_ms >= horizon) {
        // Nodes come roughly in time order, so nodes[1] is about the oldest.
        if (tree.nodes.size() > 1 && tree.nodes[1].time_ms < horizon) Fold(slot, horizon);
        continue;
      }
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

// Folds a live tree's nodes older than `horizon` (the root stays): they leave the index for
// folded_ids, their `//@` chain entries go, the nodes they parented hang from the root, and the
// best spreaders among them are kept with the count they had reached.
void RepostForest::State::Fold(uint32_t slot, int64_t horizon) {
  Tree& tree = trees[slot];
  std::vector<uint32_t> renumbered(tree.nodes.size(), kNoParent);
  renumbered[0] = 0;
  uint32_t kept = 1;
  for (uint32_t i = 1; i < tree.nodes.size(); i++) {
    if (tree.nodes[i].time_ms >= horizon) renumbered[i] = kept++;
  }
  for (uint32_t i = 1; i < tree.nodes.size(); i++) {
    if (renumbered[i] != kNoParent) continue;
    Node& node = tree.nodes[i];
    if (!node.author.empty()) {
      const uint64_t key = AuthorKey(slot, tree.generation, node.author);
      if (auto it = latest_by_author.find(key); it != latest_by_author.end() && it->second == i) {
        latest_by_author.erase(it);
      }
    }
    const uint64_t id_key = Hash64(node.id);
    if (auto it = index.find(id_key);
        it != index.end() && it->second.tree == slot && it->second.generation == tree.generation) {
      index.erase(it);
    }
    folded_ids[id_key] = {slot, tree.generation};
    if (node.descendants > 0) {
      tree.folded_spreaders.push_back(
          {std::move(node.id), std::move(node.author), node.descendants, node.depth});
    }
  }
  RankSpreaders(&tree.folded_spreaders, kFoldedSpreaders);
  const uint32_t folded_now = static_cast<uint32_t>(tree.nodes.size()) - kept;
  // Remap the chain entries of the kept nodes (ascending, so a new number never matches an old
  // one still to be remapped: new <= old).
  for (uint32_t i = 1; i < tree.nodes.size(); i++) {
    const uint32_t to = renumbered[i];
    if (to == kNoParent || to == i || tree.nodes[i].author.empty()) continue;
    const uint64_t key = AuthorKey(slot, tree.generation, tree.nodes[i].author);
    if (auto it = latest_by_author.find(key); it != latest_by_author.end() && it->second == i) {
      it->second = to;
    }
  }
  std::vector<Node> nodes_kept;
  nodes_kept.reserve(kept);
  for (uint32_t i = 0; i < tree.nodes.size(); i++) {
    if (renumbered[i] == kNoParent) continue;
    Node node = std::move(tree.nodes[i]);
    if (node.parent != kNoParent) {
      node.parent = renumbered[node.parent] == kNoParent ? 0 : renumbered[node.parent];
    }
    if (renumbered[i] != i) {
      index[Hash64(node.id)] = {slot, tree.generation, renumbered[i]};
    }
    nodes_kept.push_back(std::move(node));
  }
  tree.nodes = std::move(nodes_kept);
  tree.folded += folded_now;
  nodes -= folded_now;
}

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
    parent = ref.node == kNoParent ? 0 : ref.node;
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
  summary.nodes =
      tree->folded + static_cast<uint32_t>(tree->nodes.size()) - (tree->root_seen ? 0 : 1);
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
  // Folded spreaders are older than every live node, so on a tie they come first.
  summary.spreaders = tree->folded_spreaders;
  for (size_t i = 0; i < keep; i++) {
    const Node& node = tree->nodes[order[i]];
    summary.spreaders.push_back({node.id, node.author, node.descendants, node.depth});
  }
  RankSpreaders(&summary.spreaders, spreaders);
  return summary;
}

size_t RepostForest::live_trees() const { return state_->trees.size() - state_->free_trees.size(); }

size_t RepostForest::live_nodes() const { return state_->nodes + state_->originals.size(); }

}  // namespace yuqing
