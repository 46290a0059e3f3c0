// libFuzzer target for the first-byte demultiplexer: it must classify any input, and its answer
// must agree with the ranges of RFC 9443 §3 and the minimal header lengths.
#include <cstdint>
#include <cstdlib>

#include "dtls/demux.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using wasmrtc::dtls::PacketKind;
  const wasmrtc::ByteView packet(data, size);
  const PacketKind kind = wasmrtc::dtls::classify(packet);
  if (kind != PacketKind::kUnknown && size == 0) std::abort();
  switch (kind) {
    case PacketKind::kStun:
      if (data[0] > 3 || size < 20) std::abort();
      break;
    case PacketKind::kDtls:
      if (data[0] < 20 || data[0] > 63 || size < 13) std::abort();
      break;
    case PacketKind::kTurnChannel:
      if (data[0] < 64 || data[0] > 79 || size < 4) std::abort();
      break;
    case PacketKind::kRtpRtcp:
      if (data[0] < 128 || data[0] > 191 || size < 8) std::abort();
      break;
    case PacketKind::kUnknown:
      break;
  }
  (void)wasmrtc::dtls::packet_kind_name(kind);
  return 0;
}
