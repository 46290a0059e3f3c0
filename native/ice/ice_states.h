// The states an ICE agent reports, shaped after the W3C enums the JS layer exposes
// (RTCIceTransportState, RTCIceGatheringState, RTCIceRole) and RFC 8445's pair states (§6.1.2.6).
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmrtc::ice {

enum class IceRole : uint8_t { kControlling, kControlled };

// RTCIceTransportState.
enum class IceTransportState : uint8_t {
  kNew,           // no checks yet (no remote candidates or credentials)
  kChecking,      // checks in flight, no pair selected
  kConnected,     // a pair is selected; checks may still run or candidates may still come
  kCompleted,     // selected, checks done, both sides' candidates complete
  kDisconnected,  // consent (RFC 7675) not refreshed for a while; may come back
  kFailed,        // every pair failed, or consent expired (30 s)
  kClosed,        // close() was called
};

// RTCIceGatheringState.
enum class IceGatheringState : uint8_t { kNew, kGathering, kComplete };

// RTCIceTransportPolicy (JSEP §4.1.1): which local candidates a gathering phase offers. kRelay
// offers relayed candidates only; the host sockets still carry the TURN traffic.
enum class IceTransportPolicy : uint8_t { kAll, kRelay };

// RFC 8445 §6.1.2.6.
enum class PairState : uint8_t { kFrozen, kWaiting, kInProgress, kSucceeded, kFailed };

// The W3C strings: "new", "checking", ..., "gathering", "complete"; "controlling"/"controlled".
std::string_view to_string(IceTransportState state);
std::string_view to_string(IceGatheringState state);
std::string_view to_string(PairState state);
std::string_view to_string(IceRole role);

}  // namespace wasmrtc::ice
