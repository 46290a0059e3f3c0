#include "ice/ice_states.h"

namespace wasmrtc::ice {

std::string_view to_string(IceTransportState state) {
  switch (state) {
    case IceTransportState::kNew: return "new";
    case IceTransportState::kChecking: return "checking";
    case IceTransportState::kConnected: return "connected";
    case IceTransportState::kCompleted: return "completed";
    case IceTransportState::kDisconnected: return "disconnected";
    case IceTransportState::kFailed: return "failed";
    case IceTransportState::kClosed: return "closed";
  }
  return "?";
}

std::string_view to_string(IceGatheringState state) {
  switch (state) {
    case IceGatheringState::kNew: return "new";
    case IceGatheringState::kGathering: return "gathering";
    case IceGatheringState::kComplete: return "complete";
  }
  return "?";
}

std::string_view to_string(PairState state) {
  switch (state) {
    case PairState::kFrozen: return "frozen";
    case PairState::kWaiting: return "waiting";
    case PairState::kInProgress: return "in-progress";
    case PairState::kSucceeded: return "succeeded";
    case PairState::kFailed: return "failed";
  }
  return "?";
}

std::string_view to_string(IceRole role) {
  return role == IceRole::kControlling ? "controlling" : "controlled";
}

}  // namespace wasmrtc::ice
