// ABORT (RFC 9260 §3.3.7) and ERROR (§3.3.10): a list of error causes; ABORT's T bit says the
// verification tag is the sender's own ("reflected", §8.5.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline constexpr uint8_t kFlagT = 0x01;  // ABORT and SHUTDOWN-COMPLETE
inline constexpr uint16_t kCauseUnrecognizedChunk = 6;
inline constexpr uint16_t kCauseUserInitiatedAbort = 12;
inline constexpr uint16_t kCauseProtocolViolation = 13;

// A readable summary of the error causes ("user initiated abort: bye", "cause 13: ...").
std::string describe_error_causes(ByteView causes);

// An ABORT or ERROR chunk carrying one cause whose value is `text`.
void append_abort(Bytes& out, bool t_bit, uint16_t cause, std::string_view text);
void append_error(Bytes& out, uint16_t cause, ByteView value);

}  // namespace wasmrtc::sctp
