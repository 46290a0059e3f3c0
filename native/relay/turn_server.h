// The TURN server (RFC 8656) as a sans-IO core: it reads no clock, opens no socket of its own and
// draws randomness only from the source it is given. The driver (relay_server.h) feeds it
//   handle_client(now, transport, client, bytes)  one STUN/ChannelData message from a client
//                                                 (a UDP datagram, a WebSocket message, or one
//                                                 message cut from a TCP stream by StunStreamFramer)
//   handle_peer(now, allocation, peer, bytes)     a datagram that reached an allocation's relayed port
//   handle_transport_closed(now, transport)       a TCP/WebSocket client went away
//   handle_timeout(now)                           at next_timeout()
// and drains poll_transmit() (to clients and to peers) and poll_event() (for logs) after each call.
// The relayed ports come from a RelayPorts the driver implements (real UDP sockets, or fakes in
// tests): the one place where the core asks the outside for something.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "common/random.h"
#include "common/result.h"
#include "relay/address_policy.h"
#include "relay/allocation.h"
#include "relay/auth.h"
#include "relay/error_rate_limiter.h"
#include "relay/nonce.h"
#include "relay/relay_counters.h"
#include "stun/stun_message.h"

namespace wasmrtc::relay {

struct TurnServerOptions {
  std::string realm = "wasmrtc";
  std::string software = "wasmrtc-relay";  // SOFTWARE in responses; empty leaves it off
  // RFC 8656 §7.2 / §8.2: default and maximum allocation lifetimes (600 s and 3600 s suggested).
  Duration default_lifetime = std::chrono::seconds(600);
  Duration max_lifetime = std::chrono::seconds(3600);
  Duration permission_lifetime = std::chrono::seconds(300);  // §9: 300 s, fixed by the RFC
  Duration channel_lifetime = std::chrono::seconds(600);     // §12: 10 minutes
  Duration nonce_lifetime = std::chrono::seconds(600);
  size_t max_allocations_per_user = 10;  // 0 = no limit
  size_t max_allocations = 10000;        // 0 = no limit
  double error_replies_per_second = 20;  // per client IP; 0 = no limit
  double error_reply_burst = 40;
  uint64_t bandwidth_bytes_per_second = 0;  // per allocation, both directions; 0 = no cap
  bool ipv6_relay = false;  // REQUESTED-ADDRESS-FAMILY IPv6 accepted (the driver can bind IPv6)
  // RFC 8656 §12 allows channels 0x4000-0x4FFF; RFC 5766 allowed up to 0x7FFF, and older clients
  // (coturn's turnutils_uclient among them) still pick from that range. true accepts it on every
  // transport (the driver's TCP framer is told too).
  bool rfc5766_channels = false;
};

// Something the driver must carry: to a client over its transport, or to a peer from an
// allocation's relayed port.
struct ServerTransmit {
  enum class Target : uint8_t { kClient, kPeer };
  Target target = Target::kClient;
  uint64_t transport = 0;        // kClient: the transport the client is on
  AllocationId allocation = 0;   // kPeer: whose relayed port sends it
  SocketAddress remote;          // the client, or the peer
  Bytes bytes;
};

// For structured logs; the core's behaviour does not depend on anyone reading these.
struct ServerEvent {
  enum class Kind : uint8_t { kAllocationCreated, kAllocationDeleted, kAllocationExpired, kAuthFailed, kQuota, kForbiddenPeer };
  Kind kind = Kind::kAllocationCreated;
  AllocationId allocation = 0;
  std::string username;
  SocketAddress client;
  SocketAddress relayed;  // or the refused peer (kForbiddenPeer)
  ClientProtocol protocol = ClientProtocol::kUdp;
  std::string detail;
};
std::string_view to_string(ServerEvent::Kind kind);

// The driver's relayed ports: open() binds a UDP socket for a new allocation and returns its
// address (an error becomes 508 Insufficient Capacity), an even port when asked (EVEN-PORT,
// RFC 8656 §7.2); close() releases it.
class RelayPorts {
 public:
  virtual ~RelayPorts() = default;
  virtual Result<SocketAddress> open(AllocationId allocation, AddressFamily family, bool even_port) = 0;
  virtual void close(AllocationId allocation) = 0;
};

class TurnServer {
 public:
  TurnServer(TurnServerOptions options, Authenticator auth, AddressPolicy policy, RelayPorts& ports,
             RandomSource& random);
  ~TurnServer();

  // Wall-clock time for REST usernames ("<unix expiry>:<user>"): the driver says which unix time
  // `now` is, once (and again whenever it likes); the core adds the monotonic difference.
  void set_unix_time(Timestamp now, int64_t unix_seconds);

  void handle_client(Timestamp now, const ClientTransport& transport, const SocketAddress& client, ByteView bytes);
  void handle_peer(Timestamp now, AllocationId allocation, const SocketAddress& peer, ByteView bytes);
  void handle_transport_closed(Timestamp now, uint64_t transport);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  // Deletes every allocation (shutdown).
  void close_all(Timestamp now);

  std::optional<ServerTransmit> poll_transmit();
  std::optional<ServerEvent> poll_event();

  const CoreCounters& counters() const { return counters_; }
  CoreCounters& mutable_counters() { return counters_; }  // the driver adds its own drops
  size_t allocation_count() const { return allocations_.size(); }
  const Allocation* find_allocation(const ClientTransport& transport, const SocketAddress& client) const;
  const Allocation* allocation(AllocationId id) const;
  const TurnServerOptions& options() const { return options_; }

 private:
  struct Request;  // a decoded request and where it came from

  void on_stun(Timestamp now, const ClientTransport& transport, const SocketAddress& client, ByteView bytes);
  void on_channel_data(Timestamp now, const ClientTransport& transport, const SocketAddress& client, ByteView bytes);
  void on_send_indication(Timestamp now, const ClientTransport& transport, const SocketAddress& client,
                          const stun::StunMessage& message);
  void on_binding(Request& r);
  // Authenticates r (RFC 8489 §9.2.4); on failure it has answered and returns false.
  bool authenticate(Request& r);
  void on_allocate(Request& r);
  void on_refresh(Request& r, Allocation& a);
  void on_create_permission(Request& r, Allocation& a);
  void on_channel_bind(Request& r, Allocation& a);

  void reply_error(Request& r, int code, std::string_view reason, bool with_integrity = true);
  void reply_success(Request& r, stun::StunMessage& response);
  Bytes finish(const Request& r, stun::StunMessage& response, bool with_integrity);
  void send_to_client(const Allocation& a, Bytes bytes);
  void send_to_client(uint64_t transport, const SocketAddress& client, Bytes bytes);
  bool spend_bandwidth(Allocation& a, Timestamp now, size_t bytes);
  uint16_t max_channel(const ClientTransport& transport) const;

  Allocation* find(const FiveTuple& tuple);
  void delete_allocation(Timestamp now, AllocationId id, ServerEvent::Kind why);
  void reschedule(Allocation& a);
  int64_t unix_now(Timestamp now) const;

  TurnServerOptions options_;
  Authenticator auth_;
  AddressPolicy policy_;
  RelayPorts& ports_;
  RandomSource& random_;
  NonceManager nonces_;
  ErrorRateLimiter error_limiter_;
  Timestamp unix_base_now_;
  int64_t unix_base_seconds_ = 0;

  AllocationId next_id_ = 1;
  std::unordered_map<AllocationId, std::unique_ptr<Allocation>> allocations_;
  std::unordered_map<FiveTuple, AllocationId> by_tuple_;
  // TCP/WebSocket transport -> its allocations (in practice one), so a closing connection is O(1).
  std::unordered_map<uint64_t, std::vector<AllocationId>> by_stream_;
  std::unordered_map<std::string, size_t> per_user_;
  std::set<std::pair<Timestamp, AllocationId>> deadlines_;
  std::unordered_map<AllocationId, Timestamp> scheduled_;  // each allocation's entry in deadlines_
  Timestamp next_limiter_sweep_ = Timestamp::infinite();

  std::deque<ServerTransmit> transmits_;
  std::deque<ServerEvent> events_;
  CoreCounters counters_;
};

}  // namespace wasmrtc::relay
