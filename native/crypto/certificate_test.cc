#include "crypto/certificate.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "testing/vectors.h"

namespace wasmrtc::crypto {
namespace {

using wasmrtc::testing::vectors;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21, a fixed "now": the core reads no clock
constexpr int64_t kThirtyDays = 30LL * 86'400'000;

TEST(Certificate, GeneratesSelfSignedEcdsaP256WithTheRequestedExpiry) {
  auto cert = Certificate::generate_ecdsa_p256(kNow, kNow + kThirtyDays);
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_EQ(cert->expires_unix_ms(), kNow + kThirtyDays);
  EXPECT_EQ(EVP_PKEY_get_base_id(cert->private_key()), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(cert->private_key()), 256);
  // Self-signed: its own public key verifies its signature.
  EXPECT_EQ(X509_verify(cert->x509(), cert->private_key()), 1);
  EXPECT_EQ(X509_check_issued(cert->x509(), cert->x509()), X509_V_OK);
  EXPECT_TRUE(verify_fingerprint(cert->fingerprint(), cert->der()));
}

TEST(Certificate, ValidityWindowStartsADayEarlyAndEndsAtExpiry) {
  auto cert = Certificate::generate_ecdsa_p256(kNow, kNow + kThirtyDays);
  ASSERT_TRUE(cert.ok());
  // notAfter is stored in whole seconds; a PEM round trip reads it back.
  auto reloaded = Certificate::from_pem(cert->pem(), cert->private_key_pem());
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  EXPECT_EQ(reloaded->expires_unix_ms(), (kNow + kThirtyDays) / 1000 * 1000);
  int days = 0, secs = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert->x509()), X509_get0_notAfter(cert->x509())), 1);
  EXPECT_EQ(days, 31);
}

TEST(Certificate, EachGenerationHasItsOwnKeyAndSerial) {
  auto a = Certificate::generate_ecdsa_p256(kNow, kNow + kThirtyDays);
  auto b = Certificate::generate_ecdsa_p256(kNow, kNow + kThirtyDays);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->fingerprint().digest, b->fingerprint().digest);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get_serialNumber(a->x509()), X509_get_serialNumber(b->x509())), 0);
}

TEST(Certificate, RejectsExpiryNotAfterNow) {
  auto cert = Certificate::generate_ecdsa_p256(kNow, kNow);
  ASSERT_FALSE(cert.ok());
  EXPECT_EQ(cert.error().code, ErrorCode::kInvalidArgument);
}

TEST(Certificate, LoadsTheFixedVectorAndReproducesItsFingerprints) {
  const auto& v = vectors("crypto")["certificate"];
  auto cert = Certificate::from_pem(v["pem"].get<std::string>(), v["private_key_pem"].get<std::string>());
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_EQ(to_hex(cert->der()), v["der_hex"].get<std::string>());
  EXPECT_EQ(cert->expires_unix_ms(), v["expires_unix_ms"].get<int64_t>());
  EXPECT_EQ(cert->fingerprint(HashAlgorithm::kSha256).to_sdp(),
            "sha-256 " + v["fingerprints"]["sha-256"].get<std::string>());
}

TEST(Certificate, RejectsAKeyThatIsNotTheCertificates) {
  const auto& v = vectors("crypto")["certificate"];
  auto other = Certificate::generate_ecdsa_p256(kNow, kNow + kThirtyDays);
  ASSERT_TRUE(other.ok());
  auto mixed = Certificate::from_pem(v["pem"].get<std::string>(), other->private_key_pem());
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Certificate::from_pem("not pem", other->private_key_pem()).ok());
}

}  // namespace
}  // namespace wasmrtc::crypto
