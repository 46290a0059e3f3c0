#include "stun/stun_attributes.h"

#include <algorithm>
#include <array>

namespace wasmrtc::stun {
namespace {

constexpr uint8_t kFamilyV4 = 0x01;
constexpr uint8_t kFamilyV6 = 0x02;

uint16_t read_u16(ByteView v, size_t at) { return static_cast<uint16_t>(v[at] << 8 | v[at + 1]); }

// The 16-byte xor pad of RFC 8489 §14.2: magic cookie then transaction id.
std::array<uint8_t, 16> xor_pad(const TransactionId& id) {
  std::array<uint8_t, 16> pad{};
  pad[0] = kMagicCookie >> 24;
  pad[1] = (kMagicCookie >> 16) & 0xff;
  pad[2] = (kMagicCookie >> 8) & 0xff;
  pad[3] = kMagicCookie & 0xff;
  for (size_t i = 0; i < id.size(); ++i) pad[4 + i] = id[i];
  return pad;
}

Bytes encode_address_with(const SocketAddress& address, const std::array<uint8_t, 16>* pad) {
  const IpAddress& ip = address.ip();
  Bytes out;
  out.reserve(4 + ip.size());
  out.push_back(0);
  out.push_back(ip.is_v4() ? kFamilyV4 : kFamilyV6);
  uint16_t port = address.port();
  if (pad) port ^= static_cast<uint16_t>((*pad)[0] << 8 | (*pad)[1]);
  out.push_back(port >> 8);
  out.push_back(port & 0xff);
  for (size_t i = 0; i < ip.size(); ++i) out.push_back(ip.bytes()[i] ^ (pad ? (*pad)[i] : 0));
  return out;
}

std::optional<SocketAddress> decode_address_with(ByteView v, const std::array<uint8_t, 16>* pad) {
  if (v.size() < 4) return std::nullopt;
  uint8_t family = v[1];
  size_t ip_size = family == kFamilyV4 ? 4 : family == kFamilyV6 ? 16 : 0;
  if (ip_size == 0 || v.size() != 4 + ip_size) return std::nullopt;
  uint16_t port = read_u16(v, 2);
  if (pad) port ^= static_cast<uint16_t>((*pad)[0] << 8 | (*pad)[1]);
  std::array<uint8_t, 16> raw{};
  for (size_t i = 0; i < ip_size; ++i) raw[i] = v[4 + i] ^ (pad ? (*pad)[i] : 0);
  if (ip_size == 4) return SocketAddress(IpAddress::v4({raw[0], raw[1], raw[2], raw[3]}), port);
  return SocketAddress(IpAddress::v6(raw), port);
}

}  // namespace

Bytes encode_address(const SocketAddress& address) { return encode_address_with(address, nullptr); }

std::optional<SocketAddress> decode_address(ByteView value) { return decode_address_with(value, nullptr); }

Bytes encode_xor_address(const SocketAddress& address, const TransactionId& id) {
  auto pad = xor_pad(id);
  return encode_address_with(address, &pad);
}

std::optional<SocketAddress> decode_xor_address(ByteView value, const TransactionId& id) {
  auto pad = xor_pad(id);
  return decode_address_with(value, &pad);
}

Bytes encode_error_code(const StunErrorCode& error) {
  // RFC 8489 §14.8: the reason phrase is at most 127 characters (we cap the bytes at 763).
  size_t n = std::min<size_t>(error.reason.size(), 763);
  Bytes out(4 + n);
  out[2] = static_cast<uint8_t>((error.code / 100) & 0x07);
  out[3] = static_cast<uint8_t>(error.code % 100);
  for (size_t i = 0; i < n; ++i) out[4 + i] = static_cast<uint8_t>(error.reason[i]);
  return out;
}

std::optional<StunErrorCode> decode_error_code(ByteView value) {
  if (value.size() < 4) return std::nullopt;
  int cls = value[2] & 0x07;
  int number = value[3];
  // Class 3-6 and number 0-99 (RFC 8489 §14.8); anything else is not an error code.
  if (cls < 3 || cls > 6 || number > 99) return std::nullopt;
  StunErrorCode out;
  out.code = cls * 100 + number;
  out.reason.assign(value.begin() + 4, value.end());
  return out;
}

Bytes encode_unknown_attributes(const std::vector<uint16_t>& types) {
  Bytes out;
  for (uint16_t t : types) {
    out.push_back(t >> 8);
    out.push_back(t & 0xff);
  }
  return out;
}

std::optional<std::vector<uint16_t>> decode_unknown_attributes(ByteView value) {
  if (value.size() % 2 != 0) return std::nullopt;
  std::vector<uint16_t> out;
  for (size_t i = 0; i < value.size(); i += 2) out.push_back(read_u16(value, i));
  return out;
}

Bytes encode_u32(uint32_t v) {
  return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
          static_cast<uint8_t>(v)};
}

std::optional<uint32_t> decode_u32(ByteView value) {
  if (value.size() != 4) return std::nullopt;
  return uint32_t{value[0]} << 24 | uint32_t{value[1]} << 16 | uint32_t{value[2]} << 8 | value[3];
}

Bytes encode_u64(uint64_t v) {
  Bytes out(8);
  for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (56 - 8 * i));
  return out;
}

std::optional<uint64_t> decode_u64(ByteView value) {
  if (value.size() != 8) return std::nullopt;
  uint64_t v = 0;
  for (uint8_t b : value) v = v << 8 | b;
  return v;
}

Bytes encode_channel_number(uint16_t channel) {
  return {static_cast<uint8_t>(channel >> 8), static_cast<uint8_t>(channel & 0xff), 0, 0};
}

std::optional<uint16_t> decode_channel_number(ByteView value) {
  if (value.size() != 4) return std::nullopt;
  return read_u16(value, 0);
}

Bytes encode_requested_transport(uint8_t protocol) { return {protocol, 0, 0, 0}; }

std::optional<uint8_t> decode_requested_transport(ByteView value) {
  if (value.size() != 4) return std::nullopt;
  return value[0];
}

}  // namespace wasmrtc::stun
