// The TURN server core driven directly: turn::TurnClient instances and hand-built requests against
// a TurnServer with fake relayed ports and a virtual clock. No sockets, no sleeps.
#include "relay/turn_server.h"

#include <gtest/gtest.h>

#include "relay/turn_server_harness.h"
#include "stun/channel_data.h"

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;
using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
using testing::Harness;
using testing::signed_request;
using turn::TurnEvent;
using turn::TurnState;
namespace attr = stun::attr;

StunMessage request(Harness& h, StunMethod method) {
  return StunMessage(StunClass::kRequest, method, stun::random_transaction_id(h.random));
}

StunMessage allocate_request(Harness& h, uint8_t transport = stun::kTransportUdp) {
  StunMessage m = request(h, StunMethod::kAllocate);
  m.add(attr::kRequestedTransport, stun::encode_requested_transport(transport));
  return m;
}

// The nonce a 401 hands out to `from`.
std::string challenge_nonce(Harness& h, const SocketAddress& from) {
  auto replies = h.raw(from, allocate_request(h).encode());
  EXPECT_EQ(replies.size(), 1u);
  if (replies.empty()) return {};
  EXPECT_EQ(replies[0].error_code()->code, 401);
  return replies[0].get_string(attr::kNonce).value_or("");
}

int error_of(const std::vector<StunMessage>& replies) {
  if (replies.size() != 1) return -static_cast<int>(replies.size());
  auto e = replies[0].error_code();
  return e ? e->code : 0;
}

const SocketAddress kAlice = *SocketAddress::parse("203.0.113.5:40000");

TEST(TurnServerTest, AllocateWithoutCredentialsIsChallengedWithRealmAndNonce) {
  Harness h;
  auto replies = h.raw(kAlice, allocate_request(h).encode());
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message_class(), StunClass::kError);
  EXPECT_EQ(replies[0].error_code()->code, 401);
  EXPECT_EQ(replies[0].get_string(attr::kRealm), "wasmrtc.test");
  EXPECT_FALSE(replies[0].get_string(attr::kNonce).value_or("").empty());
  EXPECT_FALSE(replies[0].has_integrity());
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.server.counters().auth_challenges, 1u);
}

TEST(TurnServerTest, TurnClientAllocatesWithLongTermCredentials) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:40000");
  ASSERT_TRUE(h.allocate(a));
  EXPECT_EQ(a.client.relayed_address(), SocketAddress::parse("198.51.100.1:49155"));
  EXPECT_EQ(a.client.mapped_address(), a.address);
  EXPECT_EQ(a.events.front().lifetime, 600u);  // RFC 8656 default
  EXPECT_EQ(h.server.allocation_count(), 1u);
  EXPECT_EQ(h.server.counters().allocations_created, 1u);
  EXPECT_EQ(a.client.stats().integrity_failures, 0u);
  // The success response is signed with the user's key.
  auto success = StunMessage::decode(a.raw_received.back());
  ASSERT_TRUE(success);
  EXPECT_TRUE(success->verify_integrity(stun::long_term_key("alice", "wasmrtc.test", "secret")));
}

TEST(TurnServerTest, TwoAllocationsReachEachOtherByIndicationsAndChannels) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:40000");
  auto& b = h.add_client("203.0.113.9:50000", "bob", "hunter2");
  ASSERT_TRUE(h.allocate(a));
  ASSERT_TRUE(h.allocate(b));
  SocketAddress ra = *a.client.relayed_address(), rb = *b.client.relayed_address();
  a.client.create_permission(h.now, rb.ip());
  b.client.create_permission(h.now, ra.ip());
  h.exchange();
  ASSERT_TRUE(a.client.has_permission(rb.ip()) && b.client.has_permission(ra.ip()));
  a.client.send(h.now, rb, as_bytes("a->b indication"));
  b.client.send(h.now, ra, as_bytes("b->a indication"));
  h.exchange();
  ASSERT_TRUE(b.data("a->b indication"));
  EXPECT_EQ(b.data("a->b indication")->peer, ra);
  EXPECT_FALSE(b.data("a->b indication")->via_channel);
  ASSERT_TRUE(a.data("b->a indication"));

  a.client.bind_channel(h.now, rb);
  b.client.bind_channel(h.now, ra);
  h.exchange();
  ASSERT_TRUE(a.client.bound_channel(rb) && b.client.bound_channel(ra));
  a.client.send(h.now, rb, as_bytes("a->b channel"));
  b.client.send(h.now, ra, as_bytes("b->a channel"));
  h.exchange();
  ASSERT_TRUE(b.data("a->b channel"));
  EXPECT_TRUE(b.data("a->b channel")->via_channel);
  EXPECT_EQ(b.data("a->b channel")->peer, ra);
  ASSERT_TRUE(a.data("b->a channel"));
  EXPECT_TRUE(a.data("b->a channel")->via_channel);
  EXPECT_EQ(h.server.counters().packets_to_peer, 4u);
  EXPECT_EQ(h.server.counters().packets_to_client, 4u);
}

TEST(TurnServerTest, SendToAPeerWithoutPermissionIsDropped) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:40000");
  ASSERT_TRUE(h.allocate(a));
  SocketAddress peer = *SocketAddress::parse("192.0.2.77:9000");
  a.client.send(h.now, peer, as_bytes("nope"));
  h.exchange();
  EXPECT_TRUE(h.to_peers.empty());
  EXPECT_EQ(h.server.counters().dropped(DropReason::kNoPermission), 1u);
  // Data from a peer without permission is dropped too.
  h.server.handle_peer(h.now, h.server.find_allocation(a.transport, a.address)->id, peer, as_bytes("in"));
  h.exchange();
  EXPECT_FALSE(a.data("in"));
  EXPECT_EQ(h.server.counters().dropped(DropReason::kNoPermission), 2u);
  a.client.create_permission(h.now, peer.ip());
  h.exchange();
  a.client.send(h.now, peer, as_bytes("yes"));
  h.exchange();
  ASSERT_EQ(h.to_peers.size(), 1u);
  EXPECT_EQ(h.to_peers[0].remote, peer);
  EXPECT_EQ(std::string(h.to_peers[0].bytes.begin(), h.to_peers[0].bytes.end()), "yes");
}

TEST(TurnServerTest, WrongPasswordAndUnknownUserAre401) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:40000", "alice", "not-the-secret");
  auto& m = h.add_client("203.0.113.6:40000", "mallory", "x");
  EXPECT_FALSE(h.allocate(a));
  EXPECT_FALSE(h.allocate(m));
  ASSERT_TRUE(a.has(TurnEvent::Kind::kFailed));
  EXPECT_EQ(a.events.back().error_code, 401);
  EXPECT_EQ(m.events.back().error_code, 401);
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.server.counters().auth_failures, 2u);
}

TEST(TurnServerTest, MissingUsernameRealmOrNonceIs400) {
  Harness h;
  StunMessage m = allocate_request(h);
  m.add_string(attr::kUsername, "alice");
  Bytes bytes = m.encode_with_integrity(stun::long_term_key("alice", "wasmrtc.test", "secret"), false);
  EXPECT_EQ(error_of(h.raw(kAlice, bytes)), 400);
}

TEST(TurnServerTest, ExpiredNonceIs438AndTheClientRetriesWithTheNewOne) {
  auto options = testing::test_options();
  options.nonce_lifetime = 30s;
  Harness h(options);
  auto& a = h.add_client("203.0.113.5:40000");
  ASSERT_TRUE(h.allocate(a));
  h.advance(45s);
  SocketAddress peer = *SocketAddress::parse("192.0.2.1:1");
  a.client.create_permission(h.now, peer.ip());
  h.exchange();
  EXPECT_TRUE(a.client.has_permission(peer.ip()));
  EXPECT_GE(a.client.stats().stale_nonce_retries, 1u);
  EXPECT_GE(h.server.counters().stale_nonces, 1u);
}

TEST(TurnServerTest, ReplayedNonceFromAnotherAddressOrForgedIs438) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  SocketAddress mallory = *SocketAddress::parse("203.0.113.66:1234");
  // The same nonce, correct credentials, another client address: stale.
  auto replies = h.raw(mallory, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce));
  EXPECT_EQ(error_of(replies), 438);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].get_string(attr::kNonce).value_or(nonce), nonce);
  // A made-up nonce.
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test",
                                                  "00000000ffffffff0123456789abcdef01234567"))),
            438);
  // The nonce, replayed after it expired (default lifetime 600 s).
  h.now = h.now + 601s;
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 438);
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.server.counters().stale_nonces, 3u);
}

TEST(TurnServerTest, RequestedTransportMustBeUdp) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h, 6), "alice", "secret", "wasmrtc.test", nonce))), 442);
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(request(h, StunMethod::kAllocate), "alice", "secret", "wasmrtc.test", nonce))), 400);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerTest, UnknownComprehensionRequiredAttributeIs420) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  StunMessage m = allocate_request(h);
  m.add(0x0031, Bytes{1, 2, 3, 4});
  auto replies = h.raw(kAlice, signed_request(m, "alice", "secret", "wasmrtc.test", nonce));
  ASSERT_EQ(error_of(replies), 420);
  EXPECT_EQ(replies[0].unknown_attributes(), std::vector<uint16_t>{0x0031});
}

TEST(TurnServerTest, SecondAllocateOnTheSameFiveTupleIs437ButARetransmissionGetsTheSameAnswer) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  Bytes first = signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce);
  auto r1 = h.raw(kAlice, first);
  ASSERT_EQ(r1.size(), 1u);
  ASSERT_EQ(r1[0].message_class(), StunClass::kSuccess);
  Bytes first_reply = h.last_raw_bytes;
  auto r2 = h.raw(kAlice, first);  // retransmission
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(h.last_raw_bytes, first_reply);
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 437);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  // Requests other than Allocate on a 5-tuple without an allocation: 437.
  SocketAddress other = *SocketAddress::parse("203.0.113.5:40001");
  std::string nonce2 = challenge_nonce(h, other);
  StunMessage refresh = request(h, StunMethod::kRefresh);
  EXPECT_EQ(error_of(h.raw(other, signed_request(refresh, "alice", "secret", "wasmrtc.test", nonce2))), 437);
}

TEST(TurnServerTest, OtherUsersCredentialsOnAnAllocationAre441) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 0);
  StunMessage refresh = request(h, StunMethod::kRefresh);
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(refresh, "bob", "hunter2", "wasmrtc.test", nonce))), 441);
}

TEST(TurnServerTest, PerUserQuotaIs486AndFreedByDeallocation) {
  auto options = testing::test_options();
  options.max_allocations_per_user = 2;
  Harness h(options);
  auto& a1 = h.add_client("203.0.113.5:1");
  auto& a2 = h.add_client("203.0.113.5:2");
  auto& a3 = h.add_client("203.0.113.5:3");
  auto& b = h.add_client("203.0.113.9:1", "bob", "hunter2");
  ASSERT_TRUE(h.allocate(a1));
  ASSERT_TRUE(h.allocate(a2));
  EXPECT_FALSE(h.allocate(a3));
  EXPECT_EQ(a3.events.back().error_code, 486);
  EXPECT_TRUE(h.allocate(b));  // another user is unaffected
  EXPECT_EQ(h.server.counters().quota_rejections, 1u);
  a1.client.close(h.now);
  h.exchange();
  EXPECT_TRUE(a1.has(TurnEvent::Kind::kClosed));
  auto& a4 = h.add_client("203.0.113.5:4");
  EXPECT_TRUE(h.allocate(a4));
}

TEST(TurnServerTest, TotalQuotaIs486) {
  auto options = testing::test_options();
  options.max_allocations = 1;
  Harness h(options);
  auto& a = h.add_client("203.0.113.5:1");
  auto& b = h.add_client("203.0.113.9:1", "bob", "hunter2");
  ASSERT_TRUE(h.allocate(a));
  EXPECT_FALSE(h.allocate(b));
  EXPECT_EQ(b.events.back().error_code, 486);
}

TEST(TurnServerTest, NoRelayPortIs508) {
  Harness h;
  h.ports.fail = true;
  auto& a = h.add_client("203.0.113.5:1");
  EXPECT_FALSE(h.allocate(a));
  EXPECT_EQ(a.events.back().error_code, 508);
}

TEST(TurnServerTest, RefreshWithLifetimeZeroDeletesTheAllocationAndItsPort) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:1");
  ASSERT_TRUE(h.allocate(a));
  EXPECT_EQ(h.ports.open_.size(), 1u);
  a.client.close(h.now);
  h.exchange();
  EXPECT_TRUE(a.has(TurnEvent::Kind::kClosed));
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.ports.open_.size(), 0u);
  EXPECT_EQ(h.server.counters().allocations_deleted, 1u);
  EXPECT_EQ(h.server.next_timeout(), Timestamp::infinite());
}

TEST(TurnServerTest, LifetimeIsTheRequestedClampedToMaximumButNotBelowDefault) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  auto lifetime_for = [&](uint32_t requested, const SocketAddress& from) {
    StunMessage m = allocate_request(h);
    m.add_u32(attr::kLifetime, requested);
    auto n = challenge_nonce(h, from);
    auto replies = h.raw(from, signed_request(m, "alice", "secret", "wasmrtc.test", n));
    return replies.size() == 1 ? replies[0].get_u32(attr::kLifetime).value_or(0) : 0u;
  };
  EXPECT_EQ(lifetime_for(30, *SocketAddress::parse("203.0.113.5:1")), 600u);
  EXPECT_EQ(lifetime_for(7200, *SocketAddress::parse("203.0.113.5:2")), 3600u);
  EXPECT_EQ(lifetime_for(1000, *SocketAddress::parse("203.0.113.5:3")), 1000u);
}

TEST(TurnServerTest, AnAllocationThatIsNotRefreshedExpiresAtItsLifetime) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  Timestamp start = h.now;
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 0);
  EXPECT_EQ(h.server.next_timeout(), start + 600s);
  h.advance(599s);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  h.advance(1s);
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.server.counters().allocations_expired, 1u);
  EXPECT_EQ(h.ports.open_.size(), 0u);
  ASSERT_FALSE(h.server_events.empty());
  EXPECT_EQ(h.server_events.back().kind, ServerEvent::Kind::kAllocationExpired);
}

TEST(TurnServerTest, TheTurnClientKeepsItsAllocationAliveByRefreshing) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:1");
  ASSERT_TRUE(h.allocate(a));
  h.advance(3000s);
  EXPECT_EQ(a.client.state(), TurnState::kAllocated);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  EXPECT_EQ(h.server.counters().allocations_expired, 0u);
}

TEST(TurnServerTest, PermissionsLastFiveMinutes) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 0);
  AllocationId id = h.server.find_allocation({1, ClientProtocol::kUdp}, kAlice)->id;
  SocketAddress peer = *SocketAddress::parse("192.0.2.10:5000");
  StunMessage perm = request(h, StunMethod::kCreatePermission);
  perm.add_xor_address(attr::kXorPeerAddress, SocketAddress(peer.ip(), 0));
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(perm, "alice", "secret", "wasmrtc.test", nonce))), 0);
  h.advance(299s);
  h.server.handle_peer(h.now, id, peer, as_bytes("still"));
  EXPECT_EQ(h.server.counters().packets_to_client, 1u);
  h.advance(1s);
  h.server.handle_peer(h.now, id, peer, as_bytes("too late"));
  EXPECT_EQ(h.server.counters().packets_to_client, 1u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kNoPermission), 1u);
  EXPECT_EQ(h.server.allocation(id)->permissions.size(), 0u);  // pruned by the timer
}

TEST(TurnServerTest, CreatePermissionNeedsAPeerAndMatchingFamily) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 0);
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(request(h, StunMethod::kCreatePermission), "alice", "secret", "wasmrtc.test", nonce))), 400);
  StunMessage v6 = request(h, StunMethod::kCreatePermission);
  v6.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse("[2001:db8::5]:1"));
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(v6, "alice", "secret", "wasmrtc.test", nonce))), 443);
}

TEST(TurnServerTest, LoopbackPrivateAndLinkLocalPeersAre403UnlessAllowed) {
  for (const char* denied : {"127.0.0.1:9", "10.1.2.3:9", "192.168.1.1:9", "169.254.1.1:9", "224.0.0.1:9", "0.0.0.0:9",
                             "100.64.0.1:9", "255.255.255.255:9"}) {
    Harness h;
    auto& a = h.add_client("203.0.113.5:1");
    ASSERT_TRUE(h.allocate(a));
    SocketAddress peer = *SocketAddress::parse(denied);
    a.client.create_permission(h.now, peer.ip());
    a.client.bind_channel(h.now, *SocketAddress::parse(denied));
    h.exchange();
    EXPECT_FALSE(a.client.has_permission(peer.ip())) << denied;
    ASSERT_TRUE(a.has(TurnEvent::Kind::kPermissionFailed)) << denied;
    for (const auto& e : a.events)
      if (e.kind == TurnEvent::Kind::kPermissionFailed || e.kind == TurnEvent::Kind::kChannelBindFailed)
        EXPECT_EQ(e.error_code, 403) << denied;
    EXPECT_EQ(h.server.counters().forbidden_peers, 2u) << denied;
  }
  AddressPolicy policy;
  policy.allow(*IpPrefix::parse("127.0.0.1/32"));
  Harness h(testing::test_options(), policy);
  auto& a = h.add_client("203.0.113.5:1");
  ASSERT_TRUE(h.allocate(a));
  a.client.create_permission(h.now, *IpAddress::parse("127.0.0.1"));
  a.client.create_permission(h.now, *IpAddress::parse("127.0.0.2"));
  h.exchange();
  EXPECT_TRUE(a.client.has_permission(*IpAddress::parse("127.0.0.1")));
  EXPECT_FALSE(a.client.has_permission(*IpAddress::parse("127.0.0.2")));
}

TEST(TurnServerTest, ChannelBindFollowsTheRfcRules) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  ASSERT_EQ(error_of(h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce))), 0);
  auto bind = [&](uint16_t channel, const char* peer) {
    StunMessage m = request(h, StunMethod::kChannelBind);
    m.add(attr::kChannelNumber, stun::encode_channel_number(channel));
    if (peer) m.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse(peer));
    return error_of(h.raw(kAlice, signed_request(m, "alice", "secret", "wasmrtc.test", nonce)));
  };
  EXPECT_EQ(bind(0x3FFF, "192.0.2.1:1"), 400);  // below the range
  EXPECT_EQ(bind(0x5000, "192.0.2.1:1"), 400);  // reserved
  EXPECT_EQ(bind(0x4000, nullptr), 400);        // no peer
  EXPECT_EQ(bind(0x4000, "192.0.2.1:1"), 0);
  EXPECT_EQ(bind(0x4000, "192.0.2.1:1"), 0);    // refresh
  EXPECT_EQ(bind(0x4000, "192.0.2.1:2"), 400);  // channel bound to another peer
  EXPECT_EQ(bind(0x4001, "192.0.2.1:1"), 400);  // peer bound to another channel
  EXPECT_EQ(bind(0x4FFF, "192.0.2.1:2"), 0);
  EXPECT_EQ(bind(0x4FFF, "[2001:db8::1]:2"), 443);
}

TEST(TurnServerTest, Rfc5766ChannelRangeOnlyWhenConfigured) {
  auto options = testing::test_options();
  options.rfc5766_channels = true;
  Harness h(options);
  for (auto transport : {ClientTransport{1, ClientProtocol::kUdp}, ClientTransport{9, ClientProtocol::kTcp}}) {
    std::string nonce = challenge_nonce(h, kAlice);
    auto ok = h.raw(kAlice, signed_request(allocate_request(h), "alice", "secret", "wasmrtc.test", nonce), transport);
    ASSERT_EQ(error_of(ok), 0);
    StunMessage m = request(h, StunMethod::kChannelBind);
    m.add(attr::kChannelNumber, stun::encode_channel_number(0x7ABC));
    m.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse("192.0.2.1:1"));
    int code = error_of(h.raw(kAlice, signed_request(m, "alice", "secret", "wasmrtc.test", nonce), transport));
    EXPECT_EQ(code, 0);
  }
  Harness strict;
  std::string nonce = challenge_nonce(strict, kAlice);
  ASSERT_EQ(error_of(strict.raw(kAlice, signed_request(allocate_request(strict), "alice", "secret", "wasmrtc.test", nonce))), 0);
  StunMessage m = request(strict, StunMethod::kChannelBind);
  m.add(attr::kChannelNumber, stun::encode_channel_number(0x7ABC));
  m.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse("192.0.2.1:1"));
  EXPECT_EQ(error_of(strict.raw(kAlice, signed_request(m, "alice", "secret", "wasmrtc.test", nonce))), 400);
  h.raw(kAlice, stun::encode_channel_data(0x7ABC, as_bytes("legacy")));
  ASSERT_EQ(h.to_peers.size(), 1u);
  EXPECT_EQ(h.to_peers[0].remote, SocketAddress::parse("192.0.2.1:1"));
}

TEST(TurnServerTest, ChannelsLastTenMinutesAndThenChannelDataIsDropped) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:1");
  ASSERT_TRUE(h.allocate(a));
  SocketAddress peer = *SocketAddress::parse("192.0.2.10:5000");
  AllocationId id = h.server.find_allocation(a.transport, a.address)->id;
  std::string nonce = challenge_nonce(h, *SocketAddress::parse("203.0.113.5:2"));  // any valid nonce source
  (void)nonce;
  // Bind by hand (the TurnClient would keep refreshing it).
  StunMessage m = request(h, StunMethod::kChannelBind);
  m.add(attr::kChannelNumber, stun::encode_channel_number(0x4321));
  m.add_xor_address(attr::kXorPeerAddress, peer);
  auto n = challenge_nonce(h, a.address);
  ASSERT_EQ(error_of(h.raw(a.address, signed_request(m, "alice", "secret", "wasmrtc.test", n))), 0);
  h.server.handle_client(h.now, a.transport, a.address, stun::encode_channel_data(0x4321, as_bytes("x")));
  EXPECT_EQ(h.server.counters().packets_to_peer, 1u);
  // Keep the permission alive by hand past the channel's 10 minutes.
  h.advance(290s);
  StunMessage p1 = request(h, StunMethod::kCreatePermission);
  p1.add_xor_address(attr::kXorPeerAddress, peer);
  ASSERT_EQ(error_of(h.raw(a.address, signed_request(p1, "alice", "secret", "wasmrtc.test", challenge_nonce(h, a.address)))), 0);
  h.advance(290s);
  StunMessage p2 = request(h, StunMethod::kCreatePermission);
  p2.add_xor_address(attr::kXorPeerAddress, peer);
  ASSERT_EQ(error_of(h.raw(a.address, signed_request(p2, "alice", "secret", "wasmrtc.test", challenge_nonce(h, a.address)))), 0);
  h.advance(20s);  // 600 s since the bind
  h.server.handle_client(h.now, a.transport, a.address, stun::encode_channel_data(0x4321, as_bytes("y")));
  EXPECT_EQ(h.server.counters().packets_to_peer, 1u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kUnknownChannel), 1u);
  // From the peer, data now comes as a Data indication.
  h.server.handle_peer(h.now, id, peer, as_bytes("z"));
  auto t = h.server.poll_transmit();
  ASSERT_TRUE(t);
  EXPECT_TRUE(StunMessage::is_stun(t->bytes));
}

TEST(TurnServerTest, ChannelDataToAStreamClientIsPaddedToFourBytes) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:1", "alice", "secret", {7, ClientProtocol::kTcp});
  ASSERT_TRUE(h.allocate(a));
  SocketAddress peer = *SocketAddress::parse("192.0.2.10:5000");
  a.client.bind_channel(h.now, peer);
  h.exchange();
  ASSERT_TRUE(a.client.bound_channel(peer));
  h.server.handle_peer(h.now, h.server.find_allocation(a.transport, a.address)->id, peer, as_bytes("hello"));
  auto t = h.server.poll_transmit();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->transport, 7u);
  EXPECT_EQ(t->bytes.size(), 12u);  // 4 + 5, padded to 12
  a.client.handle_receive(h.now, t->bytes);
  h.exchange();
  EXPECT_TRUE(a.data("hello"));
}

TEST(TurnServerTest, ClosingAStreamTransportDeletesItsAllocation) {
  Harness h;
  auto& a = h.add_client("203.0.113.5:1", "alice", "secret", {7, ClientProtocol::kWebSocket});
  auto& b = h.add_client("203.0.113.5:2");
  ASSERT_TRUE(h.allocate(a));
  ASSERT_TRUE(h.allocate(b));
  h.server.handle_transport_closed(h.now, 7);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  EXPECT_EQ(h.server.find_allocation(a.transport, a.address), nullptr);
}

TEST(TurnServerTest, RestApiCredentialsWorkUntilTheyExpire) {
  Harness h;  // unix time 1'700'000'000 at start
  auto valid = mint_rest_credential("rest-secret", "carol", 1'700'000'100);
  auto expired = mint_rest_credential("rest-secret", "dave", 1'699'999'999);
  auto forged = mint_rest_credential("other-secret", "eve", 1'700'000'100);
  auto& c = h.add_client("203.0.113.5:1", valid.username, valid.password);
  auto& d = h.add_client("203.0.113.5:2", expired.username, expired.password);
  auto& e = h.add_client("203.0.113.5:3", forged.username, forged.password);
  EXPECT_TRUE(h.allocate(c));
  EXPECT_FALSE(h.allocate(d));
  EXPECT_EQ(d.events.back().error_code, 401);
  EXPECT_FALSE(h.allocate(e));
  EXPECT_EQ(e.events.back().error_code, 401);
  // The same credential is refused once its expiry has passed.
  h.advance(101s);
  auto& c2 = h.add_client("203.0.113.5:4", valid.username, valid.password);
  EXPECT_FALSE(h.allocate(c2));
}

TEST(TurnServerTest, MalformedInputIsDroppedAndCounted) {
  Harness h;
  h.raw(kAlice, Bytes{0xFF, 0x00, 0x01});                         // neither STUN nor ChannelData
  h.raw(kAlice, Bytes{0x00, 0x01, 0x00, 0x08, 0x21, 0x12});       // truncated STUN header
  Bytes bad_length = allocate_request(h).encode();
  bad_length[3] += 4;                                             // length says more than there is
  h.raw(kAlice, bad_length);
  Bytes fp = allocate_request(h).encode_with_fingerprint();
  fp.back() ^= 1;                                                 // wrong FINGERPRINT
  EXPECT_TRUE(h.raw(kAlice, fp).empty());
  h.raw(kAlice, Bytes{0x40, 0x00, 0x00, 0x10, 1, 2});             // ChannelData shorter than its length
  StunMessage response(StunClass::kSuccess, StunMethod::kAllocate, stun::random_transaction_id(h.random));
  h.raw(kAlice, response.encode());                               // a response, from a client
  EXPECT_EQ(h.server.counters().dropped(DropReason::kMalformed), 4u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kBadFingerprint), 1u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kUnexpectedClass), 1u);
  EXPECT_EQ(h.server.counters().error_responses, 0u);
  // Still serving.
  auto& a = h.add_client("203.0.113.5:1");
  EXPECT_TRUE(h.allocate(a));
}

TEST(TurnServerTest, ErrorRepliesAreRateLimitedPerClientIp) {
  auto options = testing::test_options();
  options.error_replies_per_second = 5;
  options.error_reply_burst = 10;
  Harness h(options);
  size_t answered = 0;
  for (int i = 0; i < 100; ++i) answered += h.raw(kAlice, allocate_request(h).encode()).size();
  EXPECT_EQ(answered, 10u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kRateLimited), 90u);
  // Another IP is unaffected, and the limited one recovers with time.
  EXPECT_EQ(h.raw(*SocketAddress::parse("203.0.113.77:1"), allocate_request(h).encode()).size(), 1u);
  h.now = h.now + 1s;
  EXPECT_EQ(h.raw(kAlice, allocate_request(h).encode()).size(), 1u);
}

TEST(TurnServerTest, BandwidthCapDropsTheExcess) {
  auto options = testing::test_options();
  options.bandwidth_bytes_per_second = 1000;
  Harness h(options);
  auto& a = h.add_client("203.0.113.5:1");
  ASSERT_TRUE(h.allocate(a));
  SocketAddress peer = *SocketAddress::parse("192.0.2.10:5000");
  a.client.create_permission(h.now, peer.ip());
  h.exchange();
  Bytes payload(100, 0xAB);
  for (int i = 0; i < 20; ++i) a.client.send(h.now, peer, payload);
  h.exchange();
  EXPECT_EQ(h.to_peers.size(), 10u);
  EXPECT_EQ(h.server.counters().dropped(DropReason::kBandwidth), 10u);
}

TEST(TurnServerTest, EvenPortIsHonouredButNotAReservation) {
  Harness h;
  std::string nonce = challenge_nonce(h, kAlice);
  StunMessage reserve = allocate_request(h);
  reserve.add(attr::kEvenPort, Bytes{0x80, 0, 0, 0});
  EXPECT_EQ(error_of(h.raw(kAlice, signed_request(reserve, "alice", "secret", "wasmrtc.test", nonce))), 508);
  StunMessage even = allocate_request(h);
  even.add(attr::kEvenPort, Bytes{0x00, 0, 0, 0});
  auto replies = h.raw(kAlice, signed_request(even, "alice", "secret", "wasmrtc.test", nonce));
  ASSERT_EQ(error_of(replies), 0);
  EXPECT_EQ(replies[0].get_xor_address(attr::kXorRelayedAddress)->port() % 2, 0);
}

TEST(TurnServerTest, Ipv6AllocationsOnlyWhenEnabled) {
  auto allocate_v6 = [](Harness& h) {
    std::string nonce = challenge_nonce(h, kAlice);
    StunMessage m = allocate_request(h);
    m.add(attr::kRequestedAddressFamily, Bytes{0x02, 0, 0, 0});
    return h.raw(kAlice, signed_request(m, "alice", "secret", "wasmrtc.test", nonce));
  };
  Harness off;
  EXPECT_EQ(error_of(allocate_v6(off)), 440);
  auto options = testing::test_options();
  options.ipv6_relay = true;
  Harness on(options);
  auto replies = allocate_v6(on);
  ASSERT_EQ(error_of(replies), 0);
  auto relayed = replies[0].get_xor_address(attr::kXorRelayedAddress);
  ASSERT_TRUE(relayed);
  EXPECT_FALSE(relayed->ip().is_v4());
  // Peers of the other family are a 443.
  std::string nonce = challenge_nonce(on, kAlice);
  StunMessage perm = request(on, StunMethod::kCreatePermission);
  perm.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse("192.0.2.1:1"));
  EXPECT_EQ(error_of(on.raw(kAlice, signed_request(perm, "alice", "secret", "wasmrtc.test", nonce))), 443);
}

TEST(TurnServerTest, BindingRequestsAreAnsweredWithoutCredentials) {
  Harness h;
  auto replies = h.raw(kAlice, request(h, StunMethod::kBinding).encode());
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message_class(), StunClass::kSuccess);
  EXPECT_EQ(replies[0].get_xor_address(attr::kXorMappedAddress), kAlice);
}

}  // namespace
}  // namespace wasmrtc::relay
