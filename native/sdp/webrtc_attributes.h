// The SDP attributes WebRTC negotiates, typed: parse from an attribute value, format back to one.
// Each parse_* takes the text after "a=<name>:" and returns nullopt for a malformed value (the
// caller decides whether that rejects the description or is skipped and counted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmrtc::sdp {

// a=group:BUNDLE 0 1 2 (RFC 5888, RFC 8843).
struct Group {
  std::string semantics;            // "BUNDLE", "LS", ...
  std::vector<std::string> mids;
};
std::optional<Group> parse_group(std::string_view value);
std::string format_group(const Group& group);

// a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>] (RFC 8866 §6.6).
struct RtpMap {
  uint8_t payload_type = 0;         // 0..127
  std::string encoding;             // "opus", "VP8", "rtx", ... (case as written)
  uint32_t clock_rate = 0;
  std::optional<uint16_t> channels;
};
std::optional<RtpMap> parse_rtpmap(std::string_view value);
std::string format_rtpmap(const RtpMap& map);

// a=fmtp:<pt> <parameters> (parameters kept as text; key=value pairs split on ';').
struct Fmtp {
  uint8_t payload_type = 0;
  std::string parameters;
  // "minptime=10;useinbandfec=1" -> {{"minptime","10"},{"useinbandfec","1"}}; keys trimmed.
  std::vector<std::pair<std::string, std::string>> pairs() const;
};
std::optional<Fmtp> parse_fmtp(std::string_view value);
std::string format_fmtp(const Fmtp& fmtp);

// a=rtcp-fb:<pt or *> <type> [<subtype>] (RFC 4585 §4.2).
struct RtcpFeedback {
  std::string payload_type;         // a number or "*"
  std::string type;                 // "nack", "ccm", "goog-remb", "transport-cc"
  std::string subtype;              // "pli", "fir", or empty
};
std::optional<RtcpFeedback> parse_rtcp_fb(std::string_view value);
std::string format_rtcp_fb(const RtcpFeedback& feedback);

// a=extmap:<id>[/<direction>] <uri> [<attributes>] (RFC 8285).
struct ExtMap {
  uint16_t id = 0;                  // 1..14 one-byte, up to 255 two-byte
  std::string direction;            // empty, "sendrecv", "sendonly", "recvonly", "inactive"
  std::string uri;
  std::string attributes;
};
std::optional<ExtMap> parse_extmap(std::string_view value);
std::string format_extmap(const ExtMap& map);

// a=ssrc:<ssrc> <attribute>[:<value>] (RFC 5576).
struct SsrcAttribute {
  uint32_t ssrc = 0;
  std::string attribute;            // "cname", "msid", ...
  std::string value;
};
std::optional<SsrcAttribute> parse_ssrc(std::string_view value);
std::string format_ssrc(const SsrcAttribute& ssrc);

// a=ssrc-group:<semantics> <ssrc> ... (RFC 5576 §4.2).
struct SsrcGroup {
  std::string semantics;            // "FID", "SIM", ...
  std::vector<uint32_t> ssrcs;
};
std::optional<SsrcGroup> parse_ssrc_group(std::string_view value);
std::string format_ssrc_group(const SsrcGroup& group);

// a=msid:<stream id> [<track id>] (RFC 8830); stream id "-" means no stream.
struct Msid {
  std::string stream_id;
  std::string track_id;
};
std::optional<Msid> parse_msid(std::string_view value);
std::string format_msid(const Msid& msid);

// Media direction attributes (RFC 8866 §6.7): the attribute's name is the direction.
enum class Direction { kSendRecv, kSendOnly, kRecvOnly, kInactive };
std::optional<Direction> parse_direction(std::string_view attribute_name);
std::string_view direction_name(Direction direction);
// What the other side's view of a direction is (sendonly <-> recvonly).
Direction reverse(Direction direction);

// a=sctp-port:<port> (RFC 8841 §5); a=max-message-size:<bytes> (RFC 8841 §6, 0 = no limit).
std::optional<uint16_t> parse_sctp_port(std::string_view value);
std::optional<uint64_t> parse_max_message_size(std::string_view value);

// Legacy data channel m-lines (before RFC 8841): "m=application 9 DTLS/SCTP 5000" with
// a=sctpmap:5000 webrtc-datachannel 1024. Returns the SCTP port from the sctpmap value.
std::optional<uint16_t> parse_sctpmap_port(std::string_view value);

// a=ice-options:trickle ice2 (RFC 8839 §5.6): the space-separated tokens.
std::vector<std::string> parse_ice_options(std::string_view value);

}  // namespace wasmrtc::sdp
