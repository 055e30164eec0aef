// The HTTP face of the service (docs/api.md): the JSON API, the dashboard's files, /healthz and
// /metrics, on cpp-httplib. Every API answer is filtered by the session's jurisdiction on the
// server; something outside it answers 404, as if it did not exist.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "server/accounts.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace yuqing {

class DeadLetterFile;
class Service;

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                         // 0: any free port (tests read port())
  std::string web_dir;                     // the dashboard's files (web/)
  std::string node_modules_dir;            // echarts and the China map come from here
  std::vector<std::string> ingest_tokens;  // Bearer tokens POST /api/ingest accepts
  size_t threads = 48;                     // connections served at once (SSE holds one each)
};

class HttpApi {
 public:
  HttpApi(Service& service, HttpOptions options);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds and starts serving on a thread. An address in use is an error naming it.
  Status Start();
  void Stop();
  int port() const { return port_; }

 private:
  using Request = httplib::Request;
  using Response = httplib::Response;

  void Routes();
  // Answers 401 and returns nothing without a valid session; 403 for a POST/PUT/DELETE
  // without its CSRF token; 403 when the role is below `least`.
  std::optional<Session> Authorise(const Request& req, Response& res, Role least = Role::kViewer);

  // api_items.cc
  void SearchItems(const Request& req, Response& res);
  void GetItem(const Request& req, Response& res);
  void Overview(const Request& req, Response& res);
  void Volume(const Request& req, Response& res);
  void RegionStats(const Request& req, Response& res);
  void HotWords(const Request& req, Response& res);
  // api_incidents.cc
  void ListIncidents(const Request& req, Response& res);
  void GetIncident(const Request& req, Response& res);
  void IncidentAction(const Request& req, Response& res);
  // api_admin.cc
  void Login(const Request& req, Response& res);
  void Logout(const Request& req, Response& res);
  void Me(const Request& req, Response& res);
  void ChangePassword(const Request& req, Response& res);
  void ListUsers(const Request& req, Response& res);
  void AddUser(const Request& req, Response& res);
  void ListSchemes(const Request& req, Response& res);
  void DryRunScheme(const Request& req, Response& res);
  void EditScheme(const Request& req, Response& res);
  void ListUnits(const Request& req, Response& res);
  void ListSources(const Request& req, Response& res);
  // The body is read by a content reader: whatever the Content-Type (curl --data-binary sends
  // form-urlencoded, which cpp-httplib would otherwise cap at 8 kB).
  void Ingest(const Request& req, Response& res, const std::string& body);
  void Events(const Request& req, Response& res);

  nlohmann::json UserJson(const UserRecord& user) const;

  Service& service_;
  HttpOptions options_;
  std::function<std::string(const std::string&)> namer_;  // region code → name
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  int64_t started_ms_ = 0;
  std::mutex dead_letter_mutex_;
  std::unique_ptr<DeadLetterFile> ingest_dead_letters_;  // opened at the first bad record
};

// Helpers the api_*.cc files share.
namespace api {
void Reply(httplib::Response& res, int status, const nlohmann::json& body);
void Fail(httplib::Response& res, int status, const std::string& message);
// Serialises with invalid UTF-8 replaced, never throwing.
std::string Dump(const nlohmann::json& body);
// A query parameter, or "" when absent.
std::string Param(const httplib::Request& req, const char* name);
// from/to as ISO 8601 or Unix ms; absent: nothing; malformed: an error naming the parameter.
Result<std::optional<int64_t>> TimeParam(const httplib::Request& req, const char* name);
Result<int64_t> IntParam(const httplib::Request& req, const char* name, int64_t fallback,
                         int64_t min, int64_t max);
// Whether JSON text nests arrays/objects deeper than `max_depth` (nlohmann's parser recurses:
// a body of 100,000 '[' would overflow the stack).
bool TooDeep(std::string_view json, int max_depth = 64);
// The JSON body as an object, or an error saying why not.
Result<nlohmann::json> Body(const httplib::Request& req);
}  // namespace api

}  // namespace yuqing
