#include "relate/text_fingerprint.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "nlp/segmenter.h"

namespace yuqing {
namespace {

const Segmenter& TheSegmenter() {
  static const std::unique_ptr<Segmenter> segmenter = [] {
    auto loaded = Segmenter::Load();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return std::move(loaded.value());
  }();
  return *segmenter;
}

uint64_t Fingerprint(const std::string& text) {
  std::vector<std::string_view> words;
  TheSegmenter().Cut(text, &words);
  std::vector<uint32_t> ends;
  for (const auto w : words)
    ends.push_back(static_cast<uint32_t>(w.data() + w.size() - text.data()));
  return SimHash64(text, ends);
}

TEST(TextForHashingTest, KeepsTheReposterCommentAndDropsTheChain) {
  EXPECT_EQ(TextForHashing("说得太对了//@人民日报:养老金上调4%//@某某:转发"), "说得太对了");
  EXPECT_EQ(TextForHashing("支持 // @张三：原文内容"), "支持");
  EXPECT_EQ(TextForHashing("转发微博//@张三:原文内容"), "");
  EXPECT_EQ(TextForHashing("Repost"), "");
  EXPECT_EQ(TextForHashing("回复@李四:医保卡丢了怎么办"), "医保卡丢了怎么办");
  // "//" not followed by "@" is not a chain (a URL's "//" is removed with the URL).
  EXPECT_EQ(TextForHashing("a//b 社保"), "a//b 社保");
}

TEST(TextForHashingTest, DropsEmoticonsUrlsMentionsAndHashMarks) {
  EXPECT_EQ(TextForHashing("退休金又涨了[哈哈][doge]，开心［泪］"), "退休金又涨了 ，开心");
  EXPECT_EQ(TextForHashing("详情见 http://t.cn/A6abcdEf 和https://www.gov.cn/x?a=1 吧"),
            "详情见 和 吧");
  EXPECT_EQ(TextForHashing("看这里t.cn/Rx1y2z"), "看这里");
  // Weibo's share templates, with the link cut to its scheme as exports leave it.
  EXPECT_EQ(TextForHashing("#越南乳瓜# 转发微博话题详情：http:"), "越南乳瓜");
  EXPECT_EQ(TextForHashing("@Nfeian 来自话题#越南乳瓜# http:"), "越南乳瓜");
  EXPECT_EQ(TextForHashing("@成都人社 请问@医保局：什么时候发"), "请问 什么时候发");
  EXPECT_EQ(TextForHashing("#养老金调整#今年涨3%"), "养老金调整 今年涨3%");
  // A bracket holding a sentence is text, not an emoticon.
  EXPECT_EQ(TextForHashing("[这是一个很长的括号里的一句话]"), "[这是一个很长的括号里的一句话]");
}

TEST(TextForHashingTest, DropsBoilerplate) {
  EXPECT_EQ(TextForHashing("原标题：社保新规来了（来源：新华社）全文如下"),
            "社保新规来了 全文如下");
  EXPECT_EQ(TextForHashing("医保报销比例提高。\n责任编辑：王五"), "医保报销比例提高。");
  EXPECT_EQ(TextForHashing("医保报销比例提高。本文来源：人民网"), "医保报销比例提高。");
  EXPECT_EQ(TextForHashing("养老金发放通知 分享 12 评论 3 点赞 40"), "养老金发放通知");
  EXPECT_EQ(TextForHashing("医保改革O网页链接"), "医保改革O");
  EXPECT_EQ(TextForHashing("[泪]"), "");
}

TEST(TextForHashingTest, SpansPointIntoTheText) {
  const std::string text = "开头[哈哈]中间 http://x.cn/y 结尾//@a:链";
  const auto spans = ContentSpans(text);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "开头");
  EXPECT_EQ(text.substr(spans[1].begin, spans[1].end - spans[1].begin), "中间");
  EXPECT_EQ(text.substr(spans[2].begin, spans[2].end - spans[2].begin), "结尾");
}

TEST(ShortTextTest, CountsContentCharactersOnly) {
  EXPECT_EQ(ContentLength("社保，abc 12！"), 7u);
  EXPECT_TRUE(IsShortText("社保卡怎么办理"));
  EXPECT_FALSE(IsShortText(std::string(120, 'a')));
}

const char kLong[] =
    "人力资源社会保障部、财政部近日印发通知，决定从今年1月1日起，为2023年底前已按规定办理退休手续"
    "并按月领取基本养老金的企业和机关事业单位退休人员提高基本养老金水平，总体调整水平为2023年退休人"
    "员"
    "月人均基本养老金的3%。各地要严格按照通知要求，确保调整后的基本养老金按时足额发放到位。";
const char kLongEdited[] =
    "人力资源社会保障部、财政部日前印发通知，决定从今年1月1日起，为2023年底前已按规定办理退休手续"
    "并按月领取基本养老金的企业和机关事业单位退休人员提高基本养老金水平，总体调整水平为2023年退休人"
    "员"
    "月人均基本养老金的3%。各地要严格按照通知要求，确保调整后的基本养老金按时足额发放到位。[赞]"
    "//@网友甲:终于等到了";
const char kUnrelated[] =
    "今天下午市区突降暴雨，多条道路出现积水，交警部门提醒广大市民出行注意安全，尽量选择公共交通工具"
    "，"
    "避开低洼路段。气象台预计今晚到明天仍有中到大雨，局部地区有暴雨，请相关部门做好防汛准备工作。";

TEST(SimHashTest, LightEditIsWithinThreeBitsAndUnrelatedIsFar) {
  const uint64_t a = Fingerprint(kLong);
  EXPECT_LE(HammingDistance(a, Fingerprint(kLongEdited)), 3);
  EXPECT_GT(HammingDistance(a, Fingerprint(kUnrelated)), 10);
  EXPECT_EQ(a, Fingerprint(kLong));  // deterministic
}

TEST(SimHashTest, StableAcrossBuilds) {
  // Fingerprints may be stored: a change of the hash or the weights must be deliberate.
  EXPECT_EQ(SimHash64("社保 医保", std::vector<uint32_t>{6, 7, 13}), 4648735179276484ULL);
}

TEST(SimHashTest, ToleratesOddWordEnds) {
  const std::string text = "社保卡\xff\xfe医保";
  (void)SimHash64(text, std::vector<uint32_t>{5, 2, 1000, 0, 9});
  EXPECT_EQ(SimHash64("", std::vector<uint32_t>{}), 0u);
  EXPECT_NE(SimHash64(kLong, {}), 0u);  // bigram features without a segmentation
}

TEST(MinHashTest, NearCopyOfAShortPostIsSimilarAndUnrelatedIsNot) {
  const auto a = MinHash(TextForHashing("成都社保卡补办流程来了，线上就能办，不用跑窗口"));
  const auto b = MinHash(TextForHashing("成都社保卡补办流程来了!线上就能办 不用跑窗口[赞]"));
  const auto c = MinHash(TextForHashing("成都社保卡补办流程来了，线上就能办，不用再跑窗口啦"));
  const auto d = MinHash(TextForHashing("明天气温骤降，大家注意添衣保暖"));
  EXPECT_EQ(EstimateJaccard(a, b), 1.0);  // punctuation and emoticons do not count
  EXPECT_GT(EstimateJaccard(a, c), 0.6);
  EXPECT_LT(EstimateJaccard(a, d), 0.2);
}

TEST(MinHashTest, TinyAndEmptyTexts) {
  const auto empty = MinHash("");
  for (const uint32_t v : empty) EXPECT_EQ(v, 0xFFFFFFFFu);
  EXPECT_EQ(EstimateJaccard(MinHash("社保"), MinHash("社保！")), 1.0);
  EXPECT_LT(EstimateJaccard(MinHash("社保"), MinHash("医保")), 0.2);
}

TEST(NormalizeUrlTest, OneFormPerPage) {
  EXPECT_EQ(NormalizeUrl("HTTP://WWW.Example.COM:80/a/b/?utm_source=x&id=3&spm=1.2#top"),
            "https://example.com/a/b?id=3");
  EXPECT_EQ(NormalizeUrl("https://example.com/a/b?id=3"), "https://example.com/a/b?id=3");
  EXPECT_EQ(NormalizeUrl("https://m.weibo.cn/status/123?from=timeline&isappinstalled=0"),
            "https://weibo.cn/status/123");
  EXPECT_EQ(NormalizeUrl("https://example.com:443/"), "https://example.com");
  EXPECT_EQ(NormalizeUrl("https://example.com:8080/x"), "https://example.com:8080/x");
  EXPECT_EQ(NormalizeUrl("https://a.com/p?b=2&a=1"), NormalizeUrl("https://a.com/p?a=1&b=2"));
  EXPECT_EQ(NormalizeUrl("https://a.com/%e4%bd%a0"), "https://a.com/%E4%BD%A0");
  EXPECT_EQ(NormalizeUrl("  t.cn/A6abc "), "https://t.cn/A6abc");
  EXPECT_EQ(NormalizeUrl("not a url"), "not a url");
  EXPECT_EQ(NormalizeUrl("https://user:pw@Host.cn/x"), "https://host.cn/x");
  for (const char* url : {"HTTP://WWW.Example.COM:80/a/?utm_source=x&id=3#top", "www.www.a.com/x",
                          "https://m.www.x.cn/", "http://a.com:/p//?b&a=1", "http://x.cn::::/",
                          "http://x.cn::80/", "//a.cn #x"}) {
    EXPECT_EQ(NormalizeUrl(NormalizeUrl(url)), NormalizeUrl(url)) << url;
  }
}

}  // namespace
}  // namespace yuqing
