// A STUN message (RFC 8489 §5): class, method, transaction id and an ordered attribute list, with
// encode and a defensive decode. MESSAGE-INTEGRITY and FINGERPRINT are added at encode time and
// verified against the bytes the message was decoded from (stun_integrity.h has the byte-level
// functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/socket_address.h"
#include "stun/stun_attributes.h"
#include "stun/stun_types.h"

namespace wasmrtc::stun {

// Why decode() refused a datagram; callers count these (never crash, never trust).
enum class StunParseError {
  kTooShort,            // fewer than 20 bytes
  kNotStun,             // the first two bits are not 00
  kBadMagicCookie,      // bytes 4-7 are not 0x2112A442
  kBadLength,           // length field not a multiple of 4 or not equal to the bytes that follow
  kAttributeOverrun,    // an attribute's length runs past the end of the message
  kBadIntegrityLength,  // MESSAGE-INTEGRITY not 20 bytes
  kBadFingerprintLength,  // FINGERPRINT not 4 bytes
  kFingerprintNotLast,  // attributes follow FINGERPRINT (RFC 8489 §14.7: it must be last)
};
std::string_view to_string(StunParseError error);

struct StunAttribute {
  uint16_t type = 0;
  Bytes value;
};

class StunMessage {
 public:
  StunMessage() = default;
  StunMessage(StunClass cls, StunMethod method, const TransactionId& id)
      : class_(cls), method_(method), id_(id) {}

  // Quick check for demultiplexing (RFC 7983): at least 20 bytes, top bits 00, the magic cookie.
  static bool is_stun(ByteView data);

  // Parses a whole message. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored
  // (RFC 8489 §14.5); they are not in attributes() but remain covered by raw().
  static std::optional<StunMessage> decode(ByteView data, StunParseError* error = nullptr);

  // The bytes as they stand: no MESSAGE-INTEGRITY or FINGERPRINT is added by this call (any of
  // those in attributes() are written as they are).
  Bytes encode() const;
  // Appends MESSAGE-INTEGRITY computed with `key` (see stun_integrity.h for short- and long-term
  // keys) and, if asked, FINGERPRINT after it.
  Bytes encode_with_integrity(ByteView key, bool fingerprint = true) const;
  Bytes encode_with_fingerprint() const;

  StunClass message_class() const { return class_; }
  StunMethod method() const { return method_; }
  const TransactionId& transaction_id() const { return id_; }
  void set_class(StunClass cls) { class_ = cls; }
  void set_method(StunMethod method) { method_ = method; }
  void set_transaction_id(const TransactionId& id) { id_ = id; }

  // Raw attribute access, in wire order.
  const std::vector<StunAttribute>& attributes() const { return attributes_; }
  void add(uint16_t type, Bytes value) { attributes_.push_back({type, std::move(value)}); }
  const StunAttribute* find(uint16_t type) const;  // the first of that type, or nullptr
  bool has(uint16_t type) const { return find(type) != nullptr; }

  // Typed helpers. Getters return nullopt when the attribute is absent or malformed.
  void add_string(uint16_t type, std::string_view text);  // USERNAME, REALM, NONCE, SOFTWARE
  std::optional<std::string> get_string(uint16_t type) const;
  void add_u32(uint16_t type, uint32_t value) { add(type, encode_u32(value)); }  // PRIORITY, LIFETIME
  std::optional<uint32_t> get_u32(uint16_t type) const;
  void add_u64(uint16_t type, uint64_t value) { add(type, encode_u64(value)); }  // ICE-CONTROLL(ED|ING)
  std::optional<uint64_t> get_u64(uint16_t type) const;
  void add_flag(uint16_t type) { add(type, {}); }  // USE-CANDIDATE, DONT-FRAGMENT
  void add_address(uint16_t type, const SocketAddress& a) { add(type, encode_address(a)); }
  std::optional<SocketAddress> get_address(uint16_t type) const;
  // XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS (uses this message's transaction id,
  // so set the id before adding).
  void add_xor_address(uint16_t type, const SocketAddress& a) { add(type, encode_xor_address(a, id_)); }
  std::optional<SocketAddress> get_xor_address(uint16_t type) const;
  void set_error_code(int code, std::string_view reason);
  std::optional<StunErrorCode> error_code() const;
  void add_unknown_attributes(const std::vector<uint16_t>& types);
  std::optional<std::vector<uint16_t>> unknown_attributes() const;

  // Comprehension-required attribute types this stack does not understand, in wire order without
  // duplicates: a server or ICE agent answers a request carrying any with 420 and UNKNOWN-ATTRIBUTES
  // (RFC 8489 §6.3.1.1); a client treats such a response as failed.
  std::vector<uint16_t> unknown_comprehension_required() const;

  // Integrity of a decoded message (false for one built in memory, or without the attribute).
  bool has_integrity() const { return integrity_offset_.has_value(); }
  bool has_fingerprint() const { return fingerprint_offset_.has_value(); }
  bool verify_integrity(ByteView key) const;
  bool verify_fingerprint() const;
  // The bytes this message was decoded from (empty if it was built in memory).
  const Bytes& raw() const { return raw_; }

 private:
  StunClass class_ = StunClass::kRequest;
  StunMethod method_ = StunMethod::kBinding;
  TransactionId id_{};
  std::vector<StunAttribute> attributes_;
  Bytes raw_;
  std::optional<size_t> integrity_offset_;    // where MESSAGE-INTEGRITY's header starts in raw_
  std::optional<size_t> fingerprint_offset_;  // where FINGERPRINT's header starts in raw_
};

// RFC 8489 §5: the 14-bit message type interleaves the 12 method bits with the 2 class bits.
uint16_t message_type(StunClass cls, StunMethod method);
StunClass class_of(uint16_t message_type);
StunMethod method_of(uint16_t message_type);

}  // namespace wasmrtc::stun
