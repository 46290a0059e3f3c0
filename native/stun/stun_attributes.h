// Codecs for the value part of the structured STUN attributes (RFC 8489 §14). Each decoder checks
// every length and returns nullopt on malformed input; StunMessage's typed getters use these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/socket_address.h"
#include "stun/stun_types.h"

namespace wasmrtc::stun {

// MAPPED-ADDRESS / ALTERNATE-SERVER layout (RFC 8489 §14.1): reserved, family, port, address.
Bytes encode_address(const SocketAddress& address);
std::optional<SocketAddress> decode_address(ByteView value);

// XOR-MAPPED-ADDRESS layout (RFC 8489 §14.2): port xor the cookie's top 16 bits, IPv4 xor the
// cookie, IPv6 xor the cookie followed by the transaction id. Also XOR-PEER/RELAYED-ADDRESS.
Bytes encode_xor_address(const SocketAddress& address, const TransactionId& id);
std::optional<SocketAddress> decode_xor_address(ByteView value, const TransactionId& id);

// ERROR-CODE (RFC 8489 §14.8): code 300-699 split into class and number, then a UTF-8 reason.
struct StunErrorCode {
  int code = 0;
  std::string reason;
};
Bytes encode_error_code(const StunErrorCode& error);
std::optional<StunErrorCode> decode_error_code(ByteView value);

// UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): a list of 16-bit attribute types.
Bytes encode_unknown_attributes(const std::vector<uint16_t>& types);
std::optional<std::vector<uint16_t>> decode_unknown_attributes(ByteView value);

// Fixed-size big-endian integers (PRIORITY, LIFETIME, ICE-CONTROLLING's tie-breaker...).
Bytes encode_u32(uint32_t value);
std::optional<uint32_t> decode_u32(ByteView value);
Bytes encode_u64(uint64_t value);
std::optional<uint64_t> decode_u64(ByteView value);

// CHANNEL-NUMBER (RFC 8656 §18.1): the number, then 16 reserved bits.
Bytes encode_channel_number(uint16_t channel);
std::optional<uint16_t> decode_channel_number(ByteView value);

// REQUESTED-TRANSPORT (RFC 8656 §18.7): protocol number (17 = UDP), then 24 reserved bits.
inline constexpr uint8_t kTransportUdp = 17;
Bytes encode_requested_transport(uint8_t protocol);
std::optional<uint8_t> decode_requested_transport(ByteView value);

}  // namespace wasmrtc::stun
