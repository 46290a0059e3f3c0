#include "testing/sim_link.h"

#include <gtest/gtest.h>

namespace wasmrtc::testing {
namespace {

using std::chrono::milliseconds;
const Timestamp kT0 = Timestamp::from_millis(1000);

TEST(SimLink, LatencyAndBandwidthSerialization) {
  LinkConfig c;
  c.latency = milliseconds(10);
  c.bandwidth_bps = 8'000'000;  // 1 byte per microsecond
  SimLink link(c, 1);
  link.send(kT0, Bytes(1000));
  link.send(kT0, Bytes(1000));
  EXPECT_EQ(link.next_delivery(), kT0 + milliseconds(11));  // 1 ms on the wire + 10 ms
  EXPECT_FALSE(link.receive(kT0 + milliseconds(10)));
  EXPECT_TRUE(link.receive(kT0 + milliseconds(11)));
  EXPECT_EQ(link.next_delivery(), kT0 + milliseconds(12));  // queued behind the first
}

TEST(SimLink, LossDuplicationAndDeterminism) {
  LinkConfig c;
  c.loss = 0.1;
  c.duplicate = 0.05;
  c.jitter = milliseconds(3);
  auto run = [&](uint64_t seed) {
    SimLink link(c, seed);
    std::vector<uint8_t> order;
    for (int i = 0; i < 10000; ++i) link.send(kT0, Bytes{static_cast<uint8_t>(i)});
    while (auto p = link.receive(kT0 + milliseconds(100))) order.push_back((*p)[0]);
    EXPECT_NEAR(static_cast<double>(link.stats().lost), 1000, 150);
    EXPECT_NEAR(static_cast<double>(link.stats().duplicated), 450, 100);
    return order;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

TEST(SimLink, BlackoutAndStrictMtu) {
  LinkConfig c;
  c.strict_mtu = 100;
  SimLink link(c, 1);
  link.send(kT0, Bytes(101));
  EXPECT_EQ(link.stats().mtu_violations, 1u);
  link.set_blackout(true);
  link.send(kT0, Bytes(10));
  EXPECT_EQ(link.stats().blackout_drops, 1u);
  EXPECT_TRUE(link.receive(kT0 + milliseconds(20)));  // the oversize one still went through
  EXPECT_FALSE(link.receive(kT0 + milliseconds(20)));
}

// A trivial endpoint: echoes every packet once and asks for a timeout at a fixed time.
class Echo final : public SimEndpoint {
 public:
  void handle_receive(Timestamp now, ByteView packet) override {
    ++received;
    if (packet[0] < 5) out.push_back(Bytes{static_cast<uint8_t>(packet[0] + 1)});
  }
  void handle_timeout(Timestamp now) override {
    fired = now;
    deadline = Timestamp::infinite();
  }
  Timestamp next_timeout() const override { return deadline; }
  std::optional<Bytes> poll_transmit() override {
    if (out.empty()) return std::nullopt;
    Bytes b = out.front();
    out.erase(out.begin());
    return b;
  }
  std::vector<Bytes> out;
  int received = 0;
  Timestamp deadline = Timestamp::infinite();
  Timestamp fired;
};

TEST(SimLinkNetwork, PingPongAdvancesTheVirtualClock) {
  Echo a, z;
  LinkConfig c;
  c.latency = milliseconds(7);
  SimLinkPair net(a, z, c, c, 1, kT0);
  a.out.push_back(Bytes{0});
  z.deadline = kT0 + milliseconds(1000);
  ASSERT_TRUE(net.run_until([&] { return a.received + z.received == 5; }, milliseconds(500)));
  EXPECT_EQ(net.now(), kT0 + milliseconds(35));  // five hops of 7 ms
  net.run_for(milliseconds(2000));
  EXPECT_EQ(z.fired, kT0 + milliseconds(1000));
  EXPECT_EQ(net.now(), kT0 + milliseconds(2035));
}

}  // namespace
}  // namespace wasmrtc::testing
