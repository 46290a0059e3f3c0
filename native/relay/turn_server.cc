#include "relay/turn_server.h"

#include <algorithm>

#include "stun/channel_data.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::relay {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;
namespace err = stun::error;

namespace {

constexpr uint8_t kFamilyIPv4 = 0x01;  // REQUESTED-ADDRESS-FAMILY values (RFC 8656 §18.10)
constexpr uint8_t kFamilyIPv6 = 0x02;
constexpr uint16_t kRfc5766MaxChannel = 0x7FFF;

// Like stun::decode_channel_data, with the highest channel number a parameter.
std::optional<stun::ChannelDataView> decode_channel_data(ByteView bytes, uint16_t max_channel) {
  if (bytes.size() < stun::kChannelDataHeaderSize) return std::nullopt;
  auto channel = static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
  if (channel < stun::kMinChannel || channel > max_channel) return std::nullopt;
  size_t length = static_cast<size_t>(bytes[2] << 8 | bytes[3]);
  size_t available = bytes.size() - stun::kChannelDataHeaderSize;
  if (length > available || available - length > 3) return std::nullopt;
  return stun::ChannelDataView{channel, bytes.subspan(stun::kChannelDataHeaderSize, length)};
}

}  // namespace

std::string_view to_string(ClientProtocol protocol) {
  switch (protocol) {
    case ClientProtocol::kUdp: return "udp";
    case ClientProtocol::kTcp: return "tcp";
    case ClientProtocol::kWebSocket: return "websocket";
  }
  return "unknown";
}

std::string_view to_string(ServerEvent::Kind kind) {
  switch (kind) {
    case ServerEvent::Kind::kAllocationCreated: return "allocation_created";
    case ServerEvent::Kind::kAllocationDeleted: return "allocation_deleted";
    case ServerEvent::Kind::kAllocationExpired: return "allocation_expired";
    case ServerEvent::Kind::kAuthFailed: return "auth_failed";
    case ServerEvent::Kind::kQuota: return "quota_reached";
    case ServerEvent::Kind::kForbiddenPeer: return "forbidden_peer";
  }
  return "unknown";
}

struct TurnServer::Request {
  Timestamp now;
  ClientTransport transport;
  SocketAddress client;
  StunMessage message;
  Bytes key;  // set once authenticated
  std::string username;
  std::string quota_user;
};

TurnServer::TurnServer(TurnServerOptions options, Authenticator auth, AddressPolicy policy, RelayPorts& ports,
                       RandomSource& random)
    : options_(std::move(options)),
      auth_(std::move(auth)),
      policy_(std::move(policy)),
      ports_(ports),
      random_(random),
      nonces_(random, options_.nonce_lifetime),
      error_limiter_(options_.error_replies_per_second, options_.error_reply_burst) {}

TurnServer::~TurnServer() {
  for (auto& [id, a] : allocations_) ports_.close(id);
}

void TurnServer::set_unix_time(Timestamp now, int64_t unix_seconds) {
  unix_base_now_ = now;
  unix_base_seconds_ = unix_seconds;
}

int64_t TurnServer::unix_now(Timestamp now) const {
  return unix_base_seconds_ + (now - unix_base_now_).count() / 1'000'000;
}

// --- inputs ---------------------------------------------------------------------------------------

void TurnServer::handle_client(Timestamp now, const ClientTransport& transport, const SocketAddress& client,
                               ByteView bytes) {
  if (stun::is_channel_data(bytes)) {
    on_channel_data(now, transport, client, bytes);
  } else if (!bytes.empty() && (bytes[0] & 0xC0) == 0) {
    on_stun(now, transport, client, bytes);
  } else {
    counters_.drop(DropReason::kMalformed);
  }
}

void TurnServer::on_stun(Timestamp now, const ClientTransport& transport, const SocketAddress& client, ByteView bytes) {
  auto message = StunMessage::decode(bytes);
  if (!message) {
    counters_.drop(DropReason::kMalformed);
    return;
  }
  if (message->has_fingerprint() && !message->verify_fingerprint()) {
    counters_.drop(DropReason::kBadFingerprint);
    return;
  }
  if (message->message_class() == StunClass::kIndication) {
    if (message->method() == StunMethod::kSend) {
      on_send_indication(now, transport, client, *message);
    } else {
      counters_.drop(DropReason::kUnexpectedClass);
    }
    return;
  }
  if (message->message_class() != StunClass::kRequest) {
    counters_.drop(DropReason::kUnexpectedClass);
    return;
  }
  ++counters_.requests;
  Request r{now, transport, client, std::move(*message), {}, {}, {}};
  if (r.message.method() == StunMethod::kBinding) {
    on_binding(r);
    return;
  }
  switch (r.message.method()) {
    case StunMethod::kAllocate:
    case StunMethod::kRefresh:
    case StunMethod::kCreatePermission:
    case StunMethod::kChannelBind:
      break;
    default:
      reply_error(r, err::kBadRequest, "Unknown method", false);
      return;
  }
  if (!authenticate(r)) return;
  if (auto unknown = r.message.unknown_comprehension_required(); !unknown.empty()) {
    // RFC 8489 §6.3.1.1: 420 with the attributes we did not understand.
    StunMessage response(StunClass::kError, r.message.method(), r.message.transaction_id());
    response.set_error_code(err::kUnknownAttribute, "Unknown Attribute");
    response.add_unknown_attributes(unknown);
    reply_success(r, response);  // an error class message, but signed like a success
    return;
  }
  if (r.message.method() == StunMethod::kAllocate) {
    on_allocate(r);
    return;
  }
  Allocation* a = find({r.transport.id, r.client});
  if (!a) {
    reply_error(r, err::kAllocationMismatch, "Allocation Mismatch");
    return;
  }
  if (a->username != r.username) {
    // RFC 8656 §5: requests on an allocation must use the credentials that created it.
    reply_error(r, err::kWrongCredentials, "Wrong Credentials");
    return;
  }
  switch (r.message.method()) {
    case StunMethod::kRefresh: on_refresh(r, *a); break;
    case StunMethod::kCreatePermission: on_create_permission(r, *a); break;
    case StunMethod::kChannelBind: on_channel_bind(r, *a); break;
    default: break;
  }
}

void TurnServer::on_binding(Request& r) {
  // A plain STUN server answer (RFC 8489 §6.3), no credentials needed.
  StunMessage response(StunClass::kSuccess, StunMethod::kBinding, r.message.transaction_id());
  response.add_xor_address(attr::kXorMappedAddress, r.client);
  reply_success(r, response);
}

bool TurnServer::authenticate(Request& r) {
  // RFC 8489 §9.2.4, in its order.
  if (!r.message.has_integrity()) {
    ++counters_.auth_challenges;
    reply_error(r, err::kUnauthorized, "Unauthorized", false);
    return false;
  }
  auto username = r.message.get_string(attr::kUsername);
  auto realm = r.message.get_string(attr::kRealm);
  auto nonce = r.message.get_string(attr::kNonce);
  if (!username || !realm || !nonce) {
    reply_error(r, err::kBadRequest, "Missing USERNAME, REALM or NONCE", false);
    return false;
  }
  if (nonces_.check(*nonce, r.now, r.client) != NonceManager::Check::kValid) {
    ++counters_.stale_nonces;
    reply_error(r, err::kStaleNonce, "Stale Nonce", false);
    return false;
  }
  auto fail = [&](std::string detail) {
    ++counters_.auth_failures;
    ServerEvent e;
    e.kind = ServerEvent::Kind::kAuthFailed;
    e.username = *username;
    e.client = r.client;
    e.protocol = r.transport.protocol;
    e.detail = std::move(detail);
    events_.push_back(std::move(e));
    reply_error(r, err::kUnauthorized, "Unauthorized", false);
    return false;
  };
  if (*realm != options_.realm) return fail("wrong_realm");
  AuthLookup lookup = auth_.lookup(*username, options_.realm, unix_now(r.now));
  if (lookup.status == AuthLookup::Status::kExpired) return fail("expired_username");
  if (lookup.status != AuthLookup::Status::kOk) return fail("unknown_user");
  for (auto& key : lookup.keys) {
    if (r.message.verify_integrity(key)) {
      r.key = std::move(key);
      r.username = *username;
      r.quota_user = std::move(lookup.quota_user);
      return true;
    }
  }
  return fail("bad_integrity");
}

// RFC 8656 §7.2 and §8.2: min(requested, maximum), but never below the default.
static Duration desired_lifetime(const TurnServerOptions& o, std::optional<uint32_t> requested) {
  Duration floor = std::min(o.default_lifetime, o.max_lifetime);
  if (!requested) return floor;
  Duration asked = std::chrono::seconds(*requested);
  return std::max(std::min(asked, o.max_lifetime), floor);
}

static uint32_t seconds(Duration d) {
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

void TurnServer::on_allocate(Request& r) {
  FiveTuple tuple{r.transport.id, r.client};
  if (Allocation* existing = find(tuple)) {
    // A retransmission of the request that created it gets the same answer; anything else 437.
    if (existing->allocate_transaction == r.message.transaction_id()) {
      send_to_client(*existing, existing->allocate_response);
      return;
    }
    reply_error(r, err::kAllocationMismatch, "Allocation Mismatch");
    return;
  }
  const auto* transport = r.message.find(attr::kRequestedTransport);
  if (!transport) {
    reply_error(r, err::kBadRequest, "REQUESTED-TRANSPORT missing");
    return;
  }
  auto protocol = stun::decode_requested_transport(transport->value);
  if (!protocol) {
    reply_error(r, err::kBadRequest, "Bad REQUESTED-TRANSPORT");
    return;
  }
  if (*protocol != stun::kTransportUdp) {
    reply_error(r, err::kUnsupportedTransportProtocol, "Unsupported Transport Protocol");
    return;
  }
  if (r.message.has(attr::kDontFragment)) {
    // We cannot promise DF on the relayed datagrams (RFC 8656 §7.2 step 4).
    StunMessage response(StunClass::kError, StunMethod::kAllocate, r.message.transaction_id());
    response.set_error_code(err::kUnknownAttribute, "Unknown Attribute");
    response.add_unknown_attributes({attr::kDontFragment});
    reply_success(r, response);
    return;
  }
  bool token = r.message.has(attr::kReservationToken);
  if ((token && r.message.has(attr::kEvenPort)) || (token && r.message.has(attr::kRequestedAddressFamily))) {
    reply_error(r, err::kBadRequest, "Bad Request");
    return;
  }
  if (token) {
    reply_error(r, err::kInsufficientCapacity, "RESERVATION-TOKEN not supported");
    return;
  }
  bool even_port = false;
  if (const auto* even = r.message.find(attr::kEvenPort)) {
    // EVEN-PORT (RFC 8656 §14.6): an even relayed port; the R bit asks to reserve the next one
    // as well, which this server does not do (508, as §7.2 allows).
    if (even->value.empty() || (even->value[0] & 0x80)) {
      reply_error(r, err::kInsufficientCapacity, "Port reservation not supported");
      return;
    }
    even_port = true;
  }
  AddressFamily family = AddressFamily::kIPv4;
  if (const auto* f = r.message.find(attr::kRequestedAddressFamily)) {
    if (f->value.size() != 4 || (f->value[0] != kFamilyIPv4 && f->value[0] != kFamilyIPv6) ||
        (f->value[0] == kFamilyIPv6 && !options_.ipv6_relay)) {
      reply_error(r, err::kAddressFamilyNotSupported, "Address Family not Supported");
      return;
    }
    if (f->value[0] == kFamilyIPv6) family = AddressFamily::kIPv6;
  }
  size_t user_count = per_user_.count(r.quota_user) ? per_user_[r.quota_user] : 0;
  if ((options_.max_allocations_per_user && user_count >= options_.max_allocations_per_user) ||
      (options_.max_allocations && allocations_.size() >= options_.max_allocations)) {
    ++counters_.quota_rejections;
    ServerEvent e;
    e.kind = ServerEvent::Kind::kQuota;
    e.username = r.username;
    e.client = r.client;
    e.protocol = r.transport.protocol;
    e.detail = user_count >= options_.max_allocations_per_user ? "per_user" : "total";
    events_.push_back(std::move(e));
    reply_error(r, err::kAllocationQuotaReached, "Allocation Quota Reached");
    return;
  }
  AllocationId id = next_id_++;
  auto relayed = ports_.open(id, family, even_port);
  if (!relayed) {
    reply_error(r, err::kInsufficientCapacity, "Insufficient Capacity");
    return;
  }
  Duration lifetime = desired_lifetime(options_, r.message.get_u32(attr::kLifetime));
  auto a = std::make_unique<Allocation>();
  a->id = id;
  a->transport = r.transport;
  a->client = r.client;
  a->relayed = relayed.value();
  a->username = r.username;
  a->quota_user = r.quota_user;
  a->key = r.key;
  a->allocate_transaction = r.message.transaction_id();
  a->created = r.now;
  a->expires = r.now + lifetime;
  if (options_.bandwidth_bytes_per_second > 0) {
    double rate = static_cast<double>(options_.bandwidth_bytes_per_second);
    a->bandwidth = TokenBucket(rate, rate, r.now);  // one second of burst
  }

  StunMessage response(StunClass::kSuccess, StunMethod::kAllocate, r.message.transaction_id());
  response.add_xor_address(attr::kXorRelayedAddress, a->relayed);
  response.add_u32(attr::kLifetime, seconds(lifetime));
  response.add_xor_address(attr::kXorMappedAddress, r.client);
  a->allocate_response = finish(r, response, true);

  ++per_user_[r.quota_user];
  by_tuple_[tuple] = id;
  if (r.transport.protocol != ClientProtocol::kUdp) by_stream_[r.transport.id].push_back(id);
  ++counters_.allocations_created;
  ServerEvent e;
  e.kind = ServerEvent::Kind::kAllocationCreated;
  e.allocation = id;
  e.username = r.username;
  e.client = r.client;
  e.relayed = a->relayed;
  e.protocol = r.transport.protocol;
  e.detail = "lifetime=" + std::to_string(seconds(lifetime));
  events_.push_back(std::move(e));
  Allocation& ref = *a;
  allocations_[id] = std::move(a);
  reschedule(ref);
  send_to_client(ref, ref.allocate_response);
}

void TurnServer::on_refresh(Request& r, Allocation& a) {
  if (const auto* f = r.message.find(attr::kRequestedAddressFamily)) {
    bool v6 = f->value.size() == 4 && f->value[0] == kFamilyIPv6;
    if (v6 == a.relayed.ip().is_v4()) {
      reply_error(r, err::kPeerAddressFamilyMismatch, "Peer Address Family Mismatch");
      return;
    }
  }
  auto requested = r.message.get_u32(attr::kLifetime);
  StunMessage response(StunClass::kSuccess, StunMethod::kRefresh, r.message.transaction_id());
  if (requested && *requested == 0) {
    response.add_u32(attr::kLifetime, 0);
    reply_success(r, response);
    delete_allocation(r.now, a.id, ServerEvent::Kind::kAllocationDeleted);
    return;
  }
  Duration lifetime = desired_lifetime(options_, requested);
  a.expires = r.now + lifetime;
  reschedule(a);
  response.add_u32(attr::kLifetime, seconds(lifetime));
  reply_success(r, response);
}

void TurnServer::on_create_permission(Request& r, Allocation& a) {
  std::vector<IpAddress> peers;
  for (const auto& at : r.message.attributes()) {
    if (at.type != attr::kXorPeerAddress) continue;
    auto peer = stun::decode_xor_address(at.value, r.message.transaction_id());
    if (!peer) {
      reply_error(r, err::kBadRequest, "Bad XOR-PEER-ADDRESS");
      return;
    }
    peers.push_back(peer->ip());
  }
  if (peers.empty()) {
    reply_error(r, err::kBadRequest, "XOR-PEER-ADDRESS missing");
    return;
  }
  // All or nothing (RFC 8656 §9.2).
  for (const auto& ip : peers) {
    if (ip.family() != a.relayed.family()) {
      reply_error(r, err::kPeerAddressFamilyMismatch, "Peer Address Family Mismatch");
      return;
    }
    if (!policy_.permits(ip)) {
      ++counters_.forbidden_peers;
      ServerEvent e;
      e.kind = ServerEvent::Kind::kForbiddenPeer;
      e.allocation = a.id;
      e.username = a.username;
      e.client = a.client;
      e.relayed = SocketAddress(ip, 0);
      e.protocol = a.transport.protocol;
      events_.push_back(std::move(e));
      reply_error(r, err::kForbidden, "Forbidden");
      return;
    }
  }
  for (const auto& ip : peers) {
    a.permissions.install(ip, r.now + options_.permission_lifetime);
    ++counters_.permissions_created;
  }
  reschedule(a);
  StunMessage response(StunClass::kSuccess, StunMethod::kCreatePermission, r.message.transaction_id());
  reply_success(r, response);
}

void TurnServer::on_channel_bind(Request& r, Allocation& a) {
  const auto* number_attr = r.message.find(attr::kChannelNumber);
  auto number = number_attr ? stun::decode_channel_number(number_attr->value) : std::nullopt;
  auto peer = r.message.get_xor_address(attr::kXorPeerAddress);
  if (!number || !peer) {
    reply_error(r, err::kBadRequest, "CHANNEL-NUMBER or XOR-PEER-ADDRESS missing");
    return;
  }
  if (*number < stun::kMinChannel || *number > max_channel(r.transport)) {
    reply_error(r, err::kBadRequest, "Channel number out of range");
    return;
  }
  if (peer->family() != a.relayed.family()) {
    reply_error(r, err::kPeerAddressFamilyMismatch, "Peer Address Family Mismatch");
    return;
  }
  if (!policy_.permits(peer->ip())) {
    ++counters_.forbidden_peers;
    ServerEvent e;
    e.kind = ServerEvent::Kind::kForbiddenPeer;
    e.allocation = a.id;
    e.username = a.username;
    e.client = a.client;
    e.relayed = *peer;
    e.protocol = a.transport.protocol;
    events_.push_back(std::move(e));
    reply_error(r, err::kForbidden, "Forbidden");
    return;
  }
  auto result = a.channels.bind(*number, *peer, r.now, r.now + options_.channel_lifetime);
  if (result == ChannelTable::BindResult::kNumberInUse) {
    reply_error(r, err::kBadRequest, "Channel bound to another peer");
    return;
  }
  if (result == ChannelTable::BindResult::kPeerInUse) {
    reply_error(r, err::kBadRequest, "Peer bound to another channel");
    return;
  }
  a.permissions.install(peer->ip(), r.now + options_.permission_lifetime);
  ++counters_.channels_bound;
  reschedule(a);
  StunMessage response(StunClass::kSuccess, StunMethod::kChannelBind, r.message.transaction_id());
  reply_success(r, response);
}

void TurnServer::on_send_indication(Timestamp now, const ClientTransport& transport, const SocketAddress& client,
                                    const StunMessage& message) {
  Allocation* a = find({transport.id, client});
  if (!a) {
    counters_.drop(DropReason::kNoAllocation);
    return;
  }
  auto peer = message.get_xor_address(attr::kXorPeerAddress);
  const auto* data = message.find(attr::kData);
  if (!peer || !data) {
    counters_.drop(DropReason::kBadIndication);
    return;
  }
  if (!a->permissions.allows(peer->ip(), now)) {
    counters_.drop(DropReason::kNoPermission);
    return;
  }
  if (!spend_bandwidth(*a, now, data->value.size())) return;
  ++a->packets_to_peer;
  a->bytes_to_peer += data->value.size();
  ++counters_.packets_to_peer;
  counters_.bytes_to_peer += data->value.size();
  transmits_.push_back({ServerTransmit::Target::kPeer, 0, a->id, *peer, data->value});
}

void TurnServer::on_channel_data(Timestamp now, const ClientTransport& transport, const SocketAddress& client,
                                 ByteView bytes) {
  auto cd = decode_channel_data(bytes, max_channel(transport));
  if (!cd) {
    counters_.drop(DropReason::kMalformed);
    return;
  }
  Allocation* a = find({transport.id, client});
  if (!a) {
    counters_.drop(DropReason::kNoAllocation);
    return;
  }
  const SocketAddress* peer = a->channels.peer_of(cd->channel, now);
  if (!peer) {
    counters_.drop(DropReason::kUnknownChannel);
    return;
  }
  if (!a->permissions.allows(peer->ip(), now)) {
    counters_.drop(DropReason::kNoPermission);
    return;
  }
  if (!spend_bandwidth(*a, now, cd->data.size())) return;
  ++a->packets_to_peer;
  a->bytes_to_peer += cd->data.size();
  ++counters_.packets_to_peer;
  counters_.bytes_to_peer += cd->data.size();
  transmits_.push_back({ServerTransmit::Target::kPeer, 0, a->id, *peer, Bytes(cd->data.begin(), cd->data.end())});
}

void TurnServer::handle_peer(Timestamp now, AllocationId id, const SocketAddress& peer, ByteView bytes) {
  auto it = allocations_.find(id);
  if (it == allocations_.end()) {
    counters_.drop(DropReason::kNoAllocation);
    return;
  }
  Allocation& a = *it->second;
  if (!a.permissions.allows(peer.ip(), now)) {
    counters_.drop(DropReason::kNoPermission);
    return;
  }
  if (!spend_bandwidth(a, now, bytes.size())) return;
  ++a.packets_to_client;
  a.bytes_to_client += bytes.size();
  ++counters_.packets_to_client;
  counters_.bytes_to_client += bytes.size();
  if (auto channel = a.channels.channel_of(peer, now)) {
    // Over a stream, ChannelData is padded to a multiple of 4 (RFC 8656 §12.5).
    send_to_client(a, stun::encode_channel_data(*channel, bytes, a.transport.protocol == ClientProtocol::kTcp));
    return;
  }
  StunMessage data(StunClass::kIndication, StunMethod::kData, stun::random_transaction_id(random_));
  data.add_xor_address(attr::kXorPeerAddress, peer);
  data.add(attr::kData, Bytes(bytes.begin(), bytes.end()));
  send_to_client(a, data.encode());
}

bool TurnServer::spend_bandwidth(Allocation& a, Timestamp now, size_t bytes) {
  if (a.bandwidth.take(now, static_cast<double>(bytes))) return true;
  counters_.drop(DropReason::kBandwidth);
  return false;
}

void TurnServer::handle_transport_closed(Timestamp now, uint64_t transport) {
  auto it = by_stream_.find(transport);
  if (it == by_stream_.end()) return;
  std::vector<AllocationId> doomed = it->second;
  for (AllocationId id : doomed) delete_allocation(now, id, ServerEvent::Kind::kAllocationDeleted);
}

uint16_t TurnServer::max_channel(const ClientTransport& transport) const {
  (void)transport;
  return options_.rfc5766_channels ? kRfc5766MaxChannel : stun::kMaxChannel;
}

// --- time -----------------------------------------------------------------------------------------

void TurnServer::handle_timeout(Timestamp now) {
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    AllocationId id = deadlines_.begin()->second;
    auto it = allocations_.find(id);
    if (it == allocations_.end()) {
      scheduled_.erase(id);
      deadlines_.erase(deadlines_.begin());
      continue;
    }
    Allocation& a = *it->second;
    if (now >= a.expires) {
      delete_allocation(now, id, ServerEvent::Kind::kAllocationExpired);
      continue;
    }
    a.permissions.prune(now);
    a.channels.prune(now);
    reschedule(a);
  }
}

Timestamp TurnServer::next_timeout() const {
  return deadlines_.empty() ? Timestamp::infinite() : deadlines_.begin()->first;
}

void TurnServer::reschedule(Allocation& a) {
  auto it = scheduled_.find(a.id);
  if (it != scheduled_.end()) deadlines_.erase({it->second, a.id});
  Timestamp t = a.next_deadline();
  scheduled_[a.id] = t;
  deadlines_.insert({t, a.id});
}

void TurnServer::close_all(Timestamp now) {
  std::vector<AllocationId> all;
  for (const auto& [id, a] : allocations_) all.push_back(id);
  for (AllocationId id : all) delete_allocation(now, id, ServerEvent::Kind::kAllocationDeleted);
}

// --- bookkeeping ----------------------------------------------------------------------------------

Allocation* TurnServer::find(const FiveTuple& tuple) {
  auto it = by_tuple_.find(tuple);
  if (it == by_tuple_.end()) return nullptr;
  auto a = allocations_.find(it->second);
  return a == allocations_.end() ? nullptr : a->second.get();
}

const Allocation* TurnServer::find_allocation(const ClientTransport& transport, const SocketAddress& client) const {
  return const_cast<TurnServer*>(this)->find({transport.id, client});
}

const Allocation* TurnServer::allocation(AllocationId id) const {
  auto it = allocations_.find(id);
  return it == allocations_.end() ? nullptr : it->second.get();
}

void TurnServer::delete_allocation(Timestamp now, AllocationId id, ServerEvent::Kind why) {
  auto it = allocations_.find(id);
  if (it == allocations_.end()) return;
  std::unique_ptr<Allocation> a = std::move(it->second);
  allocations_.erase(it);
  by_tuple_.erase(FiveTuple{a->transport.id, a->client});
  if (auto st = by_stream_.find(a->transport.id); st != by_stream_.end()) {
    std::erase(st->second, id);
    if (st->second.empty()) by_stream_.erase(st);
  }
  if (auto u = per_user_.find(a->quota_user); u != per_user_.end() && --u->second == 0) per_user_.erase(u);
  if (auto s = scheduled_.find(id); s != scheduled_.end()) {
    deadlines_.erase({s->second, id});
    scheduled_.erase(s);
  }
  ports_.close(id);
  if (why == ServerEvent::Kind::kAllocationExpired) ++counters_.allocations_expired;
  else ++counters_.allocations_deleted;
  ServerEvent e;
  e.kind = why;
  e.allocation = id;
  e.username = a->username;
  e.client = a->client;
  e.relayed = a->relayed;
  e.protocol = a->transport.protocol;
  e.detail = "age_s=" + std::to_string((now - a->created).count() / 1'000'000) +
             " packets_to_peer=" + std::to_string(a->packets_to_peer) +
             " packets_to_client=" + std::to_string(a->packets_to_client);
  events_.push_back(std::move(e));
}

// --- outputs --------------------------------------------------------------------------------------

Bytes TurnServer::finish(const Request& r, StunMessage& response, bool with_integrity) {
  if (!options_.software.empty()) response.add_string(attr::kSoftware, options_.software);
  bool fingerprint = r.message.has_fingerprint();
  if (with_integrity && !r.key.empty()) return response.encode_with_integrity(r.key, fingerprint);
  return fingerprint ? response.encode_with_fingerprint() : response.encode();
}

void TurnServer::reply_success(Request& r, StunMessage& response) {
  send_to_client(r.transport.id, r.client, finish(r, response, true));
}

void TurnServer::reply_error(Request& r, int code, std::string_view reason, bool with_integrity) {
  if (!error_limiter_.allow(r.client.ip(), r.now)) {
    counters_.drop(DropReason::kRateLimited);
    return;
  }
  ++counters_.error_responses;
  StunMessage response(StunClass::kError, r.message.method(), r.message.transaction_id());
  response.set_error_code(code, reason);
  if (code == err::kUnauthorized || code == err::kStaleNonce) {
    response.add_string(attr::kRealm, options_.realm);
    response.add_string(attr::kNonce, nonces_.issue(r.now, r.client));
  }
  send_to_client(r.transport.id, r.client, finish(r, response, with_integrity));
}

void TurnServer::send_to_client(const Allocation& a, Bytes bytes) { send_to_client(a.transport.id, a.client, std::move(bytes)); }

void TurnServer::send_to_client(uint64_t transport, const SocketAddress& client, Bytes bytes) {
  transmits_.push_back({ServerTransmit::Target::kClient, transport, 0, client, std::move(bytes)});
}

std::optional<ServerTransmit> TurnServer::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  ServerTransmit t = std::move(transmits_.front());
  transmits_.pop_front();
  return t;
}

std::optional<ServerEvent> TurnServer::poll_event() {
  if (events_.empty()) return std::nullopt;
  ServerEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

}  // namespace wasmrtc::relay
