// Two tools::PeerConnectionDrivers, "A" (offerer) and "Z" (answerer), on the Asio loop over
// 127.0.0.1 UDP: offer/answer and trickle handed across in-process (one loop turn later, as a
// signaling channel would), data channels both ways (strings and binary, 0 B to 256 KiB, ordered
// and unordered), close, and a peer that vanishes without closing. Waits are bounded run_until
// loops on the event loop, never sleeps.
#include "tools/peer_connection_driver.h"

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "host/event_loop.h"

namespace wasmrtc::tools {
namespace {

using namespace std::chrono_literals;
using datachannel::DataChannelId;
using peer::PeerConnectionEvent;
using peer::PeerConnectionState;
namespace pc_event = peer::pc_event;

const SocketAddress kLoopback = *SocketAddress::parse("127.0.0.1:0");

// One side: its driver, every event it reported, and the peer its candidates go to.
struct Side {
  explicit Side(const char* n) : name(n) {}
  std::string name;
  std::unique_ptr<PeerConnectionDriver> driver;
  Side* peer = nullptr;
  std::vector<PeerConnectionEvent> events;

  peer::PeerConnection& pc() { return driver->pc(); }

  template <typename T>
  std::vector<T> channel_events() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const auto* dc = std::get_if<pc_event::DataChannel>(&e))
        if (const T* t = std::get_if<T>(&dc->event)) out.push_back(*t);
    return out;
  }
  std::vector<PeerConnectionState> states() const {
    std::vector<PeerConnectionState> out;
    for (const auto& e : events)
      if (const auto* s = std::get_if<pc_event::ConnectionStateChange>(&e)) out.push_back(s->state);
    return out;
  }
  DataChannelId announced(const std::string& label) const {
    for (const auto& a : channel_events<datachannel::ChannelAnnounced>())
      if (a.parameters.label == label) return a.channel;
    return 0;
  }
  bool open(DataChannelId id) const {
    return id != 0 && driver->pc().data_channels().state(id) == datachannel::DataChannelState::kOpen;
  }
  bool closed(DataChannelId id) const {
    for (const auto& c : channel_events<datachannel::ChannelClosed>())
      if (c.channel == id) return true;
    return false;
  }
  std::vector<datachannel::ChannelMessage> messages(DataChannelId id) const {
    std::vector<datachannel::ChannelMessage> out;
    for (const auto& m : channel_events<datachannel::ChannelMessage>())
      if (m.channel == id) out.push_back(m);
    return out;
  }
};

class PeerConnectionDriverTest : public ::testing::Test {
 protected:
  void create(peer::PeerConnectionConfig config = {}) {
    for (Side* s : {&a_, &z_}) {
      auto driver = PeerConnectionDriver::create(loop_, config, {kLoopback},
                                                 [this, s](const PeerConnectionEvent& e) { on_event(*s, e); });
      ASSERT_TRUE(driver.ok()) << driver.error().message;
      s->driver = std::move(driver.value());
    }
    a_.peer = &z_;
    z_.peer = &a_;
  }

  // Trickle: a candidate reaches the peer on a later loop turn, after the descriptions (which
  // negotiate() applies synchronously), as an in-order signaling channel would deliver it.
  void on_event(Side& s, const PeerConnectionEvent& e) {
    s.events.push_back(e);
    if (const auto* c = std::get_if<pc_event::IceCandidate>(&e)) {
      Side* to = s.peer;
      boost::asio::post(loop_.context(), [to, c = *c] {
        if (!to->driver || to->pc().closed()) return;
        auto status = to->pc().add_ice_candidate(to->driver->now(), c.candidate, c.mid, std::nullopt, c.ufrag);
        EXPECT_TRUE(status.ok()) << to->name << ": " << status.error().message;
        to->driver->flush();
      });
    }
  }

  void negotiate() {
    auto& a = a_.pc();
    auto& z = z_.pc();
    ASSERT_TRUE(a.set_local_description(a_.driver->now(), {peer::SdpType::kOffer, ""}).ok());
    a_.driver->flush();
    const std::string offer = a.local_description()->sdp;
    auto applied = z.set_remote_description(z_.driver->now(), {peer::SdpType::kOffer, offer});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    ASSERT_TRUE(z.set_local_description(z_.driver->now(), {peer::SdpType::kAnswer, ""}).ok());
    z_.driver->flush();
    auto back = a.set_remote_description(a_.driver->now(), {peer::SdpType::kAnswer, z.local_description()->sdp});
    ASSERT_TRUE(back.ok()) << back.error().message;
    a_.driver->flush();
  }

  DataChannelId create_channel(Side& s, const std::string& label, bool ordered) {
    datachannel::DataChannelParameters p;
    p.label = label;
    p.ordered = ordered;
    auto id = s.pc().create_data_channel(s.driver->now(), p);
    EXPECT_TRUE(id.ok());
    s.driver->flush();
    return id.ok() ? id.value() : 0;
  }

  // A opens "reliable" (ordered) and "unordered", negotiates; both sides see both open.
  void connect(peer::PeerConnectionConfig config = {}) {
    create(config);
    a_reliable_ = create_channel(a_, "reliable", true);
    a_unordered_ = create_channel(a_, "unordered", false);
    negotiate();
    ASSERT_TRUE(loop_.run_until(
        [&] {
          return a_.open(a_reliable_) && a_.open(a_unordered_) && z_.open(z_.announced("reliable")) &&
                 z_.open(z_.announced("unordered"));
        },
        10s));
    z_reliable_ = z_.announced("reliable");
    z_unordered_ = z_.announced("unordered");
    EXPECT_EQ(a_.pc().connection_state(), PeerConnectionState::kConnected);
    EXPECT_EQ(z_.pc().connection_state(), PeerConnectionState::kConnected);
    // Let regular nomination finish (data flows on the first valid pair before it): consent
    // freshness runs on the selected pair, so only then does a silent peer get noticed.
    ASSERT_TRUE(loop_.run_until(
        [&] { return a_.pc().ice_agent().selected_pair() && z_.pc().ice_agent().selected_pair(); }, 5s));
  }

  void send(Side& s, DataChannelId id, const Bytes& data, bool binary) {
    auto status = s.pc().send(s.driver->now(), id, data, binary);
    ASSERT_TRUE(status.ok()) << s.name << ": " << status.error().message;
    s.driver->flush();
  }

  host::EventLoop loop_;
  Side a_{"A"};
  Side z_{"Z"};
  DataChannelId a_reliable_ = 0, a_unordered_ = 0, z_reliable_ = 0, z_unordered_ = 0;
};

Bytes pattern(size_t size, uint8_t seed) {
  Bytes b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
  return b;
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

// What one side sends on one channel: strings (empty, ASCII, UTF-8) and binary of every size the
// issue names, so each message is recognisable by its size, kind and content.
std::vector<std::pair<Bytes, bool>> payloads(uint8_t seed) {
  return {{text(""), false},         {text("hello"), false},          {text("h\xC3\xA9llo \xE2\x9C\x93"), false},
          {pattern(0, seed), true},   {pattern(1, seed), true},        {pattern(64 * 1024, seed), true},
          {pattern(256 * 1024, seed), true}};
}

TEST_F(PeerConnectionDriverTest, TwoPeersOverLoopbackUdpExchangeEveryKindOfMessageBothWays) {
  connect();
  ASSERT_FALSE(HasFatalFailure());
  const auto from_a = payloads(1);
  const auto from_z = payloads(100);
  for (const auto& [data, binary] : from_a) {
    send(a_, a_reliable_, data, binary);
    send(a_, a_unordered_, data, binary);
  }
  for (const auto& [data, binary] : from_z) {
    send(z_, z_reliable_, data, binary);
    send(z_, z_unordered_, data, binary);
  }
  const size_t n = from_a.size();
  ASSERT_TRUE(loop_.run_until(
      [&] {
        return z_.messages(z_reliable_).size() == n && z_.messages(z_unordered_).size() == n &&
               a_.messages(a_reliable_).size() == n && a_.messages(a_unordered_).size() == n;
      },
      20s))
      << "A got " << a_.messages(a_reliable_).size() << "+" << a_.messages(a_unordered_).size() << ", Z got "
      << z_.messages(z_reliable_).size() << "+" << z_.messages(z_unordered_).size();

  // Ordered: byte-identical and in order, each with its kind (string or binary).
  auto expect_in_order = [](const std::vector<datachannel::ChannelMessage>& got,
                            const std::vector<std::pair<Bytes, bool>>& sent) {
    for (size_t i = 0; i < sent.size(); ++i) {
      EXPECT_EQ(got[i].data, sent[i].first) << "message " << i;
      EXPECT_EQ(got[i].binary, sent[i].second) << "message " << i;
    }
  };
  expect_in_order(z_.messages(z_reliable_), from_a);
  expect_in_order(a_.messages(a_reliable_), from_z);
  // Unordered (still reliable): every message arrives intact, in whatever order.
  auto expect_all = [](std::vector<datachannel::ChannelMessage> got, std::vector<std::pair<Bytes, bool>> sent) {
    auto key = [](const Bytes& d, bool binary) { return std::make_pair(d, binary); };
    std::vector<std::pair<Bytes, bool>> received;
    for (auto& m : got) received.push_back(key(m.data, m.binary));
    std::sort(received.begin(), received.end());
    std::sort(sent.begin(), sent.end());
    EXPECT_EQ(received, sent);
  };
  expect_all(z_.messages(z_unordered_), from_a);
  expect_all(a_.messages(a_unordered_), from_z);
  EXPECT_EQ(a_.driver->unroutable_transmits(), 0u);
  EXPECT_EQ(z_.driver->unroutable_transmits(), 0u);
}

// Consent freshness (RFC 7675) with short timers, keeping their order: disconnected after 1 s
// without consent, failed after 3 s. The driver runs on the steady clock, so this is how a test
// gets through a consent timeout quickly.
peer::PeerConnectionConfig short_consent() {
  peer::PeerConnectionConfig config;
  config.ice.consent_interval = 300ms;
  config.ice.disconnected_timeout = 1s;
  config.ice.consent_timeout = 3s;
  return config;
}

TEST_F(PeerConnectionDriverTest, CloseEndsThePeersChannelsAtOnceAndItsConnectionCleanly) {
  connect(short_consent());
  ASSERT_FALSE(HasFatalFailure());
  const auto closed_at = loop_.now();
  a_.pc().close(a_.driver->now());
  a_.driver->flush();
  EXPECT_EQ(a_.pc().connection_state(), PeerConnectionState::kClosed);
  // The SCTP ABORT and DTLS close_notify end Z's channels at once, not after a consent timeout.
  ASSERT_TRUE(loop_.run_until([&] { return z_.closed(z_reliable_) && z_.closed(z_unordered_); }, 3s));
  EXPECT_LT(loop_.now() - closed_at, 1s);
  // W3C's aggregation counts a closed DTLS transport like a connected one, so Z's connection ends
  // when A's ICE agent stops answering consent checks: disconnected, then failed.
  ASSERT_TRUE(loop_.run_until([&] { return z_.pc().connection_state() == PeerConnectionState::kFailed; }, 6s))
      << "Z is " << peer::to_string(z_.pc().connection_state());
  const auto states = z_.states();
  ASSERT_GE(states.size(), 3u);
  EXPECT_EQ(states[states.size() - 2], PeerConnectionState::kDisconnected);
  // Z's own close afterwards is quiet and final.
  const size_t events = z_.events.size();
  z_.pc().close(z_.driver->now());
  z_.driver->flush();
  EXPECT_EQ(z_.pc().connection_state(), PeerConnectionState::kClosed);
  EXPECT_EQ(z_.events.size(), events);  // webrtc-pc close(): no events
}

// The peer's socket goes away without close(): consent freshness notices (short timers).
TEST_F(PeerConnectionDriverTest, PeerThatVanishesIsDisconnectedThenFailed) {
  connect(short_consent());
  ASSERT_FALSE(HasFatalFailure());
  for (auto& s : z_.driver->sockets()) s->close();
  const auto vanished = loop_.now();
  ASSERT_TRUE(loop_.run_until([&] { return a_.pc().connection_state() == PeerConnectionState::kFailed; }, 10s))
      << "A is " << peer::to_string(a_.pc().connection_state());
  const auto states = a_.states();
  ASSERT_GE(states.size(), 3u);
  EXPECT_EQ(states[states.size() - 2], PeerConnectionState::kDisconnected);
  EXPECT_EQ(states.back(), PeerConnectionState::kFailed);
  // 3 s after the last consent, which came at most one consent interval before the socket closed.
  EXPECT_GE(loop_.now() - vanished, 3s - 400ms);
  EXPECT_LT(loop_.now() - vanished, 5s);
  EXPECT_TRUE(a_.closed(a_reliable_));  // the channels end with the transport
  EXPECT_TRUE(a_.closed(a_unordered_));
}

// The same with the protocols' own timers (disconnected after 7.5 s, failed after 30 s): slow,
// so it is the one test here that waits in real time.
TEST_F(PeerConnectionDriverTest, PeerThatVanishesFailsWithinTheDefaultConsentTimeout) {
  connect();
  ASSERT_FALSE(HasFatalFailure());
  for (auto& s : z_.driver->sockets()) s->close();
  const auto vanished = loop_.now();
  ASSERT_TRUE(loop_.run_until([&] { return a_.pc().connection_state() == PeerConnectionState::kDisconnected; }, 12s));
  EXPECT_GE(loop_.now() - vanished, 5s);  // not before consent could have been missed
  ASSERT_TRUE(loop_.run_until([&] { return a_.pc().connection_state() == PeerConnectionState::kFailed; }, 30s));
  EXPECT_LT(loop_.now() - vanished, 38s);
  EXPECT_TRUE(a_.closed(a_reliable_));
}

}  // namespace
}  // namespace wasmrtc::tools
