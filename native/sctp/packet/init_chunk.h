// INIT and INIT-ACK (RFC 9260 §3.3.2, §3.3.3) with the parameters WebRTC peers exchange:
// Supported Extensions (RFC 5061 §4.2.7), Forward-TSN-Supported (RFC 3758 §3.1), Zero Checksum
// Acceptable (RFC 9653 §4) and, in INIT-ACK, the State Cookie.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline constexpr uint16_t kParamStateCookie = 7;
inline constexpr uint16_t kParamZeroChecksumAcceptable = 0x8001;
inline constexpr uint16_t kParamSupportedExtensions = 0x8008;
inline constexpr uint16_t kParamForwardTsnSupported = 0xC000;
// RFC 9653 §4: the error detection method "SCTP over DTLS" (RFC 8261).
inline constexpr uint32_t kZeroChecksumMethodDtls = 1;

struct InitChunk {
  bool is_ack = false;
  uint32_t initiate_tag = 0;
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  uint32_t initial_tsn = 0;
  bool forward_tsn = false;   // Forward-TSN-Supported or FORWARD-TSN in Supported Extensions
  bool reconfig = false;      // RE-CONFIG in Supported Extensions
  bool zero_checksum = false; // Zero Checksum Acceptable with the DTLS method
  Bytes state_cookie;         // INIT-ACK only

  // RFC 9260 §3.3.2: initiate tag, OS and MIS must be non-zero; nullopt otherwise.
  static std::optional<InitChunk> parse(bool is_ack, ByteView value);
  void append_to(Bytes& out) const;
};

}  // namespace wasmrtc::sctp
