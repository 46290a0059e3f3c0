// ICE server URLs (RFC 7064 stun/stuns, RFC 7065 turn/turns) and the W3C webrtc-pc "validate an ICE
// server" checks. The JS layer maps the error codes: kInvalidArgument -> SyntaxError (the URL does
// not parse, or has a bad scheme or query), kInvalidAccess -> InvalidAccessError (a turn(s) URL
// without username or credential).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/socket_address.h"
#include "ice/candidate.h"

namespace wasmrtc::ice {

enum class IceServerScheme : uint8_t { kStun, kStuns, kTurn, kTurns };

struct IceServerUrl {
  IceServerScheme scheme = IceServerScheme::kStun;
  std::string host;           // DNS name, or the IP address text (IPv6 without brackets)
  std::optional<IpAddress> ip;  // set when host is an IP literal (no DNS lookup needed)
  uint16_t port = 3478;       // 3478 for stun/turn, 5349 for stuns/turns unless given
  // ?transport= (turn/turns only); without it UDP for stun/turn and TCP (TLS) for stuns/turns.
  TransportProtocol transport = TransportProtocol::kUdp;
  bool transport_given = false;

  bool is_turn() const { return scheme == IceServerScheme::kTurn || scheme == IceServerScheme::kTurns; }
  bool is_secure() const { return scheme == IceServerScheme::kStuns || scheme == IceServerScheme::kTurns; }
  // Canonical text: "turn:[2001:db8::1]:3478?transport=tcp" (port and transport only if given
  // or non-default).
  std::string to_string() const;

  bool operator==(const IceServerUrl&) const = default;
};

// Parses one URL (scheme case-insensitive). kInvalidArgument with a message on any syntax error.
Result<IceServerUrl> parse_ice_server_url(std::string_view url);

// W3C "validate an ICE server" for one URL of an RTCIceServer: parse it, then require username and
// credential for turn/turns (absent = nullopt; an empty string counts as present, as the spec says).
Result<IceServerUrl> validate_ice_server_url(std::string_view url,
                                             const std::optional<std::string>& username,
                                             const std::optional<std::string>& credential);

}  // namespace wasmrtc::ice
