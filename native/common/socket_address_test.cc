#include "common/socket_address.h"

#include <gtest/gtest.h>

namespace wasmrtc {
namespace {

TEST(IpAddress, ParsesAndFormatsV4) {
  auto a = IpAddress::parse("192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->to_string(), "192.0.2.1");
  EXPECT_TRUE(IpAddress::parse("127.0.0.1")->is_loopback());
  EXPECT_TRUE(IpAddress::parse("10.1.2.3")->is_private());
  EXPECT_TRUE(IpAddress::parse("172.31.0.1")->is_private());
  EXPECT_FALSE(IpAddress::parse("172.32.0.1")->is_private());
  for (auto bad : {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 ", "", "a.b.c.d"})
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(IpAddress, ParsesAndFormatsV6CanonicallyPerRfc5952) {
  struct Case { const char* in; const char* out; } cases[] = {
      {"2001:db8:0:0:0:0:0:1", "2001:db8::1"},
      {"::1", "::1"},
      {"::", "::"},
      {"2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},  // first of two equal runs
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // a single zero group is not compressed
      {"fe80::1", "fe80::1"},
      {"::ffff:192.0.2.1", "::ffff:c000:201"},
      {"[2001:db8::2]", "2001:db8::2"},
  };
  for (auto& c : cases) {
    auto a = IpAddress::parse(c.in);
    ASSERT_TRUE(a) << c.in;
    EXPECT_FALSE(a->is_v4());
    EXPECT_EQ(a->to_string(), c.out) << c.in;
  }
  EXPECT_TRUE(IpAddress::parse("::1")->is_loopback());
  EXPECT_TRUE(IpAddress::parse("fe80::1")->is_link_local());
  EXPECT_TRUE(IpAddress::parse("fd00::1")->is_private());
  for (auto bad : {"1::2::3", ":1", "1:", "12345::", "1:2:3:4:5:6:7:8:9", "g::1", "1:2:3:4:5:6:7"})
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(SocketAddress, ParsesFormatsAndOrders) {
  auto a = SocketAddress::parse("192.0.2.1:3478");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 3478);
  EXPECT_EQ(a->to_string(), "192.0.2.1:3478");
  auto b = SocketAddress::parse("[2001:db8::1]:443");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->to_string(), "[2001:db8::1]:443");
  EXPECT_FALSE(SocketAddress::parse("2001:db8::1:443"));
  EXPECT_FALSE(SocketAddress::parse("1.2.3.4:65536"));
  EXPECT_FALSE(SocketAddress::parse("1.2.3.4:"));
  EXPECT_FALSE(SocketAddress::parse("[1.2.3.4]:80"));
  EXPECT_NE(*a, SocketAddress(a->ip(), 3479));
  EXPECT_EQ(std::hash<SocketAddress>()(*a), std::hash<SocketAddress>()(*SocketAddress::parse("192.0.2.1:3478")));
}

}  // namespace
}  // namespace wasmrtc
