// Hashes and HMACs through OpenSSL EVP: the one door to digests in the core.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"

namespace wasmrtc::crypto {

// The hash functions RFC 8122 fingerprints use, by their IANA "Hash Function Textual Names".
enum class HashAlgorithm { kSha1, kSha224, kSha256, kSha384, kSha512 };

// "sha-256" etc., lower case as the W3C RTCDtlsFingerprint.algorithm and SDP carry it.
std::string_view hash_name(HashAlgorithm algorithm);
// Case-insensitive (RFC 8122 says the token is case-insensitive); nullopt for md5/md2/unknown.
std::optional<HashAlgorithm> hash_from_name(std::string_view name);
size_t digest_size(HashAlgorithm algorithm);

Bytes digest(HashAlgorithm algorithm, ByteView data);

// HMAC-SHA1, as STUN MESSAGE-INTEGRITY uses it (RFC 8489 §14.5).
std::array<uint8_t, 20> hmac_sha1(ByteView key, ByteView data);
// HMAC-SHA256 (STUN MESSAGE-INTEGRITY-SHA256, RFC 8489 §14.6; SCTP state cookies).
std::array<uint8_t, 32> hmac_sha256(ByteView key, ByteView data);

// Compares without an early exit, so the time taken does not reveal where the first difference is.
bool constant_time_equal(ByteView a, ByteView b);

}  // namespace wasmrtc::crypto
