#include "crypto/crc32.h"

#include <gtest/gtest.h>

#include "testing/vectors.h"

namespace wasmrtc::crypto {
namespace {

using wasmrtc::testing::vector_bytes;
using wasmrtc::testing::vectors;

TEST(Crc32, MatchesSharedVectors) {
  for (const auto& v : vectors("crypto")["crc32"])
    EXPECT_EQ(crc32(vector_bytes(v)), v["crc"].get<uint32_t>()) << v.dump();
}

TEST(Crc32c, MatchesSharedVectors) {
  for (const auto& v : vectors("crypto")["crc32c"])
    EXPECT_EQ(crc32c(vector_bytes(v)), v["crc"].get<uint32_t>()) << v.dump();
}

TEST(Crc32c, CheckValueFromRfc3720) {
  // RFC 3720 B.4: 32 bytes of zeros give 0x8A9136AA.
  Bytes zeros(32, 0);
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
}

}  // namespace
}  // namespace wasmrtc::crypto
