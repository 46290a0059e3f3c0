#include "relay/nonce.h"

#include <charconv>

#include "crypto/digest.h"

namespace wasmrtc::relay {
namespace {
constexpr size_t kExpiryHex = 16;
constexpr size_t kMacBytes = 12;
}  // namespace

NonceManager::NonceManager(RandomSource& random, Duration lifetime) : key_(32), lifetime_(lifetime) {
  random.fill(key_);
}

std::string NonceManager::sign(int64_t expires_us, const SocketAddress& client) const {
  Bytes input;
  for (int shift = 56; shift >= 0; shift -= 8) input.push_back(static_cast<uint8_t>(static_cast<uint64_t>(expires_us) >> shift));
  std::string who = client.to_string();
  input.insert(input.end(), who.begin(), who.end());
  auto mac = crypto::hmac_sha256(key_, input);
  return to_hex(ByteView(mac.data(), kMacBytes));
}

std::string NonceManager::issue(Timestamp now, const SocketAddress& client) const {
  int64_t expires = (now + lifetime_).micros();
  char hex[kExpiryHex + 1];
  snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(expires));
  return std::string(hex) + sign(expires, client);
}

NonceManager::Check NonceManager::check(std::string_view nonce, Timestamp now, const SocketAddress& client) const {
  if (nonce.size() != kExpiryHex + 2 * kMacBytes) return Check::kInvalid;
  unsigned long long expires = 0;
  auto [end, ec] = std::from_chars(nonce.data(), nonce.data() + kExpiryHex, expires, 16);
  if (ec != std::errc() || end != nonce.data() + kExpiryHex) return Check::kInvalid;
  std::string expected = sign(static_cast<int64_t>(expires), client);
  if (!crypto::constant_time_equal(as_bytes(expected), as_bytes(nonce.substr(kExpiryHex)))) return Check::kInvalid;
  if (now.micros() >= static_cast<int64_t>(expires)) return Check::kExpired;
  return Check::kValid;
}

}  // namespace wasmrtc::relay
