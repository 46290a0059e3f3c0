#include "crypto/crc32.h"

#include <array>

namespace wasmrtc::crypto {
namespace {

constexpr std::array<uint32_t, 256> make_table(uint32_t reflected_polynomial) {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (reflected_polynomial ^ (c >> 1)) : (c >> 1);
    table[i] = c;
  }
  return table;
}

constexpr auto kCrc32Table = make_table(0xEDB88320u);
constexpr auto kCrc32cTable = make_table(0x82F63B78u);

uint32_t reflected_crc(const std::array<uint32_t, 256>& table, ByteView data) {
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace

uint32_t crc32(ByteView data) { return reflected_crc(kCrc32Table, data); }
uint32_t crc32c(ByteView data) { return reflected_crc(kCrc32cTable, data); }

}  // namespace wasmrtc::crypto
