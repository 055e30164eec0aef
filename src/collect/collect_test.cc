// The collectors against a real HTTP server on 127.0.0.1 (cpp-httplib in this process): feeds,
// robots.txt, the per-host rate limit, conditional GET, retries, list pages with articles; and
// watched folders and source health without the network.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "collect/collector.h"
#include "collect/fetcher.h"
#include "collect/folder_source.h"
#include "collect/source_health.h"

namespace yuqing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Request {
  std::string path;
  int64_t at_ms;  // server-side, steady clock
  std::string if_none_match;
  int status;
};

// A site on 127.0.0.1 that logs every request it answers.
class TestSite {
 public:
  TestSite() {
    // Requests are stamped on arrival (before routing), their status once answered.
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard lock(mutex_);
      log_.push_back({req.path, SteadyMs(), req.get_header_value("If-None-Match"), 0});
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      std::lock_guard lock(mutex_);
      for (auto it = log_.rbegin(); it != log_.rend(); ++it) {
        if (it->path == req.path && it->status == 0) {
          it->status = res.status;
          break;
        }
      }
    });
    server_.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
    });
    server_.Get("/rss.xml", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(ReadFile("src/collect/testdata/rss.xml"), "application/rss+xml");
    });
    server_.Get("/atom.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(ReadFile("src/collect/testdata/atom.xml"), "application/atom+xml");
    });
    server_.Get("/gbk.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(ReadFile("src/collect/testdata/gbk_feed.xml"), "text/xml");
    });
    server_.Get("/flaky.xml", [this](const httplib::Request&, httplib::Response& res) {
      if (flaky_count_++ < 2) {
        res.status = 503;
        return;
      }
      res.set_content(ReadFile("src/collect/testdata/atom.xml"), "application/atom+xml");
    });
    server_.Get("/down.xml",
                [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
    server_.Get("/gone.xml",
                [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Get("/moved.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/atom.xml");
    });
    server_.Get("/moved-private", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/private/secret.html");
    });
    server_.Get("/big.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(100'000, 'x'), "text/html");
    });
    server_.Get(R"(/page/(\d+))", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    server_.Get("/news/list.shtml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><body><nav><a href='/index.html'>首页</a></nav><ul>"
          "<li><a href='/news/2019/12/10/c_1125328427.htm'>法国全国大罢工再次严重影响交通</a></li>"
          "<li><a href='/private/2019/12/10/c_1.htm'>不许抓取的一篇文章的很长的标题</a></li>"
          "<li><a "
          "href='/news/2007/08/20/content_1.htm'>全国人大常委会关于批准财政部发行特别国债的决议</"
          "a></li>"
          "</ul></body></html>",
          "text/html; charset=utf-8");
    });
    server_.Get(
        "/news/2019/12/10/c_1125328427.htm", [](const httplib::Request&, httplib::Response& res) {
          res.set_content(ReadFile("src/extract/testdata/html/xinhuanet_1.html"), "text/html");
        });
    server_.Get(
        "/news/2007/08/20/content_1.htm", [](const httplib::Request&, httplib::Response& res) {
          res.set_content(ReadFile("src/extract/testdata/html/gov_gazette_1.html"), "text/html");
        });
    server_.Get(R"(/private/.*)", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body><p>secret</p></body></html>", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Until the accept loop runs, a connection waits in the backlog and would arrive late,
    // which would upset the spacing measured from arrival times.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestSite() {
    server_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  std::vector<Request> Log() const {
    // The logger runs just after the response is sent; let the last one land.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    std::lock_guard lock(mutex_);
    return log_;
  }
  std::vector<Request> Log(const std::string& path) const {
    std::vector<Request> out;
    for (const Request& r : Log()) {
      if (r.path == path) out.push_back(r);
    }
    return out;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Request> log_;
  std::atomic<int> flaky_count_{0};
};

FetcherOptions FastOptions() {
  FetcherOptions options;
  options.host_interval_ms = 20;
  options.retry_base_ms = 150;
  options.timeout_ms = 5000;
  return options;
}

constexpr int64_t kNow = 1'800'000'000'000;  // 2027-01-15, unix ms

TEST(Fetcher, RateLimitSpacingMeasuredAtServer) {
  TestSite site;
  FetcherOptions options = FastOptions();
  options.host_interval_ms = 500;
  Fetcher fetcher(options);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(fetcher.Fetch(site.Url("/page/" + std::to_string(i))).ok());
  }
  const auto log = site.Log();
  ASSERT_EQ(log.size(), 4u);  // robots.txt, then the three pages
  EXPECT_EQ(log[0].path, "/robots.txt");
  for (size_t i = 1; i < log.size(); ++i) {
    // The fetcher spaces sends by 500 ms; arrival stamps can shift by thread scheduling on a
    // busy machine, hence the slack.
    EXPECT_GE(log[i].at_ms - log[i - 1].at_ms, 400) << "request " << i;
  }
}

TEST(Fetcher, PerSourceHostIntervalRaisesTheDefault) {
  TestSite site;
  Fetcher fetcher(FastOptions());
  fetcher.SetHostInterval("127.0.0.1:" + std::to_string(site.port()), 500);
  ASSERT_TRUE(fetcher.Fetch(site.Url("/page/1")).ok());
  ASSERT_TRUE(fetcher.Fetch(site.Url("/page/2")).ok());
  const auto log = site.Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_GE(log[2].at_ms - log[1].at_ms, 400);  // slack for arrival stamps, as above
}

TEST(Fetcher, RobotsDisallowedIsNeverRequested) {
  TestSite site;
  Fetcher fetcher(FastOptions());
  const FetchResult r = fetcher.Fetch(site.Url("/private/2019/x.htm"));
  EXPECT_EQ(r.outcome, FetchResult::Outcome::kDisallowed);
  EXPECT_TRUE(fetcher.Fetch(site.Url("/page/1")).ok());
  EXPECT_TRUE(site.Log("/private/2019/x.htm").empty());
  EXPECT_EQ(site.Log("/robots.txt").size(), 1u);  // once, then remembered
}

TEST(Fetcher, UnreachableRobotsIsATransportErrorNotADisallow) {
  // Nothing listens on port 1: robots.txt cannot be had, so nothing may be fetched, and the
  // page must not be given up as if robots.txt had forbidden it.
  FetcherOptions options = FastOptions();
  options.connect_timeout_ms = 1000;
  Fetcher fetcher(options);
  const FetchResult r = fetcher.Fetch("http://127.0.0.1:1/news/1.html");
  EXPECT_EQ(r.outcome, FetchResult::Outcome::kTransportError);
  EXPECT_NE(r.error.find("robots.txt unavailable"), std::string::npos) << r.error;
}

TEST(Fetcher, ConditionalGetGives304WithoutBody) {
  TestSite site;
  Fetcher fetcher(FastOptions());
  const FetchResult first = fetcher.Fetch(site.Url("/rss.xml"));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first.body.empty());
  const FetchResult second = fetcher.Fetch(site.Url("/rss.xml"));
  EXPECT_EQ(second.outcome, FetchResult::Outcome::kNotModified);
  EXPECT_TRUE(second.body.empty());
  const auto log = site.Log("/rss.xml");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].if_none_match, "\"v1\"");
  EXPECT_EQ(log[1].status, 304);
}

TEST(Fetcher, RetriesWithBackOffOn5xxNotOn4xx) {
  TestSite site;
  Fetcher fetcher(FastOptions());
  const FetchResult r = fetcher.Fetch(site.Url("/flaky.xml"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.attempts, 3);
  const auto log = site.Log("/flaky.xml");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].status, 503);
  EXPECT_EQ(log[2].status, 200);
  // Back-off doubles: 150 ms, then 300 ms (less some slack for arrival stamps).
  EXPECT_GE(log[1].at_ms - log[0].at_ms, 100);
  EXPECT_GE(log[2].at_ms - log[1].at_ms, 250);
  EXPECT_GT(log[2].at_ms - log[1].at_ms, log[1].at_ms - log[0].at_ms);

  const FetchResult gone = fetcher.Fetch(site.Url("/gone.xml"));
  EXPECT_EQ(gone.outcome, FetchResult::Outcome::kHttpError);
  EXPECT_EQ(gone.attempts, 1);
  EXPECT_EQ(site.Log("/gone.xml").size(), 1u);
}

TEST(Fetcher, RedirectsAreCheckedAgainstRobots) {
  TestSite site;
  Fetcher fetcher(FastOptions());
  const FetchResult moved = fetcher.Fetch(site.Url("/moved.xml"));
  ASSERT_TRUE(moved.ok()) << moved.error;
  EXPECT_EQ(moved.final_url, site.Url("/atom.xml"));
  EXPECT_NE(moved.body.find("<feed"), std::string::npos);
  const FetchResult hidden = fetcher.Fetch(site.Url("/moved-private"));
  EXPECT_EQ(hidden.outcome, FetchResult::Outcome::kDisallowed);
  EXPECT_TRUE(site.Log("/private/secret.html").empty());
}

TEST(Fetcher, BodyCapAndSchemes) {
  TestSite site;
  FetcherOptions options = FastOptions();
  options.max_body_bytes = 10'000;
  Fetcher fetcher(options);
  EXPECT_EQ(fetcher.Fetch(site.Url("/big.html")).outcome, FetchResult::Outcome::kTooLarge);
  EXPECT_EQ(fetcher.Fetch("file:///etc/passwd").outcome, FetchResult::Outcome::kBadUrl);
}

struct Collected {
  std::vector<Item> items;
  std::vector<BadRecord> bad;
  std::vector<SourceNotice> notices;
  CollectorCallbacks Callbacks() {
    return {[this](Item item) { items.push_back(std::move(item)); },
            [this](const BadRecord& b) { bad.push_back(b); },
            [this](const SourceNotice& n) { notices.push_back(n); }};
  }
};

SourceSpec Spec(const std::string& id, SourceKind kind, const std::string& url) {
  SourceSpec spec;
  spec.id = id;
  spec.kind = kind;
  spec.url = url;
  spec.interval_ms = 60'000;
  return spec;
}

TEST(Collector, FeedsThenNothingNewOn304) {
  TestSite site;
  Collected got;
  CollectorOptions options;
  options.fetcher = FastOptions();
  auto collector = Collector::Create({Spec("rss", SourceKind::kRss, site.Url("/rss.xml")),
                                      Spec("atom", SourceKind::kRss, site.Url("/atom.xml")),
                                      Spec("gbk", SourceKind::kRss, site.Url("/gbk.xml"))},
                                     options, got.Callbacks());
  ASSERT_TRUE(collector.ok()) << collector.status().message();
  const int64_t next = (*collector)->Poll(kNow);
  EXPECT_EQ(next, kNow + 60'000);
  ASSERT_EQ(got.items.size(), 6u);
  EXPECT_EQ(got.items[0].title, "人社部：养老保险全国统筹 & 基金调剂");
  EXPECT_EQ(got.items[0].source_id, "rss");
  EXPECT_EQ(got.items[3].title, "成都市 社保卡 <便民> 服务升级");
  EXPECT_EQ(got.items[5].title, "关于调整城乡居民基本养老保险基础养老金的通知");
  // Not due yet: nothing fetched.
  const size_t requests = site.Log().size();
  (*collector)->Poll(kNow + 1000);
  EXPECT_EQ(site.Log().size(), requests);
  // Due again: the RSS answers 304 (no items), the others repeat entries already taken.
  (*collector)->Poll(kNow + 60'000);
  EXPECT_EQ(got.items.size(), 6u);
  EXPECT_EQ(site.Log("/rss.xml").back().status, 304);
  const auto health = (*collector)->Health(kNow + 60'000);
  ASSERT_EQ(health.size(), 3u);
  EXPECT_EQ(health[0].id, "rss");
  EXPECT_EQ(health[0].items_24h, 3);
  EXPECT_EQ(health[0].status, SourceStatus::kOk);
  EXPECT_EQ(*health[0].last_success_ms, kNow + 60'000);
}

TEST(Collector, HtmlListArticlesRespectRobots) {
  TestSite site;
  Collected got;
  CollectorOptions options;
  options.fetcher = FastOptions();
  options.state_dir = ::testing::TempDir() + "/collect_state_" + std::to_string(SteadyMs());
  auto collector = Collector::Create(
      {Spec("site", SourceKind::kHtml, site.Url("/news/list.shtml"))}, options, got.Callbacks());
  ASSERT_TRUE(collector.ok()) << collector.status().message();
  (*collector)->Poll(kNow);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].title, "法国全国大罢工再次严重影响交通");
  EXPECT_EQ(FormatIso8601(got.items[0].created_at), "2019-12-10T07:57:40+08:00");
  EXPECT_NE(got.items[0].text->find("新华社巴黎12月9日电"), std::string::npos);
  EXPECT_EQ(got.items[0].url, site.Url("/news/2019/12/10/c_1125328427.htm"));
  EXPECT_EQ(got.items[0].platform, Platform::kNews);
  EXPECT_TRUE(site.Log("/private/2019/12/10/c_1.htm").empty());
  // A second poll and a restarted collector fetch no article again.
  (*collector)->Poll(kNow + 60'000);
  auto restarted = Collector::Create(
      {Spec("site", SourceKind::kHtml, site.Url("/news/list.shtml"))}, options, got.Callbacks());
  ASSERT_TRUE(restarted.ok());
  (*restarted)->Poll(kNow + 120'000);
  EXPECT_EQ(got.items.size(), 2u);
  EXPECT_EQ(site.Log("/news/2019/12/10/c_1125328427.htm").size(), 1u);
  fs::remove_all(options.state_dir);
}

TEST(Collector, FailingSourceBacksOffAndNotifies) {
  TestSite site;
  Collected got;
  CollectorOptions options;
  options.fetcher = FastOptions();
  options.fetcher.max_attempts = 1;
  auto collector = Collector::Create({Spec("down", SourceKind::kRss, site.Url("/down.xml"))},
                                     options, got.Callbacks());
  ASSERT_TRUE(collector.ok());
  int64_t now = kNow;
  std::vector<int64_t> waits;
  for (int i = 0; i < 3; ++i) {
    const int64_t next = (*collector)->Poll(now);
    waits.push_back(next - now);
    now = next;
  }
  EXPECT_EQ(waits[0], 120'000);  // interval × 2^failures
  EXPECT_EQ(waits[1], 240'000);
  EXPECT_EQ(waits[2], 480'000);
  ASSERT_EQ(got.notices.size(), 1u);
  EXPECT_EQ(got.notices[0].status, SourceStatus::kFailing);
  const Status again = (*collector)->PollSource("down", now);
  EXPECT_NE(again.message().find("HTTP 503"), std::string::npos) << again.message();
  EXPECT_EQ((*collector)->PollSource("nope", now).code(), Status::Code::kNotFound);
  EXPECT_NE(got.notices[0].message.find("HTTP 503"), std::string::npos) << got.notices[0].message;
  const auto health = (*collector)->Health(now);
  EXPECT_EQ(health[0].status, SourceStatus::kFailing);
  EXPECT_DOUBLE_EQ(health[0].error_rate, 1.0);
  EXPECT_FALSE(health[0].last_success_ms.has_value());
  EXPECT_NE(health[0].last_error.find("503"), std::string::npos);
}

TEST(Collector, RejectsBadSpecs) {
  Collected got;
  EXPECT_FALSE(
      Collector::Create({Spec("a", SourceKind::kRss, "ftp://x/")}, {}, got.Callbacks()).ok());
  EXPECT_FALSE(Collector::Create({Spec("a", SourceKind::kRss, "http://x/"),
                                  Spec("a", SourceKind::kRss, "http://y/")},
                                 {}, got.Callbacks())
                   .ok());
  EXPECT_FALSE(Collector::Create({Spec("f", SourceKind::kFolder, "")}, {}, got.Callbacks()).ok());
}

TEST(Collector, WatchedFolder) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("inbox_" + std::to_string(SteadyMs()));
  fs::create_directories(dir);
  std::ofstream(dir / "a.jsonl")
      << R"({"id":"j1","created_at":"2026-11-30T10:00:00+08:00","text":"养老金"})"
         "\n"
      << R"({"id":"j2","created_at":"yesterday","text":"x"})"
         "\n"
      << R"({"id":"j3","created_at":"2026-11-30T10:01:00+08:00","text":"医保"})"
         "\n";
  std::ofstream(dir / "b.csv") << "id,created_at,text\n"
                               << "c1,2026-11-30T10:00:00+08:00,社保\n"
                               << "c2,,缺时间\n";
  std::ofstream(dir / "c.csv.part") << "half written";
  std::ofstream(dir / "d.csv") << "no,header,here\n1,2,3\n";
  Collected got;
  SourceSpec spec;
  spec.id = "drop";
  spec.kind = SourceKind::kFolder;
  spec.path = dir.string();
  auto collector = Collector::Create({spec}, {}, got.Callbacks());
  ASSERT_TRUE(collector.ok());
  (*collector)->Poll(kNow);
  ASSERT_EQ(got.items.size(), 3u);
  EXPECT_EQ(got.items[0].id, "j1");
  EXPECT_EQ(got.items[0].source_id, "drop");
  EXPECT_EQ(got.items[2].id, "c1");
  ASSERT_EQ(got.bad.size(), 3u);
  EXPECT_EQ(got.bad[0].Describe().rfind((dir / "a.jsonl").string() + ":2: created_at", 0), 0u)
      << got.bad[0].Describe();
  EXPECT_EQ(got.bad[1].Describe().rfind((dir / "b.csv").string() + ":3: created_at", 0), 0u)
      << got.bad[1].Describe();
  EXPECT_NE(got.bad[2].reason.find("header"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "done" / "a.jsonl"));
  EXPECT_TRUE(fs::exists(dir / "done" / "b.csv"));
  EXPECT_TRUE(fs::exists(dir / "failed" / "d.csv"));
  EXPECT_TRUE(fs::exists(dir / "c.csv.part"));  // not ours until renamed
  EXPECT_FALSE(fs::exists(dir / "a.jsonl"));
  // Nothing read twice.
  (*collector)->Poll(kNow + spec.interval_ms);
  EXPECT_EQ(got.items.size(), 3u);
  // A second file of an earlier name does not overwrite the first.
  std::ofstream(dir / "a.jsonl")
      << R"({"id":"j4","created_at":"2026-11-30T10:00:00+08:00","text":"新"})"
         "\n";
  (*collector)->Poll(kNow + 2 * spec.interval_ms);
  EXPECT_EQ(got.items.size(), 4u);
  EXPECT_TRUE(fs::exists(dir / "done" / "a.1.jsonl"));
  fs::remove_all(dir);
}

TEST(SourceHealth, StaleWhenQuietForThreeUsualGaps) {
  constexpr int64_t kHour = 3'600'000;
  SourceHealthTracker tracker(10 * 60'000);
  // Produces every 2 hours, polled every 10 minutes.
  int64_t t = kNow;
  for (int i = 0; i < 36; ++i, t += 10 * 60'000) {
    tracker.RecordPoll(t, true, i % 12 == 0 ? 5 : 0, "");
  }
  EXPECT_EQ(tracker.Status(t), SourceStatus::kOk);
  const int64_t last_item = kNow + 24 * 10 * 60'000;
  EXPECT_EQ(tracker.Status(last_item + 6 * kHour - 60'000), SourceStatus::kOk);
  EXPECT_EQ(tracker.Status(last_item + 6 * kHour + 60'000), SourceStatus::kStale);
  SourceHealth health;
  tracker.Fill(t, &health);
  EXPECT_EQ(health.items_24h, 15);
  EXPECT_EQ(health.error_rate, 0);
  // A source that never produced is not stale: there is no habit to miss.
  SourceHealthTracker quiet(60'000);
  quiet.RecordPoll(kNow, true, 0, "");
  EXPECT_EQ(quiet.Status(kNow + 100 * kHour), SourceStatus::kOk);
}

TEST(SourceHealth, UsualPerDayRange) {
  constexpr int64_t kDay = 86'400'000;
  SourceHealthTracker tracker(3'600'000);
  for (int day = 0; day < 5; ++day) {
    tracker.RecordPoll(kNow + day * kDay, true, static_cast<size_t>(10 + day), "");
  }
  tracker.RecordPoll(kNow + 5 * kDay, false, 0, "HTTP 500");
  SourceHealth health;
  tracker.Fill(kNow + 5 * kDay, &health);
  EXPECT_EQ(health.usual_per_day_lo, 10);
  EXPECT_EQ(health.usual_per_day_hi, 14);
  EXPECT_EQ(health.last_error, "HTTP 500");
  EXPECT_NEAR(health.error_rate, 1.0 / 6, 1e-9);
  EXPECT_EQ(health.status, SourceStatus::kOk);  // one failure is not failing
  health.id = "mohrss-news";
  health.name = "人社部";
  std::string json;
  AppendSourceHealthJson(health, &json);
  EXPECT_EQ(json,
            "{\"id\":\"mohrss-news\",\"kind\":\"rss\",\"name\":\"人社部\","
            "\"last_success_at\":\"2027-01-19T16:00:00+08:00\",\"last_error\":\"HTTP 500\","
            "\"error_rate\":0.16666666666666666,\"items_24h\":0,\"usual_per_day\":[10,14],"
            "\"status\":\"ok\"}");
}

}  // namespace
}  // namespace yuqing
