#include "dtls/srtp_keying.h"

namespace wasmrtc::dtls {

size_t srtp_master_key_length(SrtpProfile profile) {
  (void)profile;
  return 16;  // AES-128 for both profiles
}

size_t srtp_master_salt_length(SrtpProfile profile) {
  return profile == SrtpProfile::kAeadAes128Gcm ? 12 : 14;
}

size_t srtp_keying_material_length(SrtpProfile profile) {
  return 2 * (srtp_master_key_length(profile) + srtp_master_salt_length(profile));
}

std::string_view srtp_profile_name(SrtpProfile profile) {
  return profile == SrtpProfile::kAeadAes128Gcm ? "AEAD_AES_128_GCM" : "AES_CM_128_HMAC_SHA1_80";
}

std::optional<SrtpProfile> srtp_profile_from_id(uint16_t id) {
  if (id == static_cast<uint16_t>(SrtpProfile::kAes128CmSha1_80)) return SrtpProfile::kAes128CmSha1_80;
  if (id == static_cast<uint16_t>(SrtpProfile::kAeadAes128Gcm)) return SrtpProfile::kAeadAes128Gcm;
  return std::nullopt;
}

std::optional<SrtpKeyingMaterial> split_srtp_keying_material(SrtpProfile profile, ByteView exported) {
  if (exported.size() != srtp_keying_material_length(profile)) return std::nullopt;
  const size_t key = srtp_master_key_length(profile);
  const size_t salt = srtp_master_salt_length(profile);
  auto cut = [&](size_t offset, size_t length) {
    return Bytes(exported.begin() + static_cast<std::ptrdiff_t>(offset),
                 exported.begin() + static_cast<std::ptrdiff_t>(offset + length));
  };
  SrtpKeyingMaterial m;
  m.profile = profile;
  m.client_key = cut(0, key);
  m.server_key = cut(key, key);
  m.client_salt = cut(2 * key, salt);
  m.server_salt = cut(2 * key + salt, salt);
  return m;
}

}  // namespace wasmrtc::dtls
