#include "crypto/crc32.h"

#include <array>

namespace wasmrtc::crypto {
namespace {

using Table = std::array<uint32_t, 256>;

Table make_table(uint32_t reflected_polynomial) {
  Table table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (reflected_polynomial ^ (c >> 1)) : (c >> 1);
    table[i] = c;
  }
  return table;
}

// CRC-32C runs over every SCTP packet not sent with a zero checksum, so it is sliced by 8:
// tables[k][i] is the CRC of byte i followed by k zero bytes, so eight bytes fold in with eight
// independent lookups. The 8 KiB of tables are built on first use rather than stored in the
// binary (the wasm module's size matters more than a microsecond at start-up).
using Tables = std::array<Table, 8>;

const Tables& crc32c_tables() {
  static const Tables tables = [] {
    Tables t{};
    t[0] = make_table(0x82F63B78u);
    for (uint32_t i = 0; i < 256; ++i) {
      for (size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    }
    return t;
  }();
  return tables;
}

// CRC-32 (IEEE) only checks STUN messages of a few hundred bytes: one table, a byte at a time.
const Table& crc32_table() {
  static const Table table = make_table(0xEDB88320u);
  return table;
}

}  // namespace

uint32_t crc32(ByteView data) {
  const Table& t = crc32_table();
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t b : data) c = t[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t crc32c_update(uint32_t c, ByteView data) {
  const Tables& t = crc32c_tables();
  const uint8_t* p = data.data();
  size_t n = data.size();
  // Bytes are combined explicitly (not loaded as a word), so the result does not depend on host
  // byte order or alignment.
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

uint32_t crc32c(ByteView data) { return crc32c_finish(crc32c_update(crc32c_init(), data)); }

}  // namespace wasmrtc::crypto
