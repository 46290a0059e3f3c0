#include "crypto/crc32.h"

#include <array>

namespace wasmrtc::crypto {
namespace {

// kTables[0] is the classic byte-at-a-time table; kTables[k][i] is the CRC of byte i followed by
// k zero bytes, so eight bytes can be folded in with eight independent lookups (slicing-by-8).
using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables make_tables(uint32_t reflected_polynomial) {
  Tables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (reflected_polynomial ^ (c >> 1)) : (c >> 1);
    t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  }
  return t;
}

constexpr Tables kCrc32Tables = make_tables(0xEDB88320u);
constexpr Tables kCrc32cTables = make_tables(0x82F63B78u);

// Reflected CRC update without the initial/final inversion. Bytes are combined explicitly (not
// loaded as a word), so the result does not depend on host byte order or alignment.
uint32_t update(const Tables& t, uint32_t c, ByteView data) {
  const uint8_t* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint32_t lo = c ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
        t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) c = t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c;
}

}  // namespace

uint32_t crc32(ByteView data) { return update(kCrc32Tables, 0xFFFFFFFFu, data) ^ 0xFFFFFFFFu; }
uint32_t crc32c(ByteView data) { return crc32c_finish(update(kCrc32cTables, crc32c_init(), data)); }
uint32_t crc32c_update(uint32_t state, ByteView data) { return update(kCrc32cTables, state, data); }

}  // namespace wasmrtc::crypto
