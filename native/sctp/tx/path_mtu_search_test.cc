#include "sctp/tx/path_mtu_search.h"

#include <gtest/gtest.h>

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Timestamp at(int64_t ms) { return Timestamp::from_micros(ms * 1000); }

// Runs the search against a path that carries packets up to `path_mtu` bytes, answering each
// probe that fits at once and letting every other one time out; returns the probes sent in order.
std::vector<size_t> run_against(PathMtuSearch& s, size_t path_mtu, Timestamp& now) {
  std::vector<size_t> probes;
  for (int guard = 0; guard < 1000 && s.state() == PathMtuSearch::State::kSearching; ++guard) {
    if (auto size = s.take_probe(now)) {
      probes.push_back(*size);
      if (*size <= path_mtu) {
        s.on_probe_acked(now, *size);
        continue;
      }
    }
    now = s.next_timeout();
    s.handle_timeout(now);
  }
  return probes;
}

TEST(PathMtuSearch, ACeilingAtTheBaseSearchesNothing) {
  PathMtuSearch s(1168, seconds(1));
  s.start(at(0), 1168);
  EXPECT_EQ(s.state(), PathMtuSearch::State::kDisabled);
  EXPECT_FALSE(s.take_probe(at(0)).has_value());
  EXPECT_TRUE(s.next_timeout().is_infinite());
  EXPECT_EQ(s.plpmtu(), 1168u);
  EXPECT_FALSE(s.on_black_hole(at(0)));
}

TEST(PathMtuSearch, APathThatCarriesTheCeilingTakesOneProbe) {
  PathMtuSearch s(1168, seconds(1));
  s.start(at(0), 16384);
  auto probe = s.take_probe(at(0));
  ASSERT_TRUE(probe.has_value());
  EXPECT_EQ(*probe, 16384u);
  EXPECT_FALSE(s.take_probe(at(0)).has_value());  // one at a time
  EXPECT_EQ(s.plpmtu(), 1168u);                   // nothing confirmed before the ack
  EXPECT_TRUE(s.on_probe_acked(at(1), 16384));
  EXPECT_EQ(s.plpmtu(), 16384u);
  EXPECT_EQ(s.state(), PathMtuSearch::State::kSearchComplete);
  EXPECT_TRUE(s.next_timeout().is_infinite());  // at the ceiling: nothing to raise later
  EXPECT_EQ(s.probes_sent(), 1u);
  EXPECT_EQ(s.probes_acked(), 1u);
}

TEST(PathMtuSearch, AFailedSizeIsProbedMaxProbesTimesAtTheProbeTimer) {
  PathMtuSearch s(1168, seconds(1), 3);
  s.start(at(0), 16384);
  ASSERT_EQ(s.take_probe(at(0)), std::optional<size_t>(16384));
  EXPECT_EQ(s.next_timeout(), at(1000));
  s.handle_timeout(at(999));
  EXPECT_FALSE(s.take_probe(at(999)).has_value());  // not yet
  s.handle_timeout(at(1000));
  EXPECT_EQ(s.take_probe(at(1000)), std::optional<size_t>(16384));
  s.handle_timeout(at(2000));
  EXPECT_EQ(s.take_probe(at(2000)), std::optional<size_t>(16384));
  s.handle_timeout(at(3000));
  // Three unanswered: halfway between the PLPMTU and the failed size.
  auto next = s.take_probe(at(3000));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, ((1168 + 16384) / 2) & ~size_t{3});
  EXPECT_EQ(s.plpmtu(), 1168u);
}

TEST(PathMtuSearch, BinarySearchEndsWithinOneStepBelowThePathMtu) {
  for (size_t path_mtu : {1200u, 1472u, 1500u, 4000u, 9000u, 16383u}) {
    PathMtuSearch s(1168, seconds(1));
    Timestamp now = at(0);
    s.start(now, 16384);
    auto probes = run_against(s, path_mtu, now);
    EXPECT_EQ(s.state(), PathMtuSearch::State::kSearchComplete) << path_mtu;
    EXPECT_LE(s.plpmtu(), path_mtu) << path_mtu;
    EXPECT_GE(s.plpmtu() + PathMtuSearch::kSearchStep + 4, path_mtu) << path_mtu;
    EXPECT_EQ(s.plpmtu() % 4, 0u);
    EXPECT_LE(probes.size(), 3u * 10u) << path_mtu;  // log2(15216 / 32) < 10 steps
    // Below the ceiling the raise timer is armed; when it fires the search tries the ceiling again.
    ASSERT_FALSE(s.next_timeout().is_infinite());
    EXPECT_EQ(s.next_timeout(), now + PathMtuSearch::kRaiseInterval);
    now = s.next_timeout();
    s.handle_timeout(now);
    EXPECT_EQ(s.take_probe(now), std::optional<size_t>(16384));
  }
}

TEST(PathMtuSearch, ABlackHoleFallsBackToTheBaseAndSearchesBelowTheLostSize) {
  PathMtuSearch s(1168, seconds(1));
  Timestamp now = at(0);
  s.start(now, 16384);
  run_against(s, 16384, now);
  ASSERT_EQ(s.plpmtu(), 16384u);
  EXPECT_TRUE(s.on_black_hole(now));
  EXPECT_EQ(s.plpmtu(), 1168u);
  EXPECT_EQ(s.black_holes(), 1u);
  EXPECT_EQ(s.state(), PathMtuSearch::State::kSearching);
  // The path now carries 3000 bytes: the search finds it without probing 16384 again.
  auto probes = run_against(s, 3000, now);
  ASSERT_FALSE(probes.empty());
  EXPECT_LT(probes.front(), 16384u);
  EXPECT_LE(s.plpmtu(), 3000u);
  EXPECT_GT(s.plpmtu(), 3000u - PathMtuSearch::kSearchStep - 4);
}

TEST(PathMtuSearch, AnAckForAnotherSizeOrAfterARestartIsIgnored) {
  PathMtuSearch s(1168, seconds(1));
  s.start(at(0), 16384);
  ASSERT_EQ(s.take_probe(at(0)), std::optional<size_t>(16384));
  EXPECT_FALSE(s.on_probe_acked(at(1), 9000));  // never probed
  EXPECT_EQ(s.plpmtu(), 1168u);
  s.start(at(2), 1472);  // the path changed before the ack came
  EXPECT_FALSE(s.on_probe_acked(at(3), 16384));
  EXPECT_EQ(s.plpmtu(), 1168u);
  EXPECT_EQ(s.take_probe(at(3)), std::optional<size_t>(1472));
}

}  // namespace
}  // namespace wasmrtc::sctp
