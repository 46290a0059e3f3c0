// Big-endian (network order) reads and appends for the SCTP wire format (RFC 9260 §3).
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline uint16_t load16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t load32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}
inline void store16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void store32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline void put8(Bytes& out, uint8_t v) { out.push_back(v); }
inline void put16(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
inline void put32(Bytes& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v >> 16));
  put16(out, static_cast<uint16_t>(v));
}
inline void put_bytes(Bytes& out, ByteView v) { append_bytes(out, v); }
// Chunks and parameters are padded to a multiple of 4 bytes with zeros (RFC 9260 §3.2).
inline void pad4(Bytes& out) {
  while (out.size() % 4 != 0) out.push_back(0);
}
inline size_t padded4(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace wasmrtc::sctp
