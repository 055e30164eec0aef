// `yuqing serve` end to end (issue 9, docs/api.md): the API, incidents and their workflow, and
// jurisdiction, each against its own real server.
#include <atomic>
#include <mutex>
#include <set>

#include "serve_fixture.h"

namespace yuqing::serve_e2e {
namespace {

// Texts the analysis attributes to one county each (checked through /api/items/{id}).
struct Sample {
  std::string id, text, region, platform;
};

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> samples = {
      {"jj-1", "成都市锦江区社保局窗口排长队，养老金认证太难了", "510104", "weibo"},
      {"jj-2", "成都市锦江区社保卡补办要跑三次，太麻烦", "510104", "forum"},
      {"wh-1", "成都市武侯区医保报销难，社保窗口态度差", "510107", "weibo"},
      {"fc-1", "绵阳市涪城区社保断缴，补缴手续复杂", "510703", "news"},
      {"th-1", "广州市天河区养老保险社保缴费基数调整", "440106", "weibo"},
      {"th-2", "广州市天河区社保局服务热情，办事顺利，点赞", "440106", "wechat"},
      {"none-1", "今天天气不错，出去走走", "", "weibo"},
  };
  return samples;
}

class ServeApi : public ServeFixture {
 protected:
  // Ingests the samples, a minute apart ending 10 minutes ago, and waits until they are stored.
  void IngestSamples(const Session& admin) {
    std::vector<json> items;
    const int64_t start = NowS() - 600 - 60 * static_cast<int64_t>(Samples().size());
    for (size_t i = 0; i < Samples().size(); ++i) {
      const Sample& s = Samples()[i];
      items.push_back(Item(s.id, s.text, start + 60 * static_cast<int64_t>(i), s.platform));
    }
    Reply reply = IngestItems(items);
    ASSERT_EQ(reply.status, 200) << reply.body;
    std::vector<std::string> ids;
    for (const Sample& s : Samples()) ids.push_back(s.id);
    ASSERT_TRUE(WaitStored(ids, admin)) << "samples not stored";
  }

  // Every region code of an ItemSummary.
  static std::vector<std::string> Regions(const json& item) {
    std::vector<std::string> codes;
    for (const json& r : item.value("regions", json::array())) codes.push_back(r.value("code", ""));
    return codes;
  }
};

TEST_F(ServeApi, LoginMeAndLogout) {
  auto session = Login("admin", kAdminPassword);
  ASSERT_TRUE(session.has_value());
  EXPECT_NE(session->cookie.find("yuqing_session="), std::string::npos);
  EXPECT_EQ(session->csrf.size(), 32u);
  EXPECT_EQ(session->user.value("role", ""), "admin");
  EXPECT_EQ(session->user["unit"].value("level", ""), "national");

  Reply me = Get("/api/me", &*session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"].value("username", ""), "admin");
  EXPECT_EQ(me.Json().value("csrf_token", ""), session->csrf);

  EXPECT_EQ(Get("/api/me").status, 401);
  Reply wrong = Post("/api/login", R"({"username":"admin","password":"nope-nope"})", nullptr);
  EXPECT_EQ(wrong.status, 401);
  Reply unknown = Post("/api/login", R"({"username":"nobody","password":"nope-nope"})", nullptr);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);  // the same answer for a wrong name and a wrong password

  Reply out = Post("/api/logout", "{}", &*session);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(Get("/api/me", &*session).status, 401);  // the session is gone
}

// A configured source reaches the store through the service: a folder drop (JSON Lines with one
// bad record) is collected, analysed and searchable, the file moves to done/, the bad line is
// dead-lettered, and the source's health is in /api/sources.
TEST_F(ServeApi, ConfiguredFolderSourceFeedsTheStore) {
  const fs::path inbox = dir_ / "drop";
  fs::create_directories(inbox);
  const fs::path config = dir_ / "yuqing.yaml";
  std::ofstream(config) << "sources:\n  - id: vendor-drop\n    kind: folder\n    name: 数据商投递\n"
                        << "    path: " << inbox.string() << "\n    interval: 10s\n";
  server_->Stop();
  server_->SetExtraArgs({"--config", config.string()});
  ASSERT_TRUE(server_->Start()) << server_->Logs();
  const int64_t t = NowS() - 120;
  std::ofstream(inbox / "batch.jsonl.part")
      << Item("fd-1", "成都市锦江区社保局窗口排长队", t).dump() << "\n"
      << R"({"id":"fd-bad","text":"没有时间"})"
      << "\n"
      << Item("fd-2", "绵阳市涪城区社保断缴", t + 1).dump() << "\n";
  fs::rename(inbox / "batch.jsonl.part", inbox / "batch.jsonl");  // appears whole

  const Session admin = Admin();
  ASSERT_TRUE(WaitFor([&] { return Get("/api/items/fd-2", &admin).status == 200; }, 60))
      << server_->Logs();
  EXPECT_EQ(Get("/api/items/fd-1", &admin).status, 200);
  EXPECT_TRUE(WaitFor([&] { return fs::exists(inbox / "done" / "batch.jsonl"); }, 30));
  bool dead_lettered = false;
  for (const auto& entry : fs::directory_iterator(data_dir_ / "deadletter")) {
    dead_lettered = dead_lettered || ReadText(entry.path()).find("fd-bad") != std::string::npos;
  }
  EXPECT_TRUE(dead_lettered);
  const Reply sources = Get("/api/sources", &admin);
  ASSERT_EQ(sources.status, 200);
  bool listed = false;
  for (const json& source : sources.Json()["sources"]) {
    if (source.value("id", "") != "vendor-drop") continue;
    listed = true;
    EXPECT_EQ(source.value("kind", ""), "folder");
    EXPECT_EQ(source.value("status", ""), "ok");
    EXPECT_GE(source.value("items_24h", 0), 2);
  }
  EXPECT_TRUE(listed) << sources.body;
}

TEST_F(ServeApi, IngestAuthorisesIsIdempotentAndDeadLettersBadRecords) {
  const Session admin = Admin();
  const int64_t t = NowS() - 300;
  const std::string array = json(std::vector<json>{Item("in-1", "成都市锦江区社保局窗口排长队", t),
                                                   Item("in-2", "绵阳市涪城区社保断缴", t + 1)})
                                .dump();
  EXPECT_EQ(Ingest(array, "").status, 401);
  EXPECT_EQ(Ingest(array, "wrong-token").status, 401);
  EXPECT_EQ(Ingest(array, std::string(kIngestToken) + "x").status, 401);

  Reply first = Ingest(array);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json().value("accepted", -1), 2);
  EXPECT_EQ(first.Json().value("duplicates", -1), 0);

  Reply again = Ingest(array);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().value("accepted", -1), 0);
  EXPECT_EQ(again.Json().value("duplicates", -1), 2);

  // JSON Lines with a bad record in the middle: rejected by index, the rest accepted.
  const std::string lines = Item("in-3", "广州市天河区养老保险", t + 2).dump() + "\n" +
                            R"({"id":"in-bad","platform":"weibo","text":"没有时间"})" + "\n" +
                            "{not json\n" + Item("in-4", "成都市武侯区医保报销难", t + 3).dump() +
                            "\n" + Item("in-1", "重复", t).dump() + "\n";
  Reply mixed = Ingest(lines, kIngestToken, "application/x-ndjson");
  ASSERT_EQ(mixed.status, 200) << mixed.body;
  const json body = mixed.Json();
  EXPECT_EQ(body.value("accepted", -1), 2);
  EXPECT_EQ(body.value("duplicates", -1), 1);
  ASSERT_EQ(body["rejected"].size(), 2u) << mixed.body;
  EXPECT_EQ(body["rejected"][0].value("index", -1), 1);
  EXPECT_EQ(body["rejected"][1].value("index", -1), 2);
  EXPECT_FALSE(body["rejected"][0].value("error", "").empty());

  EXPECT_TRUE(WaitStored({"in-1", "in-2", "in-3", "in-4"}, admin));
  EXPECT_EQ(Get("/api/items/in-bad", &admin).status, 404);
  EXPECT_EQ(Total("", admin), 4);

  // The rejected records are in a dead-letter file under <data_dir>/deadletter/: the file is
  // there at once; its lines are buffered, so they are read after a clean stop.
  const fs::path dead = data_dir_ / "deadletter";
  auto dead_letters = [&] {
    std::string all;
    std::error_code ec;
    if (!fs::is_directory(dead, ec)) return all;
    for (const auto& entry : fs::directory_iterator(dead, ec)) {
      all += entry.path().filename().string() + "\n" + ReadText(entry.path());
    }
    return all;
  };
  EXPECT_TRUE(WaitFor([&] { return dead_letters().find("ingest-") != std::string::npos; }, 10))
      << "no dead-letter file under " << dead;
  EXPECT_TRUE(server_->Stop());
  const std::string lines_out = dead_letters();
  EXPECT_NE(lines_out.find("not json"), std::string::npos) << lines_out;
  EXPECT_NE(lines_out.find("in-bad"), std::string::npos) << lines_out;
}

// docs/api.md names no content type for ingest: `curl --data-binary @items.jsonl` (which says
// application/x-www-form-urlencoded) must work for a batch of any size, as it does for 8 kB.
TEST_F(ServeApi, IngestAcceptsLargeBatchesWhateverTheContentType) {
  std::string lines;
  for (int i = 0; i < 100; ++i) {
    lines += Item("ct-" + std::to_string(i),
                  "成都市锦江区社保局窗口排长队，第" + std::to_string(i) + "位", NowS() - 100 + i)
                 .dump() +
             "\n";
  }
  ASSERT_GT(lines.size(), 8192u);
  for (const char* type :
       {"application/x-ndjson", "text/plain", "application/x-www-form-urlencoded"}) {
    Reply reply = Ingest(lines, kIngestToken, type);
    EXPECT_EQ(reply.status, 200) << "BUG: POST /api/ingest of " << lines.size() << " bytes as "
                                 << type << " → " << reply.status << " " << reply.body;
  }
}

TEST_F(ServeApi, SearchFiltersAndItemDetail) {
  const Session admin = Admin();
  IngestSamples(admin);

  // What the analysis gives each sample: the county the tests below rely on.
  for (const Sample& s : Samples()) {
    Reply item = Get("/api/items/" + s.id, &admin);
    ASSERT_EQ(item.status, 200) << s.id;
    const json detail = item.Json();
    EXPECT_EQ(detail.value("id", ""), s.id);
    EXPECT_EQ(detail.value("platform", ""), s.platform);
    EXPECT_TRUE(detail.contains("text") && detail.contains("keywords") &&
                detail.contains("sentiment"))
        << item.body;
    const auto codes = Regions(detail);
    if (s.region.empty()) {
      EXPECT_TRUE(codes.empty()) << s.id << " " << item.body;
    } else {
      EXPECT_NE(std::find(codes.begin(), codes.end(), s.region), codes.end())
          << s.id << " " << item.body;
    }
  }
  EXPECT_EQ(Get("/api/items/no-such-item", &admin).status, 404);
  EXPECT_EQ(Get("/api/items/jj-1").status, 401);

  const int64_t all = Total("", admin);
  EXPECT_EQ(all, static_cast<int64_t>(Samples().size()));

  Reply search = Get("/api/items?q=" + UrlEncode("社保") + "&limit=100", &admin);
  ASSERT_EQ(search.status, 200) << search.body;
  const json hits = search.Json();
  EXPECT_GE(hits.value("total", 0), 5) << search.body;
  EXPECT_LT(hits.value("total", 0), all);  // the weather post does not mention 社保
  for (const json& item : hits["items"]) {
    EXPECT_NE(item.value("snippet", "").find("<mark>"), std::string::npos) << item.dump();
    EXPECT_NE(item.value("id", ""), "none-1");
  }
  // Newest first.
  for (size_t i = 1; i < hits["items"].size(); ++i) {
    EXPECT_GE(hits["items"][i - 1].value("created_at", ""),
              hits["items"][i].value("created_at", ""));
  }

  // Each filter narrows, and every answer matches it.
  for (const std::string sentiment : {"negative", "neutral", "positive"}) {
    Reply r = Get("/api/items?limit=100&sentiment=" + sentiment, &admin);
    ASSERT_EQ(r.status, 200);
    for (const json& item : r.Json()["items"]) {
      EXPECT_EQ(item["sentiment"].value("label", ""), sentiment) << item.dump();
    }
  }
  EXPECT_LT(Total("&sentiment=negative", admin), all);
  EXPECT_GT(Total("&sentiment=negative", admin), 0);

  Reply region = Get("/api/items?limit=100&region=510100", &admin);
  ASSERT_EQ(region.status, 200);
  std::set<std::string> chengdu;
  for (const json& item : region.Json()["items"]) {
    chengdu.insert(item.value("id", ""));
    bool under = false;
    for (const auto& code : Regions(item)) under = under || code.starts_with("5101");
    EXPECT_TRUE(under) << item.dump();
  }
  EXPECT_EQ(chengdu, (std::set<std::string>{"jj-1", "jj-2", "wh-1"}));
  EXPECT_EQ(Total("&region=510104", admin), 2);
  EXPECT_EQ(Total("&region=440000", admin), 2);

  Reply platform = Get("/api/items?limit=100&platform=news", &admin);
  ASSERT_EQ(platform.status, 200);
  ASSERT_EQ(platform.Json()["items"].size(), 1u) << platform.body;
  EXPECT_EQ(platform.Json()["items"][0].value("id", ""), "fc-1");

  // from/to: the samples are a minute apart; a window around the middle three.
  Reply third = Get("/api/items/" + Samples()[2].id, &admin);
  Reply fifth = Get("/api/items/" + Samples()[4].id, &admin);
  const std::string from = third.Json().value("created_at", "");
  const std::string to = fifth.Json().value("created_at", "");
  EXPECT_EQ(Total("&from=" + UrlEncode(from) + "&to=" + UrlEncode(to), admin), 2)
      << from << " " << to;  // [from, to)
  EXPECT_EQ(Get("/api/items?from=yesterday", &admin).status, 400);

  // Paging: limit and offset.
  Reply page = Get("/api/items?limit=2&offset=1", &admin);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Json()["items"].size(), 2u);
  EXPECT_EQ(page.Json().value("total", 0), all);
}

TEST_F(ServeApi, StatisticsSchemesSourcesAndOperations) {
  const Session admin = Admin();
  IngestSamples(admin);

  Reply overview = Get("/api/stats/overview", &admin);
  ASSERT_EQ(overview.status, 200) << overview.body;
  const json o = overview.Json();
  EXPECT_EQ(o.value("items_total", 0), static_cast<int64_t>(Samples().size()));
  EXPECT_EQ(o.value("items_24h", 0), static_cast<int64_t>(Samples().size()));
  EXPECT_GT(o.value("negative_share_24h", 0.0), 0.0);
  EXPECT_TRUE(o["open_incidents"].contains("I") && o["open_incidents"].contains("IV"));
  EXPECT_FALSE(o["top_schemes"].empty()) << overview.body;
  EXPECT_TRUE(o.contains("sources"));

  Reply by_sentiment = Get("/api/stats/volume?interval=hour&by=sentiment", &admin);
  ASSERT_EQ(by_sentiment.status, 200) << by_sentiment.body;
  int64_t counted = 0;
  std::set<std::string> keys;
  for (const json& series : by_sentiment.Json()["series"]) {
    keys.insert(series.value("key", ""));
    for (const json& point : series["points"]) counted += point[1].get<int64_t>();
  }
  EXPECT_EQ(counted, static_cast<int64_t>(Samples().size()));
  EXPECT_TRUE(keys.contains("negative")) << by_sentiment.body;

  Reply by_region = Get("/api/stats/volume?interval=day&by=region", &admin);
  ASSERT_EQ(by_region.status, 200) << by_region.body;
  keys.clear();
  for (const json& series : by_region.Json()["series"]) keys.insert(series.value("key", ""));
  EXPECT_TRUE(keys.contains("510000") && keys.contains("440000")) << by_region.body;
  EXPECT_EQ(Get("/api/stats/volume?interval=week", &admin).status, 400);
  EXPECT_EQ(Get("/api/stats/volume?by=colour", &admin).status, 400);

  Reply provinces = Get("/api/stats/regions", &admin);
  ASSERT_EQ(provinces.status, 200) << provinces.body;
  std::map<std::string, int64_t> count;
  for (const json& r : provinces.Json()["regions"])
    count[r.value("code", "")] = r.value("count", 0);
  EXPECT_EQ(count["510000"], 4) << provinces.body;
  EXPECT_EQ(count["440000"], 2) << provinces.body;
  Reply cities = Get("/api/stats/regions?parent=510000", &admin);
  ASSERT_EQ(cities.status, 200) << cities.body;
  count.clear();
  for (const json& r : cities.Json()["regions"]) count[r.value("code", "")] = r.value("count", 0);
  EXPECT_EQ(count["510100"], 3) << cities.body;
  EXPECT_EQ(count["510700"], 1) << cities.body;
  EXPECT_EQ(cities.Json().value("level", ""), "city");

  Reply words = Get("/api/stats/hotwords?limit=10", &admin);
  ASSERT_EQ(words.status, 200) << words.body;
  EXPECT_FALSE(words.Json()["words"].empty()) << words.body;
  EXPECT_LE(words.Json()["words"].size(), 10u);

  Reply schemes = Get("/api/schemes", &admin);
  ASSERT_EQ(schemes.status, 200);
  ASSERT_FALSE(schemes.Json()["schemes"].empty());
  EXPECT_FALSE(schemes.Json()["schemes"][0].value("expression", "").empty());

  Reply valid = Post("/api/schemes/dry-run",
                     json{{"expression", "社保 AND 成都"}, {"limit", 5}}.dump(), &admin);
  ASSERT_EQ(valid.status, 200) << valid.body;
  EXPECT_TRUE(valid.Json().value("valid", false)) << valid.body;
  EXPECT_GE(valid.Json().value("hits", 0), 1) << valid.body;
  EXPECT_GE(valid.Json().value("scanned", 0), valid.Json().value("hits", 0));
  Reply invalid = Post("/api/schemes/dry-run", json{{"expression", "社保 AND ("}}.dump(), &admin);
  EXPECT_TRUE(invalid.status == 200 || invalid.status == 400) << invalid.body;
  EXPECT_FALSE(invalid.Json().value("valid", true)) << invalid.body;
  EXPECT_FALSE(invalid.Json().value("error", "").empty()) << invalid.body;

  Reply sources = Get("/api/sources", &admin);
  ASSERT_EQ(sources.status, 200);
  bool ingest = false;
  for (const json& s : sources.Json()["sources"]) {
    if (s.value("id", "") == "ingest") {
      ingest = true;
      EXPECT_EQ(s.value("items_24h", 0), static_cast<int64_t>(Samples().size())) << s.dump();
    }
  }
  EXPECT_TRUE(ingest) << sources.body;

  Reply health = Get("/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.Json().value("status", ""), "ok");
  // docs/api.md: `200 {"status":"ok", "items_total", "uptime_s"}`.
  EXPECT_EQ(health.Json().value("items_total", int64_t{-1}), static_cast<int64_t>(Samples().size()))
      << "BUG: /healthz does not report items_total as docs/api.md says: " << health.body;

  Reply metrics = Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.Header("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find("yuqing_items_in_total"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("yuqing_http_requests_total"), std::string::npos);

  // The dashboard's files with their types.
  Reply index = Get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.Header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(index.body.find("<html"), std::string::npos);
  Reply app = Get("/static/js/app.js");
  ASSERT_EQ(app.status, 200);
  EXPECT_NE(app.Header("Content-Type").find("javascript"), std::string::npos);
  Reply echarts = Get("/vendor/echarts.esm.min.js");
  ASSERT_EQ(echarts.status, 200);
  EXPECT_NE(echarts.Header("Content-Type").find("javascript"), std::string::npos);
  EXPECT_GT(echarts.body.size(), 100'000u);
  EXPECT_EQ(Get("/static/js/nothing.js").status, 404);
}

// Reads /api/events of a session on a thread until told to stop (the next event or keep-alive
// after `stop` ends the read).
class EventReader {
 public:
  EventReader(std::unique_ptr<httplib::Client> client, const Session& session)
      : client_(std::move(client)), cookie_(session.cookie) {
    thread_ = std::thread([this] {
      httplib::Headers headers = {{"Cookie", cookie_}};
      auto res = client_->Get(
          "/api/events", headers,
          [&](const httplib::Response& response) {
            status_ = response.status;
            return true;
          },
          [&](const char* data, size_t size) {
            std::lock_guard lock(mutex_);
            stream_.append(data, size);
            return !stop_.load();
          });
      (void)res;
    });
  }
  ~EventReader() { Join(); }
  void Join() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void Stop() { stop_ = true; }
  int status() const { return status_.load(); }
  std::string stream() const {
    std::lock_guard lock(mutex_);
    return stream_;
  }

 private:
  std::unique_ptr<httplib::Client> client_;
  std::string cookie_;
  mutable std::mutex mutex_;
  std::string stream_;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{0};
  std::thread thread_;
};

TEST_F(ServeApi, LiveEventsStreamAnIngestedItemWithinTheJurisdiction) {
  const Session admin = Admin();
  const Session county = AddUser(admin, "jinjiang", "viewer", "510104");
  EventReader national(Client(40), admin);
  EventReader local(Client(40), county);
  // The subscriptions exist once the headers came; then items go in.
  ASSERT_TRUE(WaitFor([&] { return national.status() != 0 && local.status() != 0; }, 20))
      << "no answer from /api/events";
  EXPECT_EQ(national.status(), 200);
  EXPECT_EQ(local.status(), 200);
  Reply in =
      IngestItems({Item("live-gz", "广州市天河区养老保险社保缴费基数调整", NowS() - 2),
                   Item("live-1", "成都市锦江区社保局窗口排长队，养老金认证太难了", NowS())});
  EXPECT_EQ(in.status, 200) << in.body;
  EXPECT_TRUE(WaitFor(
      [&] {
        const std::string stream = national.stream();
        return stream.find("event: item") != std::string::npos &&
               stream.find("live-1") != std::string::npos &&
               stream.find("live-gz") != std::string::npos;
      },
      30))
      << "no item events; stream so far: " << national.stream();
  EXPECT_TRUE(WaitFor([&] { return local.stream().find("live-1") != std::string::npos; }, 30))
      << local.stream();
  // Both items went out together: the county's stream would have had the 广州 one by now.
  EXPECT_EQ(local.stream().find("live-gz"), std::string::npos) << local.stream();
  EXPECT_EQ(local.stream().find("天河"), std::string::npos) << local.stream();
  national.Stop();
  local.Stop();
  // Another item wakes the readers so that they see `stop`.
  IngestItems({Item("live-2", "成都市锦江区社保", NowS())});
  national.Join();
  local.Join();
}

// A burst of reposts of one story, as tests/replay_cli_test.cc provokes incidents: a widely
// followed root about 成都市武侯区 and many reposts within minutes.
std::vector<json> Burst(const std::string& prefix, const std::string& text,
                        const std::string& location, int reposts) {
  const int64_t start = NowS() - 10 * 60;
  std::vector<json> items;
  json root = Item(prefix + "root", text, start);
  root["author_followers"] = 2'500'000;
  root["author_location"] = location;
  items.push_back(root);
  for (int i = 0; i < reposts; ++i) {
    json repost = Item(prefix + "r" + std::to_string(i), i % 3 == 0 ? "转发微博" : "转发：" + text,
                       start + 10 + i * 3);
    repost["parent_id"] = prefix + "root";
    items.push_back(repost);
  }
  return items;
}

class ServeIncidents : public ServeApi {
 protected:
  json WaitIncidentOf(const Session& admin, const std::string& root_id, double seconds = 30) {
    json found;
    WaitFor(
        [&] {
          Reply list = Get("/api/incidents", &admin);
          if (list.status != 200) return false;
          for (const json& incident : list.Json()["incidents"]) {
            Reply detail = Get("/api/incidents/" + incident.value("id", ""), &admin);
            if (detail.status != 200) continue;
            for (const json& item : detail.Json()["items"]) {
              if (item.value("id", "") == root_id) {
                found = detail.Json();
                return true;
              }
            }
          }
          return false;
        },
        seconds);
    return found;
  }
};

TEST_F(ServeIncidents, ABurstOpensAnIncidentThatMovesThroughTheWorkflow) {
  const Session admin = Admin();
  Reply in = IngestItems(
      Burst("b-", "成都市武侯区社保局养老金停发，退休职工聚集讨说法", "四川 成都", 100));
  ASSERT_EQ(in.status, 200) << in.body;
  const json incident = WaitIncidentOf(admin, "b-root");
  ASSERT_FALSE(incident.is_null()) << "no incident within 30 s";
  const std::string id = incident.value("id", "");
  const std::string path = "/api/incidents/" + UrlEncode(id);
  EXPECT_FALSE(incident["timeline"].empty()) << incident.dump();
  EXPECT_FALSE(incident.value("timeline", json::array())[0].value("event", "").empty());
  ASSERT_EQ(incident["deadlines"].size(), 3u) << incident.dump();
  for (const json& deadline : incident["deadlines"]) {
    EXPECT_FALSE(deadline.value("due_at", "").empty());
    EXPECT_TRUE(deadline["met_at"].is_null());
  }
  EXPECT_EQ(incident.value("state", ""), "new");
  EXPECT_TRUE(incident.value("grade", "") == "I" || incident.value("grade", "") == "II" ||
              incident.value("grade", "") == "III" || incident.value("grade", "") == "IV");
  // The count of the detector's last event (updated at most every few minutes of stream time).
  EXPECT_GE(incident.value("item_count", 0), 10) << incident.dump();
  // docs/api.md: IncidentSummary regions are {"code","name"}.
  ASSERT_FALSE(incident["regions"].empty()) << incident.dump();
  EXPECT_EQ(incident["regions"][0].value("code", ""), "510107")
      << "BUG: incident regions without their code: " << incident["regions"].dump();

  // It is on the board, and the overview counts it.
  Reply board = Get("/api/incidents?state=new", &admin);
  ASSERT_EQ(board.status, 200);
  EXPECT_NE(board.body.find(id), std::string::npos);
  EXPECT_EQ(Get("/api/incidents?state=sleeping", &admin).status, 400);

  Reply ack = Post(path + "/ack", "{}", &admin);
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.Json().value("state", ""), "acknowledged");
  bool met = false;
  for (const json& deadline : ack.Json()["deadlines"]) {
    if (deadline.value("kind", "") == "acknowledge") met = !deadline["met_at"].is_null();
  }
  EXPECT_TRUE(met) << ack.body;

  // Twice is a conflict with the state; closing with neither a final report nor a reason too.
  EXPECT_EQ(Post(path + "/ack", "{}", &admin).status, 409);
  EXPECT_EQ(Post(path + "/close", "{}", &admin).status, 409);
  EXPECT_EQ(Get(path, &admin).Json().value("state", ""), "acknowledged");
  EXPECT_EQ(Post(path + "/fly", "{}", &admin).status, 404);
  EXPECT_EQ(Post(path + "/note", "{}", &admin).status, 400);  // no text

  Reply note = Post(path + "/note", json{{"text", "已联系武侯区社保局核实"}}.dump(), &admin);
  ASSERT_EQ(note.status, 200) << note.body;
  EXPECT_NE(note.Json()["notes"].dump().find("已联系武侯区社保局核实"), std::string::npos);

  Reply report =
      Post(path + "/report",
           json{{"kind", "initial"}, {"text", "初报：养老金停发传言，正在核实"}}.dump(), &admin);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_FALSE(report.Json()["reports"].empty()) << report.body;

  Reply assign = Post(path + "/assign", json{{"assignee", "wang.li"}}.dump(), &admin);
  ASSERT_EQ(assign.status, 200) << assign.body;
  EXPECT_EQ(assign.Json().value("assignee", ""), "wang.li");

  Reply detail = Get(path, &admin);
  ASSERT_EQ(detail.status, 200);
  // Every action is in the audit under the acting user.
  int by_admin = 0;
  for (const json& entry : detail.Json()["audit"]) by_admin += entry.value("actor", "") == "admin";
  EXPECT_GE(by_admin, 4) << detail.Json()["audit"].dump();
  EXPECT_EQ(Get("/api/incidents/inc-none", &admin).status, 404);
}

class ServeJurisdiction : public ServeIncidents {};

TEST_F(ServeJurisdiction, EachUnitSeesOnlyItsRegions) {
  const Session admin = Admin();
  IngestSamples(admin);
  // An incident in 广州 (outside 四川) and its items.
  Reply in = IngestItems(
      Burst("gz-", "广州市天河区社保局养老金停发，退休职工聚集讨说法", "广东 广州", 80));
  ASSERT_EQ(in.status, 200) << in.body;
  const json gz = WaitIncidentOf(admin, "gz-root");
  ASSERT_FALSE(gz.is_null()) << "no 广州 incident within 30 s";
  const std::string gz_path = "/api/incidents/" + UrlEncode(gz.value("id", ""));

  const Session county = AddUser(admin, "jinjiang", "operator", "510104");
  const Session province = AddUser(admin, "sichuan", "admin", "510000");
  const Session viewer = AddUser(admin, "guangzhou", "viewer", "440100");
  EXPECT_EQ(county.user["unit"].value("level", ""), "county");
  EXPECT_EQ(province.user["unit"].value("level", ""), "province");

  // The county operator: only items under 510104, whatever region it asks for.
  for (const std::string& query :
       std::vector<std::string>{"", "&region=51", "&region=510000", "&region=440106",
                                "&region=5101", "&q=" + UrlEncode("社保"), "&region=0"}) {
    Reply r = Get("/api/items?limit=100" + query, &county);
    ASSERT_TRUE(r.status == 200 || r.status == 400) << query << " " << r.body;
    if (r.status != 200) continue;
    for (const json& item : r.Json()["items"]) {
      bool under = false;
      for (const auto& code : Regions(item)) under = under || code.starts_with("510104");
      EXPECT_TRUE(under) << query << ": " << item.dump();
    }
    EXPECT_LE(r.Json().value("total", 0), 2) << query;
  }
  EXPECT_EQ(Total("", county), 2);
  EXPECT_EQ(Get("/api/items/th-1", &county).status, 404);
  EXPECT_EQ(Get("/api/items/wh-1", &county).status, 404);
  EXPECT_EQ(Get("/api/items/none-1", &county).status, 404);  // no region: national only
  EXPECT_EQ(Get("/api/items/jj-1", &county).status, 200);
  EXPECT_EQ(Get(gz_path, &county).status, 404);
  EXPECT_EQ(Post(gz_path + "/ack", "{}", &county).status, 404);
  EXPECT_EQ(Post(gz_path + "/note", R"({"text":"越权"})", &county).status, 404);
  Reply incidents = Get("/api/incidents", &county);
  ASSERT_EQ(incidents.status, 200);
  EXPECT_EQ(incidents.body.find(gz.value("id", "")), std::string::npos) << incidents.body;
  Reply stats = Get("/api/stats/regions?parent=000000", &county);
  EXPECT_TRUE(stats.status == 404 || stats.body.find("440000") == std::string::npos) << stats.body;
  EXPECT_EQ(Get("/api/stats/overview", &county).Json().value("items_total", -1), 2);
  // Statistics and search never leak the other province's words.
  Reply volume = Get("/api/stats/volume?by=region&interval=day", &county);
  for (const json& series : volume.Json()["series"]) {
    EXPECT_EQ(series.value("key", ""), "510000") << volume.body;
  }
  Reply dry = Post("/api/schemes/dry-run", json{{"expression", "天河区"}}.dump(), &county);
  EXPECT_EQ(dry.Json().value("hits", -1), 0) << dry.body;
  // An admin of a unit cannot make users outside it; a county operator none at all.
  EXPECT_EQ(Post("/api/users",
                 R"({"username":"x1","password":"password-1","role":"admin","unit_id":"000000"})",
                 &province)
                .status,
            400);
  EXPECT_EQ(Post("/api/users",
                 R"({"username":"x2","password":"password-2","role":"admin","unit_id":"510104"})",
                 &county)
                .status,
            403);

  // The province admin: several cities of 四川, nothing of 广东.
  Reply sichuan = Get("/api/items?limit=100", &province);
  ASSERT_EQ(sichuan.status, 200);
  std::set<std::string> cities;
  for (const json& item : sichuan.Json()["items"]) {
    bool under = false;
    for (const auto& code : Regions(item)) {
      under = under || code.starts_with("51");
      if (code.starts_with("51")) cities.insert(code.substr(0, 4));
    }
    EXPECT_TRUE(under) << item.dump();
  }
  EXPECT_GE(cities.size(), 2u);
  EXPECT_EQ(Total("&region=440000", province), 0);
  EXPECT_EQ(Get("/api/items/th-2", &province).status, 404);
  EXPECT_EQ(Get(gz_path, &province).status, 404);
  Reply users = Get("/api/users", &province);
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.body.find("guangzhou"), std::string::npos) << users.body;

  // The 广州 viewer reads its incident but cannot act on it.
  EXPECT_EQ(Get(gz_path, &viewer).status, 200);
  Reply viewer_ack = Post(gz_path + "/ack", "{}", &viewer);
  EXPECT_EQ(viewer_ack.status, 403) << viewer_ack.body;
  EXPECT_EQ(Get(gz_path, &admin).Json().value("state", ""), "new");
  EXPECT_EQ(Get("/api/items/jj-1", &viewer).status, 404);
  EXPECT_EQ(Get("/api/items/th-1", &viewer).status, 200);
}

}  // namespace
}  // namespace yuqing::serve_e2e
