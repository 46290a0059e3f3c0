#include "sctp/packet/init_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

std::optional<InitChunk> InitChunk::parse(bool is_ack, ByteView value) {
  if (value.size() < 16) return std::nullopt;
  InitChunk c;
  c.is_ack = is_ack;
  c.initiate_tag = load32(value.data());
  c.a_rwnd = load32(value.data() + 4);
  c.outbound_streams = load16(value.data() + 8);
  c.inbound_streams = load16(value.data() + 10);
  c.initial_tsn = load32(value.data() + 12);
  if (c.initiate_tag == 0 || c.outbound_streams == 0 || c.inbound_streams == 0) return std::nullopt;
  auto params = parse_tlvs(value.subspan(16));
  if (!params) return std::nullopt;
  for (const TlvView& p : *params) {
    switch (p.type) {
      case kParamStateCookie:
        if (is_ack) c.state_cookie.assign(p.value.begin(), p.value.end());
        break;
      case kParamForwardTsnSupported:
        c.forward_tsn = true;
        break;
      case kParamSupportedExtensions:
        for (uint8_t type : p.value) {
          if (type == kChunkForwardTsn) c.forward_tsn = true;
          if (type == kChunkReconfig) c.reconfig = true;
        }
        break;
      case kParamZeroChecksumAcceptable:
        if (p.value.size() >= 4 && load32(p.value.data()) == kZeroChecksumMethodDtls) c.zero_checksum = true;
        break;
      default:
        // Unrecognized parameters are skipped (we do not report them: RFC 9260 §3.2.1 makes the
        // report optional for the "skip" codes, and WebRTC peers send none we do not know).
        break;
    }
  }
  if (is_ack && c.state_cookie.empty()) return std::nullopt;
  return c;
}

void InitChunk::append_to(Bytes& out) const {
  Bytes value;
  put32(value, initiate_tag);
  put32(value, a_rwnd);
  put16(value, outbound_streams);
  put16(value, inbound_streams);
  put32(value, initial_tsn);
  if (is_ack) append_tlv(value, kParamStateCookie, state_cookie);
  Bytes extensions;
  if (forward_tsn) extensions.push_back(kChunkForwardTsn);
  if (reconfig) extensions.push_back(kChunkReconfig);
  if (!extensions.empty()) append_tlv(value, kParamSupportedExtensions, extensions);
  if (forward_tsn) append_tlv(value, kParamForwardTsnSupported, {});
  if (zero_checksum) {
    Bytes method;
    put32(method, kZeroChecksumMethodDtls);
    append_tlv(value, kParamZeroChecksumAcceptable, method);
  }
  append_chunk(out, is_ack ? kChunkInitAck : kChunkInit, 0, value);
}

}  // namespace wasmrtc::sctp
