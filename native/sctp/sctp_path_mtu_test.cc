// Path MTU discovery (RFC 8899 §6.2.1) between two associations over a simulated path whose MTU
// the test sets: probes, the packet size they confirm, and black hole fallback.
#include <gtest/gtest.h>

#include "sctp/packet/sctp_packet.h"
#include "sctp/sctp_association.h"
#include "sctp/sctp_test_endpoint.h"
#include "testing/sim_link.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::LinkConfig;
using testing::SimLinkPair;

constexpr size_t kBase = 1200;

bool has_data_chunk(const Bytes& packet) {
  auto parsed = parse_sctp_packet(packet, true);
  if (!parsed) return false;
  for (const ChunkView& c : parsed->chunks) {
    if (c.type == kChunkData) return true;
  }
  return false;
}

SctpOptions with_ceiling(size_t ceiling) {
  SctpOptions o;
  o.mtu = kBase;
  o.path_mtu_ceiling = ceiling;
  return o;
}

// A and Z over a path that silently drops packets above `path_mtu` (0: none), as a link with a
// smaller MTU does to packets sent with DF set.
struct Path {
  explicit Path(SctpOptions options, size_t mtu = 0) : a(options, 11), z(options, 12), net(a, z, link(), link(), 3) {
    path_mtu = mtu;
    net.on_send = [this](bool from_a, Bytes& packet) {
      if (path_mtu && packet.size() > path_mtu) {
        if (has_data_chunk(packet)) ++data_packets_dropped;
        return false;
      }
      if (has_data_chunk(packet)) {
        size_t& largest = from_a ? largest_data_from_a : largest_data_from_z;
        largest = std::max(largest, packet.size());
      }
      return true;
    };
  }
  static LinkConfig link() {
    LinkConfig c;
    c.latency = milliseconds(10);
    return c;
  }
  bool connect() {
    a->connect(net.now());
    return net.run_until([&] { return a.connected() && z.connected(); }, seconds(60));
  }
  // Sends `count` messages of `size` from A and waits for Z to hold them all; checks every byte.
  bool transfer(uint32_t count, size_t size, uint32_t first_seed = 0) {
    const size_t before = z.messages.size();
    for (uint32_t i = 0; i < count; ++i) {
      if (a->send(net.now(), 1, 53, pattern(size, first_seed + i)) != SendStatus::kOk) return false;
    }
    if (!net.run_until([&] { return z.messages.size() == before + count; }, seconds(600))) return false;
    for (uint32_t i = 0; i < count; ++i) {
      if (z.messages[before + i].data != pattern(size, first_seed + i)) return false;
    }
    return true;
  }

  SctpTestEndpoint a;
  SctpTestEndpoint z;
  SimLinkPair net;
  size_t path_mtu = 0;
  uint64_t data_packets_dropped = 0;
  size_t largest_data_from_a = 0;
  size_t largest_data_from_z = 0;
};

TEST(SctpPathMtu, WithoutACeilingNothingIsProbed) {
  Path p(SctpOptions{});
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.transfer(8, 64 * 1024));
  EXPECT_EQ(p.a->path_mtu(), kBase);
  EXPECT_EQ(p.a->stats().path_mtu_probes_sent, 0u);
  EXPECT_LE(p.largest_data_from_a, kBase);
}

TEST(SctpPathMtu, AnIdleAssociationDoesNotProbe) {
  Path p(with_ceiling(16384));
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.transfer(4, 500));  // small messages: one packet holds what is queued
  p.net.run_for(seconds(5));
  EXPECT_EQ(p.a->stats().path_mtu_probes_sent, 0u);
  EXPECT_EQ(p.z->stats().path_mtu_probes_sent, 0u);
  EXPECT_EQ(p.a->path_mtu(), kBase);
}

TEST(SctpPathMtu, AProbeAnsweredRaisesThePacketSizeToTheCeiling) {
  Path p(with_ceiling(16384));
  ASSERT_TRUE(p.connect());
  EXPECT_EQ(p.a->path_mtu(), kBase);  // nothing confirmed yet
  // More queued than a packet holds: the probe goes out, and comes back a round trip later.
  ASSERT_EQ(p.a->send(p.net.now(), 1, 53, pattern(64 * 1024, 99)), SendStatus::kOk);
  EXPECT_EQ(p.a->stats().path_mtu_probes_sent, 1u);
  p.net.run_for(milliseconds(100));  // a round trip of 20 ms
  EXPECT_EQ(p.a->path_mtu(), 16384u);
  EXPECT_EQ(p.z->path_mtu(), kBase);  // each side probes its own direction, Z had nothing to send
  EXPECT_EQ(p.z->stats().path_mtu_probes_sent, 0u);
  EXPECT_EQ(p.a->stats().path_mtu, 16384u);
  EXPECT_EQ(p.a->stats().path_mtu_probes_sent, 1u);
  EXPECT_EQ(p.a->stats().path_mtu_probes_acked, 1u);
  // Each side answered the other's probe; nothing in them was unexpected or malformed.
  EXPECT_EQ(p.a->stats().dropped_unexpected, 0u);
  EXPECT_EQ(p.z->stats().dropped_unexpected, 0u);
  EXPECT_EQ(p.a->stats().dropped_malformed, 0u);
  EXPECT_EQ(p.z->stats().dropped_malformed, 0u);
  ASSERT_TRUE(p.transfer(32, 64 * 1024));
  EXPECT_EQ(p.z.messages.front().data, pattern(64 * 1024, 99));
  EXPECT_GT(p.largest_data_from_a, 16000u);
  EXPECT_LE(p.largest_data_from_a, 16384u);
  // 2 MiB in ~16 KiB packets rather than ~1.2 KiB ones.
  EXPECT_LT(p.a->stats().packets_sent, 2u * 1024 * 1024 / 8000);
  EXPECT_EQ(p.z->stats().path_mtu_probes_sent, 0u);  // Z only acknowledged
}

// When the packet size grows past half of cwnd, one packet alone in flight would wait out the
// peer's delayed-ack timer (it acks every second packet) on every round trip: cwnd grows with the
// size. On a 100 µs round trip a 4 MiB transfer then takes a few ms of the virtual clock, not
// one delayed-ack time (200 ms) or more.
TEST(SctpPathMtu, AGrownPacketSizeDoesNotWaitForDelayedAcks) {
  Path p(with_ceiling(16384));
  LinkConfig fast;
  fast.latency = std::chrono::microseconds(50);
  p.net.a_to_z().set_config(fast);
  p.net.z_to_a().set_config(fast);
  ASSERT_TRUE(p.connect());
  const Timestamp start = p.net.now();
  ASSERT_TRUE(p.transfer(64, 64 * 1024));
  EXPECT_EQ(p.a->path_mtu(), 16384u);
  EXPECT_LT(p.net.now() - start, milliseconds(100));
  EXPECT_EQ(p.a->stats().t3_expirations, 0u);
}

TEST(SctpPathMtu, ASmallerPathIsFoundAndNoDataIsSentAboveIt) {
  Path p(with_ceiling(16384), 4000);
  ASSERT_TRUE(p.connect());
  // Sending while the search runs: DATA goes at the confirmed size only, never at a probed one.
  ASSERT_TRUE(p.transfer(64, 64 * 1024));
  // The search goes on while messages take more than one packet (probes 1 s apart, three per
  // size): a 16 KiB message every 50 ms.
  uint32_t more = 0;
  while (p.a->stats().path_mtu + 36 < 4000 && more < 2400) {  // two minutes at most
    ASSERT_EQ(p.a->send(p.net.now(), 1, 53, pattern(16 * 1024, 1000 + more++)), SendStatus::kOk);
    p.net.run_for(milliseconds(50));
  }
  ASSERT_TRUE(p.net.run_until([&] { return p.z.messages.size() == 64 + more; }, seconds(60)));
  for (uint32_t i = 0; i < more; ++i) ASSERT_EQ(p.z.messages[64 + i].data, pattern(16 * 1024, 1000 + i));
  EXPECT_LE(p.a->path_mtu(), 4000u);
  EXPECT_EQ(p.data_packets_dropped, 0u);
  EXPECT_LE(p.largest_data_from_a, 4000u);
  ASSERT_TRUE(p.transfer(16, 64 * 1024, 100));
  EXPECT_GT(p.largest_data_from_a, 3900u);
  EXPECT_EQ(p.a->stats().path_mtu_black_holes, 0u);
  EXPECT_EQ(p.a->state(), SctpState::kEstablished);
}

TEST(SctpPathMtu, ABlackHoleFallsBackToTheBaseAndChunksAlreadyCutStillArrive) {
  SctpOptions o = with_ceiling(16384);
  o.rto_max = seconds(2);
  Path p(o);
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.transfer(2, 64 * 1024, 1000));
  ASSERT_EQ(p.a->path_mtu(), 16384u);
  p.z.messages.clear();
  // In flight in 16 KiB chunks when everything stops getting through.
  for (uint32_t i = 0; i < 16; ++i) ASSERT_EQ(p.a->send(p.net.now(), 1, 53, pattern(64 * 1024, i)), SendStatus::kOk);
  p.net.run_for(milliseconds(5));
  p.net.a_to_z().set_blackout(true);
  ASSERT_TRUE(p.net.run_until([&] { return p.a->stats().path_mtu_black_holes == 1; }, seconds(30)));
  EXPECT_EQ(p.a->path_mtu(), kBase);
  EXPECT_GE(p.a->stats().t3_expirations, 2u);
  // A retransmission of a chunk cut for 16 KiB goes alone, larger than the packet size of the
  // moment (the search below 16 KiB runs again meanwhile).
  size_t oversized_retransmissions = 0;
  auto forward = p.net.on_send;
  p.net.on_send = [&](bool from_a, Bytes& packet) {
    if (from_a && packet.size() > p.a->path_mtu() && has_data_chunk(packet)) ++oversized_retransmissions;
    return forward(from_a, packet);
  };
  p.net.a_to_z().set_blackout(false);
  ASSERT_TRUE(p.net.run_until([&] { return p.z.messages.size() == 16; }, seconds(120)));
  for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(p.z.messages[i].data, pattern(64 * 1024, i)) << i;
  EXPECT_GT(oversized_retransmissions, 0u);
  // The search started over below the size that was lost, and climbs back while there is data.
  uint32_t more = 0;
  ASSERT_TRUE(p.net.run_until([&] {
    if (p.a->buffered_amount(1) < 256 * 1024) (void)p.a->send(p.net.now(), 1, 53, pattern(64 * 1024, 100 + more++));
    return p.a->path_mtu() + 36 >= 16384;
  }, seconds(120)));
  EXPECT_EQ(p.a->state(), SctpState::kEstablished);
}

TEST(SctpPathMtu, ANewCeilingRestartsFromTheBase) {
  Path p(with_ceiling(16384));
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.transfer(2, 64 * 1024));
  ASSERT_EQ(p.a->path_mtu(), 16384u);
  p.a->set_path_mtu_ceiling(p.net.now(), 1472);  // e.g. ICE moved to a pair on an Ethernet path
  EXPECT_EQ(p.a->path_mtu(), kBase);
  ASSERT_TRUE(p.transfer(2, 64 * 1024, 10));
  EXPECT_EQ(p.a->path_mtu(), 1472u);
  p.a->set_path_mtu_ceiling(p.net.now(), 0);  // a relayed pair: no probing
  EXPECT_EQ(p.a->path_mtu(), kBase);
  ASSERT_TRUE(p.transfer(4, 64 * 1024));
  EXPECT_EQ(p.a->path_mtu(), kBase);
}

}  // namespace
}  // namespace wasmrtc::sctp
