#include "crypto/digest.h"

#include <gtest/gtest.h>

#include "testing/vectors.h"

namespace wasmrtc::crypto {
namespace {

using wasmrtc::testing::vector_bytes;
using wasmrtc::testing::vectors;

TEST(HmacSha1, MatchesRfc2202) {
  for (const auto& v : vectors("crypto")["hmac_sha1"]) {
    auto mac = hmac_sha1(vector_bytes(v, "key_"), vector_bytes(v, "data_"));
    EXPECT_EQ(to_hex(mac), v["mac_hex"].get<std::string>()) << v["_source"];
  }
}

TEST(HmacSha256, MatchesRfc4231) {
  for (const auto& v : vectors("crypto")["hmac_sha256"]) {
    auto mac = hmac_sha256(vector_bytes(v, "key_"), vector_bytes(v, "data_"));
    EXPECT_EQ(to_hex(mac), v["mac_hex"].get<std::string>()) << v["_source"];
  }
}

TEST(HashNames, RoundTripAndRejectUnknown) {
  for (auto a : {HashAlgorithm::kSha1, HashAlgorithm::kSha224, HashAlgorithm::kSha256,
                 HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    EXPECT_EQ(hash_from_name(hash_name(a)), a);
    EXPECT_EQ(digest(a, as_bytes("x")).size(), digest_size(a));
  }
  EXPECT_EQ(hash_from_name("SHA-256"), HashAlgorithm::kSha256);
  EXPECT_FALSE(hash_from_name("md5"));
  EXPECT_FALSE(hash_from_name("sha256"));
  EXPECT_FALSE(hash_from_name(""));
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(a, d));
}

}  // namespace
}  // namespace wasmrtc::crypto
