// The W3C RTCSignalingState machine (webrtc-pc §4.3.1, "set the session description"): which
// description types may be applied in which state, and the state that follows. Pure functions, so
// the table is tested on its own.
#pragma once

#include <optional>
#include <string_view>

#include "common/result.h"

namespace wasmrtc::peer {

enum class SignalingState {
  kStable,
  kHaveLocalOffer,
  kHaveRemoteOffer,
  kHaveLocalPranswer,
  kHaveRemotePranswer,
  kClosed,
};

// RTCSdpType.
enum class SdpType { kOffer, kPranswer, kAnswer, kRollback };

enum class DescriptionSource { kLocal, kRemote };

// "stable", "have-local-offer", ...; "offer", "pranswer", "answer", "rollback".
std::string_view to_string(SignalingState state);
std::string_view to_string(SdpType type);
std::optional<SdpType> parse_sdp_type(std::string_view text);

// The state after applying a description of `type` from `source` in `state`, or kInvalidState
// (InvalidStateError) when the spec does not allow it: e.g. a local answer in stable, a remote
// answer without a local offer, a rollback in stable. Rollback returns to stable from
// have-local-offer or have-remote-offer, whichever side applies it. Offers in
// have-remote-offer (remote) / have-local-offer (local) replace the pending offer. Closed is final.
Result<SignalingState> next_signaling_state(SignalingState state, DescriptionSource source, SdpType type);

}  // namespace wasmrtc::peer
