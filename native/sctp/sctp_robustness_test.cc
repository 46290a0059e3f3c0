// Hostile and broken input: every packet below is dropped and counted, and nothing the
// association had already accepted is lost.
#include <gtest/gtest.h>

#include "sctp/packet/abort_chunk.h"
#include "sctp/packet/byte_io.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/sctp_association.h"
#include "sctp/sctp_test_endpoint.h"
#include "testing/sim_link.h"

namespace wasmrtc::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Type = SctpEvent::Type;

struct Fixture {
  Fixture() : a(SctpOptions{}, 11), z(SctpOptions{}, 12), net(a, z, link(), link(), 9) {
    net.on_send = [this](bool from_a, Bytes& packet) {
      if (packet.size() >= 12) (from_a ? tag_a_to_z : tag_z_to_a) = load32(packet.data() + 4);
      if (from_a && packet.size() >= 32 && packet[12] == kChunkData) last_data_from_a = packet;
      return true;
    };
    a->connect(net.now());
    net.run_until([&] { return a.connected() && z.connected(); }, seconds(10));
  }
  static testing::LinkConfig link() {
    testing::LinkConfig c;
    c.latency = milliseconds(5);
    return c;
  }
  // A packet to Z as A would send it (Z's own tag, A's ports), with a valid CRC.
  Bytes to_z(const Bytes& chunks, std::optional<uint32_t> vtag = std::nullopt, uint16_t src = 5000) {
    PacketBuilder b(src, 5000, vtag.value_or(tag_a_to_z), 4096);
    b.add(chunks);
    return b.build(false);
  }
  Timestamp now() const { return net.now(); }

  SctpTestEndpoint a;
  SctpTestEndpoint z;
  testing::SimLinkPair net;
  uint32_t tag_a_to_z = 0;  // Z's verification tag
  uint32_t tag_z_to_a = 0;  // A's verification tag
  Bytes last_data_from_a;
};

Bytes data_chunk(uint32_t tsn, uint16_t stream, uint16_t ssn, ByteView payload, uint8_t flags = kDataFlagBegin | kDataFlagEnd) {
  DataChunkView d;
  d.tsn = tsn;
  d.stream_id = stream;
  d.ssn = ssn;
  d.ppid = 53;
  d.flags = flags;
  d.payload = payload;
  Bytes out;
  d.append_to(out);
  return out;
}

TEST(SctpRobustness, MalformedAndForeignPacketsAreDroppedAndCounted) {
  Fixture f;
  ASSERT_TRUE(f.a.connected() && f.z.connected());
  for (int i = 0; i < 10; ++i) ASSERT_EQ(f.a->send(f.now(), 0, 53, Bytes(3000, static_cast<uint8_t>(i))), SendStatus::kOk);
  ASSERT_TRUE(f.net.run_until([&] { return f.z.messages.size() == 10; }, seconds(5)));
  ASSERT_FALSE(f.last_data_from_a.empty());
  const SctpStats before = f.z->stats();
  uint32_t last_tsn = load32(f.last_data_from_a.data() + 16);

  // Bad CRC.
  Bytes bad_crc = f.last_data_from_a;
  bad_crc[8] ^= 0x01;
  f.z->handle_receive(f.now(), bad_crc);
  EXPECT_EQ(f.z->stats().dropped_bad_checksum, before.dropped_bad_checksum + 1);

  // Wrong verification tag (valid CRC).
  Bytes payload(10, 0xee);
  f.z->handle_receive(f.now(), f.to_z(data_chunk(last_tsn + 1, 0, 100, payload), f.tag_a_to_z ^ 1));
  EXPECT_EQ(f.z->stats().dropped_bad_verification_tag, before.dropped_bad_verification_tag + 1);

  // Wrong port.
  f.z->handle_receive(f.now(), f.to_z(data_chunk(last_tsn + 1, 0, 100, payload), std::nullopt, 5001));
  EXPECT_EQ(f.z->stats().dropped_bad_port, before.dropped_bad_port + 1);

  // Too short for a header; a chunk length running past the end; a chunk length below 4.
  uint64_t malformed = before.dropped_malformed;
  f.z->handle_receive(f.now(), Bytes(10, 0));
  EXPECT_EQ(f.z->stats().dropped_malformed, ++malformed);
  Bytes overlong = f.to_z(data_chunk(last_tsn + 1, 0, 100, payload));
  store16(overlong.data() + 14, 2000);
  write_checksum(overlong, false);
  f.z->handle_receive(f.now(), overlong);
  EXPECT_EQ(f.z->stats().dropped_malformed, ++malformed);
  Bytes tiny = f.to_z(data_chunk(last_tsn + 1, 0, 100, payload));
  store16(tiny.data() + 14, 3);
  write_checksum(tiny, false);
  f.z->handle_receive(f.now(), tiny);
  EXPECT_EQ(f.z->stats().dropped_malformed, ++malformed);

  // A DATA chunk without user data; a SACK whose counts disagree with its length.
  Bytes empty_data;
  append_chunk(empty_data, kChunkData, 3, Bytes(12, 0));
  f.z->handle_receive(f.now(), f.to_z(empty_data));
  EXPECT_EQ(f.z->stats().dropped_malformed, ++malformed);
  Bytes bad_sack;
  Bytes sack_value(12, 0);
  store16(sack_value.data() + 8, 5);  // five gap blocks announced, none present
  append_chunk(bad_sack, kChunkSack, 0, sack_value);
  f.z->handle_receive(f.now(), f.to_z(bad_sack));
  EXPECT_EQ(f.z->stats().dropped_malformed, ++malformed);

  // A TSN far outside the window.
  f.z->handle_receive(f.now(), f.to_z(data_chunk(last_tsn + 200000, 0, 100, payload)));
  EXPECT_EQ(f.z->stats().dropped_out_of_window_tsn, before.dropped_out_of_window_tsn + 1);

  // An ABORT with the T bit but the wrong tag, and one without the T bit with the peer's tag.
  Bytes abort_t;
  append_abort(abort_t, true, kCauseUserInitiatedAbort, "forged");
  f.z->handle_receive(f.now(), f.to_z(abort_t, f.tag_a_to_z));  // T bit needs A's tag
  Bytes abort_plain;
  append_abort(abort_plain, false, kCauseUserInitiatedAbort, "forged");
  f.z->handle_receive(f.now(), f.to_z(abort_plain, f.tag_z_to_a));  // no T bit needs Z's tag
  EXPECT_EQ(f.z->stats().dropped_bad_verification_tag, before.dropped_bad_verification_tag + 3);
  EXPECT_EQ(f.z->state(), SctpState::kEstablished);

  // Nothing lost: the association carries on.
  f.z.drain();
  EXPECT_EQ(f.z.messages.size(), 10u);
  for (int i = 10; i < 20; ++i) ASSERT_EQ(f.a->send(f.now(), 0, 53, Bytes(3000, static_cast<uint8_t>(i))), SendStatus::kOk);
  ASSERT_TRUE(f.net.run_until([&] { return f.z.messages.size() == 20; }, seconds(5)));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(f.z.messages[static_cast<size_t>(i)].data, Bytes(3000, static_cast<uint8_t>(i)));

  // And an ABORT with the T bit and A's tag is accepted (§8.5.1 B).
  f.z->handle_receive(f.now(), f.to_z(abort_t, f.tag_z_to_a));
  f.z.drain();
  EXPECT_EQ(f.z->state(), SctpState::kClosed);
  EXPECT_EQ(f.z.count(Type::kAborted), 1u);
}

TEST(SctpRobustness, DuplicateAndReplayedDataIsNotDeliveredTwice) {
  Fixture f;
  ASSERT_EQ(f.a->send(f.now(), 0, 53, as_bytes("once")), SendStatus::kOk);
  ASSERT_TRUE(f.net.run_until([&] { return f.z.messages.size() == 1; }, seconds(5)));
  for (int i = 0; i < 5; ++i) f.z->handle_receive(f.now(), f.last_data_from_a);
  f.z.drain();
  f.net.run_for(seconds(1));
  EXPECT_EQ(f.z.messages.size(), 1u);
  EXPECT_GE(f.z->stats().duplicate_tsns_received, 5u);
}

TEST(SctpRobustness, ForgedCookieIsRejectedAndHandshakeRecovers) {
  SctpTestEndpoint a(SctpOptions{}, 21), z(SctpOptions{}, 22);
  testing::SimLinkPair net(a, z, Fixture::link(), Fixture::link(), 3);
  int tampered = 0;
  net.on_send = [&](bool from_a, Bytes& packet) {
    if (from_a && packet.size() > 40 && packet[12] == kChunkCookieEcho && tampered == 0) {
      packet[30] ^= 0x40;  // inside the cookie
      write_checksum(packet, false);
      ++tampered;
    }
    return true;
  };
  a->connect(net.now());
  ASSERT_TRUE(net.run_until([&] { return a.connected() && z.connected(); }, seconds(30)));
  EXPECT_EQ(tampered, 1);
  EXPECT_EQ(z->stats().dropped_bad_cookie, 1u);
}

TEST(SctpRobustness, StaleCookieIsRejected) {
  SctpOptions o;
  o.cookie_lifetime = milliseconds(100);
  SctpTestEndpoint a(SctpOptions{}, 31), z(o, 32);
  testing::LinkConfig slow;
  slow.latency = milliseconds(200);  // the cookie is 400 ms old when it returns
  testing::SimLinkPair net(a, z, slow, slow, 3);
  a->connect(net.now());
  net.run_for(seconds(3));
  EXPECT_FALSE(z.connected());
  EXPECT_GT(z->stats().dropped_bad_cookie, 0u);
}

TEST(SctpRobustness, GarbageIntoEstablishedAssociationNeverCrashes) {
  Fixture f;
  SeededRandom r(77);
  for (int i = 0; i < 20000; ++i) {
    Bytes chunk(4 + r.next_u32() % 60);
    r.fill(chunk);
    // Mostly plausible chunk types with a consistent length, so the parsers behind them run.
    static const uint8_t kTypes[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 130, 192, 63, 200};
    chunk[0] = kTypes[r.next_u32() % sizeof(kTypes)];
    if (chunk[0] == 6 || chunk[0] == 14) chunk[1] = 0;  // keep the association alive mostly
    store16(chunk.data() + 2, static_cast<uint16_t>(chunk.size()));
    while (chunk.size() % 4) chunk.push_back(0);
    if (chunk[0] == 6 || chunk[0] == 7) continue;
    f.z->handle_receive(f.now(), f.to_z(chunk));
    while (f.z->poll_transmit()) {
    }
  }
  f.z.drain();
  EXPECT_GT(f.z->stats().dropped_malformed + f.z->stats().dropped_unexpected, 0u);
}

// usrsctp can ask the peer to reset its outgoing streams (Incoming SSN Reset Request, RFC 6525
// §4.2). The data channel layer resets ours when it sees the peer's own reset, so the answer is
// "success, nothing to do"; sequence numbers are still checked and retransmissions answered alike.
TEST(SctpRobustness, IncomingResetRequestIsAnsweredInSequence) {
  Fixture f;
  ASSERT_EQ(f.a->send(f.now(), 0, 53, as_bytes("first")), SendStatus::kOk);
  ASSERT_TRUE(f.net.run_until([&] { return f.z.messages.size() == 1; }, seconds(5)));
  uint32_t a_initial_tsn = load32(f.last_data_from_a.data() + 16);  // A's first DATA
  f.net.run_for(seconds(1));
  auto answer = [&](uint32_t sequence) -> std::optional<ReconfigResponse> {
    ReconfigChunk rc;
    rc.incoming.push_back({sequence, {1, 3}});
    Bytes chunk;
    rc.append_to(chunk);
    f.z->handle_receive(f.now(), f.to_z(chunk));
    std::optional<ReconfigResponse> result;
    while (auto packet = f.z->poll_transmit()) {
      auto parsed = parse_sctp_packet(*packet, false);
      if (!parsed) continue;
      for (const ChunkView& c : parsed->chunks) {
        if (c.type != kChunkReconfig) continue;
        auto back = ReconfigChunk::parse(c.value);
        if (back && !back->responses.empty()) result = back->responses[0];
      }
    }
    return result;
  };
  auto r = answer(a_initial_tsn);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->response_sequence, a_initial_tsn);
  EXPECT_EQ(r->result, ReconfigResult::kSuccessNothingToDo);
  r = answer(a_initial_tsn);  // retransmitted: same answer
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result, ReconfigResult::kSuccessNothingToDo);
  r = answer(a_initial_tsn + 7);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result, ReconfigResult::kErrorBadSequenceNumber);
  EXPECT_EQ(f.z->state(), SctpState::kEstablished);
}

}  // namespace
}  // namespace wasmrtc::sctp
