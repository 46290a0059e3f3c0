#include "peer/signaling_state.h"

#include <string>

namespace wasmrtc::peer {

std::string_view to_string(SignalingState state) {
  switch (state) {
    case SignalingState::kStable: return "stable";
    case SignalingState::kHaveLocalOffer: return "have-local-offer";
    case SignalingState::kHaveRemoteOffer: return "have-remote-offer";
    case SignalingState::kHaveLocalPranswer: return "have-local-pranswer";
    case SignalingState::kHaveRemotePranswer: return "have-remote-pranswer";
    case SignalingState::kClosed: return "closed";
  }
  return "?";
}

std::string_view to_string(SdpType type) {
  switch (type) {
    case SdpType::kOffer: return "offer";
    case SdpType::kPranswer: return "pranswer";
    case SdpType::kAnswer: return "answer";
    case SdpType::kRollback: return "rollback";
  }
  return "?";
}

std::optional<SdpType> parse_sdp_type(std::string_view text) {
  if (text == "offer") return SdpType::kOffer;
  if (text == "pranswer") return SdpType::kPranswer;
  if (text == "answer") return SdpType::kAnswer;
  if (text == "rollback") return SdpType::kRollback;
  return std::nullopt;
}

Result<SignalingState> next_signaling_state(SignalingState state, DescriptionSource source, SdpType type) {
  using S = SignalingState;
  const bool local = source == DescriptionSource::kLocal;
  std::optional<S> next;
  switch (type) {
    case SdpType::kOffer:
      if (local && (state == S::kStable || state == S::kHaveLocalOffer)) next = S::kHaveLocalOffer;
      if (!local && (state == S::kStable || state == S::kHaveRemoteOffer)) next = S::kHaveRemoteOffer;
      break;
    case SdpType::kPranswer:
      if (local && (state == S::kHaveRemoteOffer || state == S::kHaveLocalPranswer)) next = S::kHaveLocalPranswer;
      if (!local && (state == S::kHaveLocalOffer || state == S::kHaveRemotePranswer)) next = S::kHaveRemotePranswer;
      break;
    case SdpType::kAnswer:
      if (local && (state == S::kHaveRemoteOffer || state == S::kHaveLocalPranswer)) next = S::kStable;
      if (!local && (state == S::kHaveLocalOffer || state == S::kHaveRemotePranswer)) next = S::kStable;
      break;
    case SdpType::kRollback:
      // webrtc-pc §4.4.1.6: rollback only undoes a pending offer (either side's, from either
      // setLocalDescription or setRemoteDescription); in stable or a pranswer state it is an
      // InvalidStateError.
      if (state == S::kHaveLocalOffer || state == S::kHaveRemoteOffer) next = S::kStable;
      break;
  }
  if (!next) {
    return make_error(ErrorCode::kInvalidState,
                      std::string("cannot apply a ") + (local ? "local " : "remote ") + std::string(to_string(type)) +
                          " in signaling state " + std::string(to_string(state)));
  }
  return *next;
}

}  // namespace wasmrtc::peer
