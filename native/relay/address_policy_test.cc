#include "relay/address_policy.h"

#include <gtest/gtest.h>

namespace wasmrtc::relay {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(AddressPolicyTest, SpecialPurposeRangesAreDeniedByDefault) {
  AddressPolicy p;
  for (const char* denied : {"127.0.0.1", "127.255.0.1", "10.0.0.1", "172.16.5.5", "192.168.0.1", "169.254.3.4",
                             "224.0.0.251", "239.1.1.1", "255.255.255.255", "0.0.0.0", "0.1.2.3", "100.64.0.1", "::1",
                             "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
    EXPECT_FALSE(p.permits(ip(denied))) << denied;
  }
  for (const char* allowed : {"8.8.8.8", "192.0.2.1", "198.51.100.7", "172.32.0.1", "100.128.0.1", "2001:db8::1",
                              "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(p.permits(ip(allowed))) << allowed;
  }
}

TEST(AddressPolicyTest, AllowListOverridesAndDenyListAdds) {
  AddressPolicy p;
  p.allow(*IpPrefix::parse("127.0.0.1"));
  p.allow(*IpPrefix::parse("10.1.0.0/16"));
  p.deny(*IpPrefix::parse("8.8.0.0/16"));
  EXPECT_TRUE(p.permits(ip("127.0.0.1")));
  EXPECT_FALSE(p.permits(ip("127.0.0.2")));
  EXPECT_TRUE(p.permits(ip("10.1.255.1")));
  EXPECT_FALSE(p.permits(ip("10.2.0.1")));
  EXPECT_FALSE(p.permits(ip("8.8.8.8")));
  EXPECT_TRUE(p.permits(ip("8.9.8.8")));
}

TEST(AddressPolicyTest, PrefixParsing) {
  EXPECT_TRUE(IpPrefix::parse("10.0.0.0/8"));
  EXPECT_TRUE(IpPrefix::parse("::1/128"));
  EXPECT_FALSE(IpPrefix::parse("10.0.0.0/33"));
  EXPECT_FALSE(IpPrefix::parse("10.0.0.0/"));
  EXPECT_FALSE(IpPrefix::parse("example.com/8"));
  EXPECT_TRUE(IpPrefix::parse("10.1.2.3/12")->contains(ip("10.15.0.0")));
  EXPECT_FALSE(IpPrefix::parse("10.1.2.3/12")->contains(ip("10.16.0.0")));
  EXPECT_EQ(IpPrefix::parse("10.0.0.0/8")->to_string(), "10.0.0.0/8");
}

}  // namespace
}  // namespace wasmrtc::relay
