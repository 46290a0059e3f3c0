// FORWARD-TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned chunks and
// names, per ordered stream, the last SSN skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

struct ForwardTsnChunk {
  struct Skipped {
    uint16_t stream_id = 0;
    uint16_t ssn = 0;
  };
  uint32_t new_cumulative_tsn = 0;
  std::vector<Skipped> skipped;

  static std::optional<ForwardTsnChunk> parse(ByteView value);
  void append_to(Bytes& out) const;
};

}  // namespace wasmrtc::sctp
