// An ICE candidate and its SDP/W3C text form: the "candidate-attribute" grammar of RFC 8839 §5.1,
// plus the extension attributes browsers emit (tcptype from RFC 6544, generation, ufrag,
// network-id, network-cost from libwebrtc). Unknown extensions are kept, in order, so a candidate
// relayed through this stack is not silently stripped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/socket_address.h"

namespace wasmrtc::ice {

enum class CandidateType : uint8_t { kHost, kServerReflexive, kPeerReflexive, kRelayed };
enum class TransportProtocol : uint8_t { kUdp, kTcp };
// RFC 6544 §4.5; kNone for UDP candidates.
enum class TcpType : uint8_t { kNone, kActive, kPassive, kSimultaneousOpen };

std::string_view candidate_type_name(CandidateType type);  // "host", "srflx", "prflx", "relay"
std::string_view transport_name(TransportProtocol protocol);  // "udp", "tcp"

struct Candidate {
  std::string foundation;  // 1*32 ice-char
  uint16_t component = 1;  // 1..256 (RTP = 1, RTCP = 2)
  TransportProtocol protocol = TransportProtocol::kUdp;
  uint32_t priority = 0;
  // The transport address. When the connection-address is a DNS name (browsers hide host
  // addresses behind mDNS "<uuid>.local" names, draft-ietf-mmusic-mdns-ice-candidates), `hostname`
  // holds it and address.ip() is unspecified; address.port() is the port either way.
  SocketAddress address;
  std::string hostname;
  CandidateType type = CandidateType::kHost;
  // raddr/rport (RFC 8839 §5.1): the base of a reflexive candidate, the mapped address of a
  // relayed one. Chrome sends "raddr 0.0.0.0 rport 0" to hide the host address.
  std::optional<SocketAddress> related_address;
  std::string related_hostname;  // raddr given as a name (rare)
  TcpType tcp_type = TcpType::kNone;
  std::optional<uint32_t> generation;
  std::string ufrag;  // empty: absent
  std::optional<uint32_t> network_id;
  std::optional<uint32_t> network_cost;
  std::vector<std::pair<std::string, std::string>> extensions;  // unknown ones, in order

  bool has_hostname() const { return !hostname.empty(); }
  // A name ending in ".local" (mDNS): resolve through the driver or skip.
  bool is_mdns() const;
  // The W3C RTCIceCandidate.candidate string: "candidate:<foundation> 1 udp ...", no "a=".
  std::string to_string() const;

  bool operator==(const Candidate&) const = default;
};

// Parses a candidate line with or without the "a=candidate:" / "candidate:" prefix (trailing
// CR/LF ignored). Errors are kInvalidArgument with a message naming the bad field.
Result<Candidate> parse_candidate(std::string_view text);

// RFC 8445 §5.1.2.2 recommended type preferences: host 126, prflx 110, srflx 100, relay 0.
uint32_t type_preference(CandidateType type);
// RFC 8445 §5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component).
uint32_t compute_priority(CandidateType type, uint16_t local_preference, uint16_t component);
// RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, base IP address,
// STUN/TURN server address (if any) and transport. Returns a short decimal string derived from
// those, stable across runs so a restart keeps its foundations.
std::string compute_foundation(CandidateType type, const IpAddress& base,
                               const std::optional<IpAddress>& server, TransportProtocol protocol);

}  // namespace wasmrtc::ice
