// DTLS-SRTP keying (RFC 5764 §4.2): after the handshake both sides export the same
// 2 * (key + salt) bytes with the label "EXTRACTOR-dtls_srtp" and cut them, in this order, into
// client write key | server write key | client write salt | server write salt. The DTLS client
// protects what it sends with the client half; the server with the server half.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "dtls/dtls_role.h"

namespace wasmrtc::dtls {

// The DTLS-SRTP protection profiles we negotiate, by their IANA values (RFC 5764 §4.1.2,
// RFC 7714 §14.2).
enum class SrtpProfile : uint16_t {
  kAes128CmSha1_80 = 0x0001,
  kAeadAes128Gcm = 0x0007,
};

constexpr std::string_view kSrtpExporterLabel = "EXTRACTOR-dtls_srtp";

size_t srtp_master_key_length(SrtpProfile profile);   // 16 for both
size_t srtp_master_salt_length(SrtpProfile profile);  // 14 for AES-CM (RFC 3711), 12 for GCM (RFC 7714 §12)
size_t srtp_keying_material_length(SrtpProfile profile);  // 2 * (key + salt)
// The profile's IANA name as W3C RTCTransportStats.srtpCipher reports it:
// "AES_CM_128_HMAC_SHA1_80" or "AEAD_AES_128_GCM".
std::string_view srtp_profile_name(SrtpProfile profile);
std::optional<SrtpProfile> srtp_profile_from_id(uint16_t id);

struct SrtpKeyingMaterial {
  SrtpProfile profile = SrtpProfile::kAeadAes128Gcm;
  Bytes client_key, client_salt, server_key, server_salt;

  // What protects the packets this endpoint sends, and what the packets it receives.
  const Bytes& local_key(Role role) const { return role == Role::kClient ? client_key : server_key; }
  const Bytes& local_salt(Role role) const { return role == Role::kClient ? client_salt : server_salt; }
  const Bytes& remote_key(Role role) const { return role == Role::kClient ? server_key : client_key; }
  const Bytes& remote_salt(Role role) const { return role == Role::kClient ? server_salt : client_salt; }

  friend bool operator==(const SrtpKeyingMaterial&, const SrtpKeyingMaterial&) = default;
};

// Cuts exported keying material as RFC 5764 §4.2 lays it out; nullopt if its length is not
// exactly srtp_keying_material_length(profile).
std::optional<SrtpKeyingMaterial> split_srtp_keying_material(SrtpProfile profile, ByteView exported);

}  // namespace wasmrtc::dtls
