#include "sctp/packet/parameters.h"

#include "sctp/packet/byte_io.h"

namespace wasmrtc::sctp {

std::optional<std::vector<TlvView>> parse_tlvs(ByteView data) {
  std::vector<TlvView> out;
  size_t offset = 0;
  while (offset < data.size()) {
    if (data.size() - offset < 4) return std::nullopt;
    uint16_t type = load16(data.data() + offset);
    size_t length = load16(data.data() + offset + 2);
    if (length < 4 || length > data.size() - offset) return std::nullopt;
    out.push_back({type, data.subspan(offset + 4, length - 4)});
    offset += padded4(length);
  }
  return out;
}

void append_tlv(Bytes& out, uint16_t type, ByteView value) {
  put16(out, type);
  put16(out, static_cast<uint16_t>(value.size() + 4));
  put_bytes(out, value);
  pad4(out);
}

void append_chunk(Bytes& out, uint8_t type, uint8_t flags, ByteView value) {
  put8(out, type);
  put8(out, flags);
  put16(out, static_cast<uint16_t>(value.size() + 4));
  put_bytes(out, value);
  pad4(out);
}

}  // namespace wasmrtc::sctp
