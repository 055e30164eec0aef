// Accounts, schemes, sources, ingest and live events (docs/api.md).
#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/dead_letter.h"
#include "core/item_jsonl.h"
#include "server/api_json.h"
#include "server/http_api.h"
#include "server/service.h"

namespace yuqing {
namespace {

using nlohmann::json;

std::string Text(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

constexpr size_t kMaxLiveClients = 16;

}  // namespace

void HttpApi::Login(const Request& req, Response& res) {
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  const std::string username = Text(*body, "username");
  const std::string password = Text(*body, "password");
  if (username.empty() || password.empty() || username.size() > 64) {
    return api::Fail(res, 400, "username and password: required");
  }
  auto result =
      service_.accounts().Login(username, password, req.remote_addr, ServiceClock::WallMs());
  switch (result.outcome) {
    case Accounts::LoginOutcome::kRateLimited:
      res.set_header("Retry-After", std::to_string(result.retry_after_s));
      return api::Fail(res, 429, "登录失败次数过多，请稍后再试");
    case Accounts::LoginOutcome::kWrongCredentials:
      return api::Fail(res, 401, "用户名或密码错误");
    case Accounts::LoginOutcome::kOk:
      break;
  }
  res.set_header("Set-Cookie", "yuqing_session=" + result.session_token +
                                   "; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
  api::Reply(res, 200,
             {{"user", UserJson(result.session.user)}, {"csrf_token", result.session.csrf_token}});
}

void HttpApi::Logout(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  const std::string cookies = req.get_header_value("Cookie");
  const size_t at = cookies.find("yuqing_session=");
  if (at != std::string::npos) {
    service_.accounts().Logout(cookies.substr(at + 15, 64));
  }
  res.set_header("Set-Cookie", "yuqing_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  res.status = 204;
}

void HttpApi::Me(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  api::Reply(res, 200, {{"user", UserJson(session->user)}, {"csrf_token", session->csrf_token}});
}

void HttpApi::ChangePassword(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  const std::string old_password = Text(*body, "old_password");
  auto check = service_.accounts().Login(session->user.username, old_password, req.remote_addr,
                                         ServiceClock::WallMs());
  if (check.outcome != Accounts::LoginOutcome::kOk) return api::Fail(res, 403, "原密码错误");
  service_.accounts().Logout(check.session_token);
  if (Status s =
          service_.accounts().SetPassword(session->user.username, Text(*body, "new_password"));
      !s.ok()) {
    return api::Fail(res, 400, s.message());
  }
  res.status = 204;
}

void HttpApi::ListUsers(const Request& req, Response& res) {
  auto session = Authorise(req, res, Role::kAdmin);
  if (!session) return;
  auto users = service_.accounts().Users();
  if (!users.ok()) return api::Fail(res, 500, users.status().message());
  json list = json::array();
  for (const UserRecord& user : *users) {
    if (WithinJurisdiction(session->user.region_code, user.region_code)) {
      list.push_back(UserJson(user));
    }
  }
  api::Reply(res, 200, {{"users", std::move(list)}});
}

void HttpApi::AddUser(const Request& req, Response& res) {
  auto session = Authorise(req, res, Role::kAdmin);
  if (!session) return;
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  const Unit* unit = service_.organisation().Find(Text(*body, "unit_id"));
  if (unit == nullptr || !WithinJurisdiction(session->user.region_code, unit->region_code)) {
    return api::Fail(res, 400, "unit_id: no such unit in your jurisdiction");
  }
  auto role = ParseRole(Text(*body, "role"));
  if (!role) return api::Fail(res, 400, "role: viewer, operator or admin");
  UserRecord user{.username = Text(*body, "username"),
                  .display_name = Text(*body, "display_name"),
                  .role = *role,
                  .unit_id = unit->id,
                  .region_code = unit->region_code};
  if (Status s = service_.accounts().AddUser(user, Text(*body, "password"), ServiceClock::WallMs());
      !s.ok()) {
    return api::Fail(res, 400, s.message());
  }
  api::Reply(res, 201, UserJson(user));
}

void HttpApi::ListSchemes(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  json list = json::array();
  for (const SchemeView& scheme : service_.Schemes()) {
    list.push_back({{"id", scheme.id},
                    {"name", scheme.name},
                    {"expression", scheme.expression},
                    {"builtin", scheme.builtin},
                    {"enabled", true}});
  }
  api::Reply(res, 200, {{"schemes", std::move(list)}});
}

void HttpApi::DryRunScheme(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  const std::string expression = Text(*body, "expression");
  if (expression.empty() || expression.size() > 4000) {
    return api::Fail(res, 400, "expression: 1 to 4000 bytes");
  }
  int limit = 10;
  if (auto it = body->find("limit"); it != body->end()) {
    if (!it->is_number_integer()) return api::Fail(res, 400, "limit: a whole number");
    limit = static_cast<int>(std::clamp<int64_t>(it->get<int64_t>(), 1, 50));
  }
  auto result = service_.DryRun(expression, JurisdictionOf(session->user.region_code), limit);
  if (!result.ok()) return api::Fail(res, 500, result.status().message());
  api::Reply(res, 200, *result);
}

void HttpApi::EditScheme(const Request& req, Response& res) {
  auto session = Authorise(req, res, Role::kAdmin);
  if (!session) return;
  // Schemes apply to the whole pipeline, every jurisdiction: only the national unit's admins
  // change them (a province asks the centre, or adds its own through the configuration).
  if (RegionLevel(session->user.region_code) != "national") {
    return api::Fail(res, 403, "只有国家级管理员可以修改监测方案");
  }
  auto body = api::Body(req);
  if (!body.ok()) return api::Fail(res, 400, body.status().message());
  const std::string expression = Text(*body, "expression");
  if (expression.empty() || expression.size() > 4000) {
    return api::Fail(res, 400, "expression: 1 to 4000 bytes");
  }
  auto enabled = body->find("enabled");
  if (enabled != body->end() && !enabled->is_boolean()) {
    return api::Fail(res, 400, "enabled: true or false");
  }
  const std::string id = req.matches[1].str();
  Status status =
      service_.EditScheme(id, Text(*body, "name"), expression,
                          enabled == body->end() || enabled->get<bool>(), session->user.username);
  if (!status.ok()) {
    return api::Fail(res, status.code() == Status::Code::kInvalidInput ? 400 : 500,
                     status.message());
  }
  for (const SchemeView& scheme : service_.Schemes()) {
    if (scheme.id == id) {
      return api::Reply(res, 200,
                        {{"id", scheme.id},
                         {"name", scheme.name},
                         {"expression", scheme.expression},
                         {"builtin", scheme.builtin},
                         {"enabled", true}});
    }
  }
  api::Reply(res, 200, {{"id", id}, {"enabled", false}});
}

void HttpApi::ListUnits(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  // The units of the jurisdiction, for choosing a new user's unit; at most the levels a
  // dashboard can list (a national admin gets provinces and cities: ask with ?parent=CODE).
  const std::string parent = api::Param(req, "parent");
  json list = json::array();
  for (const Unit& unit : service_.organisation().units()) {
    if (!WithinJurisdiction(session->user.region_code, unit.region_code)) continue;
    if (!parent.empty()) {
      const Unit* up = service_.organisation().Parent(unit);
      if (up == nullptr || up->id != parent) continue;
    } else if (RegionLevel(unit.region_code) == "county" &&
               RegionLevel(session->user.region_code) != "city" &&
               unit.region_code != session->user.region_code) {
      continue;
    }
    list.push_back({{"id", unit.id},
                    {"name", unit.name},
                    {"region_code", unit.region_code},
                    {"level", std::string(RegionLevel(unit.region_code))}});
  }
  api::Reply(res, 200, {{"units", std::move(list)}});
}

void HttpApi::ListSources(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  api::Reply(res, 200,
             {{"sources", service_.SourcesJson()}, {"notices", service_.SourceNotices()}});
}

void HttpApi::Ingest(const Request& req, Response& res, const std::string& body) {
  const std::string authorization = req.get_header_value("Authorization");
  bool allowed = false;
  if (authorization.starts_with("Bearer ")) {
    const std::string token = authorization.substr(7);
    for (const std::string& known : options_.ingest_tokens) {
      // Constant time: the comparison must not tell how much of a guess was right.
      if (known.size() == token.size() &&
          sodium_memcmp(known.data(), token.data(), known.size()) == 0) {
        allowed = true;
      }
    }
  }
  if (!allowed) {
    res.set_header("WWW-Authenticate", "Bearer");
    return api::Fail(res, 401, "ingest token missing or wrong");
  }
  // A JSON array of items, or JSON Lines.
  std::vector<std::string> records;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '[') {
    if (api::TooDeep(body)) return api::Fail(res, 400, "body: JSON nested too deeply");
    json array = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!array.is_array()) return api::Fail(res, 400, "body: a JSON array that does not parse");
    for (const json& record : array) records.push_back(api::Dump(record));
  } else {
    size_t pos = 0;
    while (pos < body.size()) {
      size_t end = body.find('\n', pos);
      if (end == std::string::npos) end = body.size();
      std::string line = body.substr(pos, end - pos);
      pos = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      records.push_back(std::move(line));
    }
  }
  if (records.size() > 50'000) return api::Fail(res, 413, "at most 50,000 items per request");
  ItemParser parser;
  std::vector<InboxEntry> entries;
  std::vector<size_t> entry_index;
  json rejected = json::array();
  for (size_t i = 0; i < records.size(); ++i) {
    Item item;
    if (Status s = parser.Parse(records[i], &item); !s.ok()) {
      rejected.push_back({{"index", i}, {"error", s.message()}});
      std::lock_guard lock(dead_letter_mutex_);
      if (!ingest_dead_letters_) {
        ingest_dead_letters_ = std::make_unique<DeadLetterFile>(
            DeadLetterFile::DefaultPath(service_.data_dir(), "ingest"));
      }
      BadRecord bad{.source = "POST /api/ingest from " + req.remote_addr,
                    .line = i + 1,
                    .reason = s.message(),
                    .record = records[i].substr(0, 1 << 20)};
      (void)ingest_dead_letters_->Add(bad, "ingest");
      continue;
    }
    // What is stored is the record as it came; the pipeline parses it again.
    entries.push_back({.id = item.id, .source = "ingest", .json = std::move(records[i])});
    entry_index.push_back(i);
  }
  auto taken = service_.Ingest(entries);
  if (!taken.ok()) {
    // Nothing was acknowledged: the sender must retry the whole batch.
    return api::Fail(res, 503, "store unavailable, retry: " + taken.status().message());
  }
  size_t accepted = 0;
  for (bool fresh : *taken) accepted += fresh ? 1 : 0;
  api::Reply(res, 200,
             {{"accepted", accepted},
              {"duplicates", entries.size() - accepted},
              {"rejected", std::move(rejected)}});
}

void HttpApi::Events(const Request& req, Response& res) {
  auto session = Authorise(req, res);
  if (!session) return;
  if (service_.events().subscribers() >= kMaxLiveClients) {
    return api::Fail(res, 503, "too many live connections");
  }
  auto subscription = service_.events().Subscribe();
  const std::string region_code = session->user.region_code;
  res.set_header("Cache-Control", "no-cache");
  res.set_chunked_content_provider(
      "text/event-stream",
      [subscription, region_code](size_t, httplib::DataSink& sink) {
        auto event = subscription->Next(15'000);
        if (subscription->closed()) {
          sink.done();
          return false;
        }
        std::string message;
        if (!event) {
          message = ": keep-alive\n\n";  // also finds out whether the client is still there
        } else {
          bool visible = RegionLevel(region_code) == "national";
          for (const std::string& code : event->region_codes) {
            visible = visible || WithinJurisdiction(region_code, code);
          }
          if (!visible) return true;
          message = "event: " + event->type + "\ndata: " + event->json + "\n\n";
        }
        return sink.write(message.data(), message.size());
      },
      [this, subscription](bool) { service_.events().Unsubscribe(subscription); });
}

}  // namespace yuqing
