// DATA (RFC 9260 §3.3.1): one fragment of a user message.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline constexpr uint8_t kDataFlagEnd = 0x01;
inline constexpr uint8_t kDataFlagBegin = 0x02;
inline constexpr uint8_t kDataFlagUnordered = 0x04;
inline constexpr uint8_t kDataFlagImmediate = 0x08;  // RFC 7053 I bit: SACK at once
inline constexpr size_t kDataChunkHeaderSize = 16;

struct DataChunkView {
  uint32_t tsn = 0;
  uint16_t stream_id = 0;
  uint16_t ssn = 0;
  uint32_t ppid = 0;
  uint8_t flags = 0;
  ByteView payload;  // into the packet

  bool begin() const { return flags & kDataFlagBegin; }
  bool end() const { return flags & kDataFlagEnd; }
  bool unordered() const { return flags & kDataFlagUnordered; }

  // Needs at least one byte of user data (§3.3.1: a DATA chunk without user data is an error).
  static std::optional<DataChunkView> parse(uint8_t flags, ByteView value);
  void append_to(Bytes& out) const;
};

}  // namespace wasmrtc::sctp
