#include "sctp/packet/heartbeat_chunk.h"

#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

void append_heartbeat(Bytes& out, bool ack, ByteView info) {
  Bytes value;
  append_tlv(value, kParamHeartbeatInfo, info);
  append_chunk(out, ack ? kChunkHeartbeatAck : kChunkHeartbeat, 0, value);
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
