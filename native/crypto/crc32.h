// CRC-32 checksums: IEEE 802.3 (STUN FINGERPRINT, RFC 8489 §14.7) and Castagnoli (SCTP, RFC 9260
// Appendix A). Table-driven: CRC-32C sliced by 8 (eight bytes per step, plain C++: wasm has no
// CRC instruction), CRC-32 a byte at a time (it only sees short STUN messages).
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace wasmrtc::crypto {

// CRC-32 (polynomial 0x04C11DB7 reflected), as zlib's crc32(): crc32("123456789") == 0xCBF43926.
uint32_t crc32(ByteView data);

// CRC-32C (polynomial 0x1EDC6F41 reflected): crc32c("123456789") == 0xE3069283. The value is
// returned as a number; SCTP stores it in the packet in little-endian byte order (RFC 9260 App. A).
uint32_t crc32c(ByteView data);

// Incremental CRC-32C over pieces: crc32c_finish(crc32c_update(crc32c_update(crc32c_init(), a), b))
// equals crc32c(a followed by b). SCTP uses it to checksum a packet as if its checksum field were
// zero without copying the packet.
inline constexpr uint32_t crc32c_init() { return 0xFFFFFFFFu; }
uint32_t crc32c_update(uint32_t state, ByteView data);
inline constexpr uint32_t crc32c_finish(uint32_t state) { return state ^ 0xFFFFFFFFu; }

}  // namespace wasmrtc::crypto
