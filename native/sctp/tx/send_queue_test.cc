#include "sctp/tx/send_queue.h"

#include <gtest/gtest.h>

#include "sctp/packet/data_chunk.h"

namespace wasmrtc::sctp {
namespace {

const Timestamp kNow = Timestamp::from_millis(1000);

TEST(SendQueue, FragmentsAndRoundRobinsAtMessageBoundaries) {
  SendQueue q(1 << 20);
  ASSERT_TRUE(q.add(kNow, 1, 53, false, Bytes(250, 1), std::nullopt, std::nullopt));
  ASSERT_TRUE(q.add(kNow, 1, 53, false, Bytes(10, 2), std::nullopt, std::nullopt));
  ASSERT_TRUE(q.add(kNow, 2, 53, false, Bytes(10, 3), std::nullopt, std::nullopt));
  EXPECT_EQ(q.buffered_amount(1), 260u);
  std::vector<std::pair<uint16_t, uint8_t>> order;
  while (auto f = q.produce(kNow, 100)) order.push_back({f->stream_id, f->flags});
  // Stream 1's first message in three fragments, then stream 2, then stream 1 again.
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[0], (std::pair<uint16_t, uint8_t>{1, kDataFlagBegin}));
  EXPECT_EQ(order[1], (std::pair<uint16_t, uint8_t>{1, 0}));
  EXPECT_EQ(order[2], (std::pair<uint16_t, uint8_t>{1, kDataFlagEnd}));
  EXPECT_EQ(order[3].first, 2);
  EXPECT_EQ(order[4].first, 1);
  EXPECT_EQ(q.buffered_amount(1), 0u);
  EXPECT_TRUE(q.empty());
}

TEST(SendQueue, SsnPerStreamAndLowThresholdEvents) {
  SendQueue q(1 << 20);
  q.set_low_threshold(7, 50);
  for (int i = 0; i < 3; ++i) q.add(kNow, 7, 53, false, Bytes(40, 0), std::nullopt, std::nullopt);
  auto f0 = q.produce(kNow, 1000);
  EXPECT_TRUE(q.take_low_events().empty());  // 80 left
  auto f1 = q.produce(kNow, 1000);
  EXPECT_EQ(q.take_low_events(), (std::vector<uint16_t>{7}));  // 40 <= 50
  EXPECT_EQ(f0->ssn, 0);
  EXPECT_EQ(f1->ssn, 1);
}

TEST(SendQueue, ExpiredMessagesNeverLeaveAndBufferLimitHolds) {
  SendQueue q(100);
  EXPECT_TRUE(q.add(kNow, 1, 53, false, Bytes(60, 0), std::nullopt, std::chrono::milliseconds(10)));
  EXPECT_FALSE(q.add(kNow, 1, 53, false, Bytes(60, 0), std::nullopt, std::nullopt));
  EXPECT_FALSE(q.produce(kNow + std::chrono::milliseconds(10), 1000));
  EXPECT_EQ(q.expired(), 1u);
  EXPECT_EQ(q.total_buffered(), 0u);
}

}  // namespace
}  // namespace wasmrtc::sctp
