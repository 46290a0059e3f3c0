#include "sctp/packet/forward_tsn_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

std::optional<ForwardTsnChunk> ForwardTsnChunk::parse(ByteView value) {
  if (value.size() < 4 || (value.size() - 4) % 4 != 0) return std::nullopt;
  ForwardTsnChunk f;
  f.new_cumulative_tsn = load32(value.data());
  for (size_t off = 4; off < value.size(); off += 4) {
    f.skipped.push_back({load16(value.data() + off), load16(value.data() + off + 2)});
  }
  return f;
}

void ForwardTsnChunk::append_to(Bytes& out) const {
  put8(out, kChunkForwardTsn);
  put8(out, 0);
  put16(out, static_cast<uint16_t>(8 + 4 * skipped.size()));
  put32(out, new_cumulative_tsn);
  for (const Skipped& s : skipped) {
    put16(out, s.stream_id);
    put16(out, s.ssn);
  }
}

}  // namespace wasmrtc::sctp
