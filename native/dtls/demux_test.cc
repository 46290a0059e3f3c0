#include "dtls/demux.h"

#include <gtest/gtest.h>

namespace wasmrtc::dtls {
namespace {

Bytes packet(uint8_t first, size_t size) {
  Bytes p(size, 0);
  if (size > 0) p[0] = first;
  return p;
}

// Every value of the first byte lands where RFC 7983 §7 / RFC 9443 §3 put it.
TEST(Demux, EveryFirstByteFollowsRfc9443Ranges) {
  for (int b = 0; b <= 255; ++b) {
    PacketKind expected = PacketKind::kUnknown;
    if (b <= 3) expected = PacketKind::kStun;
    else if (b >= 20 && b <= 63) expected = PacketKind::kDtls;
    else if (b >= 64 && b <= 79) expected = PacketKind::kTurnChannel;
    else if (b >= 128 && b <= 191) expected = PacketKind::kRtpRtcp;
    EXPECT_EQ(classify(packet(static_cast<uint8_t>(b), 64)), expected) << "first byte " << b;
  }
}

TEST(Demux, RangeBoundaries) {
  EXPECT_EQ(classify(packet(3, 20)), PacketKind::kStun);
  EXPECT_EQ(classify(packet(4, 20)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(16, 20)), PacketKind::kUnknown);  // ZRTP
  EXPECT_EQ(classify(packet(19, 20)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(20, 20)), PacketKind::kDtls);     // change_cipher_spec
  EXPECT_EQ(classify(packet(63, 20)), PacketKind::kDtls);
  EXPECT_EQ(classify(packet(64, 20)), PacketKind::kTurnChannel);  // channel 0x4000
  EXPECT_EQ(classify(packet(79, 20)), PacketKind::kTurnChannel);  // channel 0x4FFF
  EXPECT_EQ(classify(packet(80, 20)), PacketKind::kUnknown);      // QUIC
  EXPECT_EQ(classify(packet(127, 20)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(128, 20)), PacketKind::kRtpRtcp);     // V=2
  EXPECT_EQ(classify(packet(191, 20)), PacketKind::kRtpRtcp);
  EXPECT_EQ(classify(packet(192, 20)), PacketKind::kUnknown);     // QUIC long header
}

TEST(Demux, RealisticFirstBytes) {
  // A STUN Binding request starts 0x00 0x01; a DTLS handshake record 0x16 (22); an RTP packet with
  // V=2, no padding/extension/CSRC 0x80; an RTCP sender report 0x80 0xC8.
  Bytes stun = packet(0x00, 20);
  stun[1] = 0x01;
  EXPECT_EQ(classify(stun), PacketKind::kStun);
  EXPECT_EQ(classify(packet(0x16, 13)), PacketKind::kDtls);
  EXPECT_EQ(classify(packet(0x17, 40)), PacketKind::kDtls);
  EXPECT_EQ(classify(packet(0x80, 12)), PacketKind::kRtpRtcp);
  EXPECT_EQ(classify(packet(0x40, 4)), PacketKind::kTurnChannel);
}

TEST(Demux, TooShortForTheHeaderIsUnknown) {
  EXPECT_EQ(classify({}), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(0x00, 19)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(0x16, 12)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(0x40, 3)), PacketKind::kUnknown);
  EXPECT_EQ(classify(packet(0x80, 7)), PacketKind::kUnknown);
}

TEST(Demux, Names) {
  EXPECT_EQ(packet_kind_name(PacketKind::kStun), "stun");
  EXPECT_EQ(packet_kind_name(PacketKind::kDtls), "dtls");
  EXPECT_EQ(packet_kind_name(PacketKind::kTurnChannel), "turn-channel");
  EXPECT_EQ(packet_kind_name(PacketKind::kRtpRtcp), "rtp-rtcp");
  EXPECT_EQ(packet_kind_name(PacketKind::kUnknown), "unknown");
}

}  // namespace
}  // namespace wasmrtc::dtls
