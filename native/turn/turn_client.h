// A TURN client allocation (RFC 8656), sans-IO and transport-agnostic: it produces messages for
// "the server" (poll_transmit) and consumes whatever the server sent (handle_receive); the driver
// carries them over UDP, TCP/TLS (framed with stun::StunStreamFramer) or WebSocket (one message
// each). Drain contract: after any call, drain poll_transmit() and poll_event() until empty, then
// call handle_timeout() at next_timeout().
#pragma once

#include <deque>
#include <map>
#include <optional>

#include "common/random.h"
#include "stun/stun_message.h"
#include "turn/turn_types.h"

namespace wasmrtc::turn {

class TurnClient {
 public:
  TurnClient(TurnClientOptions options, RandomSource& random);

  // Starts the allocation: an unauthenticated Allocate, answered 401 with realm and nonce, then
  // retried with MESSAGE-INTEGRITY (RFC 8656 §7.1, RFC 8489 §9.2). Only from kIdle.
  void allocate(Timestamp now);
  // Installs (and keeps refreshing) a permission for the peer's IP (RFC 8656 §9). Needs kAllocated.
  bool create_permission(Timestamp now, const IpAddress& peer);
  // Binds a channel to the peer (RFC 8656 §12) and keeps it bound; also installs its permission.
  // Returns the channel number chosen, or nullopt when not allocated or out of channels.
  std::optional<uint16_t> bind_channel(Timestamp now, const SocketAddress& peer);
  // Sends data to a peer through the relay: ChannelData when a channel is bound, else a Send
  // indication (RFC 8656 §11). False when not allocated.
  bool send(Timestamp now, const SocketAddress& peer, ByteView data);
  // Releases the allocation (Refresh with LIFETIME 0, RFC 8656 §8); kClosed follows.
  void close(Timestamp now);

  // One message from the server (a datagram, a WebSocket message or a framed stream message).
  // Returns false when the bytes were neither STUN nor ChannelData (counted in stats()).
  bool handle_receive(Timestamp now, ByteView bytes);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;

  std::optional<Bytes> poll_transmit();
  std::optional<TurnEvent> poll_event();

  TurnState state() const { return state_; }
  const std::optional<SocketAddress>& relayed_address() const { return relayed_; }
  const std::optional<SocketAddress>& mapped_address() const { return mapped_; }
  bool has_permission(const IpAddress& peer) const;
  std::optional<uint16_t> bound_channel(const SocketAddress& peer) const;  // once confirmed
  const TurnClientStats& stats() const { return stats_; }

 private:
  enum class RequestKind { kAllocate, kRefresh, kPermission, kChannelBind };
  struct Pending {
    Pending(RequestKind k, stun::StunMessage b, Timestamp now) : kind(k), base(std::move(b)), timer(now) {}
    RequestKind kind;
    stun::StunMessage base;  // the request without credentials, re-signed on each retry
    stun::StunTransaction timer;
    Bytes bytes;
    bool authenticated = false;
    int stale_retries = 0;
    IpAddress peer_ip;
    SocketAddress peer;
    uint16_t channel = 0;
    uint32_t lifetime = 0;
  };
  struct Permission {
    bool installed = false;
    bool pending = false;
    Timestamp refresh_at = Timestamp::infinite();
  };
  struct Channel {
    uint16_t number = 0;
    bool bound = false;
    bool pending = false;
    Timestamp refresh_at = Timestamp::infinite();
  };

  void send_request(Timestamp now, Pending pending, int stale_retries = 0);
  void send_permission(Timestamp now, const IpAddress& peer);
  void send_channel_bind(Timestamp now, const SocketAddress& peer, uint16_t channel);
  void send_refresh(Timestamp now, uint32_t lifetime);
  void on_response(Timestamp now, const stun::StunMessage& response);
  void on_success(Timestamp now, Pending& pending, const stun::StunMessage& response);
  void on_failure(Timestamp now, Pending& pending, int code, std::string reason);
  void on_data_indication(const stun::StunMessage& message);
  void on_channel_data(ByteView bytes);
  void fail(int code, std::string reason);
  stun::StunMessage new_request(stun::StunMethod method);
  stun::StunMessage new_indication(stun::StunMethod method);

  TurnClientOptions options_;
  RandomSource& random_;
  TurnState state_ = TurnState::kIdle;
  std::optional<SocketAddress> relayed_;
  std::optional<SocketAddress> mapped_;
  std::string realm_;
  std::string nonce_;
  Bytes key_;  // long-term key, once the realm is known
  Timestamp refresh_at_ = Timestamp::infinite();
  bool refresh_pending_ = false;
  std::map<stun::TransactionId, Pending> pending_;
  std::map<IpAddress, Permission> permissions_;
  std::map<SocketAddress, Channel> channels_;
  std::map<uint16_t, SocketAddress> channel_peers_;
  uint16_t next_channel_ = 0x4000;
  std::deque<Bytes> transmits_;
  std::deque<TurnEvent> events_;
  TurnClientStats stats_;
};

}  // namespace wasmrtc::turn
