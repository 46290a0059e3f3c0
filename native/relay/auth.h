// Who may allocate: long-term credentials (RFC 8489 §9.2) from a static user list, and the TURN
// REST API shared-secret scheme (draft-uberti-behave-turn-rest): the username is
// "<unix expiry>:<user>" and the password base64(HMAC-SHA1(secret, username)), so an application
// server holding the same secret mints short-lived credentials and the relay keeps no user store.
// Expired REST usernames are refused. Several secrets may be configured (rotation: the new one
// first, the old one until the credentials it minted have expired).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::relay {

std::string base64_encode(ByteView bytes);

// base64(HMAC-SHA1(secret, username)): the password the REST API scheme derives.
std::string rest_password(std::string_view secret, std::string_view username);
// "<now + ttl>:<user>" and its password, as an application server would mint them.
struct RestCredential {
  std::string username;
  std::string password;
};
RestCredential mint_rest_credential(std::string_view secret, std::string_view user, int64_t expiry_unix);

struct AuthLookup {
  enum class Status { kOk, kUnknownUser, kExpired };
  Status status = Status::kUnknownUser;
  // Long-term keys MD5(username:realm:password) to try, in order (one per matching secret/user).
  std::vector<Bytes> keys;
  // Whom the quota counts: the user part of a REST username, or the static user name.
  std::string quota_user;
};

class Authenticator {
 public:
  void add_user(std::string name, std::string password) { users_[std::move(name)] = std::move(password); }
  void add_secret(std::string secret) { secrets_.push_back(std::move(secret)); }
  bool empty() const { return users_.empty() && secrets_.empty(); }
  size_t user_count() const { return users_.size(); }
  size_t secret_count() const { return secrets_.size(); }

  // The keys a request from `username` may be signed with, at wall-clock time `unix_now`.
  AuthLookup lookup(std::string_view username, std::string_view realm, int64_t unix_now) const;

 private:
  std::map<std::string, std::string, std::less<>> users_;
  std::vector<std::string> secrets_;
};

}  // namespace wasmrtc::relay
