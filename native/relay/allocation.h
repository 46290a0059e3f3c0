// One TURN allocation (RFC 8656 §2.2, §7): the 5-tuple it belongs to (client transport + client
// address), its relayed transport address, credentials it was created with, its lifetime, and its
// permission and channel tables. Plain data; TurnServer owns the rules.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/bytes.h"
#include "common/socket_address.h"
#include "common/time.h"
#include "relay/channel_table.h"
#include "relay/permission_table.h"
#include "relay/token_bucket.h"
#include "stun/stun_types.h"

namespace wasmrtc::relay {

using AllocationId = uint64_t;

// How a client reached the relay. For UDP one transport (the listening socket) carries many
// clients; a TCP or WebSocket connection carries one.
enum class ClientProtocol : uint8_t { kUdp, kTcp, kWebSocket };
std::string_view to_string(ClientProtocol protocol);

struct ClientTransport {
  uint64_t id = 0;
  ClientProtocol protocol = ClientProtocol::kUdp;
};

// The server side of the 5-tuple: the transport it arrived on and the client's address.
struct FiveTuple {
  uint64_t transport = 0;
  SocketAddress client;
  bool operator==(const FiveTuple&) const = default;
};

struct Allocation {
  AllocationId id = 0;
  ClientTransport transport;
  SocketAddress client;
  SocketAddress relayed;
  std::string username;    // as sent in USERNAME
  std::string quota_user;  // whom the per-user quota counts
  Bytes key;               // the long-term key that authenticated the Allocate
  stun::TransactionId allocate_transaction{};
  Bytes allocate_response;  // replayed for a retransmitted Allocate (RFC 8656 §7.2)
  Timestamp created;
  Timestamp expires;
  PermissionTable permissions;
  ChannelTable channels;
  TokenBucket bandwidth;  // bytes; rate 0 = unlimited
  uint64_t packets_to_peer = 0, bytes_to_peer = 0, packets_to_client = 0, bytes_to_client = 0;

  // The next instant something about this allocation changes on its own.
  Timestamp next_deadline() const {
    return std::min({expires, permissions.earliest_expiry(), channels.earliest_expiry()});
  }
};

}  // namespace wasmrtc::relay

template <>
struct std::hash<wasmrtc::relay::FiveTuple> {
  size_t operator()(const wasmrtc::relay::FiveTuple& t) const noexcept {
    return std::hash<wasmrtc::SocketAddress>()(t.client) * 31 + std::hash<uint64_t>()(t.transport);
  }
};
