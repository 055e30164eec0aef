#include "config/config.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

TEST(Config, BuiltInDefaultLoads) {
  auto config = BuiltInConfig();
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->data_dir, "yuqing-data");
  EXPECT_EQ(config->log_level, "info");
}

TEST(Config, EmptyFileMeansDefaults) {
  auto config = ParseConfig("# nothing here\n", "y.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->source, "y.yaml");
  EXPECT_EQ(config->data_dir, "yuqing-data");
}

TEST(Config, ReadsSettings) {
  auto config = ParseConfig("data_dir: /var/lib/yuqing\nlog_level: debug\n", "y.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->data_dir, "/var/lib/yuqing");
  EXPECT_EQ(config->log_level, "debug");
}

TEST(Config, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(ParseConfig("log_level: info\ndata_dri: x\n", "y.yaml").status().message(),
            "y.yaml:2:1: unknown key 'data_dri' (did you mean 'data_dir'?); known keys: "
            "data_dir, log_level");
  EXPECT_EQ(ParseConfig("log_level: loud\n", "y.yaml").status().message(),
            "y.yaml:1:12: log_level: unknown level 'loud' (expected one of: trace, debug, info, "
            "warn, error, off)");
  EXPECT_EQ(ParseConfig("\n\nschemes: []\n", "y.yaml").status().message(),
            "y.yaml:3:1: 'schemes' is not supported by this version of yuqing yet");
  EXPECT_EQ(ParseConfig("data_dir: [a, b]\n", "y.yaml").status().message(),
            "y.yaml:1:11: data_dir: expected a single value");
  EXPECT_EQ(ParseConfig("- a\n- b\n", "y.yaml").status().message(),
            "y.yaml:1:1: expected a mapping of settings (key: value) at the top");
  const std::string bad = ParseConfig("data_dir: [unclosed\n", "y.yaml").status().message();
  EXPECT_EQ(bad.rfind("y.yaml:", 0), 0u) << bad;
  EXPECT_NE(bad.find("not valid YAML"), std::string::npos) << bad;
}

TEST(Config, RefusesPathologicalNesting) {
  const std::string deep = "a: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  EXPECT_NE(ParseConfig(deep, "y.yaml").status().message().find("nested deeper"),
            std::string::npos);
  EXPECT_FALSE(LoadConfigFile("/nonexistent/yuqing.yaml").ok());
}

}  // namespace
}  // namespace yuqing
