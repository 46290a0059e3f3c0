#include "dtls/demux.h"

namespace wasmrtc::dtls {
namespace {

// Minimal header sizes: a packet shorter than this cannot be a valid message of the protocol.
constexpr size_t kStunHeader = 20;        // RFC 8489 §5
constexpr size_t kDtlsRecordHeader = 13;  // RFC 6347 §4.1
constexpr size_t kChannelDataHeader = 4;  // RFC 8656 §12.4
constexpr size_t kRtcpHeader = 8;         // RFC 3550 §6.4.2 (the smaller of RTP's 12 and RTCP's 8)

}  // namespace

PacketKind classify(ByteView packet) {
  if (packet.empty()) return PacketKind::kUnknown;
  const uint8_t b = packet[0];
  if (b <= 3) return packet.size() >= kStunHeader ? PacketKind::kStun : PacketKind::kUnknown;
  if (b >= 20 && b <= 63) return packet.size() >= kDtlsRecordHeader ? PacketKind::kDtls : PacketKind::kUnknown;
  if (b >= 64 && b <= 79) {
    return packet.size() >= kChannelDataHeader ? PacketKind::kTurnChannel : PacketKind::kUnknown;
  }
  if (b >= 128 && b <= 191) return packet.size() >= kRtcpHeader ? PacketKind::kRtpRtcp : PacketKind::kUnknown;
  return PacketKind::kUnknown;
}

std::string_view packet_kind_name(PacketKind kind) {
  switch (kind) {
    case PacketKind::kStun: return "stun";
    case PacketKind::kDtls: return "dtls";
    case PacketKind::kTurnChannel: return "turn-channel";
    case PacketKind::kRtpRtcp: return "rtp-rtcp";
    case PacketKind::kUnknown: break;
  }
  return "unknown";
}

}  // namespace wasmrtc::dtls
