// Certificate fingerprints as SDP carries them (RFC 8122 §5: a=fingerprint:sha-256 AB:CD:...) and as
// the W3C RTCDtlsFingerprint exposes them ({algorithm: "sha-256", value: "ab:cd:..."}).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "crypto/digest.h"

namespace wasmrtc::crypto {

struct Fingerprint {
  HashAlgorithm algorithm = HashAlgorithm::kSha256;
  Bytes digest;

  // The attribute value: "sha-256 AB:CD:..." (upper-case hex, RFC 8122's UHEX).
  std::string to_sdp() const;
  // Only the hex part, lower case with colons: RTCDtlsFingerprint.value.
  std::string w3c_value() const;

  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

// Fingerprint of a DER-encoded certificate.
Fingerprint compute_fingerprint(HashAlgorithm algorithm, ByteView certificate_der);

// Parses the value of an a=fingerprint attribute: a hash name, whitespace, then colon-separated hex
// pairs of exactly the hash's length (either case). nullopt for anything else, including md5/md2,
// which RFC 8122 keeps only for legacy and WebRTC must not accept (RFC 8827 §6.5).
std::optional<Fingerprint> parse_fingerprint(std::string_view sdp_value);

// Whether `certificate_der` hashes to `expected` under expected's algorithm (constant time).
bool verify_fingerprint(const Fingerprint& expected, ByteView certificate_der);

}  // namespace wasmrtc::crypto
