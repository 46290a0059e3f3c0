// When SACKs leave at once instead of after the delayed-ack time (RFC 9260 §6.2): the RFC 7053 I
// bit the sender sets where waiting would stall it, and the receiver's immediate SACK for a packet
// that arrives while TSNs are missing. Deterministic: virtual clock, 10 ms one way.
#include <gtest/gtest.h>

#include "sctp/packet/data_chunk.h"
#include "sctp/sctp_association.h"
#include "sctp/sctp_test_endpoint.h"
#include "sctp/sctp_wire_log.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Duration kLatency = milliseconds(10);

struct Pair {
  Pair() : a(SctpOptions{}, 31), z(SctpOptions{}, 32), net(a, z, link(), link(), 3), log(net) {
    a->connect(net.now());
    EXPECT_TRUE(net.run_until([&] { return a.connected() && z.connected(); }, seconds(10)));
    net.run_for(seconds(1));  // the handshake's own SACK-less traffic settles
    log.packets.clear();
  }
  static testing::LinkConfig link() {
    testing::LinkConfig c;
    c.latency = kLatency;
    c.strict_mtu = 1200;
    return c;
  }
  Timestamp now() const { return net.now(); }

  SctpTestEndpoint a;
  SctpTestEndpoint z;
  testing::SimLinkPair net;
  WireLog log;
};

bool immediate(const WirePacket& p) { return p.last_flags(kChunkData) & kDataFlagImmediate; }

TEST(SctpSackImmediately, TheLastPacketOfABurstAsksAndIsAckedAtOnce) {
  Pair p;
  // 3000 bytes: three DATA packets at once. Z acks the second (every second packet) and, without
  // the I bit on the third, would hold that one's SACK for 200 ms.
  ASSERT_EQ(p.a->send(p.now(), 0, 53, Bytes(3000, 7)), SendStatus::kOk);
  p.net.run_for(seconds(1));
  auto data = p.log.from(true, kChunkData);
  ASSERT_EQ(data.size(), 3u);
  EXPECT_FALSE(immediate(data[0]));
  EXPECT_FALSE(immediate(data[1]));
  EXPECT_TRUE(immediate(data[2]));
  auto sacks = p.log.from(false, kChunkSack);
  ASSERT_EQ(sacks.size(), 2u);
  EXPECT_EQ(sacks[1].at - data[2].at, kLatency);
  EXPECT_EQ(p.a->stats().t3_expirations, 0u);
}

TEST(SctpSackImmediately, ALoneMessageDoesNotAskSoItsSackCanRideOnTheReply) {
  Pair p;
  ASSERT_EQ(p.a->send(p.now(), 0, 53, Bytes(100, 1)), SendStatus::kOk);
  p.net.run_for(milliseconds(50));
  // Z answers at once: its DATA carries the SACK, and A's packet asked for nothing.
  ASSERT_EQ(p.z->send(p.now(), 0, 53, Bytes(100, 2)), SendStatus::kOk);
  p.net.run_for(seconds(1));
  auto from_a = p.log.from(true, kChunkData);
  ASSERT_EQ(from_a.size(), 1u);
  EXPECT_FALSE(immediate(from_a[0]));
  auto from_z = p.log.from(false, kChunkData);
  ASSERT_EQ(from_z.size(), 1u);
  EXPECT_TRUE(from_z[0].has(kChunkSack));
  EXPECT_EQ(p.log.from(false, kChunkSack).size(), 1u);  // no separate SACK packet
}

TEST(SctpSackImmediately, TheOnlyPacketCwndAllowsAfterT3AsksAndIsAckedAtOnce) {
  Pair p;
  // Everything A sends is lost until T3-rtx fires; then cwnd is one MTU and A retransmits a single
  // packet while more waits: without the I bit Z would ack it 200 ms late, every round.
  bool lose = true;
  p.log.drop = [&](bool from_a, const Bytes&) { return from_a && lose; };
  ASSERT_EQ(p.a->send(p.now(), 0, 53, Bytes(20000, 3)), SendStatus::kOk);
  ASSERT_TRUE(p.net.run_until([&] { return p.a->stats().t3_expirations > 0; }, seconds(5)));
  lose = false;
  // The retransmission left in the same step that handled T3; it is the next DATA logged.
  ASSERT_TRUE(p.net.run_until([&] { return !p.log.from(true, kChunkData).empty(); }, seconds(5)));
  ASSERT_TRUE(p.net.run_until([&] { return !p.log.from(false, kChunkSack).empty(); }, seconds(5)));
  auto data = p.log.from(true, kChunkData);
  auto sacks = p.log.from(false, kChunkSack);
  EXPECT_TRUE(immediate(data[0]));
  EXPECT_EQ(sacks[0].at - data[0].at, kLatency);
  ASSERT_TRUE(p.net.run_until([&] { return p.z.messages.size() == 1; }, seconds(30)));
  EXPECT_EQ(p.z.messages[0].data, Bytes(20000, 3));
}

TEST(SctpSackImmediately, APacketThatFillsAGapIsAckedAtOnce) {
  Pair p;
  // The first of three packets is lost. Its retransmission (after T3: two miss reports are not
  // enough for a fast retransmit) is all A has left to send, so it does not ask for an immediate
  // SACK; Z acks it at once anyway because it filled a gap (RFC 5681 §4.2 does the same for TCP).
  bool first = true;
  p.log.drop = [&](bool from_a, const Bytes& packet) {
    bool drop = from_a && first && packet.size() > 12 && packet[12] == kChunkData;
    if (drop) first = false;
    return drop;
  };
  ASSERT_EQ(p.a->send(p.now(), 0, 53, Bytes(3000, 9)), SendStatus::kOk);
  ASSERT_TRUE(p.net.run_until([&] { return p.z.messages.size() == 1; }, seconds(10)));
  p.net.run_for(seconds(1));
  auto data = p.log.from(true, kChunkData);
  ASSERT_EQ(data.size(), 3u);  // the two that arrived, then the retransmission
  const WirePacket& retransmission = data[2];
  EXPECT_FALSE(immediate(retransmission));
  auto sacks = p.log.from(false, kChunkSack);
  ASSERT_FALSE(sacks.empty());
  EXPECT_EQ(sacks.back().at - retransmission.at, kLatency);
  EXPECT_EQ(p.z.messages[0].data, Bytes(3000, 9));
}

}  // namespace
}  // namespace wasmrtc::sctp
