// The largest UDP payload a candidate pair's path could carry, as the ceiling of SCTP's path MTU
// discovery (RFC 8899; the probes confirm it or find less). Without a way to ask the kernel for
// an interface's MTU from wasm or Node, the link class stands in for it:
//   - loopback (the peer at 127.0.0.0/8 or ::1): the whole 65 507-byte UDP datagram;
//   - any other direct UDP path: an Ethernet frame (1 500 bytes) less the IPv4 or IPv6 and UDP
//     headers, which most paths carry;
//   - a relayed pair (either side through TURN) or TCP: 0, nothing to probe: a TURN server's
//     other leg may be TCP or a WebSocket, and the 1 200-byte base is what WebRTC stacks assume.
#pragma once

#include <cstddef>

#include "ice/candidate_pair.h"

namespace wasmrtc::peer {

size_t path_datagram_limit(const ice::CandidatePair& pair);

}  // namespace wasmrtc::peer
