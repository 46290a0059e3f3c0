#include "dtls/srtp_keying.h"

#include <gtest/gtest.h>

namespace wasmrtc::dtls {
namespace {

Bytes counting(size_t n, uint8_t from = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(from + i);
  return b;
}

TEST(SrtpKeying, ProfileLengthsFollowRfc3711AndRfc7714) {
  EXPECT_EQ(srtp_master_key_length(SrtpProfile::kAes128CmSha1_80), 16u);
  EXPECT_EQ(srtp_master_salt_length(SrtpProfile::kAes128CmSha1_80), 14u);
  EXPECT_EQ(srtp_keying_material_length(SrtpProfile::kAes128CmSha1_80), 60u);
  EXPECT_EQ(srtp_master_key_length(SrtpProfile::kAeadAes128Gcm), 16u);
  EXPECT_EQ(srtp_master_salt_length(SrtpProfile::kAeadAes128Gcm), 12u);
  EXPECT_EQ(srtp_keying_material_length(SrtpProfile::kAeadAes128Gcm), 56u);
}

// RFC 5764 §4.2: client key | server key | client salt | server salt.
TEST(SrtpKeying, SplitsAesCmMaterialInRfc5764Order) {
  auto m = split_srtp_keying_material(SrtpProfile::kAes128CmSha1_80, counting(60));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->client_key, counting(16, 0));
  EXPECT_EQ(m->server_key, counting(16, 16));
  EXPECT_EQ(m->client_salt, counting(14, 32));
  EXPECT_EQ(m->server_salt, counting(14, 46));
}

TEST(SrtpKeying, SplitsGcmMaterialInRfc5764Order) {
  auto m = split_srtp_keying_material(SrtpProfile::kAeadAes128Gcm, counting(56));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->client_key, counting(16, 0));
  EXPECT_EQ(m->server_key, counting(16, 16));
  EXPECT_EQ(m->client_salt, counting(12, 32));
  EXPECT_EQ(m->server_salt, counting(12, 44));
}

TEST(SrtpKeying, LocalAndRemoteHalvesSwapWithTheRole) {
  auto m = split_srtp_keying_material(SrtpProfile::kAeadAes128Gcm, counting(56)).value();
  EXPECT_EQ(m.local_key(Role::kClient), m.client_key);
  EXPECT_EQ(m.remote_key(Role::kClient), m.server_key);
  EXPECT_EQ(m.local_salt(Role::kServer), m.server_salt);
  EXPECT_EQ(m.remote_salt(Role::kServer), m.client_salt);
  EXPECT_EQ(m.local_key(Role::kClient), m.remote_key(Role::kServer));
}

TEST(SrtpKeying, RejectsMaterialOfTheWrongLength) {
  EXPECT_FALSE(split_srtp_keying_material(SrtpProfile::kAeadAes128Gcm, counting(60)).has_value());
  EXPECT_FALSE(split_srtp_keying_material(SrtpProfile::kAes128CmSha1_80, counting(56)).has_value());
  EXPECT_FALSE(split_srtp_keying_material(SrtpProfile::kAes128CmSha1_80, {}).has_value());
}

TEST(SrtpKeying, NamesAndIds) {
  EXPECT_EQ(srtp_profile_name(SrtpProfile::kAes128CmSha1_80), "AES_CM_128_HMAC_SHA1_80");
  EXPECT_EQ(srtp_profile_name(SrtpProfile::kAeadAes128Gcm), "AEAD_AES_128_GCM");
  EXPECT_EQ(srtp_profile_from_id(0x0001), SrtpProfile::kAes128CmSha1_80);
  EXPECT_EQ(srtp_profile_from_id(0x0007), SrtpProfile::kAeadAes128Gcm);
  EXPECT_EQ(srtp_profile_from_id(0x0002), std::nullopt);  // AES_CM_128_HMAC_SHA1_32: not offered
}

}  // namespace
}  // namespace wasmrtc::dtls
