#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

class Tag : public Stage {
 public:
  explicit Tag(std::string word) : word_(std::move(word)) {}
  std::string_view name() const override { return word_; }
  Status Process(Item& item) override {
    if (item.id == "refuse-" + word_) return Status::InvalidInput("refused by " + word_);
    if (!item.analysis.keywords) item.analysis.keywords.emplace();
    item.analysis.keywords->push_back(word_);
    return Status::Ok();
  }

 private:
  std::string word_;
};

TEST(Pipeline, RunsStagesInOrderAndNamesTheOneThatFails) {
  Pipeline pipeline;
  pipeline.Add(std::make_unique<Tag>("a"));
  pipeline.Add(std::make_unique<Tag>("b"));
  Item item;
  item.id = "x";
  std::string failed;
  ASSERT_TRUE(pipeline.Process(item, &failed).ok());
  EXPECT_EQ(*item.analysis.keywords, (std::vector<std::string>{"a", "b"}));

  Item bad;
  bad.id = "refuse-b";
  Status s = pipeline.Process(bad, &failed);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(failed, "b");
  EXPECT_EQ(pipeline.stats()[0].items, 2u);
  EXPECT_EQ(pipeline.stats()[1].failures, 1u);
}

}  // namespace
}  // namespace yuqing
