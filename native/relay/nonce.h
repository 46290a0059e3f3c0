// Stateless, expiring nonces (RFC 8489 §9.2): the server keeps no table. A nonce is the instant it
// stops being valid and an HMAC-SHA256 over that instant and the client's transport address, keyed
// with a per-process random secret. So a nonce cannot be forged, cannot be moved to another client
// address, and a stale or replayed one is told apart from a well-formed current one: both earn a
// 438 (Stale Nonce) with a fresh nonce, which the client retries with.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/random.h"
#include "common/socket_address.h"
#include "common/time.h"

namespace wasmrtc::relay {

class NonceManager {
 public:
  enum class Check { kValid, kExpired, kInvalid };

  NonceManager(RandomSource& random, Duration lifetime);

  std::string issue(Timestamp now, const SocketAddress& client) const;
  Check check(std::string_view nonce, Timestamp now, const SocketAddress& client) const;
  Duration lifetime() const { return lifetime_; }

 private:
  std::string sign(int64_t expires_us, const SocketAddress& client) const;

  Bytes key_;
  Duration lifetime_;
};

}  // namespace wasmrtc::relay
