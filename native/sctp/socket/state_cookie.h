// The State Cookie of INIT-ACK (RFC 9260 §5.1.3): everything needed to create the association
// when the COOKIE-ECHO comes back, so nothing is kept for an INIT (no state for SYN-flood style
// INITs). Signed with HMAC-SHA256 under a per-association secret; it carries its creation time,
// and a cookie older than Valid.Cookie.Life is stale (§5.1.5).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "common/time.h"

namespace wasmrtc::sctp {

struct StateCookie {
  int64_t created_us = 0;     // the association's clock when the INIT-ACK was made
  uint32_t my_tag = 0;        // our verification tag (the INIT-ACK's initiate tag)
  uint32_t peer_tag = 0;      // the peer's (its INIT's initiate tag)
  uint32_t my_initial_tsn = 0;
  uint32_t peer_initial_tsn = 0;
  uint32_t peer_a_rwnd = 0;
  uint16_t peer_outbound_streams = 0;
  uint16_t peer_inbound_streams = 0;
  bool peer_forward_tsn = false;
  bool peer_reconfig = false;
  bool peer_zero_checksum = false;

  Bytes serialize(ByteView secret) const;
  enum class Error { kMalformed, kBadSignature, kStale };
  // Checks length, signature and age (`now` - created must be within `lifetime`).
  static std::optional<StateCookie> parse(ByteView data, ByteView secret, Timestamp now,
                                          Duration lifetime, Error* error = nullptr);
};

}  // namespace wasmrtc::sctp
