#include "sctp/packet/sctp_packet.h"

#include <algorithm>

#include "crypto/crc32.h"
#include "sctp/packet/byte_io.h"

namespace wasmrtc::sctp {
namespace {

uint32_t compute_crc(ByteView data) {
  // CRC over the packet with the checksum field (bytes 8..11) taken as zero, in three pieces so
  // the packet is neither copied nor modified (the caller may hold it read-only).
  static constexpr uint8_t kZeros[4] = {0, 0, 0, 0};
  uint32_t s = crypto::crc32c_update(crypto::crc32c_init(), data.first(8));
  s = crypto::crc32c_update(s, ByteView(kZeros, 4));
  s = crypto::crc32c_update(s, data.subspan(kCommonHeaderSize));
  return crypto::crc32c_finish(s);
}

}  // namespace

bool parse_sctp_packet(ByteView data, bool accept_zero_checksum, SctpPacket& packet, PacketError* error) {
  auto fail = [&](PacketError e) {
    if (error) *error = e;
    return false;
  };
  if (error) *error = PacketError::kNone;
  packet.chunks.clear();
  if (data.size() < kCommonHeaderSize + kChunkHeaderSize) return fail(PacketError::kMalformed);
  packet.source_port = load16(data.data());
  packet.destination_port = load16(data.data() + 2);
  packet.verification_tag = load32(data.data() + 4);
  // Appendix A: the CRC's least significant byte goes first on the wire.
  const uint8_t* c = data.data() + 8;
  packet.checksum = uint32_t{c[0]} | uint32_t{c[1]} << 8 | uint32_t{c[2]} << 16 | uint32_t{c[3]} << 24;
  size_t offset = kCommonHeaderSize;
  while (offset < data.size()) {
    if (data.size() - offset < kChunkHeaderSize) return fail(PacketError::kMalformed);
    ChunkView chunk;
    chunk.type = data[offset];
    chunk.flags = data[offset + 1];
    size_t length = load16(data.data() + offset + 2);
    if (length < kChunkHeaderSize || length > data.size() - offset) return fail(PacketError::kMalformed);
    chunk.value = data.subspan(offset + kChunkHeaderSize, length - kChunkHeaderSize);
    packet.chunks.push_back(chunk);
    // The last chunk's padding may be missing in sloppy implementations; accept that.
    offset += padded4(length);
  }
  if (!(accept_zero_checksum && packet.checksum == 0) && compute_crc(data) != packet.checksum) {
    return fail(PacketError::kBadChecksum);
  }
  return true;
}

std::optional<SctpPacket> parse_sctp_packet(ByteView data, bool accept_zero_checksum, PacketError* error) {
  SctpPacket packet;
  if (!parse_sctp_packet(data, accept_zero_checksum, packet, error)) return std::nullopt;
  return packet;
}

void write_checksum(Bytes& packet, bool zero_checksum) {
  if (packet.size() < kCommonHeaderSize) return;
  uint32_t crc = zero_checksum ? 0 : compute_crc(packet);
  packet[8] = static_cast<uint8_t>(crc);
  packet[9] = static_cast<uint8_t>(crc >> 8);
  packet[10] = static_cast<uint8_t>(crc >> 16);
  packet[11] = static_cast<uint8_t>(crc >> 24);
}

PacketBuilder::PacketBuilder(uint16_t source_port, uint16_t destination_port,
                             uint32_t verification_tag, size_t mtu, Bytes storage)
    : mtu_(mtu), buffer_(std::move(storage)) {
  buffer_.clear();
  // Most packets are small (SACKs, control chunks); a caller about to add DATA reserves the rest.
  buffer_.reserve(std::min<size_t>(mtu, kSmallPacket));
  put16(buffer_, source_port);
  put16(buffer_, destination_port);
  put32(buffer_, verification_tag);
  put32(buffer_, 0);
}

Bytes PacketBuilder::build(bool zero_checksum) {
  write_checksum(buffer_, zero_checksum);
  return std::move(buffer_);
}

}  // namespace wasmrtc::sctp
