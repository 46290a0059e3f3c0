#include "stun/channel_data.h"

#include <gtest/gtest.h>

namespace wasmrtc::stun {
namespace {

TEST(ChannelData, EncodesHeaderAndData) {
  Bytes data{1, 2, 3, 4, 5};
  Bytes b = encode_channel_data(0x4001, data);
  EXPECT_EQ(b, (Bytes{0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}));
  Bytes padded = encode_channel_data(0x4001, data, /*pad=*/true);
  EXPECT_EQ(padded.size(), 12u);
  EXPECT_TRUE(is_channel_data(b));
}

TEST(ChannelData, RoundTripsWithAndWithoutPadding) {
  for (size_t n : {0, 1, 3, 4, 7, 1000}) {
    Bytes data(n, 0xab);
    for (bool pad : {false, true}) {
      Bytes b = encode_channel_data(0x4FFF, data, pad);
      auto d = decode_channel_data(b);
      ASSERT_TRUE(d);
      EXPECT_EQ(d->channel, 0x4FFF);
      EXPECT_EQ(Bytes(d->data.begin(), d->data.end()), data);
    }
  }
}

TEST(ChannelData, RejectsShortAndOverlongAndBadChannels) {
  ChannelDataError e{};
  EXPECT_FALSE(decode_channel_data(Bytes{0x40, 0x00, 0x00}, &e));
  EXPECT_EQ(e, ChannelDataError::kTooShort);
  EXPECT_FALSE(decode_channel_data(Bytes{0x40, 0x00, 0x00, 0x02, 1}, &e));
  EXPECT_EQ(e, ChannelDataError::kTooShort);
  EXPECT_FALSE(decode_channel_data(Bytes{0x40, 0x00, 0x00, 0x00, 0, 0, 0, 0}, &e));
  EXPECT_EQ(e, ChannelDataError::kTrailingBytes);
  EXPECT_FALSE(decode_channel_data(Bytes{0x50, 0x00, 0x00, 0x00}, &e));
  EXPECT_EQ(e, ChannelDataError::kBadChannel);
  EXPECT_FALSE(decode_channel_data(Bytes{0x3F, 0xFF, 0x00, 0x00}, &e));
  EXPECT_EQ(e, ChannelDataError::kBadChannel);
  EXPECT_TRUE(decode_channel_data(Bytes{0x40, 0x00, 0x00, 0x00, 0, 0, 0}));
  EXPECT_FALSE(is_valid_channel(0x5000));
  EXPECT_TRUE(is_valid_channel(0x4000));
}

}  // namespace
}  // namespace wasmrtc::stun
