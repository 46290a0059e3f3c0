#include "sctp/socket/state_cookie.h"

#include <gtest/gtest.h>

namespace wasmrtc::sctp {
namespace {

TEST(StateCookie, SignedAndTimeLimited) {
  Bytes secret(32, 7);
  StateCookie c;
  c.created_us = 5'000'000;
  c.my_tag = 1;
  c.peer_tag = 2;
  c.peer_initial_tsn = 3;
  c.peer_outbound_streams = 10;
  c.peer_inbound_streams = 11;
  c.peer_reconfig = true;
  Bytes wire = c.serialize(secret);
  Timestamp now = Timestamp::from_micros(5'500'000);
  auto back = StateCookie::parse(wire, secret, now, std::chrono::seconds(60));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->peer_tag, 2u);
  EXPECT_EQ(back->peer_inbound_streams, 11);
  EXPECT_TRUE(back->peer_reconfig);
  EXPECT_FALSE(back->peer_forward_tsn);

  StateCookie::Error error;
  Bytes forged = wire;
  forged[12] ^= 1;
  EXPECT_FALSE(StateCookie::parse(forged, secret, now, std::chrono::seconds(60), &error));
  EXPECT_EQ(error, StateCookie::Error::kBadSignature);
  EXPECT_FALSE(StateCookie::parse(wire, Bytes(32, 8), now, std::chrono::seconds(60), &error));
  EXPECT_EQ(error, StateCookie::Error::kBadSignature);
  EXPECT_FALSE(StateCookie::parse(wire, secret, now + std::chrono::seconds(61), std::chrono::seconds(60), &error));
  EXPECT_EQ(error, StateCookie::Error::kStale);
  EXPECT_FALSE(StateCookie::parse(ByteView(wire).first(10), secret, now, std::chrono::seconds(60), &error));
  EXPECT_EQ(error, StateCookie::Error::kMalformed);
}

}  // namespace
}  // namespace wasmrtc::sctp
