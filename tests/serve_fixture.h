// The fixture of the `yuqing serve` end-to-end tests: each test runs its own real server on
// 127.0.0.1 (a free port, written to a port file) over a fresh data folder, talks to it with
// cpp-httplib's client, and stops it with SIGTERM (SIGKILL if it hangs).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace yuqing::serve_e2e {

namespace fs = std::filesystem;
using nlohmann::json;

inline constexpr const char* kAdminPassword = "admin-pass-123";
inline constexpr const char* kIngestToken = "test-ingest-token-0123456789abcdef";

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Percent-encodes every byte outside the unreserved set, so that any payload (quotes, NUL,
// invalid UTF-8) reaches the server byte for byte.
inline std::string UrlEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "2026-12-01T07:50:00+08:00" for a Unix time in seconds, in China time.
inline std::string Iso(int64_t unix_s) {
  const std::time_t shifted = static_cast<std::time_t>(unix_s + 8 * 3600);
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buffer;
}

inline int64_t NowS() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline json Item(const std::string& id, const std::string& text, int64_t unix_s,
                 const std::string& platform = "weibo") {
  return {{"id", id}, {"platform", platform}, {"created_at", Iso(unix_s)}, {"text", text}};
}

// Polls `done` every 100 ms until it holds or `seconds` pass: robust on a loaded machine.
inline bool WaitFor(const std::function<bool()>& done, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

struct Reply {
  int status = 0;  // 0: no answer (connection refused, reset, timed out)
  std::string body;
  httplib::Headers headers;
  json parsed;  // the body as JSON (discarded when it is not); kept so references stay valid

  const json& Json() const { return parsed; }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Session {
  std::string cookie;  // "yuqing_session=…"
  std::string csrf;
  std::string set_cookie;  // the whole Set-Cookie header of the login
  json user;
};

// One `yuqing serve` process.
class ServeProcess {
 public:
  ServeProcess(std::string binary, fs::path data_dir, fs::path work_dir)
      : binary_(std::move(binary)),
        data_dir_(std::move(data_dir)),
        work_dir_(std::move(work_dir)) {}
  ~ServeProcess() { Kill(); }

  // Starts the server and waits (up to 90 s: loading the dictionaries is slow on a busy
  // machine) until /healthz answers.
  bool Start() {
    const fs::path port_file = work_dir_ / "port";
    fs::remove(port_file);
    const fs::path log = work_dir_ / ("serve-" + std::to_string(++starts_) + ".log");
    std::vector<std::string> args = {binary_,
                                     "serve",
                                     "--data-dir",
                                     data_dir_.string(),
                                     "--host",
                                     "127.0.0.1",
                                     "--port",
                                     "0",
                                     "--port-file",
                                     port_file.string(),
                                     "--admin-password",
                                     kAdminPassword,
                                     "--ingest-token",
                                     kIngestToken};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = ::fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    port_ = 0;
    const bool listening = WaitFor(
        [&] {
          if (!Alive()) return true;
          std::ifstream in(port_file);
          int port = 0;
          if (in >> port && port > 0) port_ = port;
          return port_ > 0;
        },
        90);
    if (!listening || port_ == 0) return false;
    return WaitFor(
        [&] {
          httplib::Client client("127.0.0.1", port_);
          client.set_connection_timeout(2);
          auto res = client.Get("/healthz");
          return res && res->status == 200;
        },
        60);
  }

  // SIGTERM, then SIGKILL after 30 s: a clean stop is expected, a hang is reported.
  bool Stop() {
    if (pid_ <= 0) return true;
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool clean = false;
    if (WaitFor([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, 30)) {
      clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    } else {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return clean;
  }

  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  bool Alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  int port() const { return port_; }
  // Arguments added at the next Start (e.g. --config FILE).
  void SetExtraArgs(std::vector<std::string> args) { extra_args_ = std::move(args); }
  std::string Logs() const {
    std::string all;
    for (int i = 1; i <= starts_; ++i)
      all += ReadText(work_dir_ / ("serve-" + std::to_string(i) + ".log"));
    return all;
  }

 private:
  std::string binary_;
  fs::path data_dir_, work_dir_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

class ServeFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("YUQING_BIN");
    const std::string binary = fs::absolute(bin ? bin : "build/yuqing").string();
    dir_ = fs::temp_directory_path() /
           ("yq-serve-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    data_dir_ = dir_ / "data";
    server_ = std::make_unique<ServeProcess>(binary, data_dir_, dir_);
    ASSERT_TRUE(server_->Start()) << "yuqing serve did not come up: " << server_->Logs();
  }

  void TearDown() override {
    const bool alive = server_->Alive();
    const bool clean = server_->Stop();
    if (alive) {
      EXPECT_TRUE(clean) << "yuqing serve did not stop cleanly on SIGTERM: " << server_->Logs();
    }
    if (HasFailure()) {
      std::cerr << "--- server log (last 4 kB) ---\n"
                << server_->Logs().substr(
                       server_->Logs().size() > 4096 ? server_->Logs().size() - 4096 : 0)
                << "\n";
    }
    fs::remove_all(dir_);
  }

  std::unique_ptr<httplib::Client> Client(time_t read_timeout_s = 30) const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client->set_connection_timeout(5);
    client->set_read_timeout(read_timeout_s);
    client->set_write_timeout(30);
    // The tests encode their own paths: payloads must arrive exactly as written.
    client->set_url_encode(false);
    return client;
  }

  static Reply From(const httplib::Result& res) {
    Reply reply;
    if (!res) return reply;
    reply.status = res->status;
    reply.body = res->body;
    reply.headers = res->headers;
    reply.parsed = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
    return reply;
  }

  static httplib::Headers Headers(const Session* session, const std::string* csrf = nullptr) {
    httplib::Headers headers;
    if (session != nullptr) {
      headers.emplace("Cookie", session->cookie);
      if (csrf == nullptr) headers.emplace("X-CSRF-Token", session->csrf);
    }
    if (csrf != nullptr && !csrf->empty()) headers.emplace("X-CSRF-Token", *csrf);
    return headers;
  }

  Reply Get(const std::string& path, const Session* session = nullptr) const {
    return From(Client()->Get(path.c_str(), Headers(session)));
  }

  // POST with the session's CSRF token, or with `csrf` instead when given ("" = none).
  Reply Post(const std::string& path, const std::string& body, const Session* session,
             const std::string* csrf = nullptr) const {
    return From(Client()->Post(path.c_str(), Headers(session, csrf), body, "application/json"));
  }

  Reply Ingest(const std::string& body, const std::string& token = kIngestToken,
               const std::string& content_type = "application/json") const {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return From(Client()->Post("/api/ingest", headers, body, content_type.c_str()));
  }

  Reply IngestItems(const std::vector<json>& items) const { return Ingest(json(items).dump()); }

  std::optional<Session> Login(const std::string& username, const std::string& password) const {
    Reply reply =
        Post("/api/login", json{{"username", username}, {"password", password}}.dump(), nullptr);
    if (reply.status != 200) return std::nullopt;
    Session session;
    session.set_cookie = reply.Header("Set-Cookie");
    session.cookie = session.set_cookie.substr(0, session.set_cookie.find(';'));
    const json body = reply.Json();
    session.csrf = body.value("csrf_token", "");
    session.user = body.value("user", json::object());
    return session;
  }

  Session Admin() const {
    auto session = Login("admin", kAdminPassword);
    EXPECT_TRUE(session.has_value()) << "admin cannot log in";
    return session.value_or(Session{});
  }

  // Creates a user as `admin` and logs in as it.
  Session AddUser(const Session& admin, const std::string& username, const std::string& role,
                  const std::string& unit_id) const {
    const std::string password = username + "-password";
    Reply made = Post("/api/users",
                      json{{"username", username},
                           {"display_name", username},
                           {"password", password},
                           {"role", role},
                           {"unit_id", unit_id}}
                          .dump(),
                      &admin);
    EXPECT_EQ(made.status, 201) << made.body;
    auto session = Login(username, password);
    EXPECT_TRUE(session.has_value()) << username << " cannot log in";
    return session.value_or(Session{});
  }

  // Waits until every id is readable through the API (the pipeline has analysed and stored it).
  bool WaitStored(const std::vector<std::string>& ids, const Session& admin,
                  double seconds = 60) const {
    size_t next = 0;
    return WaitFor(
        [&] {
          while (next < ids.size() &&
                 Get("/api/items/" + UrlEncode(ids[next]), &admin).status == 200) {
            ++next;
          }
          return next == ids.size();
        },
        seconds);
  }

  int64_t Total(const std::string& query, const Session& session) const {
    Reply reply = Get("/api/items?limit=1" + query, &session);
    if (reply.status != 200) return -1;
    return reply.Json().value("total", int64_t{-1});
  }

  bool Healthy() const { return Get("/healthz").status == 200; }

  fs::path dir_, data_dir_;
  std::unique_ptr<ServeProcess> server_;
};

}  // namespace yuqing::serve_e2e
