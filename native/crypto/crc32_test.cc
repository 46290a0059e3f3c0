#include "crypto/crc32.h"

#include <gtest/gtest.h>

#include "testing/vectors.h"

namespace wasmrtc::crypto {
namespace {

using wasmrtc::testing::vector_bytes;
using wasmrtc::testing::vectors;

// The definition, one bit at a time: the reference the table-driven code must match.
uint32_t bitwise_crc(uint32_t reflected_polynomial, ByteView data) {
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (reflected_polynomial ^ (c >> 1)) : (c >> 1);
  }
  return c ^ 0xFFFFFFFFu;
}

// Bytes that are not a pattern a table bug could hide behind.
Bytes pseudo_random(size_t n) {
  Bytes out(n);
  uint32_t x = 0x12345678u;
  for (auto& b : out) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

TEST(Crc32, MatchesSharedVectors) {
  for (const auto& v : vectors("crypto")["crc32"])
    EXPECT_EQ(crc32(vector_bytes(v)), v["crc"].get<uint32_t>()) << v.dump();
}

TEST(Crc32c, MatchesSharedVectors) {
  for (const auto& v : vectors("crypto")["crc32c"])
    EXPECT_EQ(crc32c(vector_bytes(v)), v["crc"].get<uint32_t>()) << v.dump();
}

TEST(Crc32c, CheckValuesFromRfc3720) {
  // RFC 3720 B.4: 32 bytes of zeros, of 0xFF, ascending, descending, and an iSCSI read PDU.
  EXPECT_EQ(crc32c(Bytes(32, 0)), 0x8A9136AAu);
  EXPECT_EQ(crc32c(Bytes(32, 0xFF)), 0x62A8AB43u);
  Bytes ascending(32), descending(32);
  for (size_t i = 0; i < 32; ++i) {
    ascending[i] = static_cast<uint8_t>(i);
    descending[i] = static_cast<uint8_t>(31 - i);
  }
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(crc32c(descending), 0x113FDB5Cu);
  Bytes pdu = {0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
               0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
               0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
               0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(crc32c(pdu), 0xD9963A56u);
}

TEST(Crc32, SlicedTablesMatchTheBitwiseDefinitionAtEveryLengthAndOffset) {
  // Lengths 0..40 from offsets 0..7 cover every split between the 8-byte loop and the byte tail,
  // at every alignment of the input.
  Bytes data = pseudo_random(64);
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t length = 0; length <= 40; ++length) {
      ByteView v(data.data() + offset, length);
      EXPECT_EQ(crc32c(v), bitwise_crc(0x82F63B78u, v)) << offset << "+" << length;
      EXPECT_EQ(crc32(v), bitwise_crc(0xEDB88320u, v)) << offset << "+" << length;
    }
  }
  Bytes packet = pseudo_random(1200);
  EXPECT_EQ(crc32c(packet), bitwise_crc(0x82F63B78u, packet));
}

TEST(Crc32c, IncrementalEqualsOneShotForEverySplit) {
  Bytes data = pseudo_random(37);
  for (size_t split = 0; split <= data.size(); ++split) {
    ByteView all(data);
    uint32_t s = crc32c_update(crc32c_init(), all.first(split));
    s = crc32c_update(s, all.subspan(split));
    EXPECT_EQ(crc32c_finish(s), crc32c(data)) << split;
  }
}

}  // namespace
}  // namespace wasmrtc::crypto
