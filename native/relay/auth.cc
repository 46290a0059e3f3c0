#include "relay/auth.h"

#include <openssl/evp.h>

#include <charconv>

#include "crypto/digest.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::relay {

std::string base64_encode(ByteView bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

std::string rest_password(std::string_view secret, std::string_view username) {
  auto mac = crypto::hmac_sha1(as_bytes(secret), as_bytes(username));
  return base64_encode(mac);
}

RestCredential mint_rest_credential(std::string_view secret, std::string_view user, int64_t expiry_unix) {
  RestCredential c;
  c.username = std::to_string(expiry_unix);
  if (!user.empty()) c.username.append(":").append(user);
  c.password = rest_password(secret, c.username);
  return c;
}

AuthLookup Authenticator::lookup(std::string_view username, std::string_view realm, int64_t unix_now) const {
  AuthLookup result;
  if (auto it = users_.find(username); it != users_.end()) {
    result.status = AuthLookup::Status::kOk;
    result.keys.push_back(stun::long_term_key(username, realm, it->second));
    result.quota_user = std::string(username);
    return result;
  }
  if (secrets_.empty()) return result;
  // REST: "<expiry>[:<user>]", the expiry a decimal unix timestamp.
  size_t colon = username.find(':');
  std::string_view expiry_text = username.substr(0, colon);
  int64_t expiry = 0;
  auto [end, ec] = std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expiry);
  if (expiry_text.empty() || ec != std::errc() || end != expiry_text.data() + expiry_text.size()) return result;
  if (expiry < unix_now) {
    result.status = AuthLookup::Status::kExpired;
    return result;
  }
  result.status = AuthLookup::Status::kOk;
  result.quota_user = colon == std::string_view::npos ? std::string(username) : std::string(username.substr(colon + 1));
  for (const auto& secret : secrets_) {
    result.keys.push_back(stun::long_term_key(username, realm, rest_password(secret, username)));
  }
  return result;
}

}  // namespace wasmrtc::relay
