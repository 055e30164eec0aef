#include "nlp/source/source_classifier.h"

#include <gtest/gtest.h>

#include <fstream>

namespace yuqing {
namespace {

class SourceClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = SourceClassifier::Load();
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    classifier_ = std::move(*loaded);
  }
  SourceVerdict Classify(SourceQuery q) const { return classifier_->Classify(q); }
  std::unique_ptr<SourceClassifier> classifier_;
};

TEST_F(SourceClassifierTest, GovernmentHostsAtEveryTierAreOfficial) {
  for (const char* url : {"http://www.mohrss.gov.cn/SYrlzyhshbzb/a.html",
                          "https://rsj.chengdu.gov.cn/cdrsj/c1/2024.shtml",
                          "http://www.shuangliu.gov.cn/slqzfw/c1.shtml"}) {
    SourceQuery q;
    q.url = url;
    EXPECT_EQ(Classify(q).source_class, "official") << url;
  }
  SourceQuery named;
  named.site = "成都市双流区人民政府";
  EXPECT_EQ(Classify(named).source_class, "official");
}

TEST_F(SourceClassifierTest, KnownMediaByHostAndByName) {
  SourceQuery q;
  q.url = "http://politics.people.com.cn/n1/2024/0101/c1001.html";
  EXPECT_EQ(Classify(q).source_class, "media");
  EXPECT_GT(Classify(q).credibility, 0.9);
  SourceQuery named;
  named.site = "华西都市报";  // not listed: a medium by its name
  EXPECT_EQ(Classify(named).source_class, "media");
}

TEST_F(SourceClassifierTest, PathSeparatesAPlatformsAccountsFromItsNews) {
  SourceQuery account;
  account.url = "https://www.163.com/dy/article/ABC.html";
  EXPECT_EQ(Classify(account).source_class, "self_media");
  SourceQuery news;
  news.url = "https://www.163.com/news/article/ABC.html";
  EXPECT_EQ(Classify(news).source_class, "media");
}

TEST_F(SourceClassifierTest, OnWeiboTheAccountDecides) {
  SourceQuery person;
  person.platform = Platform::kWeibo;
  person.site = "weibo.com";
  EXPECT_EQ(Classify(person).source_class, "self_media");

  SourceQuery government = person;
  government.verified_type = 1;
  EXPECT_EQ(Classify(government).source_class, "official");

  SourceQuery medium = person;
  medium.verified_type = 3;
  EXPECT_EQ(Classify(medium).source_class, "media");

  SourceQuery publicity = person;  // a verified publicity account by its name
  publicity.author = "成都发布";
  publicity.author_verified = true;
  EXPECT_EQ(Classify(publicity).source_class, "official");

  SourceQuery impostor = publicity;  // an unverified account may call itself anything
  impostor.author_verified = false;
  EXPECT_EQ(Classify(impostor).source_class, "self_media");
}

TEST_F(SourceClassifierTest, ForumsAndPlatformFallbacks) {
  SourceQuery tieba;
  tieba.url = "https://tieba.baidu.com/p/123";
  EXPECT_EQ(Classify(tieba).source_class, "forum");
  SourceQuery forum;
  forum.platform = Platform::kForum;
  EXPECT_EQ(Classify(forum).source_class, "forum");
  SourceQuery nothing;
  EXPECT_EQ(Classify(nothing).source_class, "unknown");
}

TEST_F(SourceClassifierTest, ContentFarmSignalsOutweighTheSite) {
  const std::vector<std::string> seed_page_flags = {"seo_spam_header", "link_farm",
                                                    "pinyin_annotation", "mojibake_repaired"};
  SourceQuery farm;
  farm.platform = Platform::kNews;
  farm.site = "中国社会保障";  // a reprint claiming a respected source
  farm.page_flags = seed_page_flags;
  const SourceVerdict v = Classify(farm);
  EXPECT_EQ(v.source_class, "content_farm");
  EXPECT_LT(v.credibility, 0.1);
  EXPECT_NE(v.reason.find("link_farm"), std::string::npos);

  const std::vector<std::string> one_weak = {"pinyin_annotation"};
  SourceQuery clumsy;
  clumsy.url = "http://www.people.com.cn/a.html";
  clumsy.page_flags = one_weak;
  EXPECT_EQ(Classify(clumsy).source_class, "media");

  const std::vector<std::string> traditional = {"traditional_converted"};
  SourceQuery hong_kong;
  hong_kong.platform = Platform::kNews;
  hong_kong.page_flags = traditional;
  EXPECT_EQ(Classify(hong_kong).source_class, "media");
}

TEST(SourceHelpers, HostOfAndVerifiedType) {
  EXPECT_EQ(HostOf("https://Www.Chengdu.GOV.cn:8080/a?b"), "chengdu.gov.cn");
  EXPECT_EQ(HostOf("weibo.com/123"), "");
  EXPECT_EQ(HostOf("http://user@bbs.example.com/x"), "bbs.example.com");
  Item item;
  item.extra_fields = {{"user_verified_type", "3"}};
  EXPECT_EQ(VerifiedTypeOf(item), 3);
  item.extra_fields = {{"author_verified_type", "\"-1\""}};
  EXPECT_EQ(VerifiedTypeOf(item), -1);
  item.extra_fields = {{"author_verified_type", "\"x\""}};
  EXPECT_EQ(VerifiedTypeOf(item), std::nullopt);
}

TEST(SourceTable, BadLinesAreRefusedWithTheirLine) {
  const std::string path = ::testing::TempDir() + "/sites.tsv";
  {
    std::ofstream out(path);
    out << "# comment\nexample.com\tmedia\t0.8\tok\nbad.com\tnewspaper\t0.5\n";
  }
  auto loaded = SourceClassifier::Load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find(":3: unknown class 'newspaper'"), std::string::npos)
      << loaded.status().message();
  {
    std::ofstream out(path);
    out << "example.com\tmedia\t1.5\n";
  }
  loaded = SourceClassifier::Load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("credibility"), std::string::npos);
  EXPECT_FALSE(SourceClassifier::Load("/nonexistent/sites.tsv").ok());
}

}  // namespace
}  // namespace yuqing
