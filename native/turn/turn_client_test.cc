// TurnClient against a scripted fake server in this file: every exchange is deterministic (seeded
// transaction ids, a virtual clock).
#include "turn/turn_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "stun/channel_data.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::turn {
namespace {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;

const SocketAddress kRelayed = *SocketAddress::parse("192.0.2.15:50000");
const SocketAddress kMapped = *SocketAddress::parse("198.51.100.2:40000");
const SocketAddress kPeer = *SocketAddress::parse("203.0.113.9:7000");

// A TURN server reduced to what the client needs: long-term credentials with a nonce it can
// rotate, and success answers with MESSAGE-INTEGRITY.
class FakeTurnServer {
 public:
  std::string realm = "wasmrtc.test";
  std::string nonce = "nonce-1";
  std::string password = "secret";
  uint32_t lifetime = 600;
  bool silent = false;                // answer nothing (retransmission tests)
  std::vector<StunMessage> requests;  // every request seen, in order
  std::vector<StunMessage> indications;
  std::vector<Bytes> channel_data;

  std::optional<Bytes> handle(ByteView bytes) {
    if (stun::is_channel_data(bytes)) {
      channel_data.emplace_back(bytes.begin(), bytes.end());
      return std::nullopt;
    }
    auto m = StunMessage::decode(bytes);
    EXPECT_TRUE(m);
    if (!m) return std::nullopt;
    if (m->message_class() == StunClass::kIndication) {
      indications.push_back(*m);
      return std::nullopt;
    }
    requests.push_back(*m);
    if (silent) return std::nullopt;
    if (!m->has_integrity()) return challenge(*m, stun::error::kUnauthorized);
    Bytes key = stun::long_term_key(m->get_string(attr::kUsername).value_or(""), realm, password);
    if (!m->verify_integrity(key)) return challenge(*m, stun::error::kUnauthorized);
    if (m->get_string(attr::kNonce) != nonce) return challenge(*m, stun::error::kStaleNonce);
    StunMessage r(StunClass::kSuccess, m->method(), m->transaction_id());
    switch (m->method()) {
      case StunMethod::kAllocate:
        r.add_xor_address(attr::kXorRelayedAddress, kRelayed);
        r.add_xor_address(attr::kXorMappedAddress, kMapped);
        r.add_u32(attr::kLifetime, lifetime);
        break;
      case StunMethod::kRefresh:
        r.add_u32(attr::kLifetime, *m->get_u32(attr::kLifetime));
        break;
      default:
        break;
    }
    return r.encode_with_integrity(key);
  }

 private:
  Bytes challenge(const StunMessage& m, int code) {
    StunMessage r(StunClass::kError, m.method(), m.transaction_id());
    r.set_error_code(code, code == 401 ? "Unauthorized" : "Stale Nonce");
    r.add_string(attr::kRealm, realm);
    r.add_string(attr::kNonce, nonce);
    return r.encode();
  }
};

class TurnClientTest : public ::testing::Test {
 protected:
  TurnClientOptions options() {
    TurnClientOptions o;
    o.username = "alice";
    o.password = "secret";
    return o;
  }

  // Delivers everything the client sends to the server and back, until both are quiet.
  void exchange(TurnClient& client) {
    while (auto out = client.poll_transmit()) {
      if (auto answer = server.handle(*out)) client.handle_receive(now, *answer);
    }
    while (auto e = client.poll_event()) events.push_back(*e);
  }

  // Advances the virtual clock to the client's next deadline and exchanges.
  void advance(TurnClient& client) {
    now = client.next_timeout();
    client.handle_timeout(now);
    exchange(client);
  }

  std::vector<TurnEvent> take_events() { return std::exchange(events, {}); }

  TurnClient allocated_client(TurnClientOptions o) {
    TurnClient client(o, random);
    client.allocate(now);
    exchange(client);
    return client;
  }

  SeededRandom random{42};
  Timestamp now = Timestamp::from_millis(1000);
  FakeTurnServer server;
  std::vector<TurnEvent> events;
};

TEST_F(TurnClientTest, AllocatesAfterTheLongTermCredentialChallenge) {
  TurnClient client(options(), random);
  client.allocate(now);
  EXPECT_EQ(client.state(), TurnState::kAllocating);
  exchange(client);
  ASSERT_EQ(server.requests.size(), 2u);
  EXPECT_FALSE(server.requests[0].has_integrity());
  EXPECT_EQ(stun::decode_requested_transport(server.requests[0].find(attr::kRequestedTransport)->value), stun::kTransportUdp);
  EXPECT_TRUE(server.requests[1].has_integrity());
  EXPECT_EQ(server.requests[1].get_string(attr::kUsername), "alice");
  EXPECT_EQ(server.requests[1].get_string(attr::kRealm), "wasmrtc.test");
  EXPECT_EQ(server.requests[1].get_string(attr::kNonce), "nonce-1");
  EXPECT_NE(server.requests[0].transaction_id(), server.requests[1].transaction_id());
  EXPECT_EQ(client.state(), TurnState::kAllocated);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, TurnEvent::Kind::kAllocated);
  EXPECT_EQ(events[0].relayed, kRelayed);
  EXPECT_EQ(events[0].mapped, kMapped);
  EXPECT_EQ(events[0].lifetime, 600u);
  EXPECT_EQ(client.relayed_address(), kRelayed);
  EXPECT_EQ(client.mapped_address(), kMapped);
}

TEST_F(TurnClientTest, WrongPasswordFailsWith401AfterTheRetry) {
  TurnClientOptions o = options();
  o.password = "wrong";
  TurnClient client(o, random);
  client.allocate(now);
  exchange(client);
  EXPECT_EQ(server.requests.size(), 2u);  // challenge, one retry, no loop
  EXPECT_EQ(client.state(), TurnState::kFailed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, TurnEvent::Kind::kFailed);
  EXPECT_EQ(events[0].error_code, 401);
  EXPECT_TRUE(client.next_timeout().is_infinite());
}

TEST_F(TurnClientTest, StaleNonceIsRetriedWithTheNewNonce) {
  TurnClient client(options(), random);
  client.allocate(now);
  // Deliver the first request and its challenge, then rotate the nonce before the retry arrives.
  auto first = client.poll_transmit();
  client.handle_receive(now, *server.handle(*first));
  server.nonce = "nonce-2";
  exchange(client);
  ASSERT_EQ(server.requests.size(), 3u);
  EXPECT_EQ(server.requests[1].get_string(attr::kNonce), "nonce-1");
  EXPECT_EQ(server.requests[2].get_string(attr::kNonce), "nonce-2");
  EXPECT_EQ(client.state(), TurnState::kAllocated);
  EXPECT_EQ(client.stats().stale_nonce_retries, 1u);
}

TEST_F(TurnClientTest, StaleNonceRetriesAreBounded) {
  TurnClientOptions o = options();
  o.max_stale_nonce_retries = 2;
  TurnClient client(o, random);
  client.allocate(now);
  client.handle_receive(now, *server.handle(*client.poll_transmit()));
  for (int i = 0; i < 5; ++i) {
    auto out = client.poll_transmit();
    if (!out) break;
    server.nonce = "rotated-" + std::to_string(i);  // always stale by the time it arrives
    client.handle_receive(now, *server.handle(*out));
  }
  while (auto e = client.poll_event()) events.push_back(*e);
  EXPECT_EQ(server.requests.size(), 4u);  // challenge + first try + 2 stale retries
  EXPECT_EQ(client.state(), TurnState::kFailed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error_code, 438);
}

TEST_F(TurnClientTest, RefreshesOneMinuteBeforeExpiry) {
  TurnClient client = allocated_client(options());
  Timestamp allocated_at = now;
  EXPECT_EQ(client.next_timeout(), allocated_at + Duration(540'000'000));
  advance(client);
  ASSERT_EQ(server.requests.back().method(), StunMethod::kRefresh);
  EXPECT_EQ(server.requests.back().get_u32(attr::kLifetime), 600u);
  EXPECT_EQ(client.state(), TurnState::kAllocated);
  EXPECT_EQ(client.next_timeout(), now + Duration(540'000'000));
}

TEST_F(TurnClientTest, CreatesAndRefreshesPermissions) {
  TurnClient client = allocated_client(options());
  take_events();
  EXPECT_TRUE(client.create_permission(now, kPeer.ip()));
  exchange(client);
  ASSERT_EQ(server.requests.back().method(), StunMethod::kCreatePermission);
  EXPECT_EQ(server.requests.back().get_xor_address(attr::kXorPeerAddress)->ip(), kPeer.ip());
  auto ev = take_events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, TurnEvent::Kind::kPermissionCreated);
  EXPECT_TRUE(client.has_permission(kPeer.ip()));
  // Refreshed every 4 minutes, before the allocation refresh at 9 minutes.
  Timestamp created = now;
  EXPECT_EQ(client.next_timeout(), created + Duration(240'000'000));
  size_t before = server.requests.size();
  advance(client);
  EXPECT_EQ(server.requests.size(), before + 1);
  EXPECT_EQ(server.requests.back().method(), StunMethod::kCreatePermission);
  EXPECT_TRUE(take_events().empty());  // a refresh is not a new permission
}

TEST_F(TurnClientTest, SendsIndicationsUntilTheChannelIsBoundThenChannelData) {
  TurnClient client = allocated_client(options());
  EXPECT_TRUE(client.send(now, kPeer, as_bytes("hello")));
  exchange(client);
  ASSERT_EQ(server.indications.size(), 1u);
  EXPECT_EQ(server.indications[0].method(), StunMethod::kSend);
  EXPECT_EQ(server.indications[0].get_xor_address(attr::kXorPeerAddress), kPeer);
  EXPECT_EQ(server.indications[0].find(attr::kData)->value, Bytes(as_bytes("hello").begin(), as_bytes("hello").end()));

  auto channel = client.bind_channel(now, kPeer);
  ASSERT_EQ(channel, 0x4000);
  exchange(client);
  EXPECT_EQ(server.requests.back().method(), StunMethod::kChannelBind);
  EXPECT_EQ(stun::decode_channel_number(server.requests.back().find(attr::kChannelNumber)->value), 0x4000);
  EXPECT_EQ(client.bound_channel(kPeer), 0x4000);
  EXPECT_TRUE(client.has_permission(kPeer.ip()));
  EXPECT_TRUE(client.send(now, kPeer, as_bytes("hi")));
  exchange(client);
  ASSERT_EQ(server.channel_data.size(), 1u);
  EXPECT_EQ(server.channel_data[0], (Bytes{0x40, 0x00, 0x00, 0x02, 'h', 'i'}));  // unpadded on UDP
  // Rebinding refreshes at 9 minutes (the permission at 4).
  EXPECT_EQ(client.next_timeout(), now + Duration(240'000'000));
}

TEST_F(TurnClientTest, KeepsAllocationPermissionAndChannelAliveOverTime) {
  TurnClient client = allocated_client(options());
  Timestamp start = now;
  client.bind_channel(now, kPeer);
  exchange(client);
  // Over 20 virtual minutes: the allocation is refreshed every 9 min (lifetime 600 s minus the
  // 60 s margin), the channel re-bound every 9 min, and the permission re-created 4 min after it
  // was last installed, by CreatePermission or by the ChannelBind that refreshes it too.
  std::vector<std::pair<int64_t, StunMethod>> sent;
  while (now < start + Duration(1'200'000'000)) {
    size_t before = server.requests.size();
    advance(client);
    for (size_t i = before; i < server.requests.size(); ++i)
      sent.emplace_back((now - start).count() / 1'000'000, server.requests[i].method());
  }
  using P = std::pair<int64_t, StunMethod>;
  EXPECT_EQ(sent, (std::vector<P>{{240, StunMethod::kCreatePermission},
                                  {480, StunMethod::kCreatePermission},
                                  {540, StunMethod::kRefresh},
                                  {540, StunMethod::kChannelBind},
                                  {780, StunMethod::kCreatePermission},
                                  {1020, StunMethod::kCreatePermission},
                                  {1080, StunMethod::kRefresh},
                                  {1080, StunMethod::kChannelBind},
                                  {1320, StunMethod::kCreatePermission}}));
  EXPECT_EQ(client.state(), TurnState::kAllocated);
  EXPECT_EQ(client.bound_channel(kPeer), 0x4000);
  EXPECT_TRUE(client.has_permission(kPeer.ip()));
}

TEST_F(TurnClientTest, PadsChannelDataOnStreams) {
  TurnClientOptions o = options();
  o.reliable = o.stream = true;
  TurnClient client = allocated_client(o);
  client.bind_channel(now, kPeer);
  exchange(client);
  client.send(now, kPeer, as_bytes("hi"));
  exchange(client);
  ASSERT_EQ(server.channel_data.size(), 1u);
  EXPECT_EQ(server.channel_data[0].size(), 8u);
}

TEST_F(TurnClientTest, DeliversDataIndicationsAndChannelData) {
  TurnClient client = allocated_client(options());
  client.bind_channel(now, kPeer);
  exchange(client);
  take_events();
  StunMessage data(StunClass::kIndication, StunMethod::kData, stun::random_transaction_id(random));
  data.add_xor_address(attr::kXorPeerAddress, kPeer);
  data.add(attr::kData, {1, 2, 3});
  EXPECT_TRUE(client.handle_receive(now, data.encode()));
  EXPECT_TRUE(client.handle_receive(now, stun::encode_channel_data(0x4000, Bytes{4, 5}, true)));
  EXPECT_TRUE(client.handle_receive(now, stun::encode_channel_data(0x4001, Bytes{6})));  // not ours
  exchange(client);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, TurnEvent::Kind::kData);
  EXPECT_EQ(events[0].peer, kPeer);
  EXPECT_EQ(events[0].data, (Bytes{1, 2, 3}));
  EXPECT_FALSE(events[0].via_channel);
  EXPECT_EQ(events[1].data, (Bytes{4, 5}));
  EXPECT_TRUE(events[1].via_channel);
  EXPECT_EQ(client.stats().unknown_channel, 1u);
}

TEST_F(TurnClientTest, DropsAndCountsBadInput) {
  TurnClient client = allocated_client(options());
  take_events();
  EXPECT_FALSE(client.handle_receive(now, Bytes{0xff, 1, 2}));
  EXPECT_EQ(client.stats().malformed, 1u);
  // A response to nothing.
  StunMessage stray(StunClass::kSuccess, StunMethod::kRefresh, stun::random_transaction_id(random));
  client.handle_receive(now, stray.encode());
  EXPECT_EQ(client.stats().stray_responses, 1u);
  // A Data indication without DATA.
  StunMessage bad(StunClass::kIndication, StunMethod::kData, stun::random_transaction_id(random));
  bad.add_xor_address(attr::kXorPeerAddress, kPeer);
  client.handle_receive(now, bad.encode());
  EXPECT_EQ(client.stats().bad_data_indications, 1u);
  exchange(client);
  EXPECT_TRUE(events.empty());
}

TEST_F(TurnClientTest, ForgedResponseIsDroppedAndTheTransactionContinues) {
  TurnClient client = allocated_client(options());
  client.create_permission(now, kPeer.ip());
  auto request = StunMessage::decode(*client.poll_transmit());
  ASSERT_TRUE(request);
  StunMessage forged(StunClass::kError, StunMethod::kCreatePermission, request->transaction_id());
  forged.set_error_code(403, "Forbidden");
  client.handle_receive(now, forged.encode_with_integrity(stun::long_term_key("alice", "wasmrtc.test", "guess")));
  EXPECT_EQ(client.stats().integrity_failures, 1u);
  // The real answer still completes it.
  client.handle_receive(now, *server.handle(request->raw()));
  EXPECT_TRUE(client.has_permission(kPeer.ip()));
}

TEST_F(TurnClientTest, RetransmitsOverUdpThenFails) {
  server.silent = true;
  TurnClient client(options(), random);
  Timestamp start = now;
  client.allocate(now);
  exchange(client);
  std::vector<int64_t> sent_at;
  while (client.state() == TurnState::kAllocating) {
    size_t before = server.requests.size();
    advance(client);
    if (server.requests.size() > before) sent_at.push_back((now - start).count() / 1000);
  }
  EXPECT_EQ(sent_at, (std::vector<int64_t>{500, 1500, 3500, 7500, 15500, 31500}));
  EXPECT_EQ((now - start).count(), 39'500'000);
  EXPECT_EQ(client.state(), TurnState::kFailed);
  EXPECT_EQ(events.back().kind, TurnEvent::Kind::kFailed);
  EXPECT_EQ(events.back().error_code, 0);
  EXPECT_EQ(client.stats().retransmissions, 6u);
}

TEST_F(TurnClientTest, ReliableTransportDoesNotRetransmit) {
  server.silent = true;
  TurnClientOptions o = options();
  o.reliable = true;
  TurnClient client(o, random);
  client.allocate(now);
  exchange(client);
  advance(client);
  EXPECT_EQ(server.requests.size(), 1u);
  EXPECT_EQ(client.state(), TurnState::kFailed);
}

TEST_F(TurnClientTest, CloseDeallocatesWithLifetimeZero) {
  TurnClient client = allocated_client(options());
  client.create_permission(now, kPeer.ip());
  exchange(client);
  take_events();
  client.close(now);
  EXPECT_EQ(client.state(), TurnState::kClosing);
  exchange(client);
  EXPECT_EQ(server.requests.back().method(), StunMethod::kRefresh);
  EXPECT_EQ(server.requests.back().get_u32(attr::kLifetime), 0u);
  EXPECT_EQ(client.state(), TurnState::kClosed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, TurnEvent::Kind::kClosed);
  EXPECT_FALSE(client.send(now, kPeer, as_bytes("x")));
  EXPECT_TRUE(client.next_timeout().is_infinite());
}

TEST_F(TurnClientTest, ApiCallsBeforeAllocationAreRefused) {
  TurnClient client(options(), random);
  EXPECT_FALSE(client.create_permission(now, kPeer.ip()));
  EXPECT_FALSE(client.bind_channel(now, kPeer));
  EXPECT_FALSE(client.send(now, kPeer, as_bytes("x")));
  EXPECT_FALSE(client.poll_transmit());
  client.close(now);
  EXPECT_EQ(client.state(), TurnState::kClosed);
}

}  // namespace
}  // namespace wasmrtc::turn
