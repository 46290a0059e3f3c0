// The SCTP common header and the chunk list of one packet (RFC 9260 §3), parsed without copying:
// chunk values are views into the caller's buffer. The checksum is CRC32c stored little-endian
// (RFC 9260 Appendix A), or zero when both sides agreed to RFC 9653 zero checksums.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

enum ChunkType : uint8_t {
  kChunkData = 0,
  kChunkInit = 1,
  kChunkInitAck = 2,
  kChunkSack = 3,
  kChunkHeartbeat = 4,
  kChunkHeartbeatAck = 5,
  kChunkAbort = 6,
  kChunkShutdown = 7,
  kChunkShutdownAck = 8,
  kChunkError = 9,
  kChunkCookieEcho = 10,
  kChunkCookieAck = 11,
  kChunkShutdownComplete = 14,
  kChunkReconfig = 130,   // RFC 6525
  kChunkPad = 132,        // RFC 4820 (other stacks' path MTU probes; ours pad the HEARTBEAT)
  kChunkForwardTsn = 192, // RFC 3758
};

inline constexpr size_t kCommonHeaderSize = 12;
inline constexpr size_t kChunkHeaderSize = 4;
// What a packet buffer reserves up front (the 1 200-byte base MTU and a little).
inline constexpr size_t kSmallPacket = 1280;

struct ChunkView {
  uint8_t type = 0;
  uint8_t flags = 0;
  ByteView value;  // after the 4-byte chunk header, without padding
};

struct SctpPacket {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint32_t verification_tag = 0;
  uint32_t checksum = 0;
  std::vector<ChunkView> chunks;
};

enum class PacketError { kNone, kMalformed, kBadChecksum };

// Checks the header, every chunk length and the checksum. A zero checksum is accepted only when
// `accept_zero_checksum` (RFC 9653 §5.3). At least one chunk is required.
std::optional<SctpPacket> parse_sctp_packet(ByteView data, bool accept_zero_checksum,
                                            PacketError* error = nullptr);
// The same into `out`, whose chunk list keeps its capacity from packet to packet (no allocation
// per packet in steady state). False when the packet is dropped; `out` is then unspecified.
bool parse_sctp_packet(ByteView data, bool accept_zero_checksum, SctpPacket& out,
                       PacketError* error = nullptr);

// Writes the checksum into a finished packet (header included).
void write_checksum(Bytes& packet, bool zero_checksum);

// Appends chunks to one packet that must stay within the MTU.
class PacketBuilder {
 public:
  // `storage`: a buffer to reuse (its contents are discarded, its capacity kept).
  PacketBuilder(uint16_t source_port, uint16_t destination_port, uint32_t verification_tag,
                size_t mtu, Bytes storage = {});
  size_t bytes_remaining() const { return buffer_.size() >= mtu_ ? 0 : mtu_ - buffer_.size(); }
  bool empty() const { return buffer_.size() == kCommonHeaderSize; }
  // The chunk as serialized (header, value, padding).
  void add(ByteView chunk) { append_bytes(buffer_, chunk); }
  // For serializers that append in place (DATA, to avoid a copy).
  Bytes& buffer() { return buffer_; }
  Bytes build(bool zero_checksum);
  // The buffer, for a later builder to reuse, when the packet is not sent after all.
  Bytes release() { return std::move(buffer_); }

 private:
  size_t mtu_;
  Bytes buffer_;
};

}  // namespace wasmrtc::sctp
