#include "ice/check_list.h"

#include <gtest/gtest.h>

namespace wasmrtc::ice {
namespace {

Candidate cand(const char* line) { return parse_candidate(line).value(); }

// RFC 8445 §6.1.2.3 formula, checked by hand.
TEST(CandidatePairTest, PairPriorityFormula) {
  EXPECT_EQ(pair_priority(2, 1), (uint64_t{1} << 32) + 2 * 2 + 1);
  EXPECT_EQ(pair_priority(1, 2), (uint64_t{1} << 32) + 2 * 2 + 0);
  EXPECT_EQ(pair_priority(5, 5), (uint64_t{5} << 32) + 10);
  uint32_t host = 2130706431, relay = 16777215;
  EXPECT_EQ(pair_priority(host, relay), (uint64_t{relay} << 32) + 2 * uint64_t{host} + 1);
  // Both agents compute the same priority for the same pair (roles swapped).
  CandidatePair p;
  p.local.priority = host;
  p.remote.priority = relay;
  CandidatePair mirror;
  mirror.local.priority = relay;
  mirror.remote.priority = host;
  EXPECT_EQ(p.priority(IceRole::kControlling), mirror.priority(IceRole::kControlled));
}

TEST(CheckListTest, FirstPairOfAFoundationWaitsOthersFreeze) {
  CheckList list;
  auto local = cand("candidate:L 1 udp 2130706431 10.0.0.1 5000 typ host");
  auto r1 = cand("candidate:R 1 udp 2130706431 10.0.0.2 5000 typ host");
  auto r2 = cand("candidate:R 1 udp 2130706430 10.0.0.3 5000 typ host");
  auto r3 = cand("candidate:S 1 udp 1694498815 10.0.0.4 5000 typ srflx raddr 10.0.0.9 rport 1");
  list.add(local, local.address, r1, IceRole::kControlling);
  list.add(local, local.address, r2, IceRole::kControlling);
  list.add(local, local.address, r3, IceRole::kControlling);
  ASSERT_EQ(list.pairs().size(), 3u);
  EXPECT_EQ(list.pairs()[0].state, PairState::kWaiting);
  EXPECT_EQ(list.pairs()[1].state, PairState::kFrozen);  // same foundation L:R
  EXPECT_EQ(list.pairs()[2].state, PairState::kWaiting);
  // Ordinary checks: highest priority Waiting first.
  CandidatePair* first = list.next_ordinary(IceRole::kControlling);
  EXPECT_EQ(first->remote.address, r1.address);
  first->state = PairState::kInProgress;
  CandidatePair* second = list.next_ordinary(IceRole::kControlling);
  EXPECT_EQ(second->remote.address, r3.address);
  second->state = PairState::kInProgress;
  // The frozen one cannot start while its foundation is in progress.
  EXPECT_EQ(list.next_ordinary(IceRole::kControlling), nullptr);
  EXPECT_FALSE(list.has_work());
  list.find(first->id)->state = PairState::kSucceeded;
  list.unfreeze_foundation(first->foundation());
  EXPECT_TRUE(list.has_work());
  EXPECT_EQ(list.next_ordinary(IceRole::kControlling)->remote.address, r2.address);
}

TEST(CheckListTest, DuplicatesArePrunedKeepingTheHigherPriority) {
  CheckList list;
  auto host = cand("candidate:H 1 udp 2130706431 10.0.0.1 5000 typ host");
  auto prflx = cand("candidate:P 1 udp 1862270975 10.0.0.1 5000 typ prflx");
  auto remote = cand("candidate:R 1 udp 2130706431 10.0.0.2 5000 typ host");
  auto* a = list.add(prflx, host.address, remote, IceRole::kControlled);
  auto id = a->id;
  auto* b = list.add(host, host.address, remote, IceRole::kControlled);
  EXPECT_EQ(b->id, id);
  EXPECT_EQ(list.pairs().size(), 1u);
  EXPECT_EQ(list.pairs()[0].local.type, CandidateType::kHost);
}

TEST(CheckListTest, SizeLimitDropsTheLowestPriorityPairs) {
  CheckList list(3);
  auto local = cand("candidate:L 1 udp 2130706431 10.0.0.1 5000 typ host");
  for (int i = 0; i < 5; ++i) {
    auto r = cand(("candidate:R" + std::to_string(i) + " 1 udp " + std::to_string(1000 + i) + " 10.0.1." +
                   std::to_string(i + 1) + " 5000 typ host")
                      .c_str());
    list.add(local, local.address, r, IceRole::kControlling);
  }
  ASSERT_EQ(list.pairs().size(), 3u);
  for (const auto& p : list.pairs()) EXPECT_GE(p.remote.priority, 1002u);
  EXPECT_EQ(list.dropped_over_limit(), 2u);
}

TEST(CheckListTest, TriggeredQueueIsFifoWithoutDuplicates) {
  CheckList list;
  auto local = cand("candidate:L 1 udp 2130706431 10.0.0.1 5000 typ host");
  auto* p1 = list.add(local, local.address, cand("candidate:A 1 udp 1 10.0.0.2 1 typ host"), IceRole::kControlling);
  uint64_t id1 = p1->id;
  uint64_t id2 = list.add(local, local.address, cand("candidate:B 1 udp 2 10.0.0.3 1 typ host"), IceRole::kControlling)->id;
  list.push_triggered(id2);
  list.push_triggered(id1);
  list.push_triggered(id2);
  EXPECT_EQ(list.pop_triggered(), id2);
  EXPECT_EQ(list.pop_triggered(), id1);
  EXPECT_EQ(list.pop_triggered(), std::nullopt);
}

TEST(CheckListTest, AllFailedAndBestValid) {
  CheckList list;
  auto local = cand("candidate:L 1 udp 2130706431 10.0.0.1 5000 typ host");
  list.add(local, local.address, cand("candidate:A 1 udp 10 10.0.0.2 1 typ host"), IceRole::kControlling);
  list.add(local, local.address, cand("candidate:B 1 udp 20 10.0.0.3 1 typ host"), IceRole::kControlling);
  EXPECT_FALSE(list.all_failed());
  EXPECT_EQ(list.best_valid(IceRole::kControlling), nullptr);
  for (auto& p : list.pairs()) {
    p.state = PairState::kSucceeded;
    p.valid = true;
  }
  EXPECT_EQ(list.best_valid(IceRole::kControlling)->remote.priority, 20u);
  list.pairs()[1].state = PairState::kInProgress;  // checked again: still valid
  EXPECT_EQ(list.best_valid(IceRole::kControlling)->remote.priority, 20u);
  EXPECT_EQ(list.best_nominated(IceRole::kControlling), nullptr);
  list.pairs()[0].nominated = true;
  EXPECT_EQ(list.best_nominated(IceRole::kControlling)->remote.priority, 10u);
  for (auto& p : list.pairs()) p.state = PairState::kFailed;
  EXPECT_TRUE(list.all_failed());
  EXPECT_FALSE(list.checks_pending());
}

}  // namespace
}  // namespace wasmrtc::ice
