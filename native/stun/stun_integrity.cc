#include "stun/stun_integrity.h"

#include <openssl/evp.h>

#include <array>
#include <string>

#include "crypto/crc32.h"
#include "crypto/digest.h"
#include "stun/stun_types.h"

namespace wasmrtc::stun {
namespace {

void put_u16(uint8_t* p, size_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

// A copy of message[0, end_of_prefix) whose length field says the message ends `attr_size` bytes
// after the prefix (RFC 8489 §14.5: the length covers up to and including the attribute).
Bytes prefix_with_length(ByteView message, size_t prefix, size_t attr_size) {
  Bytes copy(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(prefix));
  put_u16(copy.data() + 2, prefix + attr_size - kHeaderSize);
  return copy;
}

}  // namespace

Bytes short_term_key(std::string_view password) {
  ByteView v = as_bytes(password);
  return Bytes(v.begin(), v.end());
}

Bytes long_term_key(std::string_view username, std::string_view realm, std::string_view password) {
  std::string input;
  input.reserve(username.size() + realm.size() + password.size() + 2);
  input.append(username).append(":").append(realm).append(":").append(password);
  Bytes out(16);
  unsigned int size = 0;
  // MD5 is what RFC 8489 §9.2.2 mandates for the default long-term key; it is not used for security
  // beyond that key derivation.
  EVP_Digest(input.data(), input.size(), out.data(), &size, EVP_md5(), nullptr);
  out.resize(size);
  return out;
}

void append_message_integrity(Bytes& message, ByteView key) {
  if (message.size() < kHeaderSize) return;
  size_t offset = message.size();
  put_u16(message.data() + 2, offset + 4 + kIntegritySize - kHeaderSize);
  auto mac = crypto::hmac_sha1(key, message);
  message.push_back(attr::kMessageIntegrity >> 8);
  message.push_back(attr::kMessageIntegrity & 0xff);
  message.push_back(0);
  message.push_back(kIntegritySize);
  message.insert(message.end(), mac.begin(), mac.end());
}

void append_fingerprint(Bytes& message) {
  if (message.size() < kHeaderSize) return;
  size_t offset = message.size();
  put_u16(message.data() + 2, offset + 8 - kHeaderSize);
  uint32_t crc = crypto::crc32(message) ^ kFingerprintXor;
  message.push_back(attr::kFingerprint >> 8);
  message.push_back(attr::kFingerprint & 0xff);
  message.push_back(0);
  message.push_back(4);
  for (int shift = 24; shift >= 0; shift -= 8) message.push_back(static_cast<uint8_t>(crc >> shift));
}

bool verify_message_integrity_at(ByteView message, size_t offset, ByteView key) {
  if (offset < kHeaderSize || offset + 4 + kIntegritySize > message.size()) return false;
  Bytes prefix = prefix_with_length(message, offset, 4 + kIntegritySize);
  auto mac = crypto::hmac_sha1(key, prefix);
  return crypto::constant_time_equal(mac, message.subspan(offset + 4, kIntegritySize));
}

bool verify_fingerprint_at(ByteView message, size_t offset) {
  if (offset < kHeaderSize || offset + 8 > message.size()) return false;
  Bytes prefix = prefix_with_length(message, offset, 8);
  uint32_t expected = crypto::crc32(prefix) ^ kFingerprintXor;
  const uint8_t* p = message.data() + offset + 4;
  uint32_t got = uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
  return got == expected;
}

}  // namespace wasmrtc::stun
