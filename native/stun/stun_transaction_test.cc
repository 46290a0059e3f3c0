#include "stun/stun_transaction.h"

#include <gtest/gtest.h>

#include <vector>

namespace wasmrtc::stun {
namespace {

// Drives a transaction to the end and returns the times (ms) of every retransmission and of the
// final time-out.
std::vector<int64_t> schedule(StunRetransmitOptions options, int64_t* timed_out_at) {
  StunTransaction t(Timestamp::from_millis(0), options);
  std::vector<int64_t> sends;
  while (!t.finished()) {
    Timestamp at = t.next_timeout();
    EXPECT_EQ(t.handle_timeout(at - Duration(1)), StunTransaction::Action::kNone);  // not early
    auto action = t.handle_timeout(at);
    if (action == StunTransaction::Action::kRetransmit) sends.push_back(at.millis());
    if (action == StunTransaction::Action::kTimedOut) *timed_out_at = at.millis();
  }
  return sends;
}

TEST(StunTransaction, Rfc8489UdpSchedule) {
  // RFC 8489 §6.2.1: with RTO 500 ms, sends at 0, 500, 1500, 3500, 7500, 15500, 31500 and failure
  // at 39500.
  int64_t timed_out = 0;
  auto sends = schedule({}, &timed_out);
  EXPECT_EQ(sends, (std::vector<int64_t>{500, 1500, 3500, 7500, 15500, 31500}));
  EXPECT_EQ(timed_out, 39500);
}

TEST(StunTransaction, ConfigurableSchedule) {
  StunRetransmitOptions o;
  o.rto = Duration(100'000);
  o.rc = 3;
  o.rm = 4;
  int64_t timed_out = 0;
  EXPECT_EQ(schedule(o, &timed_out), (std::vector<int64_t>{100, 300}));
  EXPECT_EQ(timed_out, 700);
}

TEST(StunTransaction, ReliableTransportNeverRetransmits) {
  StunRetransmitOptions o;
  o.reliable = true;
  int64_t timed_out = 0;
  EXPECT_TRUE(schedule(o, &timed_out).empty());
  EXPECT_EQ(timed_out, 39500);
}

TEST(StunTransaction, CompleteStopsTimers) {
  StunTransaction t(Timestamp::from_millis(0));
  t.complete();
  EXPECT_TRUE(t.next_timeout().is_infinite());
  EXPECT_EQ(t.handle_timeout(Timestamp::from_millis(100000)), StunTransaction::Action::kNone);
  EXPECT_EQ(t.transmissions(), 1);
}

}  // namespace
}  // namespace wasmrtc::stun
