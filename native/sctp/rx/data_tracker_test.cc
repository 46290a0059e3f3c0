#include "sctp/rx/data_tracker.h"

#include <gtest/gtest.h>

namespace wasmrtc::sctp {
namespace {

TEST(DataTracker, GapBlocksAndDuplicates) {
  DataTracker t(10);
  uint64_t u;
  EXPECT_EQ(t.observe(10, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(12, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(13, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(16, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(12, &u), DataTracker::Verdict::kDuplicate);
  EXPECT_EQ(t.observe(9, &u), DataTracker::Verdict::kDuplicate);
  SackChunk s = t.make_sack(1000, 16, 16);
  EXPECT_EQ(s.cumulative_tsn_ack, 10u);
  EXPECT_EQ(s.gap_blocks, (std::vector<GapBlock>{{2, 3}, {6, 6}}));
  EXPECT_EQ(s.duplicate_tsns, (std::vector<uint32_t>{12, 9}));
  t.clear_duplicates();
  EXPECT_TRUE(t.make_sack(1000, 16, 16).duplicate_tsns.empty());  // reported once
  EXPECT_EQ(t.observe(11, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.cumulative_tsn(), 13u);
}

TEST(DataTracker, WrapsAroundAndRejectsOutOfWindow) {
  DataTracker t(0xfffffffe);
  uint64_t u;
  EXPECT_EQ(t.observe(0xfffffffe, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(0xffffffff, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.observe(0, &u), DataTracker::Verdict::kNew);
  EXPECT_EQ(t.cumulative_tsn(), 0u);
  EXPECT_EQ(t.observe(DataTracker::kWindow + 1, &u), DataTracker::Verdict::kOutOfWindow);
  EXPECT_EQ(t.observe(0x70000000u, &u), DataTracker::Verdict::kOutOfWindow);
}

TEST(DataTracker, ForwardTsnSkipsHoles) {
  DataTracker t(1);
  uint64_t u;
  t.observe(1, &u);
  t.observe(5, &u);
  EXPECT_TRUE(t.forward_to(3));
  EXPECT_EQ(t.cumulative_tsn(), 3u);
  EXPECT_TRUE(t.forward_to(4));
  EXPECT_EQ(t.cumulative_tsn(), 5u);  // 5 was already there
  EXPECT_FALSE(t.forward_to(2));      // stale
  EXPECT_FALSE(t.has_gaps());
}

}  // namespace
}  // namespace wasmrtc::sctp
