#include "sctp/packet/sctp_packet.h"

#include <gtest/gtest.h>

#include "sctp/packet/byte_io.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/heartbeat_chunk.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sack_chunk.h"

namespace wasmrtc::sctp {
namespace {

// RFC 3720 Appendix B.4 (the CRC32c test vectors SCTP shares with iSCSI): 32 bytes of zeros give
// CRC bytes aa 36 91 8a in transmission order, i.e. the value 0x8a9136aa stored little-endian,
// which is the byte order RFC 9260 Appendix A prescribes for the SCTP checksum.
TEST(SctpPacket, ChecksumByteOrderMatchesRfc3720Vector) {
  // Build a 32-byte "packet" whose checksum field is part of the zeros.
  Bytes packet(32, 0);
  write_checksum(packet, false);
  // The CRC is computed with the checksum field zeroed, so this equals crc32c(32 zeros).
  EXPECT_EQ(to_hex(ByteView(packet).subspan(8, 4)), "aa36918a");
}

TEST(SctpPacket, ChecksumTreatsTheChecksumFieldAsZeroWhateverItHolds) {
  // RFC 9260 Appendix A: the CRC is computed with the field zeroed. The packet is not copied to do
  // that, so whatever the field holds before must not leak into the result.
  PacketBuilder b(5000, 5000, 0x01020304, 1200);
  Bytes payload(101);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 37);
  append_chunk(b.buffer(), kChunkData, kDataFlagBegin | kDataFlagEnd, payload);
  Bytes packet = b.build(false);
  Bytes dirty = packet;
  store32(dirty.data() + 8, 0xDEADBEEF);
  write_checksum(packet, false);
  write_checksum(dirty, false);
  EXPECT_EQ(packet, dirty);
  EXPECT_TRUE(parse_sctp_packet(packet, false));
}

TEST(SctpPacket, RoundTripWithChecksum) {
  PacketBuilder b(5000, 5001, 0x11223344, 1200);
  DataChunkView d;
  d.tsn = 7;
  d.stream_id = 3;
  d.ssn = 9;
  d.ppid = 51;
  d.flags = kDataFlagBegin | kDataFlagEnd;
  Bytes payload = {1, 2, 3, 4, 5};
  d.payload = payload;
  d.append_to(b.buffer());
  Bytes packet = b.build(false);
  EXPECT_EQ(packet.size(), 12u + 16u + 8u);  // 21-byte chunk padded to 24
  auto parsed = parse_sctp_packet(packet, false);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->source_port, 5000);
  EXPECT_EQ(parsed->destination_port, 5001);
  EXPECT_EQ(parsed->verification_tag, 0x11223344u);
  ASSERT_EQ(parsed->chunks.size(), 1u);
  auto back = DataChunkView::parse(parsed->chunks[0].flags, parsed->chunks[0].value);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->tsn, 7u);
  EXPECT_EQ(back->stream_id, 3);
  EXPECT_EQ(back->ssn, 9);
  EXPECT_EQ(back->ppid, 51u);
  EXPECT_TRUE(back->begin() && back->end() && !back->unordered());
  EXPECT_EQ(Bytes(back->payload.begin(), back->payload.end()), payload);

  PacketError error;
  packet[20] ^= 1;
  EXPECT_FALSE(parse_sctp_packet(packet, false, &error));
  EXPECT_EQ(error, PacketError::kBadChecksum);
}

TEST(SctpPacket, ZeroChecksumOnlyWhenAccepted) {
  PacketBuilder b(1, 2, 3, 1200);
  append_chunk(b.buffer(), kChunkCookieAck, 0, {});
  Bytes packet = b.build(true);
  EXPECT_EQ(load32(packet.data() + 8), 0u);
  EXPECT_TRUE(parse_sctp_packet(packet, true));
  PacketError error;
  EXPECT_FALSE(parse_sctp_packet(packet, false, &error));
  EXPECT_EQ(error, PacketError::kBadChecksum);
}

TEST(SctpPacket, RejectsBadLengths) {
  PacketError error;
  EXPECT_FALSE(parse_sctp_packet(Bytes(12, 0), true, &error));  // no chunk
  EXPECT_EQ(error, PacketError::kMalformed);
  Bytes p(16, 0);
  store16(p.data() + 14, 2);  // chunk length below the header size
  EXPECT_FALSE(parse_sctp_packet(p, true, &error));
  EXPECT_EQ(error, PacketError::kMalformed);
  store16(p.data() + 14, 8);  // past the end
  EXPECT_FALSE(parse_sctp_packet(p, true, &error));
  EXPECT_EQ(error, PacketError::kMalformed);
  store16(p.data() + 14, 4);
  EXPECT_TRUE(parse_sctp_packet(p, true, &error));
}

TEST(SctpPacket, InitRoundTripWithWebRtcParameters) {
  InitChunk init;
  init.initiate_tag = 0xdeadbeef;
  init.a_rwnd = 131072;
  init.outbound_streams = 65535;
  init.inbound_streams = 65535;
  init.initial_tsn = 1000;
  init.forward_tsn = true;
  init.reconfig = true;
  init.zero_checksum = true;
  Bytes out;
  init.append_to(out);
  auto tlv = parse_tlvs(ByteView(out).subspan(4 + 16));
  ASSERT_TRUE(tlv);
  auto back = InitChunk::parse(false, ByteView(out).subspan(4));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->initiate_tag, 0xdeadbeefu);
  EXPECT_EQ(back->outbound_streams, 65535);
  EXPECT_TRUE(back->forward_tsn && back->reconfig && back->zero_checksum);
  // INIT-ACK must carry a cookie; an INIT with a zero initiate tag is invalid (§3.3.2).
  EXPECT_FALSE(InitChunk::parse(true, ByteView(out).subspan(4)));
  store32(out.data() + 4, 0);
  EXPECT_FALSE(InitChunk::parse(false, ByteView(out).subspan(4)));
}

TEST(SctpPacket, SackRoundTripAndValidation) {
  SackChunk s;
  s.cumulative_tsn_ack = 100;
  s.a_rwnd = 5000;
  s.gap_blocks = {{2, 3}, {5, 9}};
  s.duplicate_tsns = {99, 98};
  Bytes out;
  s.append_to(out);
  EXPECT_EQ(out.size(), s.serialized_size());
  auto back = SackChunk::parse(ByteView(out).subspan(4));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->gap_blocks, s.gap_blocks);
  EXPECT_EQ(back->duplicate_tsns, s.duplicate_tsns);
  out[4 + 12 + 1] = 0;  // first gap start 0: invalid
  out[4 + 12] = 0;
  EXPECT_FALSE(SackChunk::parse(ByteView(out).subspan(4)));
}

TEST(SctpPacket, ForwardTsnAndReconfigRoundTrip) {
  ForwardTsnChunk f;
  f.new_cumulative_tsn = 77;
  f.skipped = {{1, 2}, {3, 4}};
  Bytes out;
  f.append_to(out);
  auto fb = ForwardTsnChunk::parse(ByteView(out).subspan(4));
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->new_cumulative_tsn, 77u);
  ASSERT_EQ(fb->skipped.size(), 2u);
  EXPECT_EQ(fb->skipped[1].ssn, 4);

  ReconfigChunk r;
  r.outgoing.push_back({10, 20, 30, {1, 2, 3}});
  r.incoming.push_back({11, {4}});
  r.responses.push_back({12, ReconfigResult::kInProgress});
  Bytes rout;
  r.append_to(rout);
  auto rb = ReconfigChunk::parse(ByteView(rout).subspan(4));
  ASSERT_TRUE(rb);
  ASSERT_EQ(rb->outgoing.size(), 1u);
  EXPECT_EQ(rb->outgoing[0].senders_last_tsn, 30u);
  EXPECT_EQ(rb->outgoing[0].streams, (std::vector<uint16_t>{1, 2, 3}));
  EXPECT_EQ(rb->incoming[0].streams, (std::vector<uint16_t>{4}));
  EXPECT_EQ(rb->responses[0].result, ReconfigResult::kInProgress);
}

TEST(SctpPacket, HeartbeatInfoIsEchoed) {
  Bytes info = {9, 8, 7};
  Bytes out;
  append_heartbeat(out, false, info);
  auto back = parse_heartbeat_info(ByteView(out).subspan(4));
  ASSERT_TRUE(back);
  EXPECT_EQ(Bytes(back->begin(), back->end()), info);
  EXPECT_FALSE(parse_heartbeat_info(Bytes{0, 2, 0, 4}));  // another parameter type
}

}  // namespace
}  // namespace wasmrtc::sctp
