#include "sctp/packet/abort_chunk.h"

#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

std::string describe_error_causes(ByteView causes) {
  auto tlvs = parse_tlvs(causes);
  if (!tlvs) return "malformed error causes";
  std::string out;
  for (const TlvView& t : *tlvs) {
    if (!out.empty()) out += "; ";
    switch (t.type) {
      case kCauseUserInitiatedAbort: out += "user initiated abort"; break;
      case kCauseProtocolViolation: out += "protocol violation"; break;
      default: out += "cause " + std::to_string(t.type); break;
    }
    if (t.type == kCauseUserInitiatedAbort || t.type == kCauseProtocolViolation) {
      std::string text;
      for (uint8_t b : t.value) text.push_back((b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '?');
      if (!text.empty()) out += ": " + text;
    }
  }
  return out;
}

void append_abort(Bytes& out, bool t_bit, uint16_t cause, std::string_view text) {
  Bytes value;
  append_tlv(value, cause, as_bytes(text));
  append_chunk(out, kChunkAbort, t_bit ? kFlagT : 0, value);
}

void append_error(Bytes& out, uint16_t cause, ByteView cause_value) {
  Bytes value;
  append_tlv(value, cause, cause_value);
  append_chunk(out, kChunkError, 0, value);
}

}  // namespace wasmrtc::sctp
