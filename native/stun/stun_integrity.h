// MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and FINGERPRINT (CRC-32, §14.7) on encoded
// messages, and the keys of the two credential mechanisms (§9.1.1 short-term, §9.2.2 long-term).
#pragma once

#include <cstddef>
#include <string_view>

#include "common/bytes.h"

namespace wasmrtc::stun {

inline constexpr size_t kIntegritySize = 20;
inline constexpr uint32_t kFingerprintXor = 0x5354554e;

// Short-term credentials (ICE): the key is the password itself (after OpaqueString, which leaves
// the ASCII passwords ICE uses unchanged).
Bytes short_term_key(std::string_view password);
// Long-term credentials (TURN): MD5(username ":" realm ":" password). The strings are used as the
// UTF-8 bytes given (already SASLprep/OpaqueString-processed by the caller).
Bytes long_term_key(std::string_view username, std::string_view realm, std::string_view password);

// Appends the attribute to a complete encoded message, fixing the header's length field first so
// the HMAC / CRC covers the length the receiver will see. No-op on a buffer shorter than a header.
void append_message_integrity(Bytes& message, ByteView key);
void append_fingerprint(Bytes& message);

// Verifies the attribute whose header starts at `offset` in `message` (as StunMessage::decode
// found it): recomputes over the bytes before it with the length field adjusted to end after it.
bool verify_message_integrity_at(ByteView message, size_t offset, ByteView key);
bool verify_fingerprint_at(ByteView message, size_t offset);

}  // namespace wasmrtc::stun
