#include "testing/sim_network.h"

#include <gtest/gtest.h>

namespace wasmrtc::testing {
namespace {

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

struct Fixture {
  explicit Fixture(NatKind kind) : net(1) {
    int nat = kind == NatKind::kNone ? -1 : net.add_nat(kind, ip("203.0.113.1"));
    net.add_host(ip(kind == NatKind::kNone ? "203.0.113.1" : "10.0.0.1"), nat);
    net.add_host(ip("198.51.100.1"));
    net.add_host(ip("198.51.100.2"));
    inside = kind == NatKind::kNone ? addr("203.0.113.1:5000") : addr("10.0.0.1:5000");
  }
  std::vector<SimDelivery> drain(Timestamp now) {
    std::vector<SimDelivery> out;
    while (auto d = net.poll(now)) out.push_back(*d);
    return out;
  }
  SimNetwork net;
  SocketAddress inside;
};

TEST(SimNetworkTest, DeliversAfterDelayInOrder) {
  Fixture f(NatKind::kNone);
  auto t0 = Timestamp::from_millis(0);
  f.net.send(t0, f.inside, addr("198.51.100.1:1"), {1});
  f.net.send(t0, f.inside, addr("198.51.100.1:1"), {2});
  EXPECT_EQ(f.net.next_delivery(), Timestamp::from_millis(10));
  EXPECT_TRUE(f.drain(Timestamp::from_millis(9)).empty());
  auto got = f.drain(Timestamp::from_millis(10));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].data, Bytes{1});
  EXPECT_EQ(got[1].data, Bytes{2});
  EXPECT_EQ(got[0].from, f.inside);
}

TEST(SimNetworkTest, FullConeLetsAnyoneInAfterTheFirstPacket) {
  Fixture f(NatKind::kFullCone);
  auto t = Timestamp::from_millis(0);
  f.net.send(t, f.inside, addr("198.51.100.1:1"), {1});
  auto out = f.drain(Timestamp::from_millis(10));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].from.ip().to_string(), "203.0.113.1");
  f.net.send(t, addr("198.51.100.2:9"), out[0].from, {2});
  auto in = f.drain(Timestamp::from_millis(20));
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].to, f.inside);
}

TEST(SimNetworkTest, PortRestrictedFiltersOtherPorts) {
  Fixture f(NatKind::kPortRestricted);
  auto t = Timestamp::from_millis(0);
  auto pub = f.net.mapping(f.inside, addr("198.51.100.1:1"));
  f.net.send(t, f.inside, addr("198.51.100.1:1"), {1});
  f.net.send(t, addr("198.51.100.1:2"), pub, {2});  // other port: filtered
  f.net.send(t, addr("198.51.100.1:1"), pub, {3});  // the one sent to: in
  auto got = f.drain(Timestamp::from_millis(100));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].data, Bytes{3});
  EXPECT_EQ(f.net.stats().filtered, 1u);
}

TEST(SimNetworkTest, AddressRestrictedAllowsOtherPortsOfTheSameHost) {
  Fixture f(NatKind::kAddressRestricted);
  auto t = Timestamp::from_millis(0);
  auto pub = f.net.mapping(f.inside, addr("198.51.100.1:1"));
  f.net.send(t, addr("198.51.100.1:2"), pub, {2});
  f.net.send(t, addr("198.51.100.2:1"), pub, {3});
  auto got = f.drain(Timestamp::from_millis(100));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, Bytes{2});
}

TEST(SimNetworkTest, SymmetricMapsPerDestination) {
  Fixture f(NatKind::kSymmetric);
  auto a = f.net.mapping(f.inside, addr("198.51.100.1:1"));
  auto b = f.net.mapping(f.inside, addr("198.51.100.2:1"));
  auto a2 = f.net.mapping(f.inside, addr("198.51.100.1:1"));
  EXPECT_NE(a, b);
  EXPECT_EQ(a, a2);
  Fixture cone(NatKind::kPortRestricted);
  EXPECT_EQ(cone.net.mapping(cone.inside, addr("198.51.100.1:1")),
            cone.net.mapping(cone.inside, addr("198.51.100.2:1")));
}

TEST(SimNetworkTest, SeededLossAndDuplicationAreDeterministic) {
  auto run = [] {
    Fixture f(NatKind::kNone);
    f.net.set_conditions({Duration(5000), Duration(5000), 0.3, 0.2, 0.2, Duration(30'000)});
    for (int i = 0; i < 200; ++i)
      f.net.send(Timestamp::from_millis(i), f.inside, addr("198.51.100.1:1"), {static_cast<uint8_t>(i)});
    std::vector<uint8_t> order;
    for (auto& d : f.drain(Timestamp::from_millis(1000))) order.push_back(d.data[0]);
    return std::make_pair(order, f.net.stats());
  };
  auto [a, sa] = run();
  auto [b, sb] = run();
  EXPECT_EQ(a, b);
  EXPECT_GT(sa.lost, 30u);
  EXPECT_LT(sa.lost, 90u);
  EXPECT_GT(sa.duplicated, 10u);
  EXPECT_EQ(sa.delivered, 200 - sa.lost + sa.duplicated);
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));  // reordered
}

TEST(SimNetworkTest, BlockDropsEverything) {
  Fixture f(NatKind::kNone);
  f.net.block(ip("198.51.100.1"));
  f.net.send(Timestamp::from_millis(0), f.inside, addr("198.51.100.1:1"), {1});
  EXPECT_TRUE(f.drain(Timestamp::from_millis(100)).empty());
  EXPECT_EQ(f.net.stats().blocked, 1u);
  f.net.block(ip("198.51.100.1"), false);
  f.net.send(Timestamp::from_millis(0), f.inside, addr("198.51.100.1:1"), {1});
  EXPECT_EQ(f.drain(Timestamp::from_millis(100)).size(), 1u);
}

TEST(SimNetworkTest, PrivateAddressesAreUnroutableFromOutside) {
  Fixture f(NatKind::kFullCone);
  f.net.send(Timestamp::from_millis(0), addr("198.51.100.1:1"), f.inside, {1});
  EXPECT_TRUE(f.drain(Timestamp::from_millis(100)).empty());
  EXPECT_EQ(f.net.stats().unroutable, 1u);
}

}  // namespace
}  // namespace wasmrtc::testing
