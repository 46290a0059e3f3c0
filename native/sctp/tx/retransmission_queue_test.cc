#include "sctp/tx/retransmission_queue.h"

#include <gtest/gtest.h>

#include "sctp/packet/byte_io.h"
#include "sctp/tx/rto_estimator.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
const Timestamp kT0 = Timestamp::from_millis(10000);

struct Sender {
  Sender() : queue(1 << 24), rtx(100, 1200, 1 << 20, true) {}
  // Sends as many full packets as cwnd allows; returns the number of DATA chunks.
  size_t send(Timestamp now) {
    size_t n = 0;
    for (;;) {
      Bytes packet;
      size_t added = rtx.fill(now, packet, 1200 - 12, queue, true);
      if (added == 0) return n;
      n += added;
    }
  }
  SendQueue queue;
  RetransmissionQueue rtx;
};

SackChunk sack(uint32_t cum, std::vector<GapBlock> gaps = {}) {
  SackChunk s;
  s.cumulative_tsn_ack = cum;
  s.a_rwnd = 1 << 20;
  s.gap_blocks = std::move(gaps);
  return s;
}

TEST(RetransmissionQueue, SlowStartGrowsCwndByAckedBytes) {
  Sender s;
  s.queue.add(kT0, 0, 53, false, Bytes(100000, 1), std::nullopt, std::nullopt);
  size_t initial = s.rtx.cwnd();
  EXPECT_EQ(initial, 4380u);  // min(4*MTU, max(2*MTU, 4380)), RFC 9260 §7.2.1
  size_t sent = s.send(kT0);
  EXPECT_EQ(sent, 4u);  // 4 * 1172 bytes >= 4380
  auto r = s.rtx.handle_sack(kT0 + milliseconds(50), sack(100 + 3), s.queue);
  EXPECT_TRUE(r.valid && r.cumulative_advanced);
  ASSERT_TRUE(r.rtt);
  EXPECT_EQ(*r.rtt, milliseconds(50));
  EXPECT_EQ(s.rtx.cwnd(), initial + 1200);  // at most one MTU per SACK in slow start
}

TEST(RetransmissionQueue, FastRetransmitOnThirdMissReport) {
  Sender s;
  s.queue.add(kT0, 0, 53, false, Bytes(20000, 1), std::nullopt, std::nullopt);
  s.send(kT0);
  // TSN 100 lost; 101, 102, 103 reported in successive SACKs.
  for (uint16_t end = 1; end <= 2; ++end) {
    s.rtx.handle_sack(kT0, sack(99, {{2, static_cast<uint16_t>(end + 1)}}), s.queue);
    Bytes p;
    EXPECT_EQ(s.rtx.fill(kT0, p, 1188, s.queue, false), 0u) << "not yet at " << end;
  }
  size_t cwnd_before = s.rtx.cwnd();
  s.rtx.handle_sack(kT0, sack(99, {{2, 4}}), s.queue);
  Bytes p;
  ASSERT_EQ(s.rtx.fill(kT0, p, 1188, s.queue, false), 1u);
  EXPECT_EQ(load32(p.data() + 4), 100u);  // the missing TSN went out again
  EXPECT_EQ(s.rtx.fast_retransmissions(), 1u);
  // §7.2.3: ssthresh = max(cwnd / 2, 4 * MTU) and cwnd = ssthresh.
  EXPECT_EQ(s.rtx.cwnd(), std::max<size_t>(cwnd_before / 2, 4 * 1200));
}

// A loss is congestion whether the lost chunk is retransmitted or, out of retransmissions
// (maxRetransmits 0, RFC 3758), abandoned: the window shrinks either way. Otherwise an unordered
// unreliable sender never backs off and overruns the path (most of its messages lost).
TEST(RetransmissionQueue, AnAbandonedLossShrinksCwndLikeAFastRetransmit) {
  Sender s;
  for (int m = 0; m < 20; ++m) s.queue.add(kT0, 1, 53, true, Bytes(1000, 1), 0, std::nullopt);
  s.send(kT0);
  for (uint16_t end = 1; end <= 2; ++end) s.rtx.handle_sack(kT0, sack(99, {{2, static_cast<uint16_t>(end + 1)}}), s.queue);
  size_t cwnd_before = s.rtx.cwnd();
  s.rtx.handle_sack(kT0, sack(99, {{2, 4}}), s.queue);  // third miss report for TSN 100
  EXPECT_EQ(s.rtx.abandoned_messages(), 1u);
  EXPECT_EQ(s.rtx.fast_retransmissions(), 0u);
  EXPECT_EQ(s.rtx.cwnd(), std::max<size_t>(cwnd_before / 2, 4 * 1200));
  ASSERT_TRUE(s.rtx.forward_tsn_due());
  EXPECT_EQ(s.rtx.take_forward_tsn().new_cumulative_tsn, 103u);  // over 100 and the acked 101-103
}

TEST(RetransmissionQueue, T3ExpiryRetransmitsWithOneMtuWindow) {
  Sender s;
  s.queue.add(kT0, 0, 53, false, Bytes(4000, 1), std::nullopt, std::nullopt);
  EXPECT_EQ(s.send(kT0), 4u);
  s.rtx.handle_t3_expiry(kT0 + milliseconds(1000), s.queue);
  EXPECT_EQ(s.rtx.cwnd(), 1200u);
  EXPECT_EQ(s.send(kT0 + milliseconds(1000)), 1u);  // one packet's worth
  EXPECT_EQ(s.rtx.retransmissions(), 1u);
}

TEST(RetransmissionQueue, AbandonsAfterMaxRetransmitsAndAdvancesPeerAckPoint) {
  Sender s;
  s.queue.add(kT0, 3, 53, false, Bytes(3000, 1), 0, std::nullopt);  // 3 fragments, no retransmits
  s.queue.add(kT0, 3, 53, false, Bytes(10, 2), std::nullopt, std::nullopt);
  EXPECT_EQ(s.send(kT0), 4u);
  s.rtx.handle_t3_expiry(kT0 + milliseconds(1000), s.queue);
  EXPECT_EQ(s.rtx.abandoned_messages(), 1u);
  ASSERT_TRUE(s.rtx.forward_tsn_due());
  ForwardTsnChunk f = s.rtx.take_forward_tsn();
  EXPECT_EQ(f.new_cumulative_tsn, 102u);
  ASSERT_EQ(f.skipped.size(), 1u);
  EXPECT_EQ(f.skipped[0].stream_id, 3);
  EXPECT_EQ(f.skipped[0].ssn, 0);
}

TEST(RtoEstimator, Rfc6298Rules) {
  RtoEstimator rto(milliseconds(1000), milliseconds(200), milliseconds(60000));
  EXPECT_EQ(rto.rto(), milliseconds(1000));
  rto.observe(milliseconds(100));  // SRTT 100, RTTVAR 50: RTO = 100 + 4*50 = 300
  EXPECT_EQ(rto.rto(), milliseconds(300));
  rto.observe(milliseconds(100));  // RTTVAR = 3/4*50 + 0 = 37.5, RTO = 100 + 150 = 250
  EXPECT_EQ(rto.rto(), milliseconds(250));
  rto.back_off();
  EXPECT_EQ(rto.rto(), milliseconds(500));
  for (int i = 0; i < 20; ++i) rto.back_off();
  EXPECT_EQ(rto.rto(), milliseconds(60000));
  rto.observe(milliseconds(1));
  EXPECT_GE(rto.rto(), milliseconds(200));  // clamped to RTO.min
}

}  // namespace
}  // namespace wasmrtc::sctp
