// Demultiplexing of the packets that share one ICE component (RFC 7983 §7, updated by RFC 9443 §3):
// the first byte alone says which protocol a datagram belongs to. This is the one place that
// decides it; ICE, DTLS, SRTP and TURN code all ask here.
#pragma once

#include <string_view>

#include "common/bytes.h"

namespace wasmrtc::dtls {

enum class PacketKind {
  kStun,         // [0..3]     RFC 8489 (STUN header is 20 bytes)
  kDtls,         // [20..63]   RFC 6347 (record header is 13 bytes)
  kTurnChannel,  // [64..79]   RFC 8656 §12 ChannelData (channel numbers 0x4000-0x4FFF, 4-byte header)
  kRtpRtcp,      // [128..191] RFC 3550 version 2 (12-byte RTP header; RTCP needs only 8 but we ask 8)
  kUnknown,      // everything else: ZRTP [16..19] and QUIC [80..127], [192..255] (RFC 9443), which this
                 // stack does not speak, unassigned ranges, and packets too short for their header
};

// Classifies by the first byte, then checks that the packet is long enough for the minimal header
// of that protocol, so callers can parse without re-checking that much.
PacketKind classify(ByteView packet);

std::string_view packet_kind_name(PacketKind kind);

}  // namespace wasmrtc::dtls
