// HEARTBEAT and HEARTBEAT-ACK (RFC 9260 §3.3.5, §3.3.6): one Heartbeat Info parameter whose
// content the receiver echoes untouched.
#pragma once

#include <optional>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline constexpr uint16_t kParamHeartbeatInfo = 1;

void append_heartbeat(Bytes& out, bool ack, ByteView info);
// The Heartbeat Info value, or nullopt if the chunk holds no such parameter.
std::optional<ByteView> parse_heartbeat_info(ByteView value);

}  // namespace wasmrtc::sctp
