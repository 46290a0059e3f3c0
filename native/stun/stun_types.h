// The vocabulary of STUN (RFC 8489) and its TURN (RFC 8656) and ICE (RFC 8445) extensions: message
// classes and methods, attribute type numbers, the magic cookie and the 96-bit transaction id.
#pragma once

#include <array>
#include <cstdint>

#include "common/random.h"

namespace wasmrtc::stun {

// RFC 8489 §5: the fixed value in bytes 4-7 that tells STUN apart from other protocols on a port.
inline constexpr uint32_t kMagicCookie = 0x2112A442;
inline constexpr size_t kHeaderSize = 20;
inline constexpr size_t kTransactionIdSize = 12;

using TransactionId = std::array<uint8_t, kTransactionIdSize>;

// RFC 8489 §6.3.1: uniformly random from a source the caller injects (CryptoRandom in production).
inline TransactionId random_transaction_id(RandomSource& random) {
  TransactionId id;
  random.fill(id);
  return id;
}

// RFC 8489 §5: the two class bits C1 C0.
enum class StunClass : uint8_t { kRequest = 0, kIndication = 1, kSuccess = 2, kError = 3 };

// RFC 8489 §18.2 and RFC 8656 §17: methods this stack speaks. Decoding keeps other values as-is
// (the enum's underlying type holds any 12-bit method).
enum class StunMethod : uint16_t {
  kBinding = 0x001,
  kAllocate = 0x003,
  kRefresh = 0x004,
  kSend = 0x006,
  kData = 0x007,
  kCreatePermission = 0x008,
  kChannelBind = 0x009,
};

// Attribute types (RFC 8489 §18.3, RFC 8656 §18, RFC 8445 §16.1). Below 0x8000 an attribute is
// comprehension-required: an agent that does not know it must reject the request (420).
namespace attr {
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kChannelNumber = 0x000C;
inline constexpr uint16_t kLifetime = 0x000D;
inline constexpr uint16_t kXorPeerAddress = 0x0012;
inline constexpr uint16_t kData = 0x0013;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kXorRelayedAddress = 0x0016;
inline constexpr uint16_t kRequestedAddressFamily = 0x0017;
inline constexpr uint16_t kEvenPort = 0x0018;
inline constexpr uint16_t kRequestedTransport = 0x0019;
inline constexpr uint16_t kDontFragment = 0x001A;
inline constexpr uint16_t kMessageIntegritySha256 = 0x001C;
inline constexpr uint16_t kXorMappedAddress = 0x0020;
inline constexpr uint16_t kReservationToken = 0x0022;
inline constexpr uint16_t kPriority = 0x0024;
inline constexpr uint16_t kUseCandidate = 0x0025;
inline constexpr uint16_t kSoftware = 0x8022;
inline constexpr uint16_t kAlternateServer = 0x8023;
inline constexpr uint16_t kFingerprint = 0x8028;
inline constexpr uint16_t kIceControlled = 0x8029;
inline constexpr uint16_t kIceControlling = 0x802A;
inline constexpr uint16_t kResponseOrigin = 0x802B;
inline constexpr uint16_t kOtherAddress = 0x802C;
}  // namespace attr

inline constexpr bool is_comprehension_required(uint16_t type) { return type < 0x8000; }

// Comprehension-required types this stack understands; anything else below 0x8000 is reported by
// StunMessage::unknown_comprehension_required() so a server or ICE agent can answer 420.
bool is_known_comprehension_required(uint16_t type);

// RFC 8489 §14.8 and RFC 8656 §18: the error codes this stack sends or reacts to.
namespace error {
inline constexpr int kTryAlternate = 300;
inline constexpr int kBadRequest = 400;
inline constexpr int kUnauthorized = 401;
inline constexpr int kForbidden = 403;
inline constexpr int kUnknownAttribute = 420;
inline constexpr int kAllocationMismatch = 437;
inline constexpr int kStaleNonce = 438;
inline constexpr int kAddressFamilyNotSupported = 440;
inline constexpr int kWrongCredentials = 441;
inline constexpr int kUnsupportedTransportProtocol = 442;
inline constexpr int kPeerAddressFamilyMismatch = 443;
inline constexpr int kAllocationQuotaReached = 486;
inline constexpr int kRoleConflict = 487;
inline constexpr int kServerError = 500;
inline constexpr int kInsufficientCapacity = 508;
}  // namespace error

}  // namespace wasmrtc::stun
