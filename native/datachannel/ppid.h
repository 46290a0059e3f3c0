// SCTP Payload Protocol Identifiers of WebRTC data channels (RFC 8831 §6.6 and §8, RFC 8832 §8.1).
#pragma once

#include <cstdint>

namespace wasmrtc::datachannel {

enum class Ppid : uint32_t {
  kDcep = 50,            // DATA_CHANNEL_OPEN / DATA_CHANNEL_ACK (RFC 8832)
  kString = 51,          // non-empty UTF-8 string
  kBinaryPartial = 52,   // deprecated (RFC 8831 §6.6): PPID-based fragmentation, never sent here
  kBinary = 53,          // non-empty binary message
  kStringPartial = 54,   // deprecated, as 52
  kStringEmpty = 56,     // empty string, sent as one 0 byte since SCTP cannot carry empty messages
  kBinaryEmpty = 57,     // empty binary message, likewise
};

constexpr uint32_t to_u32(Ppid ppid) { return static_cast<uint32_t>(ppid); }

}  // namespace wasmrtc::datachannel
