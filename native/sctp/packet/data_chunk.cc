#include "sctp/packet/data_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

std::optional<DataChunkView> DataChunkView::parse(uint8_t flags, ByteView value) {
  if (value.size() <= 12) return std::nullopt;
  DataChunkView d;
  d.flags = flags;
  d.tsn = load32(value.data());
  d.stream_id = load16(value.data() + 4);
  d.ssn = load16(value.data() + 6);
  d.ppid = load32(value.data() + 8);
  d.payload = value.subspan(12);
  return d;
}

void DataChunkView::append_to(Bytes& out) const {
  put8(out, kChunkData);
  put8(out, flags);
  put16(out, static_cast<uint16_t>(kDataChunkHeaderSize + payload.size()));
  put32(out, tsn);
  put16(out, stream_id);
  put16(out, ssn);
  put32(out, ppid);
  put_bytes(out, payload);
  pad4(out);
}

}  // namespace wasmrtc::sctp
