#include "stun/stun_message.h"

#include <algorithm>

#include "stun/stun_integrity.h"

namespace wasmrtc::stun {
namespace {

uint16_t read_u16(ByteView v, size_t at) { return static_cast<uint16_t>(v[at] << 8 | v[at + 1]); }
uint32_t read_u32(ByteView v, size_t at) {
  return uint32_t{v[at]} << 24 | uint32_t{v[at + 1]} << 16 | uint32_t{v[at + 2]} << 8 | v[at + 3];
}
void put_u16(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

}  // namespace

std::string_view to_string(StunParseError error) {
  switch (error) {
    case StunParseError::kTooShort: return "too short";
    case StunParseError::kNotStun: return "not stun";
    case StunParseError::kBadMagicCookie: return "bad magic cookie";
    case StunParseError::kBadLength: return "bad length";
    case StunParseError::kAttributeOverrun: return "attribute overrun";
    case StunParseError::kBadIntegrityLength: return "bad message-integrity length";
    case StunParseError::kBadFingerprintLength: return "bad fingerprint length";
    case StunParseError::kFingerprintNotLast: return "fingerprint not last";
  }
  return "unknown";
}

bool is_known_comprehension_required(uint16_t type) {
  switch (type) {
    case attr::kMappedAddress:
    case attr::kUsername:
    case attr::kMessageIntegrity:
    case attr::kErrorCode:
    case attr::kUnknownAttributes:
    case attr::kChannelNumber:
    case attr::kLifetime:
    case attr::kXorPeerAddress:
    case attr::kData:
    case attr::kRealm:
    case attr::kNonce:
    case attr::kXorRelayedAddress:
    case attr::kRequestedAddressFamily:
    case attr::kEvenPort:
    case attr::kRequestedTransport:
    case attr::kDontFragment:
    case attr::kXorMappedAddress:
    case attr::kReservationToken:
    case attr::kPriority:
    case attr::kUseCandidate:
      return true;
    default:
      return false;
  }
}

uint16_t message_type(StunClass cls, StunMethod method) {
  auto m = static_cast<uint16_t>(method);
  auto c = static_cast<uint16_t>(cls);
  return static_cast<uint16_t>((m & 0x000F) | (m & 0x0070) << 1 | (m & 0x0F80) << 2 | (c & 1) << 4 |
                               (c & 2) << 7);
}

StunClass class_of(uint16_t type) { return static_cast<StunClass>((type >> 4 & 1) | (type >> 7 & 2)); }

StunMethod method_of(uint16_t type) {
  return static_cast<StunMethod>((type & 0x000F) | (type >> 1 & 0x0070) | (type >> 2 & 0x0F80));
}

bool StunMessage::is_stun(ByteView data) {
  return data.size() >= kHeaderSize && (data[0] & 0xC0) == 0 && read_u32(data, 4) == kMagicCookie &&
         (read_u16(data, 2) & 3) == 0;
}

std::optional<StunMessage> StunMessage::decode(ByteView data, StunParseError* error) {
  auto fail = [error](StunParseError e) -> std::optional<StunMessage> {
    if (error) *error = e;
    return std::nullopt;
  };
  if (data.size() < kHeaderSize) return fail(StunParseError::kTooShort);
  if ((data[0] & 0xC0) != 0) return fail(StunParseError::kNotStun);
  if (read_u32(data, 4) != kMagicCookie) return fail(StunParseError::kBadMagicCookie);
  size_t length = read_u16(data, 2);
  if (length % 4 != 0 || kHeaderSize + length != data.size()) return fail(StunParseError::kBadLength);

  StunMessage m;
  uint16_t type = read_u16(data, 0);
  m.class_ = class_of(type);
  m.method_ = method_of(type);
  std::copy(data.begin() + 8, data.begin() + 20, m.id_.begin());

  size_t pos = kHeaderSize;
  while (pos < data.size()) {
    // The length is a multiple of 4, so at least a 4-byte attribute header remains here.
    uint16_t attr_type = read_u16(data, pos);
    size_t attr_len = read_u16(data, pos + 2);
    size_t padded = (attr_len + 3) & ~size_t{3};
    if (padded > data.size() - pos - 4) return fail(StunParseError::kAttributeOverrun);
    if (m.fingerprint_offset_) return fail(StunParseError::kFingerprintNotLast);
    ByteView value = data.subspan(pos + 4, attr_len);
    if (attr_type == attr::kFingerprint) {
      if (attr_len != 4) return fail(StunParseError::kBadFingerprintLength);
      m.fingerprint_offset_ = pos;
      m.attributes_.push_back({attr_type, Bytes(value.begin(), value.end())});
    } else if (attr_type == attr::kMessageIntegrity && !m.integrity_offset_) {
      if (attr_len != kIntegritySize) return fail(StunParseError::kBadIntegrityLength);
      m.integrity_offset_ = pos;
      m.attributes_.push_back({attr_type, Bytes(value.begin(), value.end())});
    } else if (!m.integrity_offset_ || attr_type == attr::kMessageIntegritySha256) {
      m.attributes_.push_back({attr_type, Bytes(value.begin(), value.end())});
    }
    // else: after MESSAGE-INTEGRITY, ignored (RFC 8489 §14.5).
    pos += 4 + padded;
  }
  m.raw_.assign(data.begin(), data.end());
  return m;
}

Bytes StunMessage::encode() const {
  Bytes out;
  size_t body = 0;
  for (const auto& a : attributes_) body += 4 + ((a.value.size() + 3) & ~size_t{3});
  out.reserve(kHeaderSize + body + 32);
  put_u16(out, message_type(class_, method_));
  put_u16(out, static_cast<uint16_t>(body));
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(kMagicCookie >> shift));
  out.insert(out.end(), id_.begin(), id_.end());
  for (const auto& a : attributes_) {
    put_u16(out, a.type);
    put_u16(out, static_cast<uint16_t>(a.value.size()));
    append_bytes(out, a.value);
    out.resize((out.size() + 3) & ~size_t{3}, 0);  // pad with zeros (RFC 8489 §14)
  }
  return out;
}

Bytes StunMessage::encode_with_integrity(ByteView key, bool fingerprint) const {
  Bytes out = encode();
  append_message_integrity(out, key);
  if (fingerprint) append_fingerprint(out);
  return out;
}

Bytes StunMessage::encode_with_fingerprint() const {
  Bytes out = encode();
  append_fingerprint(out);
  return out;
}

const StunAttribute* StunMessage::find(uint16_t type) const {
  for (const auto& a : attributes_)
    if (a.type == type) return &a;
  return nullptr;
}

void StunMessage::add_string(uint16_t type, std::string_view text) {
  ByteView v = as_bytes(text);
  add(type, Bytes(v.begin(), v.end()));
}

std::optional<std::string> StunMessage::get_string(uint16_t type) const {
  const StunAttribute* a = find(type);
  if (!a) return std::nullopt;
  return std::string(a->value.begin(), a->value.end());
}

std::optional<uint32_t> StunMessage::get_u32(uint16_t type) const {
  const StunAttribute* a = find(type);
  return a ? decode_u32(a->value) : std::nullopt;
}

std::optional<uint64_t> StunMessage::get_u64(uint16_t type) const {
  const StunAttribute* a = find(type);
  return a ? decode_u64(a->value) : std::nullopt;
}

std::optional<SocketAddress> StunMessage::get_address(uint16_t type) const {
  const StunAttribute* a = find(type);
  return a ? decode_address(a->value) : std::nullopt;
}

std::optional<SocketAddress> StunMessage::get_xor_address(uint16_t type) const {
  const StunAttribute* a = find(type);
  return a ? decode_xor_address(a->value, id_) : std::nullopt;
}

void StunMessage::set_error_code(int code, std::string_view reason) {
  add(attr::kErrorCode, encode_error_code({code, std::string(reason)}));
}

std::optional<StunErrorCode> StunMessage::error_code() const {
  const StunAttribute* a = find(attr::kErrorCode);
  return a ? decode_error_code(a->value) : std::nullopt;
}

void StunMessage::add_unknown_attributes(const std::vector<uint16_t>& types) {
  add(attr::kUnknownAttributes, encode_unknown_attributes(types));
}

std::optional<std::vector<uint16_t>> StunMessage::unknown_attributes() const {
  const StunAttribute* a = find(attr::kUnknownAttributes);
  return a ? decode_unknown_attributes(a->value) : std::nullopt;
}

std::vector<uint16_t> StunMessage::unknown_comprehension_required() const {
  std::vector<uint16_t> out;
  for (const auto& a : attributes_) {
    if (!is_comprehension_required(a.type) || is_known_comprehension_required(a.type)) continue;
    if (std::find(out.begin(), out.end(), a.type) == out.end()) out.push_back(a.type);
  }
  return out;
}

bool StunMessage::verify_integrity(ByteView key) const {
  return integrity_offset_ && verify_message_integrity_at(raw_, *integrity_offset_, key);
}

bool StunMessage::verify_fingerprint() const {
  return fingerprint_offset_ && verify_fingerprint_at(raw_, *fingerprint_offset_);
}

}  // namespace wasmrtc::stun
