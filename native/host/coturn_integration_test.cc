// The STUN and TURN clients against a real, independent server: Debian's coturn, started by the
// test on 127.0.0.1 with long-term credentials (testing/coturn_server.h). Real sockets, so waits
// are bounded run_until loops on the Asio loop, never sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "common/random.h"
#include "host/event_loop.h"
#include "host/turn_tcp_session.h"
#include "host/turn_udp_session.h"
#include "host/udp_socket.h"
#include "stun/stun_message.h"
#include "testing/coturn_server.h"

namespace wasmrtc::host {
namespace {

using namespace std::chrono_literals;
using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
using turn::TurnEvent;
using turn::TurnState;

const SocketAddress kLoopbackAny = *SocketAddress::parse("127.0.0.1:0");

class CoturnTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::CoturnServer::available()) return;
    std::string error;
    server_ = testing::CoturnServer::start({}, &error).release();
    if (!server_) start_error_ = new std::string(error);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!testing::CoturnServer::available()) GTEST_SKIP() << "coturn (/usr/bin/turnserver) is not installed";
    ASSERT_TRUE(server_) << (start_error_ ? *start_error_ : "");
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "coturn log:\n" << server_->log();
  }

  turn::TurnClientOptions credentials(std::string password = "secret") {
    turn::TurnClientOptions o;
    o.username = "alice";
    o.password = std::move(password);
    return o;
  }

  // A TURN session whose events are collected in `events`.
  std::unique_ptr<TurnUdpSession> session(std::vector<TurnEvent>& events, std::string password = "secret") {
    auto s = TurnUdpSession::open(loop_, kLoopbackAny, server_->address(), credentials(std::move(password)), random_,
                                  [&events](const TurnEvent& e) { events.push_back(e); });
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? std::move(s.value()) : nullptr;
  }

  static bool has(const std::vector<TurnEvent>& events, TurnEvent::Kind kind) {
    for (const auto& e : events)
      if (e.kind == kind) return true;
    return false;
  }
  static const TurnEvent* data_event(const std::vector<TurnEvent>& events, std::string_view text) {
    for (const auto& e : events)
      if (e.kind == TurnEvent::Kind::kData && std::string(e.data.begin(), e.data.end()) == text) return &e;
    return nullptr;
  }

  static testing::CoturnServer* server_;
  static std::string* start_error_;
  EventLoop loop_;
  CryptoRandom random_;
};

testing::CoturnServer* CoturnTest::server_ = nullptr;
std::string* CoturnTest::start_error_ = nullptr;

TEST_F(CoturnTest, StunBindingReturnsOurOwnAddress) {
  std::optional<StunMessage> response;
  auto socket = UdpSocket::open(loop_, kLoopbackAny, [&](Timestamp, const SocketAddress&, const SocketAddress&, ByteView b) {
    response = StunMessage::decode(b);
  });
  ASSERT_TRUE(socket);
  SeededRandom seeded(1);
  StunMessage request(StunClass::kRequest, StunMethod::kBinding, stun::random_transaction_id(seeded));
  ASSERT_TRUE(socket.value()->send(server_->address(), request.encode_with_fingerprint()));
  ASSERT_TRUE(loop_.run_until([&] { return response.has_value(); }, 5s));
  EXPECT_EQ(response->message_class(), StunClass::kSuccess);
  EXPECT_EQ(response->transaction_id(), request.transaction_id());
  EXPECT_EQ(response->get_xor_address(stun::attr::kXorMappedAddress), socket.value()->local_address());
}

TEST_F(CoturnTest, TwoClientsRelayDataBothWaysByIndicationAndChannel) {
  std::vector<TurnEvent> ea, eb;
  auto a = session(ea);
  auto b = session(eb);
  ASSERT_TRUE(a && b);
  a->client().allocate(loop_.now());
  a->pump();
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until(
      [&] { return a->client().state() != TurnState::kAllocating && b->client().state() != TurnState::kAllocating; },
      10s));
  ASSERT_EQ(a->client().state(), TurnState::kAllocated);
  ASSERT_EQ(b->client().state(), TurnState::kAllocated);
  SocketAddress relay_a = *a->client().relayed_address();
  SocketAddress relay_b = *b->client().relayed_address();
  EXPECT_TRUE(relay_a.ip().is_loopback());
  EXPECT_NE(relay_a, relay_b);
  EXPECT_EQ(a->client().mapped_address(), a->local_address());
  EXPECT_EQ(b->client().mapped_address(), b->local_address());

  // Permissions each way, then Send indications -> Data indications.
  a->client().create_permission(loop_.now(), relay_b.ip());
  a->pump();
  b->client().create_permission(loop_.now(), relay_a.ip());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().has_permission(relay_b.ip()) && b->client().has_permission(relay_a.ip()); }, 10s));
  a->client().send(loop_.now(), relay_b, as_bytes("a->b by indication"));
  a->pump();
  b->client().send(loop_.now(), relay_a, as_bytes("b->a by indication"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "a->b by indication") && data_event(ea, "b->a by indication"); }, 10s));
  EXPECT_EQ(data_event(eb, "a->b by indication")->peer, relay_a);
  EXPECT_FALSE(data_event(eb, "a->b by indication")->via_channel);
  EXPECT_EQ(data_event(ea, "b->a by indication")->peer, relay_b);

  // Channels each way, then ChannelData both ways.
  auto ca = a->client().bind_channel(loop_.now(), relay_b);
  a->pump();
  auto cb = b->client().bind_channel(loop_.now(), relay_a);
  b->pump();
  ASSERT_TRUE(ca && cb);
  ASSERT_TRUE(loop_.run_until([&] { return a->client().bound_channel(relay_b) && b->client().bound_channel(relay_a); }, 10s));
  EXPECT_TRUE(has(ea, TurnEvent::Kind::kChannelBound));
  a->client().send(loop_.now(), relay_b, as_bytes("a->b by channel"));
  a->pump();
  b->client().send(loop_.now(), relay_a, as_bytes("b->a by channel"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "a->b by channel") && data_event(ea, "b->a by channel"); }, 10s));
  EXPECT_TRUE(data_event(eb, "a->b by channel")->via_channel);
  EXPECT_EQ(data_event(eb, "a->b by channel")->peer, relay_a);
  EXPECT_TRUE(data_event(ea, "b->a by channel")->via_channel);
  EXPECT_EQ(data_event(ea, "b->a by channel")->peer, relay_b);
  EXPECT_EQ(a->client().stats().integrity_failures, 0u);
  EXPECT_EQ(a->client().stats().malformed, 0u);

  // Deallocation: both reach kClosed after the server's answer.
  a->client().close(loop_.now());
  a->pump();
  b->client().close(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return has(ea, TurnEvent::Kind::kClosed) && has(eb, TurnEvent::Kind::kClosed); }, 10s));
  EXPECT_EQ(a->client().state(), TurnState::kClosed);
}

TEST_F(CoturnTest, TurnOverTcpRelaysToAUdpClient) {
  // A reaches the server over TCP (stream framing, padded ChannelData, no retransmissions); B over
  // UDP. The relayed addresses are UDP on both sides.
  std::vector<TurnEvent> ea, eb;
  TurnTcpSession a(loop_, server_->address(), credentials(), random_, [&ea](const TurnEvent& e) { ea.push_back(e); });
  auto b = session(eb);
  ASSERT_TRUE(b);
  a.client().allocate(loop_.now());
  a.pump();
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until(
      [&] { return a.client().state() != TurnState::kAllocating && b->client().state() != TurnState::kAllocating; },
      10s));
  ASSERT_EQ(a.client().state(), TurnState::kAllocated) << (ea.empty() ? "" : ea.back().reason);
  ASSERT_EQ(b->client().state(), TurnState::kAllocated);
  EXPECT_TRUE(a.connected());
  EXPECT_EQ(a.client().mapped_address(), a.local_address());
  SocketAddress relay_a = *a.client().relayed_address();
  SocketAddress relay_b = *b->client().relayed_address();

  a.client().bind_channel(loop_.now(), relay_b);
  a.pump();
  b->client().bind_channel(loop_.now(), relay_a);
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a.client().bound_channel(relay_b) && b->client().bound_channel(relay_a); }, 10s));
  // Odd sizes, so the ChannelData over TCP carries padding the framer must consume.
  a.client().send(loop_.now(), relay_b, as_bytes("tcp a->b"));
  a.pump();
  b->client().send(loop_.now(), relay_a, as_bytes("udp b->a!"));
  b->client().send(loop_.now(), relay_a, as_bytes("udp b->a again"));
  b->pump();
  ASSERT_TRUE(loop_.run_until(
      [&] { return data_event(eb, "tcp a->b") && data_event(ea, "udp b->a!") && data_event(ea, "udp b->a again"); },
      10s));
  EXPECT_TRUE(data_event(ea, "udp b->a!")->via_channel);
  EXPECT_EQ(data_event(ea, "udp b->a again")->peer, relay_b);
  EXPECT_FALSE(a.broken());
  EXPECT_EQ(a.client().stats().malformed, 0u);
}

TEST_F(CoturnTest, StaleNonceIsRetriedWithTheServersNewNonce) {
  // A server of our own whose nonces live one second (coturn --stale-nonce=1): a request made after
  // that is answered 438 with a fresh nonce, and the client must retry with it (RFC 8489 §9.2.5).
  testing::CoturnServer::Options options;
  options.extra_args = {"--stale-nonce=1"};
  std::string error;
  auto stale_server = testing::CoturnServer::start(options, &error);
  ASSERT_TRUE(stale_server) << error;
  std::vector<TurnEvent> events;
  auto s = TurnUdpSession::open(loop_, kLoopbackAny, stale_server->address(), credentials(), random_,
                                [&events](const TurnEvent& e) { events.push_back(e); });
  ASSERT_TRUE(s);
  TurnUdpSession& session = *s.value();
  session.client().allocate(loop_.now());
  session.pump();
  ASSERT_TRUE(loop_.run_until([&] { return session.client().state() != TurnState::kAllocating; }, 10s));
  ASSERT_EQ(session.client().state(), TurnState::kAllocated);
  // Let the nonce expire on the server's clock (the loop keeps running meanwhile).
  loop_.run_for(2500ms);
  SocketAddress peer = *SocketAddress::parse("127.0.0.1:9");
  session.client().create_permission(loop_.now(), peer.ip());
  session.pump();
  ASSERT_TRUE(loop_.run_until([&] { return session.client().has_permission(peer.ip()) || has(events, TurnEvent::Kind::kPermissionFailed); }, 10s));
  EXPECT_TRUE(session.client().has_permission(peer.ip()));
  EXPECT_GE(session.client().stats().stale_nonce_retries, 1u);
  if (HasFailure()) std::cerr << "stale-nonce coturn log:\n" << stale_server->log();
}

TEST_F(CoturnTest, WrongPasswordIsRefused) {
  std::vector<TurnEvent> events;
  auto s = session(events, "not-the-secret");
  ASSERT_TRUE(s);
  s->client().allocate(loop_.now());
  s->pump();
  ASSERT_TRUE(loop_.run_until([&] { return s->client().state() != TurnState::kAllocating; }, 10s));
  EXPECT_EQ(s->client().state(), TurnState::kFailed);
  ASSERT_TRUE(has(events, TurnEvent::Kind::kFailed));
  EXPECT_EQ(events.back().error_code, 401);
}

}  // namespace
}  // namespace wasmrtc::host
