// What the relay counts: the core's counters (TurnServer) and the transports' (RelayServer), plus
// their Prometheus text rendering for GET /metrics. Drops are counted by reason, never silent.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmrtc::relay {

enum class DropReason : uint8_t {
  kMalformed,        // neither STUN nor ChannelData, or a STUN message that does not decode
  kBadFingerprint,   // FINGERPRINT present and wrong
  kUnexpectedClass,  // a response or an indication other than Send from a client
  kNoAllocation,     // Send/ChannelData on a 5-tuple without an allocation
  kNoPermission,     // to or from a peer without a permission
  kUnknownChannel,   // ChannelData on an unbound channel
  kBadIndication,    // a Send indication without XOR-PEER-ADDRESS or DATA
  kRateLimited,      // an error reply not sent because of the per-IP limit
  kBandwidth,        // over the per-allocation bandwidth cap
  kSendQueueFull,    // a client connection's bounded send queue overflowed
  kCount,
};
std::string_view to_string(DropReason reason);

struct CoreCounters {
  uint64_t allocations_created = 0;
  uint64_t allocations_deleted = 0;  // by the client (Refresh 0) or its connection closing
  uint64_t allocations_expired = 0;
  uint64_t requests = 0;
  uint64_t error_responses = 0;
  uint64_t auth_challenges = 0;        // 401 to a request without credentials (the normal first step)
  uint64_t auth_failures = 0;          // 401 to wrong/unknown credentials, expired REST usernames
  uint64_t stale_nonces = 0;           // 438
  uint64_t quota_rejections = 0;       // 486
  uint64_t forbidden_peers = 0;        // 403
  uint64_t permissions_created = 0;
  uint64_t channels_bound = 0;
  uint64_t packets_to_peer = 0, bytes_to_peer = 0;
  uint64_t packets_to_client = 0, bytes_to_client = 0;
  std::array<uint64_t, static_cast<size_t>(DropReason::kCount)> drops{};

  void drop(DropReason r) { ++drops[static_cast<size_t>(r)]; }
  uint64_t dropped(DropReason r) const { return drops[static_cast<size_t>(r)]; }
};

struct TransportCounters {
  uint64_t tcp_connections = 0;        // accepted on the TCP/WebSocket port
  uint64_t tcp_turn_sessions = 0;      // of which TURN over TCP
  uint64_t tls_sessions = 0;           // TLS handshakes completed on the TLS port
  uint64_t websocket_sessions = 0;     // of which WebSocket upgrades
  uint64_t http_requests = 0;          // of which plain HTTP (/metrics, 404s)
  uint64_t connections_refused = 0;    // over the connection limits
  uint64_t handshake_timeouts = 0;     // sent nothing (or not a whole header) in time
  uint64_t bad_handshakes = 0;         // unrecognised first bytes, bad HTTP, upgrade refused
  uint64_t stream_desyncs = 0;         // TURN over TCP that lost framing
  uint64_t websocket_text_closed = 0;  // closed 1003
  uint64_t websocket_too_big_closed = 0;  // closed 1009
  uint64_t open_connections = 0;       // gauge
};

// Prometheus text exposition format 0.0.4.
std::string render_prometheus(const CoreCounters& core, const TransportCounters& transport, size_t allocations,
                              size_t relay_sockets);

}  // namespace wasmrtc::relay
