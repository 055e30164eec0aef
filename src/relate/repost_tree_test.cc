#include "relate/repost_tree.h"

#include <gtest/gtest.h>

#include <string>

namespace yuqing {
namespace {

TEST(FirstChainNameTest, ReadsTheFirstNameOfAChain) {
  EXPECT_EQ(FirstChainName("好 //@小明:转发 //@新华网:原文"), "小明");
  EXPECT_EQ(FirstChainName("//@人民日报：全角冒号"), "人民日报");
  EXPECT_EQ(FirstChainName("no chain @someone: hi"), "");
  EXPECT_EQ(FirstChainName("//@"), "");
  EXPECT_EQ(FirstChainName("//@:empty"), "");
}

TEST(RepostForestTest, DepthBreadthAndKeySpreadersFromParentsAndChains) {
  RepostForest forest;
  forest.Add({.item_id = "root", .author = "人社部", .text = "养老金上调", .time_ms = 0});
  // Weibo gives the root as parent_id for every repost; the chain tells the real parent.
  forest.Add({.item_id = "a", .parent_id = "root", .author = "甲", .text = "转发", .time_ms = 1});
  forest.Add(
      {.item_id = "b", .parent_id = "root", .author = "乙", .text = "好//@甲:转发", .time_ms = 2});
  forest.Add(
      {.item_id = "c", .parent_id = "root", .author = "丙", .text = "顶//@甲:转发", .time_ms = 3});
  forest.Add({.item_id = "d",
              .parent_id = "root",
              .author = "丁",
              .text = "嗯//@丙:顶//@甲:转发",
              .time_ms = 4});
  forest.Add({.item_id = "e", .parent_id = "b", .author = "戊", .text = "", .time_ms = 5});
  forest.Add({.item_id = "f", .parent_id = "root", .author = "己", .text = "", .time_ms = 6});
  auto summary = forest.Summary("d");
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->root_id, "root");
  EXPECT_EQ(summary->nodes, 7u);
  EXPECT_EQ(summary->depth, 3u);    // root → a → b → e, root → a → c → d
  EXPECT_EQ(summary->breadth, 2u);  // a, f at depth 1; b, c at depth 2; e, d at depth 3
  ASSERT_GE(summary->spreaders.size(), 3u);
  EXPECT_EQ(summary->spreaders[0].author, "甲");
  EXPECT_EQ(summary->spreaders[0].reposts_brought, 4u);
  EXPECT_EQ(summary->spreaders[0].depth, 1u);
  EXPECT_EQ(summary->spreaders[1].author, "乙");  // ties: the earlier item first
  EXPECT_EQ(summary->spreaders[2].author, "丙");
}

TEST(RepostForestTest, RepostsBeforeTheirRootWaitForIt) {
  RepostForest forest;
  EXPECT_EQ(forest.Add({.item_id = "x", .parent_id = "late", .author = "甲", .time_ms = 0}),
            "late");
  EXPECT_EQ(forest.Summary("x")->nodes, 1u);
  EXPECT_EQ(forest.Add({.item_id = "late", .author = "原作者", .time_ms = 1}), "late");
  EXPECT_EQ(forest.Summary("late")->nodes, 2u);
  EXPECT_EQ(forest.live_trees(), 1u);
}

TEST(RepostForestTest, IdleTreesAreForgotten) {
  RepostForest forest(RepostOptions{.window_ms = 1000});
  for (int64_t t = 0; t < 100000; t += 10) {
    const std::string root = "r" + std::to_string(t);
    forest.Add({.item_id = root, .time_ms = t});
    forest.Add({.item_id = root + "c", .parent_id = root, .time_ms = t + 1});
  }
  EXPECT_LE(forest.live_trees(), 2 * (1000u / 10 + 1000u / 16 / 10 + 2));
  EXPECT_LE(forest.live_nodes(), 2 * forest.live_trees());
  EXPECT_FALSE(forest.Summary("r0").has_value());
}

TEST(RepostForestTest, ALongTailedTreeFoldsItsOldNodesAndKeepsItsCounts) {
  RepostForest forest(RepostOptions{.window_ms = 1000});
  forest.Add({.item_id = "root", .author = "人社部", .time_ms = 0});
  forest.Add({.item_id = "hub", .parent_id = "root", .author = "大V", .time_ms = 1});
  for (int i = 0; i < 50; i++) {
    forest.Add({.item_id = "h" + std::to_string(i),
                .parent_id = "root",
                .author = "u" + std::to_string(i),
                .text = "//@大V:转发",
                .time_ms = 2 + i});
  }
  // A repost every 10 ms for 100 windows: the tree never goes idle.
  int items = 52;
  for (int64_t t = 100; t < 100000; t += 10, items++) {
    forest.Add({.item_id = "t" + std::to_string(t), .parent_id = "root", .time_ms = t});
  }
  EXPECT_EQ(forest.live_trees(), 1u);
  EXPECT_LE(forest.live_nodes(), 2u * (1000 / 10) + 1000 / 16 / 10 + 4);
  auto summary = forest.Summary("root");
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->nodes, static_cast<uint32_t>(items));
  ASSERT_FALSE(summary->spreaders.empty());
  EXPECT_EQ(summary->spreaders[0].author, "大V");  // folded long ago, still the key spreader
  EXPECT_EQ(summary->spreaders[0].reposts_brought, 50u);
  // A late repost of a folded node joins the tree, under its root.
  EXPECT_EQ(forest.Add({.item_id = "late", .parent_id = "t98000", .time_ms = 100000}), "root");
  EXPECT_EQ(forest.Summary("late")->nodes, static_cast<uint32_t>(items + 1));
  // A folded id delivered again is recognised, not taken for the root.
  EXPECT_EQ(forest.Add({.item_id = "t98000", .parent_id = "root", .time_ms = 100001}), "root");
  EXPECT_EQ(forest.Summary("root")->nodes, static_cast<uint32_t>(items + 1));
}

}  // namespace
}  // namespace yuqing
