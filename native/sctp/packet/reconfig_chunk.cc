#include "sctp/packet/reconfig_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {
namespace {

bool parse_streams(ByteView data, std::vector<uint16_t>& out) {
  if (data.size() % 2 != 0) return false;
  for (size_t i = 0; i < data.size(); i += 2) out.push_back(load16(data.data() + i));
  return true;
}

}  // namespace

std::optional<ReconfigChunk> ReconfigChunk::parse(ByteView value) {
  auto params = parse_tlvs(value);
  if (!params || params->empty()) return std::nullopt;
  ReconfigChunk c;
  for (const TlvView& p : *params) {
    if (p.type == kParamOutgoingResetRequest) {
      if (p.value.size() < 12) return std::nullopt;
      OutgoingResetRequest r;
      r.request_sequence = load32(p.value.data());
      r.response_sequence = load32(p.value.data() + 4);
      r.senders_last_tsn = load32(p.value.data() + 8);
      if (!parse_streams(p.value.subspan(12), r.streams)) return std::nullopt;
      c.outgoing.push_back(std::move(r));
    } else if (p.type == kParamIncomingResetRequest) {
      if (p.value.size() < 4) return std::nullopt;
      IncomingResetRequest r;
      r.request_sequence = load32(p.value.data());
      if (!parse_streams(p.value.subspan(4), r.streams)) return std::nullopt;
      c.incoming.push_back(std::move(r));
    } else if (p.type == kParamReconfigResponse) {
      if (p.value.size() < 8) return std::nullopt;
      uint32_t result = load32(p.value.data() + 4);
      if (result > static_cast<uint32_t>(ReconfigResult::kInProgress)) return std::nullopt;
      c.responses.push_back({load32(p.value.data()), static_cast<ReconfigResult>(result)});
    } else {
      ++c.unknown_parameters;
    }
  }
  return c;
}

void ReconfigChunk::append_to(Bytes& out) const {
  Bytes value;
  for (const OutgoingResetRequest& r : outgoing) {
    Bytes v;
    put32(v, r.request_sequence);
    put32(v, r.response_sequence);
    put32(v, r.senders_last_tsn);
    for (uint16_t s : r.streams) put16(v, s);
    append_tlv(value, kParamOutgoingResetRequest, v);
  }
  for (const IncomingResetRequest& r : incoming) {
    Bytes v;
    put32(v, r.request_sequence);
    for (uint16_t s : r.streams) put16(v, s);
    append_tlv(value, kParamIncomingResetRequest, v);
  }
  for (const ReconfigResponse& r : responses) {
    Bytes v;
    put32(v, r.response_sequence);
    put32(v, static_cast<uint32_t>(r.result));
    append_tlv(value, kParamReconfigResponse, v);
  }
  append_chunk(out, kChunkReconfig, 0, value);
}

}  // namespace wasmrtc::sctp
