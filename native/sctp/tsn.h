// Serial number arithmetic for 32-bit TSNs and 16-bit SSNs (RFC 9260 §1.6, RFC 1982), done once
// by unwrapping into 64 bits relative to a known nearby value, so the rest of the code compares
// plain integers.
#pragma once

#include <cstdint>

namespace wasmrtc::sctp {

// The 64-bit value nearest to `reference` whose low 32 bits are `tsn`.
inline uint64_t unwrap_tsn(uint32_t tsn, uint64_t reference) {
  int32_t delta = static_cast<int32_t>(tsn - static_cast<uint32_t>(reference));
  return reference + static_cast<int64_t>(delta);
}
inline uint64_t unwrap_ssn(uint16_t ssn, uint64_t reference) {
  int16_t delta = static_cast<int16_t>(static_cast<uint16_t>(ssn - static_cast<uint16_t>(reference)));
  return reference + static_cast<int64_t>(delta);
}

}  // namespace wasmrtc::sctp
