#include "server/http_api.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/dead_letter.h"
#include "core/time.h"
#include "server/service.h"

namespace yuqing {
namespace api {

void Reply(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(Dump(body), "application/json; charset=utf-8");
}

void Fail(httplib::Response& res, int status, const std::string& message) {
  Reply(res, status, {{"error", message}});
}

std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Result<std::optional<int64_t>> TimeParam(const httplib::Request& req, const char* name) {
  const std::string value = Param(req, name);
  if (value.empty()) return std::optional<int64_t>();
  if (value.find_first_not_of("0123456789") == std::string::npos && value.size() <= 15) {
    return std::optional<int64_t>(std::stoll(value));
  }
  auto parsed = ParseIso8601(value);
  if (!parsed.ok()) {
    return Status::InvalidInput(std::string(name) + ": not ISO 8601 or Unix milliseconds");
  }
  return std::optional<int64_t>(parsed->unix_ms);
}

Result<int64_t> IntParam(const httplib::Request& req, const char* name, int64_t fallback,
                         int64_t min, int64_t max) {
  const std::string value = Param(req, name);
  if (value.empty()) return fallback;
  if (value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidInput(std::string(name) + ": expected a whole number");
  }
  return std::clamp<int64_t>(std::stoll(value), min, max);
}

bool TooDeep(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

Result<nlohmann::json> Body(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  if (TooDeep(req.body)) return Status::InvalidInput("body: JSON nested too deeply");
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Status::InvalidInput("body: not valid JSON");
  if (!body.is_object()) return Status::InvalidInput("body: expected a JSON object");
  return body;
}

}  // namespace api

namespace {

thread_local std::chrono::steady_clock::time_point request_started;

// Bounded label values for /metrics: the route pattern, never the raw path.
std::string RouteOf(const std::string& path) {
  static const std::vector<std::pair<std::string, std::string>> kPrefixes = {
      {"/api/items/", "/api/items/{id}"},
      {"/api/incidents/", "/api/incidents/{id}"},
      {"/api/schemes/", "/api/schemes/{id}"},
      {"/static/", "/static"},
      {"/vendor/", "/vendor"},
  };
  for (const auto& [prefix, route] : kPrefixes) {
    if (path.starts_with(prefix)) return route;
  }
  static const std::vector<std::string> kExact = {"/",
                                                  "/healthz",
                                                  "/metrics",
                                                  "/api/login",
                                                  "/api/logout",
                                                  "/api/me",
                                                  "/api/items",
                                                  "/api/incidents",
                                                  "/api/users",
                                                  "/api/schemes",
                                                  "/api/units",
                                                  "/api/sources",
                                                  "/api/ingest",
                                                  "/api/events",
                                                  "/api/stats/volume",
                                                  "/api/stats/regions",
                                                  "/api/stats/hotwords",
                                                  "/api/stats/overview"};
  for (const std::string& route : kExact) {
    if (path == route) return route;
  }
  return "other";
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string cookies = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < cookies.size()) {
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    std::string_view pair(cookies.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::string ContentType(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

// Reads a file under `root` named by `relative`, refusing anything that would leave `root`
// (.., absolute paths, symlinks out): the dashboard's files only.
std::optional<std::string> ReadUnder(const std::filesystem::path& root,
                                     const std::string& relative) {
  if (relative.empty() || relative.find("..") != std::string::npos ||
      relative.find('\\') != std::string::npos || relative.find('\0') != std::string::npos ||
      relative.front() == '/') {
    return std::nullopt;
  }
  std::error_code ec;
  const auto base = std::filesystem::canonical(root, ec);
  if (ec) return std::nullopt;
  const auto full = std::filesystem::canonical(base / relative, ec);
  if (ec || !std::filesystem::is_regular_file(full, ec)) return std::nullopt;
  const std::string full_text = full.string(), base_text = base.string() + "/";
  if (!full_text.starts_with(base_text)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

HttpApi::HttpApi(Service& service, HttpOptions options)
    : service_(service),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {}

HttpApi::~HttpApi() { Stop(); }

Status HttpApi::Start() {
  const size_t threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_payload_max_length(64ULL << 20);
  server_->set_keep_alive_max_count(10'000);
  // Without it every answer waits for the client's delayed ACK: a 40 ms floor on latency
  // (bench_serve measured 44-48 ms for queries whose SQL takes 0.3-10 ms).
  server_->set_tcp_nodelay(true);
  server_->set_read_timeout(10);
  server_->set_write_timeout(10);
  Routes();
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
    if (port_ <= 0) return Status::IoError("cannot listen on " + options_.host);
  } else {
    if (!server_->bind_to_port(options_.host, options_.port)) {
      return Status::IoError("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + " (in use?)");
    }
    port_ = options_.port;
  }
  started_ms_ = ServiceClock::WallMs();
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return Status::Ok();
}

void HttpApi::Stop() {
  if (!thread_.joinable()) return;
  service_.events().Close();  // SSE streams end, so their threads come back
  server_->stop();
  thread_.join();
}

std::optional<Session> HttpApi::Authorise(const Request& req, Response& res, Role least) {
  auto session =
      service_.accounts().Authenticate(CookieValue(req, "yuqing_session"), ServiceClock::WallMs());
  if (!session) {
    api::Fail(res, 401, "请先登录");
    return std::nullopt;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    const std::string token = req.get_header_value("X-CSRF-Token");
    if (token.empty() || token != session->csrf_token) {
      api::Fail(res, 403, "CSRF token missing or wrong");
      return std::nullopt;
    }
  }
  // A one-time password opens nothing but the form that replaces it.
  if (session->user.must_change_password && req.path != "/api/me" &&
      req.path != "/api/me/password" && req.path != "/api/logout") {
    api::Fail(res, 403, "请先修改一次性密码");
    return std::nullopt;
  }
  if (static_cast<int>(session->user.role) < static_cast<int>(least)) {
    api::Fail(res, 403, "权限不足");
    return std::nullopt;
  }
  return session;
}

nlohmann::json HttpApi::UserJson(const UserRecord& user) const {
  const Unit* unit = service_.organisation().Find(user.unit_id);
  return {{"username", user.username},
          {"display_name", user.display_name},
          {"role", std::string(RoleName(user.role))},
          {"must_change_password", user.must_change_password},
          {"unit",
           {{"id", user.unit_id},
            {"name", unit != nullptr ? unit->name : user.unit_id},
            {"region_code", user.region_code},
            {"level", std::string(RegionLevel(user.region_code))}}}};
}

void HttpApi::Routes() {
  httplib::Server& s = *server_;
  s.set_pre_routing_handler([this](const Request&, Response& res) {
    request_started = std::chrono::steady_clock::now();
    // The service's clock (stream time during a demo), for the dashboard's countdowns.
    res.set_header("X-Yuqing-Now", std::to_string(service_.clock().NowMs()));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_logger([this](const Request& req, const Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - request_started).count();
    service_.metrics().ObserveRequest(RouteOf(req.path), res.status, seconds);
  });
  s.set_exception_handler([](const Request& req, Response& res, const std::exception_ptr& ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("serve: {} {}: {}", req.method, req.path, what);
    api::Fail(res, 500, "internal error");
  });
  s.set_error_handler([](const Request&, Response& res) {
    if (res.body.empty()) {
      api::Fail(res, res.status, res.status == 404 ? "not found" : "request refused");
    }
  });

  auto bind = [this](void (HttpApi::*handler)(const Request&, Response&)) {
    return [this, handler](const Request& req, Response& res) { (this->*handler)(req, res); };
  };
  s.Post("/api/login", bind(&HttpApi::Login));
  s.Post("/api/logout", bind(&HttpApi::Logout));
  s.Get("/api/me", bind(&HttpApi::Me));
  s.Post("/api/me/password", bind(&HttpApi::ChangePassword));
  s.Get("/api/users", bind(&HttpApi::ListUsers));
  s.Post("/api/users", bind(&HttpApi::AddUser));
  s.Get("/api/items", bind(&HttpApi::SearchItems));
  s.Get(R"(/api/items/([^/]+))", bind(&HttpApi::GetItem));
  s.Get("/api/incidents", bind(&HttpApi::ListIncidents));
  s.Get(R"(/api/incidents/([^/]+))", bind(&HttpApi::GetIncident));
  s.Post(R"(/api/incidents/([^/]+)/([a-z]+))", bind(&HttpApi::IncidentAction));
  s.Get("/api/stats/overview", bind(&HttpApi::Overview));
  s.Get("/api/stats/volume", bind(&HttpApi::Volume));
  s.Get("/api/stats/regions", bind(&HttpApi::RegionStats));
  s.Get("/api/stats/hotwords", bind(&HttpApi::HotWords));
  s.Get("/api/schemes", bind(&HttpApi::ListSchemes));
  s.Post("/api/schemes/dry-run", bind(&HttpApi::DryRunScheme));
  s.Put(R"(/api/schemes/([a-z0-9_]{1,64}))", bind(&HttpApi::EditScheme));
  s.Get("/api/units", bind(&HttpApi::ListUnits));
  s.Get("/api/sources", bind(&HttpApi::ListSources));
  s.Post("/api/ingest",
         [this](const Request& req, Response& res, const httplib::ContentReader& read) {
           constexpr size_t kMaxBody = 64ULL << 20;
           std::string body;
           bool too_large = false;
           read([&](const char* data, size_t length) {
             if (body.size() + length > kMaxBody) {
               too_large = true;
               return false;
             }
             body.append(data, length);
             return true;
           });
           if (too_large) return api::Fail(res, 413, "at most 64 MiB per request");
           Ingest(req, res, body);
         });
  s.Get("/api/events", bind(&HttpApi::Events));

  s.Get("/healthz", [this](const Request&, Response& res) {
    api::Reply(res, 200,
               {{"status", "ok"},
                {"items_total", service_.metrics().items_total()},
                {"items_stored", service_.metrics().items_stored()},
                {"uptime_s", (ServiceClock::WallMs() - started_ms_) / 1000}});
  });
  s.Get("/metrics", [this](const Request&, Response& res) {
    res.set_content(service_.metrics().Render(), "text/plain; version=0.0.4; charset=utf-8");
  });

  // The dashboard: index.html at /, its files under /static/, two files from node_modules.
  auto serve_file = [](Response& res, const std::filesystem::path& root,
                       const std::string& relative) {
    auto bytes = ReadUnder(root, relative);
    if (!bytes) {
      api::Fail(res, 404, "not found");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_content(*bytes, ContentType(relative));
  };
  s.Get("/", [this, serve_file](const Request&, Response& res) {
    serve_file(res, options_.web_dir, "index.html");
  });
  s.Get(R"(/static/(.+))", [this, serve_file](const Request& req, Response& res) {
    serve_file(res, options_.web_dir, req.matches[1].str());
  });
  s.Get("/vendor/echarts.esm.min.js", [this, serve_file](const Request&, Response& res) {
    serve_file(res, options_.node_modules_dir, "echarts/dist/echarts.esm.min.js");
  });
  s.Get("/vendor/china.json", [this, serve_file](const Request&, Response& res) {
    serve_file(res, options_.node_modules_dir, "echarts4-map/map/json/china.json");
  });
}

}  // namespace yuqing
