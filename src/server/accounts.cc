#include "server/accounts.h"

#include <sodium.h>

#include <algorithm>

namespace yuqing {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_ms INTEGER NOT NULL);
)sql";

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

// Sessions are looked up by a hash of the token: the store never holds a usable token.
std::string TokenHash(const std::string& token) {
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(hash, sizeof hash);
}

Result<std::string> HashPassword(const std::string& password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(hash);
}

UserRecord ReadUser(const SqliteStatement& row) {
  UserRecord user;
  user.username = row.ColumnText(0);
  user.display_name = row.ColumnText(1);
  user.role = ParseRole(row.ColumnText(2)).value_or(Role::kViewer);
  user.unit_id = row.ColumnText(3);
  user.region_code = row.ColumnText(4);
  user.must_change_password = row.ColumnInt(5) != 0;
  return user;
}

constexpr std::string_view kUserColumns =
    "username, display_name, role, unit_id, region_code, must_change_password";

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kOperator:
      return "operator";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "operator") return Role::kOperator;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string_view RegionLevel(const std::string& region_code) {
  if (region_code.empty() || region_code == "000000") return "national";
  if (region_code.size() == 9) return "town";
  if (region_code.size() != 6) return "national";
  if (region_code.substr(2) == "0000") return "province";
  if (region_code.substr(4) == "00") return "city";
  return "county";
}

Jurisdiction JurisdictionOf(const std::string& region_code) {
  const std::string_view level = RegionLevel(region_code);
  if (level == "national") return Jurisdiction{.everything = true};
  if (level == "province") return Jurisdiction{.region_prefixes = {region_code.substr(0, 2)}};
  if (level == "city") return Jurisdiction{.region_prefixes = {region_code.substr(0, 4)}};
  return Jurisdiction{.region_prefixes = {region_code}};
}

bool WithinJurisdiction(const std::string& region_code, const std::string& code) {
  const Jurisdiction who = JurisdictionOf(region_code);
  if (who.everything) return true;
  return std::any_of(who.region_prefixes.begin(), who.region_prefixes.end(),
                     [&](const std::string& prefix) { return code.starts_with(prefix); });
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

Result<std::unique_ptr<Accounts>> Accounts::Open(SqliteDb* db, LoginLimits limits) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  if (Status s = db->Exec(kSchema); !s.ok()) return s;
  return std::unique_ptr<Accounts>(new Accounts(db, limits));
}

Status Accounts::AddUser(const UserRecord& user, const std::string& password, int64_t now_ms) {
  if (user.username.empty() || user.username.size() > 64) {
    return Status::InvalidInput("username: 1 to 64 characters");
  }
  if (password.size() < 8) return Status::InvalidInput("password: at least 8 characters");
  if (user.unit_id.empty()) return Status::InvalidInput("unit_id: required");
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  std::lock_guard lock(mutex_);
  auto insert = db_->Prepare(
      "INSERT INTO users (username, display_name, role, unit_id, region_code, password_hash, "
      "must_change_password, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, user.username)
      .Bind(2, user.display_name.empty() ? user.username : user.display_name)
      .Bind(3, RoleName(user.role))
      .Bind(4, user.unit_id)
      .Bind(5, user.region_code)
      .Bind(6, *hash)
      .Bind(7, int64_t{user.must_change_password})
      .Bind(8, now_ms);
  if (Status s = insert->Run(); !s.ok()) {
    return Status::InvalidInput("username: " + user.username + " exists already");
  }
  return Status::Ok();
}

Result<std::vector<UserRecord>> Accounts::Users() const {
  std::lock_guard lock(mutex_);
  auto select =
      db_->Prepare("SELECT " + std::string(kUserColumns) + " FROM users ORDER BY username");
  if (!select.ok()) return select.status();
  std::vector<UserRecord> users;
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    users.push_back(ReadUser(*select));
  }
  return users;
}

Result<std::optional<UserRecord>> Accounts::Find(const std::string& username) const {
  std::lock_guard lock(mutex_);
  auto select =
      db_->Prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE username = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, username);
  auto row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(ReadUser(*select));
}

Status Accounts::SetPassword(const std::string& username, const std::string& password,
                             bool must_change) {
  if (password.size() < 8) return Status::InvalidInput("password: at least 8 characters");
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  std::lock_guard lock(mutex_);
  auto update = db_->Prepare(
      "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE username = ?1");
  if (!update.ok()) return update.status();
  update->Bind(1, username).Bind(2, *hash).Bind(3, int64_t{must_change});
  if (Status s = update->Run(); !s.ok()) return s;
  if (db_->ChangedRows() == 0) return Status::NotFound("no user " + username);
  return Status::Ok();
}

Result<std::optional<std::string>> Accounts::EnsureFirstAdmin(const std::string& unit_id,
                                                              int64_t now_ms) {
  auto users = Users();
  if (!users.ok()) return users.status();
  if (!users->empty()) return std::optional<std::string>();
  const std::string password = RandomToken(9);
  UserRecord admin{.username = "admin",
                   .display_name = "系统管理员",
                   .role = Role::kAdmin,
                   .unit_id = unit_id,
                   .region_code = "000000",
                   .must_change_password = true};
  if (Status s = AddUser(admin, password, now_ms); !s.ok()) return s;
  return std::optional<std::string>(password);
}

bool Accounts::Limited(const std::string& key, int64_t now_ms, int64_t* retry_after_s) {
  const int limit = key.starts_with("a:") ? limits_.max_address_failures : limits_.max_failures;
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& times = it->second;
  std::erase_if(times, [&](int64_t t) { return t <= now_ms - limits_.window_ms; });
  if (times.empty()) {
    failures_.erase(it);
    return false;
  }
  if (static_cast<int>(times.size()) < limit) return false;
  *retry_after_s = std::max<int64_t>(1, (times.front() + limits_.window_ms - now_ms) / 1000);
  return true;
}

void Accounts::RecordFailure(const std::string& key, int64_t now_ms) {
  auto& times = failures_[key];
  times.push_back(now_ms);
  // A flood from many names must not grow memory without bound: keep the newest failures.
  if (times.size() > static_cast<size_t>(limits_.max_address_failures) * 2) {
    times.erase(times.begin());
  }
  if (failures_.size() > 100'000) failures_.erase(failures_.begin());
}

Accounts::LoginResult Accounts::Login(const std::string& username, const std::string& password,
                                      const std::string& address, int64_t now_ms) {
  LoginResult result;
  const std::string user_key = "u:" + username;
  const std::string address_key = "a:" + address;
  std::string hash;
  UserRecord user;
  {
    std::lock_guard lock(mutex_);
    if (Limited(user_key, now_ms, &result.retry_after_s) ||
        Limited(address_key, now_ms, &result.retry_after_s)) {
      result.outcome = LoginOutcome::kRateLimited;
      return result;
    }
    auto select = db_->Prepare("SELECT " + std::string(kUserColumns) +
                               ", password_hash FROM users WHERE username = ?1");
    if (select.ok()) {
      select->Bind(1, username);
      auto row = select->Step();
      if (row.ok() && *row) {
        user = ReadUser(*select);
        hash = select->ColumnText(6);
      }
    }
  }
  // Verified outside the lock: Argon2id takes tens of milliseconds on purpose.
  const bool good = !hash.empty() && password.size() < 4096 &&
                    crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  std::lock_guard lock(mutex_);
  if (!good) {
    RecordFailure(user_key, now_ms);
    RecordFailure(address_key, now_ms);
    result.outcome = LoginOutcome::kWrongCredentials;
    return result;
  }
  failures_.erase(user_key);
  const std::string token = RandomToken(32);
  Session session{.csrf_token = RandomToken(16), .user = user};
  auto insert = db_->Prepare(
      "INSERT INTO sessions (token_hash, username, csrf_token, expires_ms) VALUES (?1,?2,?3,?4)");
  if (!insert.ok() || !insert->Bind(1, TokenHash(token))
                           .Bind(2, user.username)
                           .Bind(3, session.csrf_token)
                           .Bind(4, now_ms + limits_.session_ms)
                           .Run()
                           .ok()) {
    result.outcome = LoginOutcome::kWrongCredentials;
    return result;
  }
  // Expired sessions go when someone logs in: no timer needed.
  if (auto purge = db_->Prepare("DELETE FROM sessions WHERE expires_ms < ?1"); purge.ok()) {
    (void)purge->Bind(1, now_ms).Run();
  }
  result.outcome = LoginOutcome::kOk;
  result.session_token = token;
  result.session = std::move(session);
  return result;
}

std::optional<Session> Accounts::Authenticate(const std::string& token, int64_t now_ms) {
  if (token.size() != 64) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto select = db_->Prepare(
      "SELECT u.username, u.display_name, u.role, u.unit_id, u.region_code, "
      "u.must_change_password, s.csrf_token, s.expires_ms FROM sessions s JOIN users u "
      "ON u.username = s.username WHERE s.token_hash = ?1");
  if (!select.ok()) return std::nullopt;
  const std::string token_hash = TokenHash(token);
  select->Bind(1, token_hash);
  auto row = select->Step();
  if (!row.ok() || !*row || select->ColumnInt(7) < now_ms) return std::nullopt;
  Session session{.csrf_token = select->ColumnText(6), .user = ReadUser(*select)};
  const int64_t expires_ms = select->ColumnInt(7);
  select->Reset();
  // Sliding expiry, written at most once a minute per session.
  if (expires_ms - now_ms < limits_.session_ms - 60'000) {
    if (auto touch = db_->Prepare("UPDATE sessions SET expires_ms = ?2 WHERE token_hash = ?1");
        touch.ok()) {
      (void)touch->Bind(1, token_hash).Bind(2, now_ms + limits_.session_ms).Run();
    }
  }
  return session;
}

void Accounts::Logout(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (auto remove = db_->Prepare("DELETE FROM sessions WHERE token_hash = ?1"); remove.ok()) {
    (void)remove->Bind(1, TokenHash(token)).Run();
  }
}

}  // namespace yuqing
