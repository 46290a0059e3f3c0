#include "sctp/rx/reassembly_queue.h"

#include <gtest/gtest.h>

namespace wasmrtc::sctp {
namespace {

DataChunkView chunk(uint16_t stream, uint16_t ssn, uint8_t flags, const Bytes& payload) {
  DataChunkView d;
  d.stream_id = stream;
  d.ssn = ssn;
  d.ppid = 53;
  d.flags = flags;
  d.payload = payload;
  return d;
}

constexpr uint8_t B = kDataFlagBegin, E = kDataFlagEnd, U = kDataFlagUnordered;

TEST(ReassemblyQueue, OrderedWaitsForEarlierSsn) {
  ReassemblyQueue q(1000);
  Bytes a = {1}, b = {2}, c = {3};
  q.add(12, chunk(0, 1, B | E, c));  // SSN 1 first
  EXPECT_FALSE(q.has_messages());
  q.add(11, chunk(0, 0, E, b));      // second half of SSN 0
  q.add(10, chunk(0, 0, B, a));
  ASSERT_TRUE(q.has_messages());
  EXPECT_EQ(q.pop_message().data, (Bytes{1, 2}));
  EXPECT_EQ(q.pop_message().data, (Bytes{3}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(ReassemblyQueue, UnorderedDeliversWhenComplete) {
  ReassemblyQueue q(1000);
  Bytes a = {1}, b = {2}, c = {3};
  q.add(22, chunk(1, 0, U | E, c));
  q.add(20, chunk(1, 0, U | B, a));
  EXPECT_FALSE(q.has_messages());
  q.add(21, chunk(1, 0, U, b));
  ASSERT_TRUE(q.has_messages());
  ReceivedMessage m = q.pop_message();
  EXPECT_TRUE(m.unordered);
  EXPECT_EQ(m.data, (Bytes{1, 2, 3}));
}

TEST(ReassemblyQueue, ForwardTsnSkipsAbandonedOrderedMessage) {
  ReassemblyQueue q(1000);
  Bytes a = {1}, c = {3};
  q.add(30, chunk(2, 0, B, a));       // SSN 0 never completes
  q.add(33, chunk(2, 1, B | E, c));   // SSN 1 waits behind it
  EXPECT_FALSE(q.has_messages());
  ForwardTsnChunk::Skipped skip{2, 0};
  q.forward(32, std::span(&skip, 1));
  ASSERT_TRUE(q.has_messages());
  EXPECT_EQ(q.pop_message().data, (Bytes{3}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(ReassemblyQueue, ForwardTsnStillDeliversCompleteMessagesBelowTheSkippedSsn) {
  ReassemblyQueue q(1000);
  Bytes a = {1}, b = {2}, c = {3}, d = {4};
  // SSN 0 lost (abandoned), SSN 1 and 2 arrived whole, SSN 3 abandoned, SSN 4 arrived.
  q.add(41, chunk(5, 1, B | E, a));
  q.add(42, chunk(5, 2, B | E, b));
  q.add(45, chunk(5, 4, B | E, d));
  q.add(43, chunk(5, 3, B, c));  // first half only
  EXPECT_FALSE(q.has_messages());
  ForwardTsnChunk::Skipped skip{5, 3};
  q.forward(44, std::span(&skip, 1));
  ASSERT_TRUE(q.has_messages());
  EXPECT_EQ(q.pop_message().data, a);
  EXPECT_EQ(q.pop_message().data, b);
  EXPECT_EQ(q.pop_message().data, d);
  EXPECT_FALSE(q.has_messages());
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(ReassemblyQueue, ResetStartsSsnOver) {
  ReassemblyQueue q(1000);
  Bytes a = {1};
  q.add(1, chunk(4, 0, B | E, a));
  q.add(2, chunk(4, 1, B | E, a));
  q.pop_message();
  q.pop_message();
  uint16_t s = 4;
  q.reset_streams(std::span(&s, 1));
  q.add(3, chunk(4, 0, B | E, a));
  EXPECT_TRUE(q.has_messages());
}

TEST(ReassemblyQueue, DropsMessagesAboveTheLimit) {
  ReassemblyQueue q(2);
  Bytes a = {1, 2}, b = {3};
  q.add(1, chunk(0, 0, B, a));
  q.add(2, chunk(0, 0, E, b));
  EXPECT_FALSE(q.has_messages());
  EXPECT_EQ(q.dropped_too_large(), 1u);
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

}  // namespace
}  // namespace wasmrtc::sctp
