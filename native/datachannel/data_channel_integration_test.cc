// Data channels end to end: two real SCTP associations ("A", the DTLS client, and "Z", the DTLS
// server), each with a DataChannelManager, over the simulated link with a virtual clock.
#include <gtest/gtest.h>

#include "datachannel/data_channel_manager.h"
#include "datachannel/sctp_association_port.h"
#include "testing/sim_link.h"

namespace wasmrtc::datachannel {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A peer as a driver would run it: after every input, the association's events go to the manager
// and the manager's events into a list.
class Peer final : public testing::SimEndpoint {
 public:
  Peer(sctp::SctpOptions options, uint64_t seed, DtlsRole role)
      : random_(seed), association_(options, random_), port_(association_), manager(port_) {
    manager.set_dtls_role(Timestamp(), role);
  }

  void handle_receive(Timestamp now, ByteView packet) override {
    association_.handle_receive(now, packet);
    pump(now);
  }
  void handle_timeout(Timestamp now) override {
    association_.handle_timeout(now);
    pump(now);
  }
  Timestamp next_timeout() const override { return association_.next_timeout(); }
  std::optional<Bytes> poll_transmit() override { return association_.poll_transmit(); }

  void pump(Timestamp now) {
    while (auto e = association_.poll_event()) manager.handle_sctp_event(now, *e);
    while (auto e = manager.poll_event()) events.push_back(std::move(*e));
  }

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  template <typename T>
  size_t count(DataChannelId channel) const {
    size_t n = 0;
    for (const auto& e : events) {
      if (const T* t = std::get_if<T>(&e)) n += t->channel == channel;
    }
    return n;
  }
  template <typename T>
  size_t count() const {
    return all<T>().size();
  }
  // The id of the channel the peer announced with this stream id, or 0.
  DataChannelId announced(uint16_t stream_id) const {
    for (const auto& a : all<ChannelAnnounced>()) {
      if (a.parameters.id == stream_id) return a.channel;
    }
    return 0;
  }
  std::vector<ChannelMessage> messages(DataChannelId channel) const {
    std::vector<ChannelMessage> out;
    for (const auto& m : all<ChannelMessage>()) {
      if (m.channel == channel) out.push_back(m);
    }
    return out;
  }

  sctp::SctpAssociation& association() { return association_; }

 private:
  SeededRandom random_;
  sctp::SctpAssociation association_;
  SctpAssociationPort port_;

 public:
  DataChannelManager manager;
  std::vector<DataChannelEvent> events;
};

sctp::SctpOptions options(uint16_t streams = 1024) {
  sctp::SctpOptions o;
  o.num_streams = streams;
  return o;
}

class DataChannelIntegrationTest : public ::testing::Test {
 protected:
  explicit DataChannelIntegrationTest(uint16_t streams = 1024)
      : a(options(streams), 1, DtlsRole::kClient),
        z(options(streams), 2, DtlsRole::kServer),
        net(a, z, testing::LinkConfig{}, testing::LinkConfig{}, 7) {}

  void connect() {
    a.association().connect(net.now());
    z.association().connect(net.now());
    ASSERT_TRUE(net.run_until([&] { return a.manager.transport_connected() && z.manager.transport_connected(); },
                              seconds(10)));
  }
  DataChannelId create(Peer& p, DataChannelParameters params = {}) {
    auto id = p.manager.create_channel(net.now(), params);
    EXPECT_TRUE(id.ok()) << id.error().message;
    p.pump(net.now());
    return id.ok() ? id.value() : 0;
  }
  Status send(Peer& p, DataChannelId channel, std::string_view text) {
    auto status = p.manager.send(net.now(), channel, as_bytes(text), false);
    p.pump(net.now());
    return status;
  }
  Status send_binary(Peer& p, DataChannelId channel, ByteView data) {
    auto status = p.manager.send(net.now(), channel, data, true);
    p.pump(net.now());
    return status;
  }
  void close(Peer& p, DataChannelId channel) {
    p.manager.close(net.now(), channel);
    p.pump(net.now());
  }
  void settle(Duration duration) { net.run_for(duration); }

  Peer a;
  Peer z;
  testing::SimLinkPair net;
};

std::string text(const ChannelMessage& m) { return std::string(m.data.begin(), m.data.end()); }

TEST_F(DataChannelIntegrationTest, InBandChannelsOpenBothWays) {
  DataChannelParameters chat;
  chat.label = "chat";
  chat.protocol = "json";
  DataChannelId a_chat = create(a, chat);  // before connecting: W3C opens it once connected
  DataChannelParameters lossy;
  lossy.label = "lossy";
  lossy.ordered = false;
  lossy.max_retransmits = 0;
  DataChannelId z_lossy = create(z, lossy);
  connect();
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) && a.announced(1); }, seconds(5)));

  EXPECT_EQ(a.manager.stream_id(a_chat), 0);  // client: even
  EXPECT_EQ(z.manager.stream_id(z_lossy), 1);  // server: odd
  EXPECT_EQ(a.count<ChannelOpen>(a_chat), 1u);
  EXPECT_EQ(z.count<ChannelOpen>(z_lossy), 1u);

  const auto z_side = z.all<ChannelAnnounced>().at(0);
  EXPECT_EQ(z_side.parameters.label, "chat");
  EXPECT_EQ(z_side.parameters.protocol, "json");
  EXPECT_TRUE(z_side.parameters.ordered);
  const auto a_side = a.all<ChannelAnnounced>().at(0);
  EXPECT_EQ(a_side.parameters.label, "lossy");
  EXPECT_FALSE(a_side.parameters.ordered);
  EXPECT_EQ(a_side.parameters.max_retransmits, 0);
  EXPECT_EQ(z.count<ChannelOpen>(z_side.channel), 1u);

  ASSERT_TRUE(send(a, a_chat, "hello Z").ok());
  ASSERT_TRUE(send(a, a_chat, "").ok());
  ASSERT_TRUE(send_binary(a, a_chat, {}).ok());
  ASSERT_TRUE(send(z, z_side.channel, "hello A").ok());
  ASSERT_TRUE(send(z, z_lossy, "unordered").ok());
  settle(seconds(2));

  auto at_z = z.messages(z_side.channel);
  ASSERT_EQ(at_z.size(), 3u);
  EXPECT_EQ(text(at_z[0]), "hello Z");
  EXPECT_FALSE(at_z[0].binary);
  EXPECT_TRUE(at_z[1].data.empty());
  EXPECT_FALSE(at_z[1].binary);
  EXPECT_TRUE(at_z[2].data.empty());
  EXPECT_TRUE(at_z[2].binary);
  auto at_a = a.messages(a_chat);
  ASSERT_EQ(at_a.size(), 1u);
  EXPECT_EQ(text(at_a[0]), "hello A");
  auto lossy_at_a = a.messages(a_side.channel);
  ASSERT_EQ(lossy_at_a.size(), 1u);
  EXPECT_EQ(text(lossy_at_a[0]), "unordered");
  EXPECT_EQ(a.manager.counters().dropped_unexpected_dcep, 0u);
  EXPECT_EQ(z.manager.counters().dropped_unexpected_dcep, 0u);
}

TEST_F(DataChannelIntegrationTest, NegotiatedChannelsNeedNoDcep) {
  DataChannelParameters n;
  n.label = "negotiated";
  n.negotiated = true;
  n.id = 42;
  DataChannelId a_n = create(a, n);
  DataChannelId z_n = create(z, n);
  connect();
  ASSERT_TRUE(net.run_until([&] { return a.count<ChannelOpen>(a_n) && z.count<ChannelOpen>(z_n); }, seconds(1)));
  ASSERT_TRUE(send(a, a_n, "ping").ok());
  ASSERT_TRUE(net.run_until([&] { return !z.messages(z_n).empty(); }, seconds(1)));
  ASSERT_TRUE(send(z, z_n, "pong").ok());
  ASSERT_TRUE(net.run_until([&] { return !a.messages(a_n).empty(); }, seconds(1)));
  EXPECT_EQ(text(z.messages(z_n)[0]), "ping");
  EXPECT_EQ(text(a.messages(a_n)[0]), "pong");
  EXPECT_EQ(a.count<ChannelAnnounced>(), 0u);
  EXPECT_EQ(z.count<ChannelAnnounced>(), 0u);
}

TEST_F(DataChannelIntegrationTest, LargeMessagesUpToTheMaximum) {
  connect();
  DataChannelId c = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  DataChannelId zc = z.announced(0);
  const size_t max = a.manager.max_message_size();
  ASSERT_GE(max, 64u * 1024);
  Bytes big(max);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7 + i / 251);
  ASSERT_TRUE(send_binary(a, c, big).ok());

  Bytes too_big(max + 1, 0x55);
  auto status = send_binary(a, c, too_big);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);  // W3C: TypeError
  EXPECT_EQ(a.manager.state(c), DataChannelState::kOpen);      // and the channel stays open
  ASSERT_TRUE(send(a, c, "after").ok());

  ASSERT_TRUE(net.run_until([&] { return z.messages(zc).size() == 2; }, seconds(30)));
  auto got = z.messages(zc);
  EXPECT_EQ(got[0].data, big);
  EXPECT_EQ(text(got[1]), "after");
  EXPECT_EQ(a.count<ChannelError>(), 0u);
  EXPECT_EQ(a.count<ChannelClosing>() + a.count<ChannelClosed>(), 0u);
}

TEST_F(DataChannelIntegrationTest, BufferedAmountLowFiresWhileSendingALot) {
  connect();
  DataChannelId c = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  constexpr size_t kThreshold = 64 * 1024;
  a.manager.set_buffered_amount_low_threshold(c, kThreshold);
  const Bytes chunk(16 * 1024, 0xab);
  for (int i = 0; i < 64; ++i) ASSERT_TRUE(send_binary(a, c, chunk).ok());
  EXPECT_GT(a.manager.buffered_amount(c), kThreshold);

  size_t low_events = 0;
  bool below_when_fired = true;
  ASSERT_TRUE(net.run_until(
      [&] {
        size_t n = a.count<ChannelBufferedAmountLow>(c);
        if (n > low_events) {
          below_when_fired = below_when_fired && a.manager.buffered_amount(c) <= kThreshold;
          low_events = n;
        }
        return n > 0;
      },
      seconds(30)));
  EXPECT_TRUE(below_when_fired);
  ASSERT_TRUE(net.run_until([&] { return z.messages(z.announced(0)).size() == 64; }, seconds(60)));
  EXPECT_EQ(a.manager.buffered_amount(c), 0u);
  EXPECT_EQ(a.count<ChannelBufferedAmountLow>(c), 1u);  // one crossing, one event
}

TEST_F(DataChannelIntegrationTest, CloseFromEitherSideEndsClosedOnBoth) {
  connect();
  DataChannelId first = create(a);
  DataChannelId second = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) && z.announced(2); }, seconds(1)));
  DataChannelId z_first = z.announced(0);
  DataChannelId z_second = z.announced(2);

  // A closes the first: A goes closing (no event) then closed; Z sees closing then closed.
  ASSERT_TRUE(send(a, first, "last words").ok());
  close(a, first);
  EXPECT_EQ(a.manager.state(first), DataChannelState::kClosing);
  ASSERT_TRUE(net.run_until([&] { return a.count<ChannelClosed>(first) && z.count<ChannelClosed>(z_first); },
                            seconds(5)));
  EXPECT_EQ(a.count<ChannelClosing>(first), 0u);
  EXPECT_EQ(z.count<ChannelClosing>(z_first), 1u);
  ASSERT_EQ(z.messages(z_first).size(), 1u);  // sent before the reset, so delivered before it
  EXPECT_EQ(text(z.messages(z_first)[0]), "last words");

  // Z closes the second: the mirror image.
  close(z, z_second);
  ASSERT_TRUE(net.run_until([&] { return a.count<ChannelClosed>(second) && z.count<ChannelClosed>(z_second); },
                            seconds(5)));
  EXPECT_EQ(a.count<ChannelClosing>(second), 1u);
  EXPECT_EQ(z.count<ChannelClosing>(z_second), 0u);
  EXPECT_EQ(a.manager.channel_count(), 0u);
  EXPECT_EQ(z.manager.channel_count(), 0u);

  // Stream 0 is free again and a new channel on it works.
  DataChannelId again = create(a);
  EXPECT_EQ(a.manager.stream_id(again), 0);
  ASSERT_TRUE(send(a, again, "again").ok());
  ASSERT_TRUE(net.run_until([&] { return z.all<ChannelAnnounced>().size() == 3; }, seconds(1)));
  DataChannelId z_again = z.all<ChannelAnnounced>().back().channel;
  ASSERT_TRUE(net.run_until([&] { return !z.messages(z_again).empty(); }, seconds(1)));
  EXPECT_EQ(text(z.messages(z_again)[0]), "again");
}

TEST_F(DataChannelIntegrationTest, SimultaneousCloseFromBothSidesEndsClosed) {
  connect();
  DataChannelId c = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  DataChannelId zc = z.announced(0);
  close(a, c);
  close(z, zc);
  ASSERT_TRUE(net.run_until([&] { return a.count<ChannelClosed>(c) && z.count<ChannelClosed>(zc); }, seconds(5)));
  EXPECT_EQ(a.count<ChannelClosing>(c) + z.count<ChannelClosing>(zc), 0u);
  EXPECT_EQ(a.count<ChannelError>() + z.count<ChannelError>(), 0u);
}

TEST_F(DataChannelIntegrationTest, AssociationAbortClosesAllChannels) {
  connect();
  DataChannelId c1 = create(a);
  DataChannelId c2 = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.count<ChannelAnnounced>() == 2; }, seconds(1)));
  // A's own abort queues no association event; the driver tells the manager, as a peer
  // connection does when it tears the transport down.
  a.association().abort(net.now(), "test abort");
  sctp::SctpEvent closed{sctp::SctpEvent::Type::kAborted};
  closed.reason = "local abort";
  a.manager.handle_sctp_event(net.now(), closed);
  a.pump(net.now());
  ASSERT_TRUE(net.run_until([&] { return z.count<ChannelClosed>() == 2; }, seconds(5)));
  EXPECT_EQ(z.count<ChannelError>(), 2u);
  EXPECT_EQ(a.count<ChannelClosed>(c1), 1u);
  EXPECT_EQ(a.count<ChannelClosed>(c2), 1u);
  EXPECT_EQ(z.manager.create_channel(net.now(), {}).error().code, ErrorCode::kInvalidState);
}

TEST_F(DataChannelIntegrationTest, LinkFailureClosesChannelsOnBothSides) {
  connect();
  DataChannelId c = create(a);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  net.a_to_z().set_blackout(true);
  net.z_to_a().set_blackout(true);
  ASSERT_TRUE(send(a, c, "into the void").ok());
  ASSERT_TRUE(net.run_until([&] { return a.count<ChannelClosed>(c) == 1; }, seconds(3600)));
  EXPECT_EQ(a.count<ChannelError>(c), 1u);
  EXPECT_NE(a.all<ChannelError>()[0].error.message.find("sctp-failure"), std::string::npos);
  // Z sends nothing, so it notices through unanswered heartbeats, later.
  DataChannelId zc = z.announced(0);
  ASSERT_TRUE(net.run_until([&] { return z.count<ChannelClosed>(zc) == 1; }, seconds(3600)));
  EXPECT_EQ(z.count<ChannelError>(zc), 1u);
}

TEST_F(DataChannelIntegrationTest, ReliableOrderedChannelSurvivesALossyLink) {
  testing::LinkConfig lossy;
  lossy.loss = 0.05;
  lossy.duplicate = 0.02;
  lossy.reorder = 0.05;
  lossy.jitter = milliseconds(5);
  net.a_to_z().set_config(lossy);
  net.z_to_a().set_config(lossy);
  connect();
  DataChannelId c = create(a);
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(send(a, c, "m" + std::to_string(i)).ok());
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) && z.messages(z.announced(0)).size() == 300; },
                            seconds(120)));
  auto got = z.messages(z.announced(0));
  for (int i = 0; i < 300; ++i) ASSERT_EQ(text(got[i]), "m" + std::to_string(i));
}

TEST_F(DataChannelIntegrationTest, UnreliableChannelLosesMessagesWithoutStalling) {
  connect();
  DataChannelParameters p;
  p.ordered = false;
  p.max_retransmits = 0;
  DataChannelId c = create(a, p);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  settle(seconds(1));  // the ACK is back: messages go unordered from here on (RFC 8832 §6.6)
  testing::LinkConfig lossy;
  lossy.loss = 0.3;
  net.a_to_z().set_config(lossy);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(send(a, c, "u" + std::to_string(i)).ok());
  settle(seconds(5));
  net.a_to_z().set_config(testing::LinkConfig{});
  ASSERT_TRUE(send(a, c, "final").ok());
  ASSERT_TRUE(net.run_until([&] {
    auto m = z.messages(z.announced(0));
    return !m.empty() && text(m.back()) == "final";
  }, seconds(5)));
  const size_t got = z.messages(z.announced(0)).size();
  EXPECT_LT(got, 201u);  // some were abandoned, not retransmitted
  EXPECT_GT(got, 50u);
}

class ManyChannelsTest : public DataChannelIntegrationTest {
 protected:
  ManyChannelsTest() : DataChannelIntegrationTest(2048) {}
};

TEST_F(ManyChannelsTest, ThousandChannelsOpenAndCloseOnOneAssociation) {
  connect();
  for (int round = 0; round < 2; ++round) {
    std::vector<DataChannelId> ids;
    for (int i = 0; i < 1000; ++i) {
      DataChannelParameters p;
      p.label = "c" + std::to_string(i);
      ids.push_back(create(a, p));
      ASSERT_EQ(a.manager.stream_id(ids.back()), 2 * i);  // ids reused in the second round
    }
    const size_t announced_before = z.count<ChannelAnnounced>();
    ASSERT_TRUE(net.run_until([&] { return z.count<ChannelAnnounced>() == announced_before + 1000; },
                              seconds(30)));
    for (DataChannelId id : ids) ASSERT_TRUE(send(a, id, "x").ok());
    for (DataChannelId id : ids) close(a, id);
    const size_t closed_before = z.count<ChannelClosed>();
    ASSERT_TRUE(net.run_until(
        [&] { return a.manager.channel_count() == 0 && z.count<ChannelClosed>() == closed_before + 1000; },
        seconds(60)));
    EXPECT_EQ(z.manager.channel_count(), 0u);
    EXPECT_EQ(z.manager.counters().messages_received, 1000u * (round + 1));
  }
  EXPECT_EQ(a.count<ChannelError>() + z.count<ChannelError>(), 0u);
}

// Found here and fixed in the sctp layer: partially reliable messages sent on a stream right
// after its first message (the DCEP OPEN), before that is acknowledged, must arrive under 30% loss
// minus only the abandoned ones.
TEST_F(DataChannelIntegrationTest, PartialReliableBurstRightAfterOpenUnderLoss) {
  connect();
  DataChannelParameters p;
  p.max_retransmits = 0;
  DataChannelId c = create(a, p);
  ASSERT_TRUE(net.run_until([&] { return z.announced(0) != 0; }, seconds(1)));
  testing::LinkConfig lossy;
  lossy.loss = 0.3;
  net.a_to_z().set_config(lossy);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(send(a, c, "u" + std::to_string(i)).ok());
  settle(seconds(5));
  net.a_to_z().set_config(testing::LinkConfig{});
  ASSERT_TRUE(send(a, c, "final").ok());
  settle(seconds(30));
  const uint64_t abandoned = a.association().stats().messages_abandoned;
  EXPECT_EQ(z.messages(z.announced(0)).size(), 201u - abandoned);
}

}  // namespace
}  // namespace wasmrtc::datachannel
