// A batch of packets fed with handle_receive_deferred() and one flush_received(): what the
// driver of a socket read loop does (native/peer/peer_connection.cc). One SACK answers the whole
// batch, where packet by packet every second one is acknowledged (RFC 9260 §6.2), and nothing the
// batch causes comes out before the flush.
#include <gtest/gtest.h>

#include <vector>

#include "common/random.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/sctp_association.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;

// Z without quick acks unless a test asks for them: the batch behaviour is what is tested.
SctpOptions batched() {
  SctpOptions o;
  o.quick_ack_packets = 0;
  return o;
}

struct Ends {
  explicit Ends(SctpOptions z_options = batched()) : ra(41), rz(42), a(SctpOptions{}, ra), z(z_options, rz) {
    a.connect(now);
    // The handshake, shuttled by hand until both are established and quiet.
    for (int round = 0; round < 10; ++round) {
      for (auto& p : take(a)) z.handle_receive(now, p);
      for (auto& p : take(z)) a.handle_receive(now, p);
      now = now + milliseconds(1);
    }
    EXPECT_EQ(a.state(), SctpState::kEstablished);
    EXPECT_EQ(z.state(), SctpState::kEstablished);
    while (z.poll_event()) {
    }
  }
  static std::vector<Bytes> take(SctpAssociation& s) {
    std::vector<Bytes> out;
    while (auto p = s.poll_transmit()) out.push_back(std::move(*p));
    return out;
  }
  // The SACKs among packets (cumulative TSN acks, in order).
  static std::vector<uint32_t> sacks(const std::vector<Bytes>& packets) {
    std::vector<uint32_t> out;
    for (const Bytes& p : packets) {
      auto parsed = parse_sctp_packet(p, true);
      EXPECT_TRUE(parsed.has_value());
      if (!parsed) continue;
      for (const ChunkView& c : parsed->chunks) {
        if (c.type != 3) continue;  // SACK
        auto s = SackChunk::parse(c.value);
        EXPECT_TRUE(s.has_value());
        if (s) out.push_back(s->cumulative_tsn_ack);
      }
    }
    return out;
  }
  // The four DATA packets of one message that A's initial cwnd (4 MTU, RFC 9260 §7.2.1) lets go.
  std::vector<Bytes> burst() {
    EXPECT_EQ(a.send(now, 1, 53, Bytes(kMessage, 9)), SendStatus::kOk);
    auto packets = take(a);
    EXPECT_EQ(packets.size(), 4u);
    return packets;
  }
  static constexpr size_t kMessage = 4400;

  Timestamp now;
  SeededRandom ra, rz;
  SctpAssociation a, z;
};

TEST(SctpReceiveBatch, OneSackForTheWholeBatchAndNothingBeforeTheFlush) {
  Ends e;
  auto packets = e.burst();
  for (const Bytes& p : packets) e.z.handle_receive_deferred(e.now, p);
  EXPECT_FALSE(e.z.poll_transmit().has_value()) << "the SACK waits for the flush";
  EXPECT_FALSE(e.z.poll_event().has_value()) << "so does the message";
  e.z.flush_received(e.now);
  auto answer = Ends::take(e.z);
  auto sacks = Ends::sacks(answer);
  ASSERT_EQ(sacks.size(), 1u);
  ASSERT_EQ(answer.size(), 1u);
  // It acknowledges every TSN of the batch: A has nothing outstanding afterwards.
  e.a.handle_receive(e.now, answer[0]);
  EXPECT_EQ(e.a.buffered_amount(1), 0u);
  auto message = e.z.poll_event();
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->type, SctpEvent::Type::kMessage);
  EXPECT_EQ(message->data.size(), Ends::kMessage);
  // A second flush has nothing left to do.
  e.z.flush_received(e.now);
  EXPECT_FALSE(e.z.poll_transmit().has_value());
}

TEST(SctpReceiveBatch, PacketByPacketEverySecondPacketIsAcked) {
  Ends e;
  auto packets = e.burst();
  std::vector<Bytes> answer;
  for (const Bytes& p : packets) {
    e.z.handle_receive(e.now, p);
    for (auto& s : Ends::take(e.z)) answer.push_back(std::move(s));
  }
  EXPECT_EQ(Ends::sacks(answer).size(), 2u);
}

TEST(SctpReceiveBatch, ATimeoutFlushesWhatADriverForgot) {
  Ends e;
  auto packets = e.burst();
  for (const Bytes& p : packets) e.z.handle_receive_deferred(e.now, p);
  // Every input flushes: here the timer path, as a driver that only waits for next_timeout().
  e.z.handle_timeout(e.now + milliseconds(1));
  EXPECT_EQ(Ends::sacks(Ends::take(e.z)).size(), 1u);
}

TEST(SctpReceiveBatch, ALongBatchIsAckedEveryMaxPacketsPerDeferredSack) {
  SctpOptions options = batched();
  options.max_packets_per_deferred_sack = 2;
  Ends e(options);
  auto packets = e.burst();
  std::vector<Bytes> answer;
  for (const Bytes& p : packets) {
    e.z.handle_receive_deferred(e.now, p);
    for (auto& s : Ends::take(e.z)) answer.push_back(std::move(s));
  }
  // Four packets, a SACK after the second and the fourth, before the batch ends.
  EXPECT_EQ(Ends::sacks(answer).size(), 2u);
}

TEST(SctpReceiveBatch, ASackIsActedOnAtOnceSoTheFlightRefillsBeforeTheNextOne) {
  Ends e;
  // More than the initial cwnd: the rest waits for A's first SACK.
  ASSERT_EQ(e.a.send(e.now, 1, 53, Bytes(3 * Ends::kMessage, 9)), SendStatus::kOk);
  auto first = Ends::take(e.a);
  ASSERT_EQ(first.size(), 4u);
  for (const Bytes& p : first) e.z.handle_receive_deferred(e.now, p);
  e.z.flush_received(e.now);
  auto sack = Ends::take(e.z);
  ASSERT_EQ(Ends::sacks(sack).size(), 1u);
  // Deferred like any packet of the batch, but a SACK releases A's next DATA without a flush.
  e.a.handle_receive_deferred(e.now, sack[0]);
  EXPECT_GE(Ends::take(e.a).size(), 4u);
}

// The first packets of an association, and the first after an idle second, are acked every second
// packet even in a batch (as Linux TCP's quickack mode): the peer's slow start grows cwnd by one
// MTU per SACK and starts from a few MTUs.
TEST(SctpReceiveBatch, QuickAcksAtTheStartAndAfterAnIdleSecond) {
  SctpOptions options = batched();
  options.quick_ack_packets = 6;
  Ends e(options);
  auto batch = [&] {
    auto packets = e.burst();
    for (const Bytes& p : packets) e.z.handle_receive_deferred(e.now, p);
    e.z.flush_received(e.now);
    auto answer = Ends::take(e.z);
    for (const Bytes& p : answer) e.a.handle_receive(e.now, p);
    Ends::take(e.a);
    return Ends::sacks(answer).size();
  };
  EXPECT_EQ(batch(), 2u);  // packets 1-4 of the quick phase: every second one
  EXPECT_EQ(batch(), 2u);  // 5 and 6 quick, acked together; 7 and 8 wait for the batch's end
  EXPECT_EQ(batch(), 1u);  // past the quick phase: one SACK for the batch
  e.now = e.now + std::chrono::seconds(2);
  EXPECT_EQ(batch(), 2u);  // idle for a second: quick again
}

}  // namespace
}  // namespace wasmrtc::sctp
