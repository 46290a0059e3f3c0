// DCEP messages (RFC 8832 §5): DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK, carried with PPID 50.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "common/bytes.h"
#include "common/result.h"

namespace wasmrtc::datachannel {

// RFC 8832 §5.1. Bit 0x80 means unordered; the low bits choose the reliability.
enum class ChannelType : uint8_t {
  kReliable = 0x00,
  kReliableUnordered = 0x80,
  kPartialReliableRexmit = 0x01,
  kPartialReliableRexmitUnordered = 0x81,
  kPartialReliableTimed = 0x02,
  kPartialReliableTimedUnordered = 0x82,
};

enum class DcepMessageType : uint8_t {
  kAck = 0x02,   // RFC 8832 §5.2
  kOpen = 0x03,  // RFC 8832 §5.1
};

constexpr bool is_ordered(ChannelType type) { return (static_cast<uint8_t>(type) & 0x80) == 0; }
constexpr bool is_rexmit(ChannelType type) { return (static_cast<uint8_t>(type) & 0x7f) == 0x01; }
constexpr bool is_timed(ChannelType type) { return (static_cast<uint8_t>(type) & 0x7f) == 0x02; }

// The channel type for W3C options (ordered, maxRetransmits set, maxPacketLifeTime set); at most one
// of the two reliability limits may be set (the caller checks, as W3C createDataChannel does).
ChannelType channel_type_for(bool ordered, bool max_retransmits_set, bool max_packet_life_time_set);

struct DcepOpen {
  ChannelType channel_type = ChannelType::kReliable;
  uint16_t priority = 0;
  // Retransmissions (rexmit types) or milliseconds (timed types); ignored for reliable types.
  uint32_t reliability_parameter = 0;
  std::string label;
  std::string protocol;
};

struct DcepAck {};

using DcepMessage = std::variant<DcepOpen, DcepAck>;

// Parses the payload of a PPID 50 message. Errors (kInvalidArgument) say what was wrong: empty
// input, an unknown or reserved message type, an unknown channel type, a truncated header, or a
// label/protocol length that runs past the end. Bytes after the label and protocol of an OPEN, or
// after an ACK's type byte, are tolerated (no extension defines them; libwebrtc tolerates them too).
Result<DcepMessage> parse_dcep_message(ByteView payload);

// Fails (kInvalidArgument) only when the label or protocol is longer than 65535 bytes.
Result<Bytes> serialize_dcep_open(const DcepOpen& open);
Bytes serialize_dcep_ack();

}  // namespace wasmrtc::datachannel
