#include "turn/turn_client.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "common/log.h"
#include "stun/channel_data.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::turn {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;

std::string_view to_string(TurnState state) {
  switch (state) {
    case TurnState::kIdle: return "idle";
    case TurnState::kAllocating: return "allocating";
    case TurnState::kAllocated: return "allocated";
    case TurnState::kClosing: return "closing";
    case TurnState::kClosed: return "closed";
    case TurnState::kFailed: return "failed";
  }
  return "unknown";
}

TurnClient::TurnClient(TurnClientOptions options, RandomSource& random)
    : options_(std::move(options)), random_(random) {
  options_.retransmit.reliable = options_.reliable;
}

StunMessage TurnClient::new_request(StunMethod method) {
  return StunMessage(StunClass::kRequest, method, stun::random_transaction_id(random_));
}

StunMessage TurnClient::new_indication(StunMethod method) {
  return StunMessage(StunClass::kIndication, method, stun::random_transaction_id(random_));
}

void TurnClient::send_request(Timestamp now, Pending pending, int stale_retries) {
  // Each (re)try is a new transaction (RFC 8489 §9.2.5); the attributes stay the same.
  StunMessage m = pending.base;
  m.set_transaction_id(stun::random_transaction_id(random_));
  // Attributes that depend on the id (XOR-*) must be re-encoded with it.
  StunMessage signed_msg(m.message_class(), m.method(), m.transaction_id());
  for (const auto& a : pending.base.attributes()) {
    if (a.type == attr::kXorPeerAddress) {
      signed_msg.add_xor_address(a.type, *pending.base.get_xor_address(a.type));
    } else {
      signed_msg.add(a.type, a.value);
    }
  }
  if (!options_.software.empty()) signed_msg.add_string(attr::kSoftware, options_.software);
  pending.authenticated = !key_.empty();
  pending.stale_retries = stale_retries;
  if (pending.authenticated) {
    signed_msg.add_string(attr::kUsername, options_.username);
    signed_msg.add_string(attr::kRealm, realm_);
    signed_msg.add_string(attr::kNonce, nonce_);
    pending.bytes = signed_msg.encode_with_integrity(key_, /*fingerprint=*/false);
  } else {
    pending.bytes = signed_msg.encode();
  }
  pending.timer = stun::StunTransaction(now, options_.retransmit);
  transmits_.push_back(pending.bytes);
  pending_.insert_or_assign(signed_msg.transaction_id(), std::move(pending));
}

void TurnClient::allocate(Timestamp now) {
  if (state_ != TurnState::kIdle) return;
  state_ = TurnState::kAllocating;
  StunMessage m = new_request(StunMethod::kAllocate);
  m.add(attr::kRequestedTransport, stun::encode_requested_transport(stun::kTransportUdp));
  send_request(now, Pending{RequestKind::kAllocate, m, now});
}

void TurnClient::send_refresh(Timestamp now, uint32_t lifetime) {
  StunMessage m = new_request(StunMethod::kRefresh);
  m.add_u32(attr::kLifetime, lifetime);
  Pending p{RequestKind::kRefresh, m, now};
  p.lifetime = lifetime;
  refresh_pending_ = true;
  send_request(now, std::move(p));
}

void TurnClient::send_permission(Timestamp now, const IpAddress& peer) {
  StunMessage m = new_request(StunMethod::kCreatePermission);
  // The port is ignored for permissions (RFC 8656 §9).
  m.add_xor_address(attr::kXorPeerAddress, SocketAddress(peer, 0));
  Pending p{RequestKind::kPermission, m, now};
  p.peer_ip = peer;
  permissions_[peer].pending = true;
  send_request(now, std::move(p));
}

void TurnClient::send_channel_bind(Timestamp now, const SocketAddress& peer, uint16_t channel) {
  StunMessage m = new_request(StunMethod::kChannelBind);
  m.add(attr::kChannelNumber, stun::encode_channel_number(channel));
  m.add_xor_address(attr::kXorPeerAddress, peer);
  Pending p{RequestKind::kChannelBind, m, now};
  p.peer = peer;
  p.channel = channel;
  channels_[peer].pending = true;
  send_request(now, std::move(p));
}

bool TurnClient::create_permission(Timestamp now, const IpAddress& peer) {
  if (state_ != TurnState::kAllocated) return false;
  auto it = permissions_.find(peer);
  if (it != permissions_.end() && (it->second.installed || it->second.pending)) return true;
  send_permission(now, peer);
  return true;
}

std::optional<uint16_t> TurnClient::bind_channel(Timestamp now, const SocketAddress& peer) {
  if (state_ != TurnState::kAllocated) return std::nullopt;
  auto it = channels_.find(peer);
  if (it != channels_.end()) return it->second.number;
  if (next_channel_ > stun::kMaxChannel) return std::nullopt;
  uint16_t number = next_channel_++;
  channels_[peer].number = number;
  channel_peers_[number] = peer;
  send_channel_bind(now, peer, number);
  return number;
}

bool TurnClient::send(Timestamp now, const SocketAddress& peer, ByteView data) {
  if (state_ != TurnState::kAllocated) return false;
  auto it = channels_.find(peer);
  if (it != channels_.end() && it->second.bound) {
    transmits_.push_back(stun::encode_channel_data(it->second.number, data, options_.stream));
    return true;
  }
  StunMessage m = new_indication(StunMethod::kSend);
  m.add_xor_address(attr::kXorPeerAddress, peer);
  m.add(attr::kData, Bytes(data.begin(), data.end()));
  transmits_.push_back(m.encode());
  return true;
}

void TurnClient::close(Timestamp now) {
  if (state_ == TurnState::kAllocated) {
    pending_.clear();
    permissions_.clear();
    channels_.clear();
    channel_peers_.clear();
    refresh_at_ = Timestamp::infinite();
    state_ = TurnState::kClosing;
    send_refresh(now, 0);
    return;
  }
  if (state_ == TurnState::kClosing || state_ == TurnState::kClosed) return;
  pending_.clear();
  state_ = TurnState::kClosed;
  TurnEvent e;
  e.kind = TurnEvent::Kind::kClosed;
  events_.push_back(e);
}

bool TurnClient::handle_receive(Timestamp now, ByteView bytes) {
  if (stun::is_channel_data(bytes)) {
    on_channel_data(bytes);
    return true;
  }
  auto message = StunMessage::decode(bytes);
  if (!message) {
    ++stats_.malformed;
    return false;
  }
  if (message->message_class() == StunClass::kIndication) {
    if (message->method() == StunMethod::kData) on_data_indication(*message);
    else ++stats_.bad_data_indications;
    return true;
  }
  if (message->message_class() == StunClass::kRequest) {
    ++stats_.stray_responses;  // a TURN server does not send us requests
    return true;
  }
  on_response(now, *message);
  return true;
}

void TurnClient::on_channel_data(ByteView bytes) {
  auto cd = stun::decode_channel_data(bytes);
  if (!cd) {
    ++stats_.malformed;
    return;
  }
  auto it = channel_peers_.find(cd->channel);
  if (it == channel_peers_.end() || state_ != TurnState::kAllocated) {
    ++stats_.unknown_channel;
    return;
  }
  TurnEvent e;
  e.kind = TurnEvent::Kind::kData;
  e.peer = it->second;
  e.channel = cd->channel;
  e.data.assign(cd->data.begin(), cd->data.end());
  e.via_channel = true;
  events_.push_back(std::move(e));
}

void TurnClient::on_data_indication(const StunMessage& message) {
  auto peer = message.get_xor_address(attr::kXorPeerAddress);
  const stun::StunAttribute* data = message.find(attr::kData);
  if (!peer || !data || state_ != TurnState::kAllocated) {
    ++stats_.bad_data_indications;
    return;
  }
  TurnEvent e;
  e.kind = TurnEvent::Kind::kData;
  e.peer = *peer;
  e.data = data->value;
  events_.push_back(std::move(e));
}

void TurnClient::on_response(Timestamp now, const StunMessage& response) {
  auto it = pending_.find(response.transaction_id());
  if (it == pending_.end()) {
    ++stats_.stray_responses;
    return;
  }
  // A response carrying MESSAGE-INTEGRITY must verify with our key, or it is forged or corrupt:
  // drop it and keep waiting (RFC 8489 §9.2.5).
  if (response.has_integrity() && !key_.empty() && !response.verify_integrity(key_)) {
    ++stats_.integrity_failures;
    return;
  }
  Pending pending = std::move(it->second);
  pending_.erase(it);
  if (response.message_class() == StunClass::kSuccess) {
    if (!response.unknown_comprehension_required().empty()) {
      on_failure(now, pending, 0, "unknown comprehension-required attribute in response");
      return;
    }
    on_success(now, pending, response);
    return;
  }
  auto error = response.error_code();
  int code = error ? error->code : 0;
  std::string reason = error ? error->reason : "error response without ERROR-CODE";
  auto realm = response.get_string(attr::kRealm);
  auto nonce = response.get_string(attr::kNonce);
  if (code == stun::error::kUnauthorized && !pending.authenticated && realm && nonce) {
    // The challenge (RFC 8489 §9.2.4): learn realm and nonce, retry once with credentials. A 401
    // to an authenticated request means the credentials are wrong, handled below as a failure.
    WASMRTC_LOG(kTurn) << "401 challenge from the server (realm \"" << *realm << "\"): retrying with credentials";
    realm_ = *realm;
    nonce_ = *nonce;
    key_ = stun::long_term_key(options_.username, realm_, options_.password);
    send_request(now, std::move(pending));
    return;
  }
  if (code == stun::error::kStaleNonce && nonce && pending.stale_retries < options_.max_stale_nonce_retries) {
    nonce_ = *nonce;
    if (realm && *realm != realm_) {
      realm_ = *realm;
      key_ = stun::long_term_key(options_.username, realm_, options_.password);
    }
    ++stats_.stale_nonce_retries;
    int retries = pending.stale_retries + 1;
    send_request(now, std::move(pending), retries);
    return;
  }
  on_failure(now, pending, code, std::move(reason));
}

void TurnClient::on_success(Timestamp now, Pending& pending, const StunMessage& response) {
  switch (pending.kind) {
    case RequestKind::kAllocate: {
      auto relayed = response.get_xor_address(attr::kXorRelayedAddress);
      auto mapped = response.get_xor_address(attr::kXorMappedAddress);
      auto lifetime = response.get_u32(attr::kLifetime);
      if (!relayed || !lifetime) {
        on_failure(now, pending, 0, "Allocate success without XOR-RELAYED-ADDRESS or LIFETIME");
        return;
      }
      relayed_ = relayed;
      mapped_ = mapped;
      state_ = TurnState::kAllocated;
      WASMRTC_LOG(kTurn) << "allocated " << relayed->to_string() << " for " << *lifetime << " s";
      Duration life = std::chrono::seconds(*lifetime);
      refresh_at_ = now + (life > 2 * options_.refresh_margin ? life - options_.refresh_margin : life / 2);
      TurnEvent e;
      e.kind = TurnEvent::Kind::kAllocated;
      e.relayed = *relayed;
      if (mapped) e.mapped = *mapped;
      e.lifetime = *lifetime;
      events_.push_back(std::move(e));
      return;
    }
    case RequestKind::kRefresh: {
      refresh_pending_ = false;
      if (state_ == TurnState::kClosing) {
        state_ = TurnState::kClosed;
        TurnEvent e;
        e.kind = TurnEvent::Kind::kClosed;
        events_.push_back(e);
        return;
      }
      Duration life = std::chrono::seconds(response.get_u32(attr::kLifetime).value_or(pending.lifetime));
      refresh_at_ = now + (life > 2 * options_.refresh_margin ? life - options_.refresh_margin : life / 2);
      return;
    }
    case RequestKind::kPermission: {
      Permission& p = permissions_[pending.peer_ip];
      bool first = !p.installed;
      p.installed = true;
      p.pending = false;
      p.refresh_at = now + options_.permission_refresh;
      if (first) {
        TurnEvent e;
        e.kind = TurnEvent::Kind::kPermissionCreated;
        e.peer = SocketAddress(pending.peer_ip, 0);
        events_.push_back(std::move(e));
      }
      return;
    }
    case RequestKind::kChannelBind: {
      auto it = channels_.find(pending.peer);
      if (it == channels_.end()) return;  // closed meanwhile
      bool first = !it->second.bound;
      it->second.bound = true;
      it->second.pending = false;
      it->second.refresh_at = now + options_.channel_refresh;
      // A channel binding also installs or refreshes the permission for its IP (RFC 8656 §12).
      Permission& perm = permissions_[pending.peer.ip()];
      if (!perm.pending) {
        perm.installed = true;
        perm.refresh_at = now + options_.permission_refresh;
      }
      if (first) {
        TurnEvent e;
        e.kind = TurnEvent::Kind::kChannelBound;
        e.peer = pending.peer;
        e.channel = pending.channel;
        events_.push_back(std::move(e));
      }
      return;
    }
  }
}

void TurnClient::on_failure(Timestamp now, Pending& pending, int code, std::string reason) {
  switch (pending.kind) {
    case RequestKind::kAllocate:
      fail(code, std::move(reason));
      return;
    case RequestKind::kRefresh:
      refresh_pending_ = false;
      if (state_ == TurnState::kClosing) {
        // Whatever the answer, the allocation is gone for us (it expires on the server anyway).
        state_ = TurnState::kClosed;
        TurnEvent e;
        e.kind = TurnEvent::Kind::kClosed;
        events_.push_back(e);
        return;
      }
      fail(code, std::move(reason));
      return;
    case RequestKind::kPermission: {
      permissions_.erase(pending.peer_ip);
      TurnEvent e;
      e.kind = TurnEvent::Kind::kPermissionFailed;
      e.peer = SocketAddress(pending.peer_ip, 0);
      e.error_code = code;
      e.reason = std::move(reason);
      events_.push_back(std::move(e));
      return;
    }
    case RequestKind::kChannelBind: {
      channels_.erase(pending.peer);
      channel_peers_.erase(pending.channel);
      TurnEvent e;
      e.kind = TurnEvent::Kind::kChannelBindFailed;
      e.peer = pending.peer;
      e.channel = pending.channel;
      e.error_code = code;
      e.reason = std::move(reason);
      events_.push_back(std::move(e));
      return;
    }
  }
}

void TurnClient::fail(int code, std::string reason) {
  if (state_ == TurnState::kFailed || state_ == TurnState::kClosed) return;
  WASMRTC_LOG(kTurn) << "failed: " << (code ? std::to_string(code) + " " : std::string()) << reason
                     << (code == 401 ? " (wrong username or credential?)" : "");
  state_ = TurnState::kFailed;
  pending_.clear();
  permissions_.clear();
  channels_.clear();
  channel_peers_.clear();
  refresh_at_ = Timestamp::infinite();
  TurnEvent e;
  e.kind = TurnEvent::Kind::kFailed;
  e.error_code = code;
  e.reason = std::move(reason);
  events_.push_back(std::move(e));
}

void TurnClient::handle_timeout(Timestamp now) {
  // Transactions first: retransmit or give up.
  std::vector<stun::TransactionId> timed_out;
  for (auto& [id, pending] : pending_) {
    auto action = pending.timer.handle_timeout(now);
    if (action == stun::StunTransaction::Action::kRetransmit) {
      transmits_.push_back(pending.bytes);
      ++stats_.retransmissions;
    } else if (action == stun::StunTransaction::Action::kTimedOut) {
      timed_out.push_back(id);
    }
  }
  for (const auto& id : timed_out) {
    auto it = pending_.find(id);
    if (it == pending_.end()) continue;  // cleared by an earlier failure in this loop
    Pending pending = std::move(it->second);
    pending_.erase(it);
    on_failure(now, pending, 0, "transaction timed out");
  }
  if (state_ != TurnState::kAllocated) return;
  if (!refresh_pending_ && now >= refresh_at_) {
    refresh_at_ = Timestamp::infinite();
    send_refresh(now, 600);
  }
  for (auto& [ip, p] : permissions_) {
    if (p.installed && !p.pending && now >= p.refresh_at) send_permission(now, ip);
  }
  for (auto& [peer, c] : channels_) {
    if (c.bound && !c.pending && now >= c.refresh_at) send_channel_bind(now, peer, c.number);
  }
}

Timestamp TurnClient::next_timeout() const {
  Timestamp t = Timestamp::infinite();
  for (const auto& [id, pending] : pending_) t = std::min(t, pending.timer.next_timeout());
  if (state_ != TurnState::kAllocated) return t;
  if (!refresh_pending_) t = std::min(t, refresh_at_);
  for (const auto& [ip, p] : permissions_)
    if (p.installed && !p.pending) t = std::min(t, p.refresh_at);
  for (const auto& [peer, c] : channels_)
    if (c.bound && !c.pending) t = std::min(t, c.refresh_at);
  return t;
}

std::optional<Bytes> TurnClient::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  Bytes out = std::move(transmits_.front());
  transmits_.pop_front();
  return out;
}

std::optional<TurnEvent> TurnClient::poll_event() {
  if (events_.empty()) return std::nullopt;
  TurnEvent out = std::move(events_.front());
  events_.pop_front();
  return out;
}

bool TurnClient::has_permission(const IpAddress& peer) const {
  auto it = permissions_.find(peer);
  return it != permissions_.end() && it->second.installed;
}

std::optional<uint16_t> TurnClient::bound_channel(const SocketAddress& peer) const {
  auto it = channels_.find(peer);
  if (it == channels_.end() || !it->second.bound) return std::nullopt;
  return it->second.number;
}

}  // namespace wasmrtc::turn
