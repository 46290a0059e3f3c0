// Type-length-value fields: the parameters of INIT/INIT-ACK/RE-CONFIG/HEARTBEAT and the error
// causes of ABORT/ERROR share one layout (RFC 9260 §3.2.1, §3.3.10).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

struct TlvView {
  uint16_t type = 0;
  ByteView value;  // without the 4-byte header and the padding
};

// All TLVs of `data`, or nullopt if any length is wrong.
std::optional<std::vector<TlvView>> parse_tlvs(ByteView data);

// Appends type, length, value and padding.
void append_tlv(Bytes& out, uint16_t type, ByteView value);

// Appends a chunk header, the value and padding.
void append_chunk(Bytes& out, uint8_t type, uint8_t flags, ByteView value);

}  // namespace wasmrtc::sctp
