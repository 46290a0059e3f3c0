// RFC 9653 zero checksums between two associations: announced in INIT / INIT-ACK, used only when
// both sides announced them, never on INIT, INIT-ACK or COOKIE-ECHO, and a CRC32c still checked
// whenever a packet carries one.
#include <gtest/gtest.h>

#include "sctp/packet/sctp_packet.h"
#include "sctp/sctp_association.h"
#include "sctp/sctp_test_endpoint.h"
#include "sctp/sctp_wire_log.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

SctpOptions announcing(bool zero_checksum) {
  SctpOptions o;
  o.zero_checksum = zero_checksum;
  return o;
}

struct Pair {
  Pair(bool a_announces, bool z_announces)
      : a(announcing(a_announces), 41), z(announcing(z_announces), 42), net(a, z, link(), link(), 4), log(net) {}
  static testing::LinkConfig link() {
    testing::LinkConfig c;
    c.latency = milliseconds(10);
    return c;
  }
  // A connects, then both send a message of several packets each way.
  void exchange() {
    a->connect(net.now());
    ASSERT_TRUE(net.run_until([&] { return a.connected() && z.connected(); }, seconds(10)));
    ASSERT_EQ(a->send(net.now(), 0, 53, Bytes(5000, 1)), SendStatus::kOk);
    ASSERT_EQ(z->send(net.now(), 0, 53, Bytes(5000, 2)), SendStatus::kOk);
    ASSERT_TRUE(net.run_until([&] { return a.messages.size() == 1 && z.messages.size() == 1; }, seconds(10)));
    net.run_for(seconds(1));
  }
  bool valid_crc(const WirePacket& p) const { return parse_sctp_packet(p.bytes, false).has_value(); }

  SctpTestEndpoint a;
  SctpTestEndpoint z;
  testing::SimLinkPair net;
  WireLog log;
};

TEST(SctpZeroChecksum, BothAnnounceSoDataAndSacksCarryZero) {
  Pair p(true, true);
  p.exchange();
  EXPECT_TRUE(p.a->zero_checksum_negotiated());
  EXPECT_TRUE(p.z->zero_checksum_negotiated());
  size_t zero = 0;
  for (const WirePacket& w : p.log.packets) {
    if (w.has(kChunkInit) || w.has(kChunkInitAck) || w.has(kChunkCookieEcho)) {
      // §5.2: the handshake packets a peer may have to check without state keep their CRC32c.
      EXPECT_TRUE(p.valid_crc(w));
      EXPECT_NE(w.checksum_field(), 0u);
    } else {
      EXPECT_EQ(w.checksum_field(), 0u) << "chunk " << int(w.parsed().chunks[0].type);
      ++zero;
    }
  }
  EXPECT_GE(zero, 10u);  // COOKIE-ACK, both messages' DATA, their SACKs
  EXPECT_EQ(p.a->stats().dropped_bad_checksum + p.z->stats().dropped_bad_checksum, 0u);
}

TEST(SctpZeroChecksum, AgainstAPeerThatDoesNotAnnounceEveryPacketCarriesACrc) {
  for (bool a_announces : {true, false}) {
    Pair p(a_announces, !a_announces);
    p.exchange();
    EXPECT_FALSE(p.a->zero_checksum_negotiated());
    EXPECT_FALSE(p.z->zero_checksum_negotiated());
    ASSERT_FALSE(p.log.packets.empty());
    for (const WirePacket& w : p.log.packets) EXPECT_TRUE(p.valid_crc(w));
  }
}

TEST(SctpZeroChecksum, ACrcIsStillCheckedWhenZeroChecksumsWereAgreed) {
  Pair p(true, true);
  // Once established, A's packets alternate: a correct CRC32c (accepted), a wrong one (dropped and
  // counted; the retransmission gets through), zero (accepted).
  int n = 0;
  size_t corrupted = 0;
  p.net.on_send = [&](bool from_a, Bytes& packet) {
    if (!from_a || !p.a->zero_checksum_negotiated() || packet.size() < 16) return true;
    switch (n++ % 3) {
      case 0: write_checksum(packet, false); break;
      case 1: write_checksum(packet, false); packet[8] ^= 0x5A; ++corrupted; break;
      default: break;
    }
    return true;
  };
  p.exchange();
  EXPECT_EQ(p.z.messages.size(), 1u);
  EXPECT_EQ(p.z.messages[0].data, Bytes(5000, 1));
  EXPECT_GT(corrupted, 0u);
  EXPECT_EQ(p.z->stats().dropped_bad_checksum, corrupted);
}

}  // namespace
}  // namespace wasmrtc::sctp
