// SACK (RFC 9260 §3.3.4): cumulative TSN ack, gap ack blocks (offsets from it) and duplicates.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

struct GapBlock {
  uint16_t start = 0;  // offsets from the cumulative TSN ack, inclusive
  uint16_t end = 0;
  bool operator==(const GapBlock&) const = default;
};

struct SackChunk {
  uint32_t cumulative_tsn_ack = 0;
  uint32_t a_rwnd = 0;
  std::vector<GapBlock> gap_blocks;
  std::vector<uint32_t> duplicate_tsns;

  static std::optional<SackChunk> parse(ByteView value);
  void append_to(Bytes& out) const;
  size_t serialized_size() const { return 16 + 4 * gap_blocks.size() + 4 * duplicate_tsns.size(); }
};

}  // namespace wasmrtc::sctp
