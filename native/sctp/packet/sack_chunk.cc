#include "sctp/packet/sack_chunk.h"

#include "sctp/packet/byte_io.h"
#include "sctp/packet/sctp_packet.h"

namespace wasmrtc::sctp {

std::optional<SackChunk> SackChunk::parse(ByteView value) {
  if (value.size() < 12) return std::nullopt;
  SackChunk s;
  s.cumulative_tsn_ack = load32(value.data());
  s.a_rwnd = load32(value.data() + 4);
  size_t gaps = load16(value.data() + 8);
  size_t dups = load16(value.data() + 10);
  if (value.size() != 12 + gaps * 4 + dups * 4) return std::nullopt;
  const uint8_t* p = value.data() + 12;
  for (size_t i = 0; i < gaps; ++i, p += 4) {
    GapBlock g{load16(p), load16(p + 2)};
    if (g.start == 0 || g.end < g.start) return std::nullopt;  // §3.3.4: start >= 1, end >= start
    s.gap_blocks.push_back(g);
  }
  for (size_t i = 0; i < dups; ++i, p += 4) s.duplicate_tsns.push_back(load32(p));
  return s;
}

void SackChunk::append_to(Bytes& out) const {
  put8(out, kChunkSack);
  put8(out, 0);
  put16(out, static_cast<uint16_t>(serialized_size()));
  put32(out, cumulative_tsn_ack);
  put32(out, a_rwnd);
  put16(out, static_cast<uint16_t>(gap_blocks.size()));
  put16(out, static_cast<uint16_t>(duplicate_tsns.size()));
  for (const GapBlock& g : gap_blocks) {
    put16(out, g.start);
    put16(out, g.end);
  }
  for (uint32_t d : duplicate_tsns) put32(out, d);
}

}  // namespace wasmrtc::sctp
