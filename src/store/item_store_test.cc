#include "store/item_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "nlp/segmenter.h"
#include "store/search_snippet.h"
#include "store/segmenting_tokenizer.h"

namespace yuqing {
namespace {

const Segmenter& DefaultSegmenter() {
  static const Segmenter* segmenter = [] {
    auto loaded = Segmenter::Load();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return std::move(*loaded).release();
  }();
  return *segmenter;
}

// 2026-03-01T00:00:00+08:00
constexpr int64_t kMarch1 = 1772294400000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kMinute = 60'000;

struct ItemSpec {
  std::string id;
  int64_t ms = kMarch1;
  std::string text;
  std::vector<std::string> regions;
  std::vector<std::string> schemes;
  std::string sentiment = "neutral";
  std::vector<std::string> keywords;
  Platform platform = Platform::kWeibo;
  std::string title;
  std::string story;
};

Item MakeItem(const ItemSpec& spec) {
  Item item;
  item.id = spec.id;
  item.platform = spec.platform;
  item.created_at = {.unix_ms = spec.ms, .utc_offset_min = 480};
  item.title = spec.title;
  item.text = spec.text;
  item.analysis.clean_text = spec.text;
  std::vector<RegionMatch> regions;
  for (const std::string& code : spec.regions) {
    RegionMatch match;
    match.code = code;
    match.name = code;
    match.level = code.size() == 9 ? "town" : "county";
    match.confidence = 0.9;
    match.evidence = "mention";
    if (code == "810000") match.scope = "hk_mo_tw";
    regions.push_back(match);
  }
  item.analysis.regions = regions;
  item.analysis.schemes = spec.schemes;
  item.analysis.sentiment = SentimentScore{spec.sentiment, spec.sentiment == "negative" ? -0.6 : 0};
  item.analysis.keywords = spec.keywords;
  item.analysis.source_class = "self_media";
  if (!spec.story.empty()) item.analysis.story_id = spec.story;
  return item;
}

std::vector<std::string> Ids(const ItemPage& page) {
  std::vector<std::string> ids;
  for (const ItemHit& hit : page.hits) ids.push_back(hit.id);
  return ids;
}

const Jurisdiction kNational{.everything = true, .region_prefixes = {}};

class ItemStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDb::Open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    auto store = ItemStore::Open(db_.get(), &DefaultSegmenter());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  void Put(const std::vector<ItemSpec>& specs) {
    std::vector<Item> items;
    items.reserve(specs.size());
    for (const ItemSpec& spec : specs) items.push_back(MakeItem(spec));
    auto added = store_->Put(items);
    ASSERT_TRUE(added.ok()) << added.status().message();
  }

  ItemPage Search(const ItemQuery& query, const Jurisdiction& who = kNational) {
    auto page = store_->Search(query, who);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? *page : ItemPage{};
  }

  ItemPage SearchText(const std::string& text) {
    ItemQuery query;
    query.text = text;
    return Search(query);
  }

  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<ItemStore> store_;
};

TEST_F(ItemStoreTest, MigrateRunsOnlyTheStepsAfterTheRecordedVersion) {
  ASSERT_TRUE(Migrate(*db_, "test", {"CREATE TABLE t1 (x)"}).ok());
  // Step 1 again would fail (t1 exists): it must be skipped.
  ASSERT_TRUE(Migrate(*db_, "test", {"CREATE TABLE t1 (x)", "CREATE TABLE t2 (y)"}).ok());
  auto versions =
      db_->Prepare("SELECT group_concat(version) FROM schema_migrations WHERE component = 'test'");
  ASSERT_TRUE(versions.ok());
  ASSERT_TRUE(*versions->Step());
  EXPECT_EQ(versions->ColumnText(0), "1,2");
  // A failing step is rolled back and not recorded.
  EXPECT_FALSE(Migrate(*db_, "test", {"", "", "CREATE TABLE t3 (z); CREATE TABLE t1 (x)"}).ok());
  auto t3 = db_->Prepare("SELECT count(*) FROM sqlite_master WHERE name = 't3'");
  ASSERT_TRUE(t3.ok());
  ASSERT_TRUE(*t3->Step());
  EXPECT_EQ(t3->ColumnInt(0), 0);
  // The item store's own schema is recorded, and opening it again changes nothing.
  auto again = ItemStore::Open(db_.get(), &DefaultSegmenter());
  ASSERT_TRUE(again.ok()) << again.status().message();
  auto items = db_->Prepare("SELECT max(version) FROM schema_migrations WHERE component = 'items'");
  ASSERT_TRUE(items.ok());
  ASSERT_TRUE(*items->Step());
  EXPECT_EQ(items->ColumnInt(0), 1);
}

TEST_F(ItemStoreTest, PutIsIdempotentById) {
  std::vector<Item> items = {MakeItem({.id = "a", .text = "社保卡丢了"}),
                             MakeItem({.id = "b", .text = "养老金上调"})};
  auto first = store_->Put(items);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, 2u);
  items[0].analysis.clean_text = "changed";
  items.push_back(MakeItem({.id = "c", .text = "医保报销"}));
  items.push_back(MakeItem({.id = "c", .text = "医保报销 again in the same batch"}));
  auto second = store_->Put(items);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 1u);
  EXPECT_EQ(*store_->Count(kNational), 3);
  EXPECT_TRUE(*store_->Contains("a"));
  EXPECT_FALSE(*store_->Contains("z"));
  auto json = store_->Get("a", kNational);
  ASSERT_TRUE(json.ok() && json->has_value());
  EXPECT_NE((*json)->find("社保卡丢了"), std::string::npos);
  EXPECT_EQ((*json)->find("changed"), std::string::npos);
  // The second Put indexed nothing twice.
  EXPECT_EQ(SearchText("社保卡").total, 1);
  EXPECT_FALSE(store_->Put({MakeItem({.id = "", .text = "x"})}).ok());
}

TEST_F(ItemStoreTest, WordsInsideLongerWordsAreFound) {
  std::vector<std::string_view> words;
  DefaultSegmenter().Cut("我的社保卡丢了怎么补办", &words);
  ASSERT_NE(std::find(words.begin(), words.end(), "社保卡"), words.end())
      << "the test needs 社保卡 to be one word";
  Put({{.id = "card", .ms = kMarch1, .text = "我的社保卡丢了怎么补办"},
       {.id = "rural", .ms = kMarch1 + 1, .text = "城乡居民养老保险缴费标准今年调整"},
       {.id = "other", .ms = kMarch1 + 2, .text = "今天天气很好"}});

  ItemPage page = SearchText("社保");
  EXPECT_EQ(Ids(page), std::vector<std::string>{"card"});
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_NE(page.hits[0].snippet.find("<mark>社保</mark>"), std::string::npos)
      << page.hits[0].snippet;

  EXPECT_EQ(Ids(SearchText("养老保险")), std::vector<std::string>{"rural"});
  EXPECT_EQ(Ids(SearchText("养老")), std::vector<std::string>{"rural"});
  EXPECT_EQ(Ids(SearchText("城乡居民养老保险")), std::vector<std::string>{"rural"});
  // Several words: all are required.
  EXPECT_EQ(Ids(SearchText("养老保险 缴费")), std::vector<std::string>{"rural"});
  EXPECT_TRUE(SearchText("养老保险 社保卡").hits.empty());
}

TEST_F(ItemStoreTest, AsciiIsCaseInsensitive) {
  Put({{.id = "a", .text = "拨打12333或登录APP查询"}});
  EXPECT_EQ(SearchText("app").total, 1);
  EXPECT_EQ(SearchText("App 12333").total, 1);
}

TEST_F(ItemStoreTest, LongWordsIndexQuickly) {
  std::string blob;
  for (int i = 0; i < 20000; ++i) blob += static_cast<char>('a' + i % 26);
  const auto start = std::chrono::steady_clock::now();
  Put({{.id = "blob", .text = "社保 " + blob}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(SearchText("社保").total, 1);
}

TEST_F(ItemStoreTest, HostileQueriesAreOnlyWords) {
  Put({{.id = "a", .ms = kMarch1, .text = "社保卡丢了"},
       {.id = "b", .ms = kMarch1 + 1, .text = "养老金上调"}});
  const char* queries[] = {"\" OR 1=1 --",
                           "社保\" OR \"x",
                           "*",
                           "NEAR(",
                           "NEAR(社保 养老金)",
                           "社保 OR 养老金",
                           "'); DROP TABLE items; --",
                           "title:社保",
                           "^社保",
                           "社保*",
                           "\"",
                           "-",
                           "社保 NOT 卡",
                           "{title body}: 社保"};
  for (const char* text : queries) {
    ItemQuery query;
    query.text = text;
    auto page = store_->Search(query, kNational);
    ASSERT_TRUE(page.ok()) << text << ": " << page.status().message();
    // None of these may match both items (only a real OR would), and the operators are words.
    EXPECT_LE(page->total, 1) << text;
  }
  EXPECT_EQ(*store_->Count(kNational), 2);
  EXPECT_EQ(SearchText("*").total, 0);
  EXPECT_EQ(SearchText("社保*").total, 1);  // 社保, then the star is punctuation
}

TEST_F(ItemStoreTest, JurisdictionDecidesWhatIsSeen) {
  Put({{.id = "chengdu", .ms = kMarch1, .text = "武侯区社保", .regions = {"510107"}},
       {.id = "town", .ms = kMarch1 + 1, .text = "街道社保", .regions = {"510107001"}},
       {.id = "beijing", .ms = kMarch1 + 2, .text = "北京社保", .regions = {"110000"}},
       {.id = "hk", .ms = kMarch1 + 3, .text = "香港社保", .regions = {"810000"}},
       {.id = "nowhere", .ms = kMarch1 + 4, .text = "某地社保"}});
  const Jurisdiction sichuan{.region_prefixes = {"51"}};
  const Jurisdiction wuhou{.region_prefixes = {"510107"}};
  const Jurisdiction two{.region_prefixes = {"510107", "11"}};
  const Jurisdiction none{};
  EXPECT_EQ(Ids(SearchText("社保")),
            (std::vector<std::string>{"nowhere", "hk", "beijing", "town", "chengdu"}));
  EXPECT_EQ(Ids(Search({}, sichuan)), (std::vector<std::string>{"town", "chengdu"}));
  EXPECT_EQ(Ids(Search({}, wuhou)), (std::vector<std::string>{"town", "chengdu"}));
  EXPECT_EQ(Ids(Search({}, two)), (std::vector<std::string>{"beijing", "town", "chengdu"}));
  EXPECT_EQ(Search({}, none).total, 0);
  EXPECT_EQ(*store_->Count(sichuan), 2);
  EXPECT_EQ(*store_->Count(kNational), 5);
  EXPECT_EQ(*store_->Count(none), 0);
  EXPECT_TRUE(store_->Get("beijing", sichuan)->has_value() == false);
  EXPECT_TRUE(store_->Get("chengdu", sichuan)->has_value());
  EXPECT_FALSE(store_->Get("nowhere", sichuan)->has_value());
  EXPECT_TRUE(store_->Get("nowhere", kNational)->has_value());

  ItemQuery narrowed;
  narrowed.region_prefix = "510107001";
  EXPECT_EQ(Ids(Search(narrowed)), std::vector<std::string>{"town"});
  narrowed.region_prefix = "11";
  EXPECT_TRUE(Search(narrowed, sichuan).hits.empty());  // narrowing never widens
  narrowed.region_prefix = "81";
  EXPECT_EQ(Ids(Search(narrowed)), std::vector<std::string>{"hk"});
}

TEST_F(ItemStoreTest, FiltersOrderAndPages) {
  std::vector<ItemSpec> specs;
  for (int i = 0; i < 30; ++i) {
    // Inserted out of time order: the order must still be newest first.
    const int64_t ms = kMarch1 + ((i * 7) % 30) * kHour;
    specs.push_back({.id = "i" + std::to_string((i * 7) % 30),
                     .ms = ms,
                     .text = i % 2 ? "养老金发放" : "医保报销",
                     .schemes = {i % 3 ? "pension" : "medical"},
                     .sentiment = i % 5 ? "neutral" : "negative",
                     .platform = i % 2 ? Platform::kWeibo : Platform::kNews,
                     .story = i < 4 ? "s1" : ""});
  }
  Put(specs);
  ItemQuery query;
  query.limit = 5;
  ItemPage page = Search(query);
  EXPECT_EQ(page.total, 30);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"i29", "i28", "i27", "i26", "i25"}));
  query.offset = 27;
  EXPECT_EQ(Ids(Search(query)), (std::vector<std::string>{"i2", "i1", "i0"}));

  query = {};
  query.from_ms = kMarch1 + 10 * kHour;
  query.to_ms = kMarch1 + 12 * kHour;
  EXPECT_EQ(Ids(Search(query)), (std::vector<std::string>{"i11", "i10"}));
  query.text = "养老金";
  for (const ItemHit& hit : Search(query).hits) {
    EXPECT_NE(hit.item_json.find("养老金"), std::string::npos);
  }

  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"sentiment", "negative"},
                                                        {"platform", "news"},
                                                        {"scheme", "medical"},
                                                        {"story", "s1"},
                                                        {"source_class", "self_media"}}) {
    query = {};
    query.limit = 100;
    if (field == "sentiment") query.sentiment = value;
    if (field == "platform") query.platform = value;
    if (field == "scheme") query.scheme = value;
    if (field == "story") query.story_id = value;
    if (field == "source_class") query.source_class = value;
    page = Search(query);
    int64_t expected = 0;
    for (int i = 0; i < 30; ++i) {
      if (field == "sentiment") expected += i % 5 == 0;
      if (field == "platform") expected += i % 2 == 0;
      if (field == "scheme") expected += i % 3 == 0;
      if (field == "story") expected += i < 4;
      if (field == "source_class") ++expected;
    }
    EXPECT_EQ(page.total, expected) << field;
    EXPECT_EQ(static_cast<int64_t>(page.hits.size()), expected) << field;
  }
}

TEST_F(ItemStoreTest, SnippetsAreEscapedWindowsAroundTheMatch) {
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "前面的话";
  long_text += "<b>社保卡</b> & \"quotes\" 'x'";
  for (int i = 0; i < 100; ++i) long_text += "后面的话";
  Put({{.id = "a", .text = long_text}});
  ItemPage page = SearchText("社保");
  ASSERT_EQ(page.hits.size(), 1u);
  const std::string& snippet = page.hits[0].snippet;
  EXPECT_NE(
      snippet.find("&lt;b&gt;<mark>社保</mark>卡&lt;/b&gt; &amp; &quot;quotes&quot; &#39;x&#39;"),
      std::string::npos)
      << snippet;
  EXPECT_EQ(snippet.find('<', 0), snippet.find("<mark>"));
  EXPECT_EQ(snippet.rfind("…", 0), 0u);
  EXPECT_LE(CountCodePoints(snippet), 160u + 2 + 60);  // 160 characters, 2 ellipses, escapes

  // No query: the start of the text.
  EXPECT_EQ(Search({}).hits[0].snippet.substr(0, 12), "前面的话");
}

TEST(SearchSnippet, NeverSplitsACharacterAndMarksEveryMatch) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "社保局";
  const std::string snippet = MakeSnippet(text, {"社保"}, 160);
  EXPECT_EQ(snippet.rfind("<mark>社保</mark>局", 0), 0u);
  std::string plain;  // without the marks
  for (size_t pos = 0; pos < snippet.size();) {
    if (snippet.compare(pos, 6, "<mark>") == 0) {
      pos += 6;
    } else if (snippet.compare(pos, 7, "</mark>") == 0) {
      pos += 7;
    } else {
      plain += snippet[pos++];
    }
  }
  EXPECT_EQ(CountCodePoints(plain), 161u);  // 160 and the ellipsis
  EXPECT_EQ(plain.substr(plain.size() - 3), "…");
  for (size_t pos = 0; pos < plain.size();) EXPECT_NE(NextCodePoint(plain, &pos), 0xFFFDu);

  EXPECT_EQ(MakeSnippet("Hello APP, app!", {"app"}), "Hello <mark>APP</mark>, <mark>app</mark>!");
  EXPECT_EQ(MakeSnippet("a\nb", {}), "a b");
  EXPECT_EQ(MakeSnippet("ab\xff", {}), "ab\xEF\xBF\xBD");
  // Match near the end: the window still holds 160 characters.
  std::string tail(300, 'x');
  tail += "END";
  EXPECT_EQ(MakeSnippet(tail, {"end"}, 10), "…xxxxxxx<mark>END</mark>");
}

TEST(SegmentingTokenizer, QueryWordsAndMatchExpression) {
  const Segmenter& segmenter = DefaultSegmenter();
  EXPECT_EQ(QueryWords(segmenter, "  社保，APP 社保!"), (std::vector<std::string>{"社保", "app"}));
  EXPECT_TRUE(QueryWords(segmenter, "*** ，。！").empty());
  EXPECT_EQ(MatchAllExpression({"a\"b", "社保"}), "\"a\"\"b\" AND \"社保\"");
  EXPECT_TRUE(IsSearchableWord("12333"));
  EXPECT_FALSE(IsSearchableWord("——"));
}

TEST_F(ItemStoreTest, VolumeBucketsByHourAndChinaDay) {
  // 2026-02-28 23:30 and 2026-03-01 00:30 China time: two China days, three UTC-aligned hours.
  Put({{.id = "a",
        .ms = kMarch1 - 30 * kMinute,
        .text = "x",
        .regions = {"510107"},
        .schemes = {"pension"},
        .sentiment = "negative"},
       {.id = "b",
        .ms = kMarch1 + 30 * kMinute,
        .text = "x",
        .regions = {"510107", "510108"},
        .schemes = {"pension", "medical"}},
       {.id = "c",
        .ms = kMarch1 + 40 * kMinute,
        .text = "x",
        .regions = {"110000"},
        .platform = Platform::kNews}});
  auto days = store_->Volume(kMarch1 - kDay, kMarch1 + kDay, kDay, SeriesGroup::kNone, kNational);
  ASSERT_TRUE(days.ok()) << days.status().message();
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].bucket_ms, kMarch1 - kDay);
  EXPECT_EQ((*days)[0].count, 1);
  EXPECT_EQ((*days)[1].bucket_ms, kMarch1);
  EXPECT_EQ((*days)[1].count, 2);

  auto hours =
      store_->Volume(kMarch1 - kDay, kMarch1 + kDay, kHour, SeriesGroup::kProvince, kNational);
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 3u);
  EXPECT_EQ((*hours)[0].bucket_ms, kMarch1 - kHour);
  EXPECT_EQ((*hours)[0].key, "510000");
  EXPECT_EQ((*hours)[1].key, "110000");
  EXPECT_EQ((*hours)[2].key, "510000");
  EXPECT_EQ((*hours)[2].count, 1);  // b has two codes in 四川: one item

  auto schemes = store_->Volume(kMarch1 - kDay, kMarch1 + kDay, kDay, SeriesGroup::kScheme,
                                Jurisdiction{.region_prefixes = {"51"}});
  ASSERT_TRUE(schemes.ok());
  ASSERT_EQ(schemes->size(), 3u);
  EXPECT_EQ((*schemes)[1].key, "medical");
  EXPECT_EQ((*schemes)[2].key, "pension");
  auto sentiment =
      store_->Volume(kMarch1 - kDay, kMarch1 + kDay, kDay, SeriesGroup::kSentiment, kNational);
  ASSERT_TRUE(sentiment.ok());
  EXPECT_EQ(sentiment->size(), 2u);
  EXPECT_EQ((*sentiment)[0].key, "negative");
  auto platform = store_->Volume(kMarch1, kMarch1 + kDay, kDay, SeriesGroup::kPlatform, kNational);
  ASSERT_TRUE(platform.ok());
  ASSERT_EQ(platform->size(), 2u);
  EXPECT_EQ((*platform)[0].key, "news");
  EXPECT_FALSE(store_->Volume(0, 1, 0, SeriesGroup::kNone, kNational).ok());
}

TEST_F(ItemStoreTest, RegionSchemeAndWordCounts) {
  Put({{.id = "a",
        .text = "x",
        .regions = {"510107", "510000"},
        .schemes = {"pension"},
        .sentiment = "negative",
        .keywords = {"养老金", "停发"}},
       {.id = "b",
        .text = "x",
        .regions = {"510107001"},
        .schemes = {"pension"},
        .keywords = {"养老金"}},
       {.id = "c",
        .text = "x",
        .regions = {"510502"},
        .schemes = {"medical"},
        .keywords = {"医保"}},
       {.id = "d", .text = "x", .regions = {"110105"}, .sentiment = "negative"},
       {.id = "e", .ms = kMarch1 + 2 * kDay, .text = "x", .regions = {"510107"}}});
  const int64_t from = kMarch1 - kDay;
  const int64_t to = kMarch1 + kDay;
  auto provinces = store_->RegionCounts("", from, to, kNational);
  ASSERT_TRUE(provinces.ok()) << provinces.status().message();
  ASSERT_EQ(provinces->size(), 2u);
  EXPECT_EQ((*provinces)[0].key, "510000");
  EXPECT_EQ((*provinces)[0].count, 3);
  EXPECT_EQ((*provinces)[0].negative, 1);
  EXPECT_EQ((*provinces)[1].key, "110000");
  EXPECT_EQ((*provinces)[1].negative, 1);

  auto cities = store_->RegionCounts("51", from, to, kNational);
  ASSERT_TRUE(cities.ok());
  ASSERT_EQ(cities->size(), 2u);  // 510000 itself is no city
  EXPECT_EQ((*cities)[0].key, "510100");
  EXPECT_EQ((*cities)[0].count, 2);
  EXPECT_EQ((*cities)[1].key, "510500");

  auto cities_by_code = store_->RegionCounts("510000", from, to, kNational);
  ASSERT_TRUE(cities_by_code.ok());
  ASSERT_EQ(cities_by_code->size(), 2u);
  EXPECT_EQ((*cities_by_code)[0].key, "510100");
  auto counties_by_code = store_->RegionCounts("510100", from, to, kNational);
  ASSERT_TRUE(counties_by_code.ok());
  ASSERT_EQ(counties_by_code->size(), 1u);
  EXPECT_EQ((*counties_by_code)[0].key, "510107");

  auto counties = store_->RegionCounts("5101", from, to, kNational);
  ASSERT_TRUE(counties.ok());
  ASSERT_EQ(counties->size(), 1u);
  EXPECT_EQ((*counties)[0].key, "510107");
  EXPECT_EQ((*counties)[0].count, 2);
  auto towns = store_->RegionCounts("510107", from, to, kNational);
  ASSERT_TRUE(towns.ok());
  ASSERT_EQ(towns->size(), 1u);
  EXPECT_EQ((*towns)[0].key, "510107001");
  EXPECT_FALSE(store_->RegionCounts("510", from, to, kNational).ok());
  auto beijing_only = store_->RegionCounts("", from, to, {.region_prefixes = {"11"}});
  ASSERT_TRUE(beijing_only.ok());
  ASSERT_EQ(beijing_only->size(), 1u);

  auto schemes = store_->SchemeCounts(from, to, kNational);
  ASSERT_TRUE(schemes.ok());
  ASSERT_EQ(schemes->size(), 2u);
  EXPECT_EQ((*schemes)[0].key, "pension");
  EXPECT_EQ((*schemes)[0].count, 2);
  EXPECT_EQ((*schemes)[0].negative, 1);

  auto words = store_->HotWords(from, to, 2, kNational);
  ASSERT_TRUE(words.ok());
  ASSERT_EQ(words->size(), 2u);
  EXPECT_EQ((*words)[0].key, "养老金");
  EXPECT_EQ((*words)[0].count, 2);
  auto sichuan_words = store_->HotWords(from, to, 10, {.region_prefixes = {"5105"}});
  ASSERT_TRUE(sichuan_words.ok());
  ASSERT_EQ(sichuan_words->size(), 1u);
  EXPECT_EQ((*sichuan_words)[0].key, "医保");
}

TEST_F(ItemStoreTest, DeleteBeforeRemovesItemsAndTheirIndexRows) {
  Put({{.id = "old",
        .ms = kMarch1,
        .text = "社保卡丢了",
        .regions = {"510107"},
        .schemes = {"card"},
        .keywords = {"社保卡"}},
       {.id = "new",
        .ms = kMarch1 + kDay,
        .text = "社保卡补办",
        .regions = {"510107"},
        .schemes = {"card"},
        .keywords = {"社保卡"}}});
  auto deleted = store_->DeleteBefore(kMarch1 + kHour);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(Ids(SearchText("社保卡")), std::vector<std::string>{"new"});
  EXPECT_FALSE(*store_->Contains("old"));
  for (const char* table : {"item_regions", "item_schemes", "item_keywords"}) {
    auto rows = db_->Prepare(std::string("SELECT count(*) FROM ") + table);
    ASSERT_TRUE(rows.ok());
    ASSERT_TRUE(*rows->Step());
    EXPECT_EQ(rows->ColumnInt(0), 1) << table;
  }
  // The full-text index agrees with what is left.
  EXPECT_TRUE(
      db_->Exec("INSERT INTO item_text (item_text, rank) VALUES ('integrity-check', 0)").ok());
  // The same item can come back (re-collected) and is found again.
  Put({{.id = "old", .ms = kMarch1, .text = "社保卡丢了"}});
  EXPECT_EQ(SearchText("社保卡").total, 2);
}

TEST_F(ItemStoreTest, ReopeningWithOtherDictionariesRebuildsTheIndex) {
  Put({{.id = "a", .ms = kMarch1, .text = "社保卡丢了"},
       {.id = "b", .ms = kMarch1 + kDay, .text = "养老金上调"}});
  ASSERT_TRUE(db_->Exec("UPDATE item_store_state SET value = 'another dictionary' "
                        "WHERE key = 'tokenizer'")
                  .ok());
  auto reopened = ItemStore::Open(db_.get(), &DefaultSegmenter());
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  store_ = std::move(*reopened);
  auto state = db_->Prepare("SELECT value FROM item_store_state WHERE key = 'tokenizer'");
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(*state->Step());
  EXPECT_EQ(state->ColumnText(0), TokenizerFingerprint(DefaultSegmenter()));
  EXPECT_EQ(Ids(SearchText("社保")), std::vector<std::string>{"a"});
  EXPECT_EQ(Ids(SearchText("养老金")), std::vector<std::string>{"b"});
  ASSERT_TRUE(store_->DeleteBefore(kMarch1 + kHour).ok());
  EXPECT_TRUE(SearchText("社保").hits.empty());
  EXPECT_TRUE(
      db_->Exec("INSERT INTO item_text (item_text, rank) VALUES ('integrity-check', 0)").ok());
}

// Figures for the report, not assertions: YUQING_STORE_BENCH_ITEMS=200000 for the full size.
TEST(ItemStoreSpeed, PutAndSearch) {
  const char* env = std::getenv("YUQING_STORE_BENCH_ITEMS");
  const size_t total = env != nullptr ? std::strtoul(env, nullptr, 10) : 20'000;
  const std::string path = ::testing::TempDir() + "item_store_speed.db";
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  auto db = SqliteDb::Open(path);
  ASSERT_TRUE(db.ok());
  auto store = ItemStore::Open(db->get(), &DefaultSegmenter());
  ASSERT_TRUE(store.ok());
  const char* phrases[] = {"社保卡丢了怎么补办",           "城乡居民养老保险缴费标准调整",
                           "灵活就业人员怎么补缴养老保险", "异地就医备案以后报销比例",
                           "养老金上调的通知发布了",       "公司不给交五险一金怎么办",
                           "医保个人账户余额查询",         "失业保险金申领流程",
                           "今天去人社局办事排队很久",     "工伤认证需要哪些材料"};
  const char* codes[] = {"510107", "510104", "110105", "440106", "330102", "510502"};
  std::mt19937 rng(7);
  using Clock = std::chrono::steady_clock;
  double first_batch_ms = 0;
  double put_ms = 0;
  for (size_t done = 0; done < total;) {
    std::vector<Item> batch;
    for (size_t i = 0; i < 1000 && done < total; ++i, ++done) {
      std::string text;
      for (int k = 0; k < 6; ++k) {
        text += phrases[rng() % 10];
        text += "，";
      }
      batch.push_back(MakeItem({.id = "n" + std::to_string(done),
                                .ms = kMarch1 + static_cast<int64_t>(done) * 10'000,
                                .text = text,
                                .regions = {codes[rng() % 6]},
                                .schemes = {rng() % 2 ? "pension" : "medical"},
                                .sentiment = rng() % 4 ? "neutral" : "negative",
                                .keywords = {"养老金", "社保卡"}}));
    }
    const auto start = Clock::now();
    auto added = (*store)->Put(batch);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    ASSERT_TRUE(added.ok()) << added.status().message();
    if (put_ms == 0) first_batch_ms = ms;
    put_ms += ms;
  }
  auto time_search = [&](const ItemQuery& query, const Jurisdiction& who, const char* label) {
    const auto start = Clock::now();
    constexpr int kRuns = 20;
    int64_t found = 0;
    for (int run = 0; run < kRuns; ++run) {
      auto page = (*store)->Search(query, who);
      ASSERT_TRUE(page.ok()) << page.status().message();
      found = page->total;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(Clock::now() - start).count() / kRuns;
    std::printf("[ bench    ] %-42s %8.2f ms (total %lld)\n", label, ms,
                static_cast<long long>(found));
  };
  std::printf(
      "[ bench    ] %zu items: first Put of 1000 %.1f ms, all Puts %.0f ms (%.0f items/s)\n", total,
      first_batch_ms, put_ms, total / (put_ms / 1000));
  ItemQuery query;
  query.text = "社保";
  time_search(query, kNational, "社保, national, newest 20");
  time_search(query, {.region_prefixes = {"51"}}, "社保, 四川, newest 20");
  query.text = "城乡居民养老保险";
  time_search(query, kNational, "城乡居民养老保险, national");
  query.text = "";
  time_search(query, {.region_prefixes = {"5101"}}, "no text, 成都, newest 20");
  query.text = "社保";
  query.from_ms = kMarch1 + static_cast<int64_t>(total) * 5'000;
  time_search(query, kNational, "社保, second half of the time range");
  auto time_stat = [&](const char* label, auto&& stat) {
    const auto start = Clock::now();
    constexpr int kRuns = 5;
    for (int run = 0; run < kRuns; ++run) ASSERT_TRUE(stat().ok()) << label;
    std::printf("[ bench    ] %-42s %8.2f ms\n", label,
                std::chrono::duration<double, std::milli>(Clock::now() - start).count() / kRuns);
  };
  const int64_t end = kMarch1 + static_cast<int64_t>(total) * 10'000;
  const int64_t last_day = end - kDay;
  const Jurisdiction sichuan{.region_prefixes = {"51"}};
  time_stat("RegionCounts(provinces), all items",
            [&] { return (*store)->RegionCounts("", kMarch1, end, kNational); });
  time_stat("RegionCounts(51), 四川, last day",
            [&] { return (*store)->RegionCounts("51", last_day, end, sichuan); });
  time_stat("Volume(hour, scheme), all items",
            [&] { return (*store)->Volume(kMarch1, end, kHour, SeriesGroup::kScheme, kNational); });
  time_stat("Volume(hour, sentiment), 四川, last day", [&] {
    return (*store)->Volume(last_day, end, kHour, SeriesGroup::kSentiment, sichuan);
  });
  time_stat("HotWords(20), all items",
            [&] { return (*store)->HotWords(kMarch1, end, 20, kNational); });
  time_stat("SchemeCounts, 四川, last day",
            [&] { return (*store)->SchemeCounts(last_day, end, sichuan); });
  time_stat("Count, 四川", [&] { return (*store)->Count(sichuan); });
  const auto delete_start = Clock::now();
  auto deleted = (*store)->DeleteBefore(kMarch1 + static_cast<int64_t>(total) * 1'000);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  std::printf("[ bench    ] DeleteBefore: %lld items (a tenth) in %.1f ms\n",
              static_cast<long long>(*deleted),
              std::chrono::duration<double, std::milli>(Clock::now() - delete_start).count());
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
}

}  // namespace
}  // namespace yuqing
