#include "peer/connection_state.h"

namespace wasmrtc::peer {

using ice::IceTransportState;
using dtls::DtlsState;

std::string_view to_string(IceConnectionState state) {
  switch (state) {
    case IceConnectionState::kNew: return "new";
    case IceConnectionState::kChecking: return "checking";
    case IceConnectionState::kConnected: return "connected";
    case IceConnectionState::kCompleted: return "completed";
    case IceConnectionState::kDisconnected: return "disconnected";
    case IceConnectionState::kFailed: return "failed";
    case IceConnectionState::kClosed: return "closed";
  }
  return "?";
}

std::string_view to_string(PeerConnectionState state) {
  switch (state) {
    case PeerConnectionState::kNew: return "new";
    case PeerConnectionState::kConnecting: return "connecting";
    case PeerConnectionState::kConnected: return "connected";
    case PeerConnectionState::kDisconnected: return "disconnected";
    case PeerConnectionState::kFailed: return "failed";
    case PeerConnectionState::kClosed: return "closed";
  }
  return "?";
}

IceConnectionState aggregate_ice_connection_state(bool closed, bool has_transport, IceTransportState ice) {
  if (closed) return IceConnectionState::kClosed;
  // "new: none of the previous states apply and all transports are new or closed, or there are
  // no transports". With one transport the rest of the table is that transport's own state.
  if (!has_transport) return IceConnectionState::kNew;
  switch (ice) {
    case IceTransportState::kNew: return IceConnectionState::kNew;
    case IceTransportState::kChecking: return IceConnectionState::kChecking;
    case IceTransportState::kConnected: return IceConnectionState::kConnected;
    case IceTransportState::kCompleted: return IceConnectionState::kCompleted;
    case IceTransportState::kDisconnected: return IceConnectionState::kDisconnected;
    case IceTransportState::kFailed: return IceConnectionState::kFailed;
    case IceTransportState::kClosed: return IceConnectionState::kNew;  // a stopped transport counts as closed: "new"
  }
  return IceConnectionState::kNew;
}

PeerConnectionState aggregate_connection_state(bool closed, bool has_transport, IceTransportState ice,
                                               DtlsState dtls) {
  if (closed) return PeerConnectionState::kClosed;
  if (!has_transport) return PeerConnectionState::kNew;
  // Rows in the spec's order: the first that matches wins.
  if (ice == IceTransportState::kFailed || dtls == DtlsState::kFailed) return PeerConnectionState::kFailed;
  if (ice == IceTransportState::kDisconnected) return PeerConnectionState::kDisconnected;
  const bool ice_idle = ice == IceTransportState::kNew || ice == IceTransportState::kClosed;
  const bool dtls_idle = dtls == DtlsState::kNew || dtls == DtlsState::kClosed;
  if (ice_idle && dtls_idle) return PeerConnectionState::kNew;
  if (ice == IceTransportState::kNew || ice == IceTransportState::kChecking || dtls == DtlsState::kNew ||
      dtls == DtlsState::kConnecting) {
    return PeerConnectionState::kConnecting;
  }
  // All ICE connected/completed/closed and all DTLS connected/closed.
  return PeerConnectionState::kConnected;
}

}  // namespace wasmrtc::peer
