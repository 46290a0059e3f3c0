// RTCIceConnectionState and RTCPeerConnectionState aggregated from the transports exactly as the
// W3C tables define them (webrtc-pc §4.3.3 and §4.3.4). wasmrtc always bundles onto one ICE + DTLS
// transport pair, so the "any / all transports" of the tables range over that one pair (or over
// none before the first description is applied).
#pragma once

#include <string_view>

#include "dtls/dtls_transport.h"
#include "ice/ice_states.h"

namespace wasmrtc::peer {

enum class IceConnectionState { kNew, kChecking, kConnected, kCompleted, kDisconnected, kFailed, kClosed };
enum class PeerConnectionState { kNew, kConnecting, kConnected, kDisconnected, kFailed, kClosed };

std::string_view to_string(IceConnectionState state);
std::string_view to_string(PeerConnectionState state);

// `has_transport` is false until a description created the transports; `closed` is the
// RTCPeerConnection's [[IsClosed]].
IceConnectionState aggregate_ice_connection_state(bool closed, bool has_transport, ice::IceTransportState ice);
PeerConnectionState aggregate_connection_state(bool closed, bool has_transport, ice::IceTransportState ice,
                                               dtls::DtlsState dtls);

}  // namespace wasmrtc::peer
