// `yuqing serve` under hostile input (issue 9): injection and traversal payloads in every
// parameter, CSRF, a login flood, and the session cookie. The server must answer every request
// without a 5xx, stay up, never show a file of the host or data outside the user's jurisdiction,
// and lose nothing.
#include <set>

#include "serve_fixture.h"

namespace yuqing::serve_e2e {
namespace {

// A JSON value for a failure message (invalid UTF-8 replaced: dump() would throw).
std::string Show(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 40);
}

// What an attacker types into a field.
std::vector<std::string> Payloads() {
  return {"' OR '1'='1",
          "\"; DROP TABLE items; --",
          "1) OR 1=1--",
          "../../../../etc/passwd",
          "..%2f..%2fetc%2fpasswd",
          "%00",
          std::string("a\0b", 3),
          std::string(100'000, 'x'),
          std::string(20'000, '"') + "社保",
          "\xff\xfe\xc3\x28 \xed\xa0\x80",  // invalid UTF-8 (and a lone surrogate)
          "*",
          "NEAR(",
          "\"",
          "社保 OR \" NEAR/5 (",
          "510104' OR 1=1 --",
          "-1",
          "99999999999999999999",
          "<script>alert(1)</script>"};
}

// JSON values of the wrong type for a field that expects a string (or a boolean, a number).
std::vector<json> Confusions() {
  return {json(12345),
          json(-1.5e308),
          json::array({1, "a"}),
          json{{"a", {{"b", json::array()}}}},
          json(nullptr),
          json(true),
          json("")};
}

class ServeSecurity : public ServeFixture {
 protected:
  void SetUp() override {
    ServeFixture::SetUp();
    if (HasFatalFailure()) return;
    admin_ = Admin();
    // Items in the county 510104, elsewhere in 四川, and in 广州 (which the county must never see).
    const int64_t t = NowS() - 900;
    Reply in = IngestItems({Item("jj-1", "成都市锦江区社保局窗口排长队，养老金认证太难了", t),
                            Item("jj-2", "成都市锦江区社保卡补办要跑三次", t + 60),
                            Item("wh-1", "成都市武侯区医保报销难", t + 120),
                            Item("th-1", "广州市天河区养老保险社保缴费基数调整", t + 180),
                            Item("th-2", "广州市天河区社保局窗口排队", t + 240)});
    ASSERT_EQ(in.status, 200) << in.body;
    ASSERT_TRUE(WaitStored({"jj-1", "jj-2", "wh-1", "th-1", "th-2"}, admin_));
  }

  // No 5xx, no answer-less request, no host file and no foreign item in the answer.
  void Check(const Reply& reply, const std::string& what) {
    ++requests_;
    EXPECT_NE(reply.status, 0) << what << ": no answer";
    EXPECT_LT(reply.status, 500) << what << " → " << reply.status << " "
                                 << reply.body.substr(0, 300);
    EXPECT_EQ(reply.body.find("root:x:0:0"), std::string::npos) << what;
    if (foreign_) {
      EXPECT_EQ(reply.body.find("天河"), std::string::npos)
          << what << " leaked: " << reply.body.substr(0, 300);
      EXPECT_EQ(reply.body.find("th-1"), std::string::npos) << what;
    }
  }

  Session admin_;
  bool foreign_ = false;  // whether the current session must not see 广州
  int requests_ = 0;
};

TEST_F(ServeSecurity, InjectionAndTraversalPayloadsInEveryParameter) {
  const Session county = AddUser(admin_, "jinjiang", "operator", "510104");
  const Session province = AddUser(admin_, "sichuan", "admin", "510000");
  const int64_t items_before = Total("", admin_);
  ASSERT_EQ(items_before, 5);

  // Query parameters of every GET endpoint, as the county operator.
  const std::vector<std::pair<std::string, std::vector<std::string>>> gets = {
      {"/api/items",
       {"q", "from", "to", "scheme", "region", "sentiment", "platform", "source_class", "story",
        "limit", "offset"}},
      {"/api/incidents", {"state", "grade", "limit"}},
      {"/api/stats/overview", {"from"}},
      {"/api/stats/volume", {"interval", "by", "from", "to"}},
      {"/api/stats/regions", {"parent", "from", "to"}},
      {"/api/stats/hotwords", {"limit", "from", "to"}},
      {"/api/schemes", {"id"}},
      {"/api/sources", {"id"}},
      {"/api/users", {"unit"}},
      {"/api/me", {"x"}},
  };
  foreign_ = true;
  for (const auto& [path, params] : gets) {
    for (const std::string& param : params) {
      for (const std::string& payload : Payloads()) {
        Check(Get(path + "?" + param + "=" + UrlEncode(payload), &county),
              "GET " + path + " " + param + "=" + payload.substr(0, 40));
        // The same payload after a harmless value of the same name (short ones: time).
        if (payload.size() > 1000) continue;
        Check(Get(path + "?" + param + "=1&" + param + "=" + UrlEncode(payload) +
                      "&q=" + UrlEncode("社保"),
                  &county),
              "GET " + path + " twice " + param);
      }
    }
    ASSERT_TRUE(Healthy()) << "server down after " << path;
  }
  // Ids in the path.
  for (const std::string& payload : Payloads()) {
    if (payload.size() > 4000) continue;  // a 100 kB path is refused by the HTTP layer: below
    for (const std::string prefix : {"/api/items/", "/api/incidents/"}) {
      Check(Get(prefix + UrlEncode(payload), &county), "GET " + prefix + payload.substr(0, 40));
    }
    Check(Post("/api/incidents/" + UrlEncode(payload) + "/ack", "{}", &county),
          "POST incident id " + payload.substr(0, 40));
  }
  Check(Get("/api/items/" + std::string(100'000, 'a'), &county), "GET a 100 kB item id");
  ASSERT_TRUE(Healthy());

  // JSON body fields: every string field with every payload and every wrong type.
  struct BodyCase {
    std::string path;
    const Session* session;
    json base;
  };
  const std::vector<BodyCase> bodies = {
      {"/api/schemes/dry-run", &county, {{"expression", "社保"}, {"limit", 5}}},
      {"/api/users",
       &province,
       {{"username", "u"},
        {"display_name", "d"},
        {"password", "password-123"},
        {"role", "viewer"},
        {"unit_id", "510104"}}},
      {"/api/incidents/inc-jj-1/note", &county, {{"text", "备注"}}},
      {"/api/incidents/inc-jj-1/assign", &county, {{"assignee", "wang"}}},
      {"/api/incidents/inc-jj-1/report", &county, {{"kind", "initial"}, {"text", "初报"}}},
      {"/api/incidents/inc-jj-1/close", &county, {{"reason", "r"}}},
      {"/api/incidents/inc-jj-1/emergency", &county, {{"on", true}}},
  };
  int user_serial = 0;
  for (const BodyCase& c : bodies) {
    for (const auto& [field, value] : c.base.items()) {
      std::vector<json> values;
      for (const std::string& payload : Payloads()) values.emplace_back(payload);
      for (const json& confusion : Confusions()) values.push_back(confusion);
      for (const json& v : values) {
        // A user that can be made costs an Argon2id hash: only the SQL, traversal and byte
        // payloads there, to keep the test's time reasonable.
        if (c.path == "/api/users" && v.is_string() &&
            (v.get<std::string>().size() > 1000 ||
             v.get<std::string>().find_first_of("'\"./%\xff") == std::string::npos) &&
            !v.get<std::string>().empty()) {
          continue;
        }
        json body = c.base;
        body[field] = v;
        // Distinct user names, so that the other fields are really tried.
        if (c.path == "/api/users" && field != "username") {
          body["username"] = "fuzz" + std::to_string(++user_serial);
        }
        Check(Post(c.path, body.dump(-1, ' ', false, json::error_handler_t::replace), c.session),
              "POST " + c.path + " " + field + "=" + Show(v));
      }
    }
    // Bodies that are no object at all.
    for (const std::string raw : {"[]", "\"x\"", "12", "null", "{", "{\"a\":", "\xff\xfe"}) {
      Check(Post(c.path, raw, c.session), "POST " + c.path + " body " + raw);
    }
    ASSERT_TRUE(Healthy()) << "server down after " << c.path;
  }
  foreign_ = false;

  // Ingest: payloads in every field of an item; an accepted item is stored as data, never run.
  int64_t accepted = 0;
  int serial = 0;
  for (const std::string field :
       {"id", "text", "platform", "created_at", "parent_id", "author_location", "url", "author"}) {
    std::vector<json> items;
    std::vector<json> values;
    for (const std::string& payload : Payloads()) values.emplace_back(payload);
    for (const json& confusion : Confusions()) values.push_back(confusion);
    for (const json& v : values) {
      json item = Item("fz-" + std::to_string(++serial), "社保 fuzz", NowS() - 60);
      item[field] = v;
      items.push_back(item);
    }
    Reply in = Ingest(json(items).dump(-1, ' ', false, json::error_handler_t::replace));
    Check(in, "POST /api/ingest " + field);
    accepted += in.Json().value("accepted", 0);
  }
  Check(Ingest("\xff\xfe{\"id\":1}\n[1,2]\n{\"id\":{\"$gt\":\"\"}}\n"), "POST /api/ingest raw");
  Check(Ingest(std::string(100'000, '[')), "POST /api/ingest deep nesting");
  ASSERT_TRUE(Healthy());
  // Nothing was dropped, and only the accepted fuzz items were added.
  EXPECT_TRUE(WaitFor([&] { return Total("", admin_) >= items_before + accepted; }, 30))
      << Total("", admin_) << " items, expected " << items_before + accepted;
  EXPECT_EQ(Total("", admin_), items_before + accepted);
  for (const char* id : {"jj-1", "jj-2", "wh-1", "th-1", "th-2"}) {
    EXPECT_EQ(Get(std::string("/api/items/") + id, &admin_).status, 200) << id;
  }
  EXPECT_EQ(Total("", county), 2);
  EXPECT_EQ(Get("/api/users", &admin_).Json()["users"].size() >= 3, true);

  // Login last: its failures rate-limit the address.
  for (const std::string& payload : Payloads()) {
    Check(Post("/api/login",
               json{{"username", payload}, {"password", "x"}}.dump(-1, ' ', false,
                                                                   json::error_handler_t::replace),
               nullptr),
          "POST /api/login username");
    Check(Post("/api/login",
               json{{"username", "admin"}, {"password", payload}}.dump(
                   -1, ' ', false, json::error_handler_t::replace),
               nullptr),
          "POST /api/login password");
  }
  for (const json& confusion : Confusions()) {
    Check(
        Post("/api/login", json{{"username", confusion}, {"password", confusion}}.dump(), nullptr),
        "POST /api/login " + Show(confusion));
  }
  EXPECT_TRUE(Healthy());
  EXPECT_GT(requests_, 1000);
}

TEST_F(ServeSecurity, StaticPathsNeverLeaveTheDashboard) {
  for (const std::string path :
       {"/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
        "/static/..%2f..%2fsrc/server/http_api.cc", "/static/%2e%2e/README.md",
        "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%5c..%5cREADME.md", "/static//etc/passwd",
        "/static/%2fetc%2fpasswd", "/static/js/../../README.md",
        "/static/js/%2e%2e/%2e%2e/src/server/http_api.cc", "/static/index.html%00.js",
        "/vendor/../README.md", "/vendor/echarts.esm.min.js/../../../etc/passwd",
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd"}) {
    Reply reply = Get(path);
    EXPECT_NE(reply.status, 0) << path;
    EXPECT_NE(reply.status, 200) << path << " served " << reply.body.substr(0, 200);
    EXPECT_LT(reply.status, 500) << path;
    EXPECT_EQ(reply.body.find("root:x:0:0"), std::string::npos) << path;
    EXPECT_EQ(reply.body.find("#include"), std::string::npos) << path;
    EXPECT_EQ(reply.body.find("# yuqing"), std::string::npos) << path;
  }
  EXPECT_TRUE(Healthy());
}

// A burst of reposts: an incident to act on.
std::vector<json> Burst(int64_t start) {
  const std::string text = "成都市锦江区社保局养老金停发，退休职工聚集讨说法";
  json root = Item("b-root", text, start);
  root["author_followers"] = 2'500'000;
  root["author_location"] = "四川 成都";
  std::vector<json> items = {root};
  for (int i = 0; i < 100; ++i) {
    json repost = Item("b-r" + std::to_string(i), i % 3 == 0 ? "转发微博" : "转发：" + text,
                       start + 10 + i * 3);
    repost["parent_id"] = "b-root";
    items.push_back(repost);
  }
  return items;
}

TEST_F(ServeSecurity, PostsWithoutTheSessionsCsrfTokenChangeNothing) {
  ASSERT_EQ(IngestItems(Burst(NowS() - 600)).status, 200);
  std::string id;
  ASSERT_TRUE(WaitFor(
      [&] {
        Reply list = Get("/api/incidents", &admin_);
        if (list.Json().is_discarded() || list.Json()["incidents"].empty()) return false;
        id = list.Json()["incidents"][0].value("id", "");
        return true;
      },
      30))
      << "no incident within 30 s";
  const std::string path = "/api/incidents/" + UrlEncode(id);
  const Session other = AddUser(admin_, "jinjiang", "operator", "510104");
  const std::string before = Get(path, &admin_).Json().dump();
  const size_t users_before = Get("/api/users", &admin_).Json()["users"].size();

  const std::string none, wrong = "0123456789abcdef0123456789abcdef";
  for (const std::string* token : {&none, &wrong, &other.csrf}) {
    const std::string what = *token == none    ? "no token"
                             : *token == wrong ? "a wrong token"
                                               : "another session's token";
    for (const auto& [action, body] :
         std::vector<std::pair<std::string, std::string>>{{"ack", "{}"},
                                                          {"note", R"({"text":"伪造"})"},
                                                          {"assign", R"({"assignee":"mallory"})"},
                                                          {"emergency", R"({"on":true})"}}) {
      Reply reply = Post(path + "/" + action, body, &admin_, token);
      EXPECT_EQ(reply.status, 403) << action << " with " << what << ": " << reply.body;
    }
    Reply user = Post(
        "/api/users",
        R"({"username":"mallory","password":"password-123","role":"admin","unit_id":"000000"})",
        &admin_, token);
    EXPECT_EQ(user.status, 403) << "POST /api/users with " << what;
    Reply dry = Post("/api/schemes/dry-run", R"({"expression":"社保"})", &admin_, token);
    EXPECT_EQ(dry.status, 403) << "dry-run with " << what;
    Reply logout = Post("/api/logout", "{}", &admin_, token);
    EXPECT_EQ(logout.status, 403) << "logout with " << what;
  }
  // Nothing changed: the same incident (state, notes, audit) and users; the session still works.
  json after = Get(path, &admin_).Json();
  json then = json::parse(before);
  for (json* view : {&after, &then}) {
    view->erase("now");
    for (json& deadline : (*view)["deadlines"]) deadline.erase("missed");
  }
  EXPECT_EQ(after["audit"], then["audit"]);
  EXPECT_EQ(after.value("state", ""), "new");
  EXPECT_TRUE(after["notes"].empty()) << after["notes"].dump();
  EXPECT_EQ(after.value("assignee", ""), "");
  EXPECT_FALSE(after.value("emergency", true));
  EXPECT_EQ(Get("/api/users", &admin_).Json()["users"].size(), users_before);
  EXPECT_EQ(Get("/api/me", &admin_).status, 200);
  // The right token works.
  EXPECT_EQ(Post(path + "/ack", "{}", &admin_).status, 200);
}

TEST_F(ServeSecurity, LoginFloodIsLimitedAndCookiesAreStrict) {
  // The cookie: not readable by scripts, not sent cross-site.
  EXPECT_NE(admin_.set_cookie.find("HttpOnly"), std::string::npos) << admin_.set_cookie;
  EXPECT_NE(admin_.set_cookie.find("SameSite=Strict"), std::string::npos) << admin_.set_cookie;
  EXPECT_NE(admin_.set_cookie.find("Path=/"), std::string::npos) << admin_.set_cookie;
  const Session other = AddUser(admin_, "jinjiang", "operator", "510104");
  (void)other;

  int limited = 0, first_limited = -1;
  std::string retry_after;
  for (int i = 0; i < 50; ++i) {
    Reply reply = Post(
        "/api/login",
        json{{"username", "admin"}, {"password", "guess-" + std::to_string(i)}}.dump(), nullptr);
    ASSERT_TRUE(reply.status == 401 || reply.status == 429) << i << ": " << reply.status;
    if (reply.status == 429) {
      ++limited;
      if (first_limited < 0) first_limited = i;
      retry_after = reply.Header("Retry-After");
    }
  }
  EXPECT_GE(limited, 40) << "limited from attempt " << first_limited;
  EXPECT_GT(first_limited, 0);
  EXPECT_LE(first_limited, 10);
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GT(std::stoi(retry_after), 0);

  // The right password is refused while limited.
  Reply right =
      Post("/api/login", json{{"username", "admin"}, {"password", kAdminPassword}}.dump(), nullptr);
  EXPECT_EQ(right.status, 429) << right.body;
  // The server stays responsive, and sessions made before still work.
  EXPECT_TRUE(Healthy());
  EXPECT_EQ(Get("/api/me", &admin_).status, 200);
  EXPECT_EQ(Get("/api/items?q=" + UrlEncode("社保"), &admin_).status, 200);
  // Another user is not locked out by a flood against admin.
  Reply jinjiang =
      Post("/api/login", json{{"username", "jinjiang"}, {"password", "jinjiang-password"}}.dump(),
           nullptr);
  EXPECT_EQ(jinjiang.status, 200)
      << "BUG: a flood of wrong passwords for one user from an address locks every user of that "
         "address out (the per-address limit equals the per-user one): "
      << jinjiang.status << " " << jinjiang.body;
}

// A token holder's body nested 100,000 deep: a 400 or a rejection, never a crash (a crashed
// server drops every connection and every acknowledged-but-unanalysed item waits for a restart).
TEST_F(ServeSecurity, DeeplyNestedIngestBodyDoesNotCrashTheServer) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  Reply reply = Ingest(deep);
  EXPECT_NE(reply.status, 0)
      << "BUG: POST /api/ingest with [[[…]]] nested 100,000 deep: no "
         "answer (the server crashed; likely a stack overflow in the recursive JSON handling)";
  EXPECT_LT(reply.status, 500) << reply.body;
  EXPECT_TRUE(WaitFor([&] { return server_->Alive(); }, 1) && Healthy())
      << "BUG: yuqing serve died on POST /api/ingest with a deeply nested JSON array";
  if (!server_->Alive()) {
    ASSERT_TRUE(server_->Start());
  }
  const std::string item =
      R"({"id":"deep-1","platform":"weibo","created_at":"2026-12-01T07:00:00+08:00","text":"社保","x":)" +
      deep + "}";
  Reply jsonl = Ingest(item, kIngestToken, "application/x-ndjson");
  EXPECT_EQ(jsonl.status, 200) << jsonl.body;
  EXPECT_EQ(jsonl.Json()["rejected"].size(), 1u) << jsonl.body;
  EXPECT_TRUE(Healthy());
}

}  // namespace
}  // namespace yuqing::serve_e2e
