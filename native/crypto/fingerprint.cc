#include "crypto/fingerprint.h"

namespace wasmrtc::crypto {
namespace {

std::string colon_hex(ByteView bytes, const char* digits) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i) out.push_back(':');
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0xf]);
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string Fingerprint::to_sdp() const {
  return std::string(hash_name(algorithm)) + " " + colon_hex(digest, "0123456789ABCDEF");
}

std::string Fingerprint::w3c_value() const { return colon_hex(digest, "0123456789abcdef"); }

Fingerprint compute_fingerprint(HashAlgorithm algorithm, ByteView certificate_der) {
  return Fingerprint{algorithm, digest(algorithm, certificate_der)};
}

std::optional<Fingerprint> parse_fingerprint(std::string_view value) {
  size_t pos = 0;
  while (pos < value.size() && is_space(value[pos])) ++pos;
  size_t name_start = pos;
  while (pos < value.size() && !is_space(value[pos])) ++pos;
  auto algorithm = hash_from_name(value.substr(name_start, pos - name_start));
  if (!algorithm) return std::nullopt;
  size_t spaces = 0;
  while (pos < value.size() && is_space(value[pos])) ++pos, ++spaces;
  if (spaces == 0) return std::nullopt;
  size_t end = value.size();
  while (end > pos && (is_space(value[end - 1]) || value[end - 1] == '\r')) --end;

  // Exactly "XX(:XX)*" with as many pairs as the digest has bytes.
  std::string_view hex = value.substr(pos, end - pos);
  const size_t n = digest_size(*algorithm);
  if (hex.size() != n * 3 - 1) return std::nullopt;
  Fingerprint fp{*algorithm, Bytes(n)};
  for (size_t i = 0; i < n; ++i) {
    int hi = hex_digit(hex[i * 3]);
    int lo = hex_digit(hex[i * 3 + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (i + 1 < n && hex[i * 3 + 2] != ':') return std::nullopt;
    fp.digest[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return fp;
}

bool verify_fingerprint(const Fingerprint& expected, ByteView certificate_der) {
  Bytes actual = digest(expected.algorithm, certificate_der);
  return constant_time_equal(actual, expected.digest);
}

}  // namespace wasmrtc::crypto
