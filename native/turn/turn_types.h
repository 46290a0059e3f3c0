// What a TurnClient is configured with and what it reports (RFC 8656).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/socket_address.h"
#include "common/time.h"
#include "stun/stun_transaction.h"

namespace wasmrtc::turn {

struct TurnClientOptions {
  // Long-term credentials (RFC 8489 §9.2), as UTF-8 already processed by the caller.
  std::string username;
  std::string password;
  // The transport to the server: UDP (false/false), a message transport such as WebSocket
  // (reliable, one message per WebSocket message) or a byte stream, TCP/TLS (reliable + stream:
  // the driver frames with stun::StunStreamFramer, and ChannelData is padded, RFC 8656 §12.5).
  bool reliable = false;
  bool stream = false;
  stun::StunRetransmitOptions retransmit;  // `reliable` above overrides retransmit.reliable
  // Timer choices (RFC 8656 §7 refresh, §9 permissions last 300 s, §12 channels last 600 s).
  Duration refresh_margin = Duration(60'000'000);          // refresh this long before expiry
  Duration permission_refresh = Duration(240'000'000);     // re-create permissions every 4 min
  Duration channel_refresh = Duration(540'000'000);        // re-bind channels every 9 min
  int max_stale_nonce_retries = 3;
  std::string software;  // SOFTWARE attribute, left off when empty
};

enum class TurnState { kIdle, kAllocating, kAllocated, kClosing, kClosed, kFailed };
std::string_view to_string(TurnState state);

struct TurnEvent {
  enum class Kind {
    kAllocated,          // relayed, mapped, lifetime
    kFailed,             // error_code (0 for a timeout or a malformed answer), reason
    kPermissionCreated,  // peer (port 0)
    kPermissionFailed,   // peer, error_code, reason
    kChannelBound,       // peer, channel
    kChannelBindFailed,  // peer, channel, error_code, reason
    kData,               // peer, data, via_channel
    kClosed,             // the allocation was released (or never existed)
  };
  Kind kind = Kind::kFailed;
  SocketAddress relayed;
  SocketAddress mapped;
  uint32_t lifetime = 0;  // seconds
  SocketAddress peer;
  uint16_t channel = 0;
  Bytes data;
  bool via_channel = false;
  int error_code = 0;
  std::string reason;
};

// What was dropped and why; never a crash.
struct TurnClientStats {
  uint64_t malformed = 0;           // neither STUN nor ChannelData we can parse
  uint64_t stray_responses = 0;     // a response to no pending transaction
  uint64_t integrity_failures = 0;  // a response whose MESSAGE-INTEGRITY does not verify
  uint64_t unknown_channel = 0;     // ChannelData on a channel we did not bind
  uint64_t bad_data_indications = 0;
  uint64_t retransmissions = 0;
  uint64_t stale_nonce_retries = 0;  // requests re-sent after 438 with the server's new nonce
};

}  // namespace wasmrtc::turn
