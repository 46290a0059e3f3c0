#include "relay/relay_counters.h"

#include <sstream>

namespace wasmrtc::relay {

std::string_view to_string(DropReason reason) {
  switch (reason) {
    case DropReason::kMalformed: return "malformed";
    case DropReason::kBadFingerprint: return "bad_fingerprint";
    case DropReason::kUnexpectedClass: return "unexpected_class";
    case DropReason::kNoAllocation: return "no_allocation";
    case DropReason::kNoPermission: return "no_permission";
    case DropReason::kUnknownChannel: return "unknown_channel";
    case DropReason::kBadIndication: return "bad_indication";
    case DropReason::kRateLimited: return "rate_limited";
    case DropReason::kBandwidth: return "bandwidth";
    case DropReason::kSendQueueFull: return "send_queue_full";
    case DropReason::kCount: break;
  }
  return "unknown";
}

std::string render_prometheus(const CoreCounters& c, const TransportCounters& t, size_t allocations,
                              size_t relay_sockets) {
  std::ostringstream o;
  auto metric = [&o](std::string_view name, std::string_view type, std::string_view help) {
    o << "# HELP wasmrtc_relay_" << name << ' ' << help << "\n# TYPE wasmrtc_relay_" << name << ' ' << type << '\n';
  };
  auto value = [&o](std::string_view name, std::string_view labels, uint64_t v) {
    o << "wasmrtc_relay_" << name;
    if (!labels.empty()) o << '{' << labels << '}';
    o << ' ' << v << '\n';
  };
  metric("allocations", "gauge", "Allocations in force.");
  value("allocations", "", allocations);
  metric("relay_sockets", "gauge", "Relayed UDP sockets open.");
  value("relay_sockets", "", relay_sockets);
  metric("allocations_total", "counter", "Allocations by how they began or ended.");
  value("allocations_total", "event=\"created\"", c.allocations_created);
  value("allocations_total", "event=\"deleted\"", c.allocations_deleted);
  value("allocations_total", "event=\"expired\"", c.allocations_expired);
  metric("requests_total", "counter", "STUN/TURN requests received.");
  value("requests_total", "", c.requests);
  metric("error_responses_total", "counter", "Error responses sent.");
  value("error_responses_total", "", c.error_responses);
  metric("auth_total", "counter", "Authentication outcomes other than success.");
  value("auth_total", "result=\"challenge\"", c.auth_challenges);
  value("auth_total", "result=\"failure\"", c.auth_failures);
  value("auth_total", "result=\"stale_nonce\"", c.stale_nonces);
  metric("quota_rejections_total", "counter", "Allocate requests refused with 486.");
  value("quota_rejections_total", "", c.quota_rejections);
  metric("forbidden_peers_total", "counter", "Permissions refused with 403 by the peer address policy.");
  value("forbidden_peers_total", "", c.forbidden_peers);
  metric("permissions_created_total", "counter", "Permissions installed or refreshed.");
  value("permissions_created_total", "", c.permissions_created);
  metric("channels_bound_total", "counter", "Channel bindings made or refreshed.");
  value("channels_bound_total", "", c.channels_bound);
  metric("packets_relayed_total", "counter", "Packets relayed, by direction.");
  value("packets_relayed_total", "direction=\"to_peer\"", c.packets_to_peer);
  value("packets_relayed_total", "direction=\"to_client\"", c.packets_to_client);
  metric("bytes_relayed_total", "counter", "Application bytes relayed, by direction.");
  value("bytes_relayed_total", "direction=\"to_peer\"", c.bytes_to_peer);
  value("bytes_relayed_total", "direction=\"to_client\"", c.bytes_to_client);
  metric("drops_total", "counter", "Messages dropped, by reason.");
  for (size_t i = 0; i < c.drops.size(); ++i) {
    value("drops_total", "reason=\"" + std::string(to_string(static_cast<DropReason>(i))) + "\"", c.drops[i]);
  }
  metric("connections_total", "counter", "TCP connections on the TCP/WebSocket port, by what they became.");
  value("connections_total", "kind=\"accepted\"", t.tcp_connections);
  value("connections_total", "kind=\"turn_tcp\"", t.tcp_turn_sessions);
  value("connections_total", "kind=\"websocket\"", t.websocket_sessions);
  value("connections_total", "kind=\"tls\"", t.tls_sessions);
  value("connections_total", "kind=\"http\"", t.http_requests);
  value("connections_total", "kind=\"refused\"", t.connections_refused);
  metric("connection_closes_total", "counter", "Connections closed by the relay, by reason.");
  value("connection_closes_total", "reason=\"handshake_timeout\"", t.handshake_timeouts);
  value("connection_closes_total", "reason=\"bad_handshake\"", t.bad_handshakes);
  value("connection_closes_total", "reason=\"stream_desync\"", t.stream_desyncs);
  value("connection_closes_total", "reason=\"websocket_text\"", t.websocket_text_closed);
  value("connection_closes_total", "reason=\"websocket_too_big\"", t.websocket_too_big_closed);
  metric("open_connections", "gauge", "TCP and WebSocket connections open.");
  value("open_connections", "", t.open_connections);
  return o.str();
}

}  // namespace wasmrtc::relay
