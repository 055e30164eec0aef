// Users, sessions and logins of the service (issue 9). A user belongs to one organisation unit
// and has a role; the unit's region decides what the user may see (Jurisdiction). Passwords are
// hashed with Argon2id (libsodium crypto_pwhash_str); sessions are random 256-bit tokens kept
// hashed in the store with their CSRF token, so a leaked database copy opens no session.
// Logins are rate limited per user name and per client address, before any hashing, so a flood
// of bad logins costs almost nothing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/item_store.h"
#include "store/sqlite_db.h"

namespace yuqing {

enum class Role { kViewer, kOperator, kAdmin };
std::string_view RoleName(Role role);  // viewer | operator | admin
std::optional<Role> ParseRole(std::string_view name);

struct UserRecord {
  std::string username;
  std::string display_name;
  Role role = Role::kViewer;
  std::string unit_id;      // organisation unit
  std::string region_code;  // the unit's region ("000000" national)
  bool must_change_password = false;
};

// What a unit with this region code may see: national → everything; "510000" → "51";
// "510100" → "5101"; county and town codes → themselves.
Jurisdiction JurisdictionOf(const std::string& region_code);
// Whether `code` lies within the jurisdiction of `region_code`.
bool WithinJurisdiction(const std::string& region_code, const std::string& code);
// "national" | "province" | "city" | "county" | "town".
std::string_view RegionLevel(const std::string& region_code);

struct Session {
  std::string csrf_token;
  UserRecord user;
};

struct LoginLimits {
  int max_failures = 5;  // per user name in the window
  // Per client address: an office behind one NAT address must not be locked out by one
  // person's typos, but a flood across many names still is.
  int max_address_failures = 50;
  int64_t window_ms = 15 * 60'000LL;      // failures older than this are forgotten
  int64_t session_ms = 12 * 3'600'000LL;  // idle sessions expire
};

class Accounts {
 public:
  static Result<std::unique_ptr<Accounts>> Open(SqliteDb* db, LoginLimits limits = {});

  // Creates a user; the password must have at least 8 characters. Errors name the field.
  Status AddUser(const UserRecord& user, const std::string& password, int64_t now_ms);
  Result<std::vector<UserRecord>> Users() const;
  Result<std::optional<UserRecord>> Find(const std::string& username) const;
  // `must_change`: a one-time password the user must replace after logging in.
  Status SetPassword(const std::string& username, const std::string& password,
                     bool must_change = false);

  // When there is no user yet: creates `admin` at the national unit with a random one-time
  // password (returned, to be shown once) that must be changed. Otherwise returns nothing.
  Result<std::optional<std::string>> EnsureFirstAdmin(const std::string& unit_id, int64_t now_ms);

  enum class LoginOutcome { kOk, kWrongCredentials, kRateLimited };
  struct LoginResult {
    LoginOutcome outcome = LoginOutcome::kWrongCredentials;
    std::string session_token;  // kOk
    Session session;            // kOk
    int64_t retry_after_s = 0;  // kRateLimited
  };
  LoginResult Login(const std::string& username, const std::string& password,
                    const std::string& address, int64_t now_ms);
  // The session for a token (sliding expiry), or nothing.
  std::optional<Session> Authenticate(const std::string& token, int64_t now_ms);
  void Logout(const std::string& token);

 private:
  Accounts(SqliteDb* db, LoginLimits limits) : db_(db), limits_(limits) {}
  bool Limited(const std::string& key, int64_t now_ms, int64_t* retry_after_s);
  void RecordFailure(const std::string& key, int64_t now_ms);

  SqliteDb* db_;
  LoginLimits limits_;
  mutable std::mutex mutex_;                              // one connection, many HTTP threads
  std::map<std::string, std::vector<int64_t>> failures_;  // "u:name" / "a:address" → times
};

// A random token of `bytes` bytes, hex-encoded (libsodium randombytes).
std::string RandomToken(size_t bytes);

}  // namespace yuqing
