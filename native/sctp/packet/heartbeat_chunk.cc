#include "sctp/packet/heartbeat_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

void append_heartbeat(Bytes& out, bool ack, ByteView info) {
  // In place (chunk header, parameter header, info, padding): a path MTU probe's info is up to
  // 16 KiB.
  const size_t padded = (info.size() + 3) & ~size_t{3};
  put8(out, ack ? kChunkHeartbeatAck : kChunkHeartbeat);
  put8(out, 0);
  put16(out, static_cast<uint16_t>(kChunkHeaderSize + 4 + info.size()));
  put16(out, kParamHeartbeatInfo);
  put16(out, static_cast<uint16_t>(4 + info.size()));
  put_bytes(out, info);
  out.resize(out.size() + (padded - info.size()), 0);
}

std::optional<ByteView> parse_heartbeat_info(ByteView value) {
  auto tlvs = parse_tlvs(value);
  if (!tlvs) return std::nullopt;
  for (const TlvView& t : *tlvs) {
    if (t.type == kParamHeartbeatInfo) return t.value;
  }
  return std::nullopt;
}

}  // namespace wasmrtc::sctp
