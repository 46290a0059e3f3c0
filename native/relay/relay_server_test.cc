// The relay on real loopback sockets, in-process: the repo's TURN client over UDP (TurnUdpSession),
// TCP (TurnTcpSession) and WebSocket (a Beast client), HTTP /metrics, and the transport-level bad
// inputs (text and oversized WebSocket messages, idle and slow connections, garbage). Everything
// runs on one EventLoop; waits are bounded run_until loops, never sleeps.
#include "relay/relay_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <sstream>

#include "crypto/certificate.h"
#include "host/turn_tcp_session.h"
#include "host/turn_udp_session.h"
#include "host/udp_socket.h"
#include "relay/relay_test_clients.h"
#include "stun/stun_integrity.h"
#include "stun/stun_message.h"

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;
using host::TurnTcpSession;
using host::TurnUdpSession;
using testing::RawTcp;
using testing::TlsTurnClient;
using testing::WssTurnClient;
using testing::WsTurnClient;
using turn::TurnEvent;
using turn::TurnState;

const SocketAddress kAny = *SocketAddress::parse("127.0.0.1:0");

class RelayServerTest : public ::testing::Test {
 protected:
  void start(TurnServerOptions turn = {}, RelayServerOptions options = {}) {
    options.udp_listen = kAny;
    options.tcp_listen = kAny;
    if (options.tls_listen) {
      auto now_ms = static_cast<int64_t>(std::time(nullptr)) * 1000;
      auto cert = crypto::Certificate::generate_ecdsa_p256(now_ms, now_ms + 3600'000);
      ASSERT_TRUE(cert);
      options.tls_certificate_pem = cert->pem();
      options.tls_private_key_pem = cert->private_key_pem();
    }
    options.relay_ip = *IpAddress::parse("127.0.0.1");
    if (options.limits.handshake_timeout == std::chrono::seconds(10)) options.limits.handshake_timeout = 300ms;
    turn.realm = "wasmrtc.test";
    Authenticator auth;
    auth.add_user("alice", "secret");
    auth.add_user("bob", "hunter2");
    AddressPolicy policy;
    policy.allow(*IpPrefix::parse("127.0.0.1/32"));
    policy.allow(*IpPrefix::parse("::1/128"));
    auto s = RelayServer::start(loop_, options, turn, std::move(auth), std::move(policy), random_, logger_);
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(s.value());
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "relay log:\n" << log_.str();
  }

  turn::TurnClientOptions credentials(std::string user = "alice", std::string password = "secret") {
    turn::TurnClientOptions o;
    o.username = std::move(user);
    o.password = std::move(password);
    return o;
  }
  std::unique_ptr<TurnUdpSession> udp_client(std::vector<TurnEvent>& events, std::string user = "alice",
                                             std::string password = "secret") {
    auto s = TurnUdpSession::open(loop_, kAny, *server_->udp_address(), credentials(user, password), random_,
                                  [&events](const TurnEvent& e) { events.push_back(e); });
    EXPECT_TRUE(s);
    return s ? std::move(s.value()) : nullptr;
  }
  static const TurnEvent* data_event(const std::vector<TurnEvent>& events, std::string_view text) {
    for (const auto& e : events)
      if (e.kind == TurnEvent::Kind::kData && std::string(e.data.begin(), e.data.end()) == text) return &e;
    return nullptr;
  }
  static bool has(const std::vector<TurnEvent>& events, TurnEvent::Kind kind) {
    for (const auto& e : events)
      if (e.kind == kind) return true;
    return false;
  }
  std::string http_get(const std::string& path) {
    RawTcp c(loop_, *server_->tcp_address());
    c.write("GET " + path + " HTTP/1.1\r\nHost: relay\r\n\r\n");
    EXPECT_TRUE(loop_.run_until([&] { return c.eof(); }, 5s));
    return c.received();
  }

  host::EventLoop loop_;
  CryptoRandom random_;
  std::ostringstream log_;
  Logger logger_{log_, LogLevel::kDebug};
  std::unique_ptr<RelayServer> server_;
};

// This process's end of the accepted connection whose peer is 127.0.0.1:client_port, or -1.
int accepted_fd(uint16_t server_port, uint16_t client_port) {
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in local{}, peer{};
    socklen_t n = sizeof local, m = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &n) != 0 || local.sin_family != AF_INET) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &m) != 0) continue;
    if (ntohs(local.sin_port) == server_port && ntohs(peer.sin_port) == client_port) return fd;
  }
  return -1;
}

// Nagle's algorithm would hold the relay's small writes (every TURN message) until the client
// acknowledged the previous one, up to the client's 40 ms delayed ACK: a relayed ICE check waited
// that long in nearly every setup. The relay's end of every TCP connection (TURN over TCP, TLS,
// WebSocket: one accept path) has TCP_NODELAY.
TEST_F(RelayServerTest, AcceptedConnectionsSendWithoutNagleDelay) {
  start();
  RawTcp c(loop_, *server_->tcp_address());
  int fd = -1;
  ASSERT_TRUE(loop_.run_until([&] {
    if (c.connected()) fd = accepted_fd(server_->tcp_address()->port(), c.local_port());
    return fd >= 0;
  }, 5s));
  int nodelay = 0;
  socklen_t len = sizeof nodelay;
  ASSERT_EQ(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
  EXPECT_NE(nodelay, 0);
}

TEST_F(RelayServerTest, TwoUdpClientsRelayDataBothWaysByIndicationAndChannel) {
  start();
  std::vector<TurnEvent> ea, eb;
  auto a = udp_client(ea);
  auto b = udp_client(eb, "bob", "hunter2");
  a->client().allocate(loop_.now());
  a->pump();
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() != TurnState::kAllocating && b->client().state() != TurnState::kAllocating; }, 5s));
  ASSERT_EQ(a->client().state(), TurnState::kAllocated);
  ASSERT_EQ(b->client().state(), TurnState::kAllocated);
  SocketAddress ra = *a->client().relayed_address(), rb = *b->client().relayed_address();
  EXPECT_TRUE(ra.ip().is_loopback());
  EXPECT_NE(ra, rb);
  EXPECT_EQ(a->client().mapped_address(), a->local_address());

  a->client().create_permission(loop_.now(), rb.ip());
  a->pump();
  b->client().create_permission(loop_.now(), ra.ip());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().has_permission(rb.ip()) && b->client().has_permission(ra.ip()); }, 5s));
  a->client().send(loop_.now(), rb, as_bytes("a->b by indication"));
  a->pump();
  b->client().send(loop_.now(), ra, as_bytes("b->a by indication"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "a->b by indication") && data_event(ea, "b->a by indication"); }, 5s));
  EXPECT_EQ(data_event(eb, "a->b by indication")->peer, ra);

  a->client().bind_channel(loop_.now(), rb);
  a->pump();
  b->client().bind_channel(loop_.now(), ra);
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().bound_channel(rb) && b->client().bound_channel(ra); }, 5s));
  a->client().send(loop_.now(), rb, as_bytes("a->b by channel"));
  a->pump();
  b->client().send(loop_.now(), ra, as_bytes("b->a by channel"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "a->b by channel") && data_event(ea, "b->a by channel"); }, 5s));
  EXPECT_TRUE(data_event(eb, "a->b by channel")->via_channel);
  EXPECT_TRUE(data_event(ea, "b->a by channel")->via_channel);
  EXPECT_EQ(a->client().stats().integrity_failures, 0u);

  a->client().close(loop_.now());
  a->pump();
  b->client().close(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return has(ea, TurnEvent::Kind::kClosed) && has(eb, TurnEvent::Kind::kClosed); }, 5s));
  EXPECT_EQ(server_->core().allocation_count(), 0u);
  EXPECT_NE(log_.str().find("event=allocation_created"), std::string::npos);
  EXPECT_NE(log_.str().find("event=allocation_deleted"), std::string::npos);
}

TEST_F(RelayServerTest, TcpClientRelaysToAUdpClientAndItsAllocationEndsWithTheConnection) {
  start();
  std::vector<TurnEvent> ea, eb;
  auto a = std::make_unique<TurnTcpSession>(loop_, *server_->tcp_address(), credentials(), random_,
                                            [&ea](const TurnEvent& e) { ea.push_back(e); });
  auto b = udp_client(eb, "bob", "hunter2");
  a->client().allocate(loop_.now());
  a->pump();
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() != TurnState::kAllocating && b->client().state() != TurnState::kAllocating; }, 5s));
  ASSERT_EQ(a->client().state(), TurnState::kAllocated);
  ASSERT_EQ(b->client().state(), TurnState::kAllocated);
  EXPECT_EQ(a->client().mapped_address(), a->local_address());
  SocketAddress ra = *a->client().relayed_address(), rb = *b->client().relayed_address();
  a->client().bind_channel(loop_.now(), rb);
  a->pump();
  b->client().bind_channel(loop_.now(), ra);
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().bound_channel(rb) && b->client().bound_channel(ra); }, 5s));
  // Odd sizes: the ChannelData toward the TCP client is padded and must be framed correctly.
  a->client().send(loop_.now(), rb, as_bytes("tcp a->b"));
  a->pump();
  b->client().send(loop_.now(), ra, as_bytes("udp b->a!"));
  b->client().send(loop_.now(), ra, as_bytes("udp b->a again"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "tcp a->b") && data_event(ea, "udp b->a!") && data_event(ea, "udp b->a again"); }, 5s));
  EXPECT_TRUE(data_event(ea, "udp b->a!")->via_channel);
  EXPECT_FALSE(a->broken());
  EXPECT_EQ(server_->core().allocation_count(), 2u);
  a.reset();  // the connection closes: RFC 8656 ties the allocation to it
  ASSERT_TRUE(loop_.run_until([&] { return server_->core().allocation_count() == 1; }, 5s));
}

TEST_F(RelayServerTest, WebSocketClientRelaysToAUdpClientInWholeAndFragmentedMessages) {
  start();
  for (size_t fragment : {size_t{0}, size_t{16}}) {
    std::vector<TurnEvent> eb;
    WsTurnClient a(loop_, *server_->tcp_address(), credentials(), random_, "turn", fragment);
    auto b = udp_client(eb, "bob", "hunter2");
    ASSERT_TRUE(loop_.run_until([&] { return a.connected() || a.failed(); }, 5s));
    ASSERT_TRUE(a.connected());
    EXPECT_EQ(a.handshake_response()[boost::beast::http::field::sec_websocket_protocol], "turn");
    a.client().allocate(loop_.now());
    a.pump();
    b->client().allocate(loop_.now());
    b->pump();
    ASSERT_TRUE(loop_.run_until([&] { return a.client().state() != TurnState::kAllocating && b->client().state() != TurnState::kAllocating; }, 5s));
    ASSERT_EQ(a.client().state(), TurnState::kAllocated) << (a.events.empty() ? "" : a.events.back().reason);
    ASSERT_EQ(b->client().state(), TurnState::kAllocated);
    EXPECT_TRUE(a.client().mapped_address()->ip().is_loopback());
    SocketAddress ra = *a.client().relayed_address(), rb = *b->client().relayed_address();
    a.client().bind_channel(loop_.now(), rb);
    a.pump();
    b->client().create_permission(loop_.now(), ra.ip());
    b->pump();
    ASSERT_TRUE(loop_.run_until([&] { return a.client().bound_channel(rb) && b->client().has_permission(ra.ip()); }, 5s));
    a.client().send(loop_.now(), rb, as_bytes("ws a->b"));
    a.pump();
    b->client().send(loop_.now(), ra, as_bytes("udp b->ws"));
    b->pump();
    ASSERT_TRUE(loop_.run_until([&] { return data_event(eb, "ws a->b") && a.data("udp b->ws"); }, 5s));
    EXPECT_TRUE(a.data("udp b->ws")->via_channel);
    EXPECT_EQ(data_event(eb, "ws a->b")->peer, ra);
  }
  EXPECT_EQ(server_->transport().websocket_sessions, 2u);
}

TEST_F(RelayServerTest, TurnOverTlsAndWssRelayToAUdpClient) {
  RelayServerOptions options;
  options.tls_listen = kAny;
  start({}, options);
  ASSERT_TRUE(server_->tls_address());
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
  tls.set_verify_mode(boost::asio::ssl::verify_none);  // self-signed test certificate
  std::vector<TurnEvent> eb;
  auto b = udp_client(eb, "bob", "hunter2");
  TlsTurnClient t(loop_, *server_->tls_address(), credentials(), random_, tls);
  WssTurnClient w(loop_, *server_->tls_address(), credentials(), random_, "turn", 0, &tls);
  ASSERT_TRUE(loop_.run_until([&] { return (t.connected() || t.failed()) && (w.connected() || w.failed()); }, 5s));
  ASSERT_TRUE(t.connected());
  ASSERT_TRUE(w.connected());
  t.client().allocate(loop_.now());
  t.pump();
  w.client().allocate(loop_.now());
  w.pump();
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] {
    return t.client().state() == TurnState::kAllocated && w.client().state() == TurnState::kAllocated &&
           b->client().state() == TurnState::kAllocated;
  }, 5s));
  SocketAddress rt = *t.client().relayed_address(), rw = *w.client().relayed_address(), rb = *b->client().relayed_address();
  t.client().bind_channel(loop_.now(), rb);
  t.pump();
  w.client().bind_channel(loop_.now(), rb);
  w.pump();
  b->client().create_permission(loop_.now(), rt.ip());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return t.client().bound_channel(rb) && w.client().bound_channel(rb) && b->client().has_permission(rt.ip()); }, 5s));
  t.client().send(loop_.now(), rb, as_bytes("over tls"));
  t.pump();
  w.client().send(loop_.now(), rb, as_bytes("over wss"));
  w.pump();
  b->client().send(loop_.now(), rt, as_bytes("to tls"));
  b->client().send(loop_.now(), rw, as_bytes("to wss"));
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] {
    auto got = [](const std::vector<TurnEvent>& ev, std::string_view text) { return data_event(ev, text) != nullptr; };
    return got(eb, "over tls") && got(eb, "over wss") && got(t.events, "to tls") && got(w.events, "to wss");
  }, 5s));
  EXPECT_EQ(server_->transport().tls_sessions, 2u);
  EXPECT_EQ(server_->transport().websocket_sessions, 1u);
  // With a certificate, the plain TCP port takes TLS too (first byte 0x16).
  TlsTurnClient t2(loop_, *server_->tcp_address(), credentials("bob", "hunter2"), random_, tls);
  WssTurnClient w2(loop_, *server_->tcp_address(), credentials("bob", "hunter2"), random_, "turn", 0, &tls);
  ASSERT_TRUE(loop_.run_until([&] { return (t2.connected() || t2.failed()) && (w2.connected() || w2.failed()); }, 5s));
  ASSERT_TRUE(t2.connected() && w2.connected());
  t2.client().allocate(loop_.now());
  t2.pump();
  w2.client().allocate(loop_.now());
  w2.pump();
  ASSERT_TRUE(loop_.run_until([&] { return t2.client().state() == TurnState::kAllocated && w2.client().state() == TurnState::kAllocated; }, 5s));
  EXPECT_EQ(server_->transport().tls_sessions, 4u);
  // Plain TCP on the TLS port is refused by the handshake.
  RawTcp plain(loop_, *server_->tls_address());
  plain.write(std::string("\x00\x01\x00\x00\x21\x12\xA4\x42" "abcdefghijkl", 20));
  ASSERT_TRUE(loop_.run_until([&] { return plain.eof(); }, 5s));
  EXPECT_TRUE(plain.received().empty() || plain.received()[0] == '\x15');  // nothing, or a TLS alert
}

TEST_F(RelayServerTest, Ipv6RelayedAddressReachesAnIpv6Peer) {
  RelayServerOptions options;
  options.relay_ip6 = *IpAddress::parse("::1");
  TurnServerOptions turn;
  turn.ipv6_relay = true;
  start(turn, options);
  std::vector<stun::StunMessage> replies;
  std::vector<Bytes> raw;
  auto client = host::UdpSocket::open(loop_, kAny, [&](Timestamp, const SocketAddress&, const SocketAddress&, ByteView b) {
    raw.emplace_back(b.begin(), b.end());
    if (auto m = stun::StunMessage::decode(b)) replies.push_back(std::move(*m));
  });
  ASSERT_TRUE(client);
  auto exchange = [&](const Bytes& bytes) -> stun::StunMessage* {
    size_t before = replies.size();
    client.value()->send(*server_->udp_address(), bytes);
    if (!loop_.run_until([&] { return replies.size() > before; }, 5s)) return nullptr;
    return &replies.back();
  };
  SeededRandom ids(3);
  auto request = [&](stun::StunMethod method) {
    return stun::StunMessage(stun::StunClass::kRequest, method, stun::random_transaction_id(ids));
  };
  auto sign = [&](stun::StunMessage m, const std::string& nonce) {
    m.add_string(stun::attr::kUsername, "alice");
    m.add_string(stun::attr::kRealm, "wasmrtc.test");
    m.add_string(stun::attr::kNonce, nonce);
    return m.encode_with_integrity(stun::long_term_key("alice", "wasmrtc.test", "secret"), false);
  };
  auto allocate = request(stun::StunMethod::kAllocate);
  allocate.add(stun::attr::kRequestedTransport, stun::encode_requested_transport(stun::kTransportUdp));
  allocate.add(stun::attr::kRequestedAddressFamily, Bytes{0x02, 0, 0, 0});
  auto* challenge = exchange(allocate.encode());
  ASSERT_TRUE(challenge);
  std::string nonce = *challenge->get_string(stun::attr::kNonce);
  auto* ok = exchange(sign(allocate, nonce));
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->message_class(), stun::StunClass::kSuccess);
  SocketAddress relayed = *ok->get_xor_address(stun::attr::kXorRelayedAddress);
  EXPECT_EQ(relayed.ip(), IpAddress::parse("::1"));

  auto peer = host::UdpSocket::open(loop_, *SocketAddress::parse("[::1]:0"), [](Timestamp, const SocketAddress&, const SocketAddress&, ByteView) {});
  ASSERT_TRUE(peer);
  auto permission = request(stun::StunMethod::kCreatePermission);
  permission.add_xor_address(stun::attr::kXorPeerAddress, peer.value()->local_address());
  auto* granted = exchange(sign(permission, nonce));
  ASSERT_TRUE(granted);
  EXPECT_EQ(granted->message_class(), stun::StunClass::kSuccess) << (granted->error_code() ? granted->error_code()->reason : "");
  size_t before = replies.size();
  peer.value()->send(relayed, as_bytes("hello over v6"));
  ASSERT_TRUE(loop_.run_until([&] { return replies.size() > before; }, 5s));
  EXPECT_EQ(replies.back().method(), stun::StunMethod::kData);
  EXPECT_EQ(replies.back().get_xor_address(stun::attr::kXorPeerAddress), peer.value()->local_address());
}

TEST_F(RelayServerTest, QuietWebSocketWithoutAllocationIsClosedButAnAllocatedOneStays) {
  RelayServerOptions options;
  options.limits.idle_timeout = 300ms;
  start({}, options);
  WsTurnClient quiet(loop_, *server_->tcp_address(), credentials(), random_);
  WsTurnClient busy(loop_, *server_->tcp_address(), credentials("bob", "hunter2"), random_);
  ASSERT_TRUE(loop_.run_until([&] { return quiet.connected() && busy.connected(); }, 5s));
  busy.client().allocate(loop_.now());
  busy.pump();
  ASSERT_TRUE(loop_.run_until([&] { return quiet.closed(); }, 5s));
  EXPECT_EQ(quiet.close_code(), 1008);
  loop_.run_for(400ms);
  EXPECT_FALSE(busy.closed());
  EXPECT_EQ(busy.client().state(), TurnState::kAllocated);
}

TEST_F(RelayServerTest, AnAbandonedAllocationExpiresOnTheRelaysTimerAndItsPortCloses) {
  TurnServerOptions turn;
  turn.default_lifetime = 1s;
  turn.max_lifetime = 1s;
  start(turn);
  std::vector<TurnEvent> ea;
  auto a = udp_client(ea);
  a->client().allocate(loop_.now());
  a->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() == TurnState::kAllocated; }, 5s));
  EXPECT_EQ(ea.front().lifetime, 1u);
  SocketAddress relayed = *a->client().relayed_address();
  a.reset();  // the client vanishes without a Refresh
  Timestamp t0 = loop_.now();
  ASSERT_TRUE(loop_.run_until([&] { return server_->core().allocation_count() == 0; }, 5s));
  EXPECT_GE(loop_.now() - t0, Duration(800ms));
  EXPECT_EQ(server_->core().counters().allocations_expired, 1u);
  EXPECT_NE(log_.str().find("event=allocation_expired"), std::string::npos);
  // The relayed port is free again.
  auto rebind = host::UdpSocket::open(loop_, relayed, [](Timestamp, const SocketAddress&, const SocketAddress&, ByteView) {});
  EXPECT_TRUE(rebind) << (rebind ? "" : rebind.error().message);
}

TEST_F(RelayServerTest, WebSocketTextMessageIsClosedWith1003) {
  start();
  WsTurnClient c(loop_, *server_->tcp_address(), credentials(), random_);
  ASSERT_TRUE(loop_.run_until([&] { return c.connected() || c.failed(); }, 5s));
  ASSERT_TRUE(c.connected());
  c.send_raw(Bytes{'h', 'i'}, /*text=*/true);
  ASSERT_TRUE(loop_.run_until([&] { return c.closed(); }, 5s));
  EXPECT_EQ(c.close_code(), 1003);
  EXPECT_EQ(server_->transport().websocket_text_closed, 1u);
}

TEST_F(RelayServerTest, WebSocketMessageOverTheLimitIsClosedWith1009) {
  start();
  WsTurnClient c(loop_, *server_->tcp_address(), credentials(), random_);
  ASSERT_TRUE(loop_.run_until([&] { return c.connected() || c.failed(); }, 5s));
  ASSERT_TRUE(c.connected());
  c.send_raw(Bytes(4 + 65535 + 1, 0x40));
  ASSERT_TRUE(loop_.run_until([&] { return c.closed(); }, 5s));
  EXPECT_EQ(c.close_code(), 1009);
  EXPECT_EQ(server_->transport().websocket_too_big_closed, 1u);
  // The largest legal message is fine: a ChannelData on an unbound channel, dropped and counted.
  WsTurnClient d(loop_, *server_->tcp_address(), credentials(), random_);
  ASSERT_TRUE(loop_.run_until([&] { return d.connected() || d.failed(); }, 5s));
  Bytes max(4 + 65535, 0);
  max[0] = 0x40;
  max[2] = 0xFF;
  max[3] = 0xFF;
  d.send_raw(max);
  ASSERT_TRUE(loop_.run_until([&] { return server_->core().counters().dropped(DropReason::kNoAllocation) == 1; }, 5s));
  EXPECT_FALSE(d.closed());
}

TEST_F(RelayServerTest, WebSocketWithoutTheTurnSubprotocolIsRefused) {
  start();
  WsTurnClient c(loop_, *server_->tcp_address(), credentials(), random_, /*subprotocol=*/"");
  ASSERT_TRUE(loop_.run_until([&] { return c.connected() || c.failed(); }, 5s));
  EXPECT_TRUE(c.failed());
  EXPECT_EQ(server_->transport().websocket_sessions, 0u);
}

TEST_F(RelayServerTest, WebSocketFromAnOriginNotAllowedIsRefused) {
  RelayServerOptions options;
  options.allowed_origins = {"https://app.example"};
  start({}, options);
  RawTcp c(loop_, *server_->tcp_address());
  c.write("GET / HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Protocol: turn\r\nOrigin: https://evil.example\r\n\r\n");
  ASSERT_TRUE(loop_.run_until([&] { return c.eof(); }, 5s));
  EXPECT_EQ(c.received().substr(0, 12), "HTTP/1.1 403");
}

TEST_F(RelayServerTest, MetricsAreServedOverHttpOnTheSamePort) {
  start();
  std::vector<TurnEvent> ea;
  auto a = udp_client(ea);
  a->client().allocate(loop_.now());
  a->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() == TurnState::kAllocated; }, 5s));
  std::string response = http_get("/metrics");
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 200");
  EXPECT_NE(response.find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(response.find("\nwasmrtc_relay_allocations 1\n"), std::string::npos) << response;
  EXPECT_NE(response.find("wasmrtc_relay_auth_total{result=\"challenge\"} 1"), std::string::npos);
  EXPECT_NE(response.find("wasmrtc_relay_drops_total{reason=\"malformed\"} 0"), std::string::npos);
  EXPECT_EQ(http_get("/nope").substr(0, 12), "HTTP/1.1 404");
}

TEST_F(RelayServerTest, IdleAndSlowConnectionsAreClosedAfterTheHandshakeTimeout) {
  start();
  Timestamp t0 = loop_.now();
  RawTcp silent(loop_, *server_->tcp_address());
  RawTcp slow(loop_, *server_->tcp_address());
  slow.write("GET /metrics HTTP/1.1\r\nHost: re");  // and never the rest (slowloris)
  ASSERT_TRUE(loop_.run_until([&] { return silent.eof() && slow.eof(); }, 5s));
  EXPECT_GE(loop_.now() - t0, Duration(250ms));
  EXPECT_TRUE(silent.received().empty());
  EXPECT_EQ(server_->transport().handshake_timeouts, 2u);
  ASSERT_TRUE(loop_.run_until([&] { return server_->transport().open_connections == 0; }, 2s));
  // The relay still serves.
  EXPECT_EQ(http_get("/healthz").substr(0, 12), "HTTP/1.1 200");
}

TEST_F(RelayServerTest, OversizedHttpHeaderAndGarbageFirstBytesAreRefused) {
  start();
  RawTcp big(loop_, *server_->tcp_address());
  big.write("GET / HTTP/1.1\r\nX-Filler: " + std::string(20000, 'a') + "\r\n\r\n");
  RawTcp garbage(loop_, *server_->tcp_address());
  garbage.write("\x80\x81\x82\x83");
  ASSERT_TRUE(loop_.run_until([&] { return big.eof() && garbage.eof(); }, 5s));
  EXPECT_EQ(big.received().substr(0, 12), "HTTP/1.1 431");
  EXPECT_GE(server_->transport().bad_handshakes, 2u);
}

TEST_F(RelayServerTest, TcpStreamThatLosesSyncIsClosed) {
  start();
  RawTcp c(loop_, *server_->tcp_address());
  // A whole Binding request (answered), then a byte that starts no valid message.
  std::string binding("\x00\x01\x00\x00\x21\x12\xA4\x42" "abcdefghijkl", 20);
  c.write(binding);
  c.write(std::string("\xC0\x00\x00\x00", 4));
  ASSERT_TRUE(loop_.run_until([&] { return c.eof(); }, 5s));
  auto answer = stun::StunMessage::decode(as_bytes(c.received()));  // exactly one whole message
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->message_class(), stun::StunClass::kSuccess);
  EXPECT_EQ(server_->transport().stream_desyncs, 1u);
}

TEST_F(RelayServerTest, MalformedDatagramsAreCountedAndOtherClientsUnaffected) {
  start();
  auto junk = host::UdpSocket::open(loop_, kAny, [](Timestamp, const SocketAddress&, const SocketAddress&, ByteView) {});
  ASSERT_TRUE(junk);
  for (int i = 0; i < 50; ++i) {
    junk.value()->send(*server_->udp_address(), Bytes{0xFF, 0xEE, static_cast<uint8_t>(i)});
    junk.value()->send(*server_->udp_address(), Bytes(40, 0));  // STUN-looking, no magic cookie
  }
  std::vector<TurnEvent> ea;
  auto a = udp_client(ea);
  a->client().allocate(loop_.now());
  a->pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() == TurnState::kAllocated; }, 5s));
  EXPECT_EQ(server_->core().counters().dropped(DropReason::kMalformed), 100u);
}

TEST_F(RelayServerTest, AllocateFloodFromOneUserHitsTheQuota) {
  TurnServerOptions turn;
  turn.max_allocations_per_user = 3;
  start(turn);
  std::vector<std::vector<TurnEvent>> events(10);
  std::vector<std::unique_ptr<TurnUdpSession>> sessions;
  for (auto& e : events) {
    sessions.push_back(udp_client(e));
    sessions.back()->client().allocate(loop_.now());
    sessions.back()->pump();
  }
  ASSERT_TRUE(loop_.run_until([&] {
    for (auto& s : sessions)
      if (s->client().state() == TurnState::kAllocating) return false;
    return true;
  }, 5s));
  int allocated = 0, refused = 0;
  for (size_t i = 0; i < sessions.size(); ++i) {
    if (sessions[i]->client().state() == TurnState::kAllocated) ++allocated;
    else if (!events[i].empty() && events[i].back().error_code == 486) ++refused;
  }
  EXPECT_EQ(allocated, 3);
  EXPECT_EQ(refused, 7);
  // Another user still gets in.
  std::vector<TurnEvent> eb;
  auto b = udp_client(eb, "bob", "hunter2");
  b->client().allocate(loop_.now());
  b->pump();
  ASSERT_TRUE(loop_.run_until([&] { return b->client().state() == TurnState::kAllocated; }, 5s));
  EXPECT_NE(http_get("/metrics").find("wasmrtc_relay_quota_rejections_total 7"), std::string::npos);
}

TEST_F(RelayServerTest, ConnectionsOverThePerIpLimitAreRefused) {
  RelayServerOptions options;
  options.max_connections_per_ip = 2;
  start({}, options);
  RawTcp a(loop_, *server_->tcp_address()), b(loop_, *server_->tcp_address()), c(loop_, *server_->tcp_address());
  ASSERT_TRUE(loop_.run_until([&] { return server_->transport().tcp_connections == 3; }, 5s));
  ASSERT_TRUE(loop_.run_until([&] { return c.eof() || a.eof() || b.eof(); }, 2s));
  EXPECT_EQ(server_->transport().connections_refused, 1u);
}

TEST_F(RelayServerTest, ShutdownReleasesEverything) {
  start();
  std::vector<TurnEvent> ea;
  auto a = udp_client(ea);
  a->client().allocate(loop_.now());
  a->pump();
  WsTurnClient w(loop_, *server_->tcp_address(), credentials("bob", "hunter2"), random_);
  ASSERT_TRUE(loop_.run_until([&] { return w.connected(); }, 5s));
  w.client().allocate(loop_.now());
  w.pump();
  ASSERT_TRUE(loop_.run_until([&] { return a->client().state() == TurnState::kAllocated && w.client().state() == TurnState::kAllocated; }, 5s));
  server_->shutdown();
  EXPECT_EQ(server_->core().allocation_count(), 0u);
  ASSERT_TRUE(loop_.run_until([&] { return w.closed(); }, 5s));
  server_.reset();
  loop_.run_for(20ms);
}

}  // namespace
}  // namespace wasmrtc::relay
