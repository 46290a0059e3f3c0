#include "crypto/fingerprint.h"

#include <gtest/gtest.h>

#include "testing/vectors.h"

namespace wasmrtc::crypto {
namespace {

using wasmrtc::testing::vectors;

Bytes vector_der() {
  Bytes der;
  EXPECT_TRUE(from_hex(vectors("crypto")["certificate"]["der_hex"].get<std::string>(), der));
  return der;
}

TEST(Fingerprint, ComputesEveryAlgorithmOfTheFixedCertificate) {
  Bytes der = vector_der();
  for (auto& [name, value] : vectors("crypto")["certificate"]["fingerprints"].items()) {
    auto algorithm = hash_from_name(name);
    ASSERT_TRUE(algorithm) << name;
    Fingerprint fp = compute_fingerprint(*algorithm, der);
    EXPECT_EQ(fp.to_sdp(), name + " " + value.get<std::string>());
    std::string lower = value.get<std::string>();
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(fp.w3c_value(), lower);
  }
}

TEST(Fingerprint, ParsesAndRejectsSharedCases) {
  for (const auto& v : vectors("crypto")["fingerprint_parse"]) {
    auto fp = parse_fingerprint(v["input"].get<std::string>());
    ASSERT_EQ(fp.has_value(), v["ok"].get<bool>()) << v.dump();
    if (fp) EXPECT_EQ(hash_name(fp->algorithm), v["algorithm"].get<std::string>());
  }
}

TEST(Fingerprint, ParseRoundTripsToSdp) {
  Fingerprint fp = compute_fingerprint(HashAlgorithm::kSha384, vector_der());
  auto parsed = parse_fingerprint(fp.to_sdp());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, fp);
}

TEST(Fingerprint, VerifyAcceptsTheCertificateAndRejectsAnyOther) {
  Bytes der = vector_der();
  std::string sdp = "sha-256 " + vectors("crypto")["certificate"]["fingerprints"]["sha-256"].get<std::string>();
  auto fp = parse_fingerprint(sdp);
  ASSERT_TRUE(fp);
  EXPECT_TRUE(verify_fingerprint(*fp, der));
  Bytes tampered = der;
  tampered[tampered.size() / 2] ^= 0x01;
  EXPECT_FALSE(verify_fingerprint(*fp, tampered));
  fp->digest.pop_back();  // a truncated digest must never match
  EXPECT_FALSE(verify_fingerprint(*fp, der));
}

}  // namespace
}  // namespace wasmrtc::crypto
