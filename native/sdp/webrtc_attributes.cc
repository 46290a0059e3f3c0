// Typed WebRTC attribute values (webrtc_attributes.h). Each parser takes the text after "a=<name>:"
// as the session description model stored it (trailing blanks already trimmed) and returns nullopt
// for anything outside the grammar or range its RFC gives; no parser throws or reads past its input.
#include "sdp/webrtc_attributes.h"

namespace wasmrtc::sdp {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits on runs of spaces or tabs; tokens are never empty.
std::vector<std::string_view> split_blanks(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// The first blank-separated token and the rest with its leading blanks removed.
std::pair<std::string_view, std::string_view> split_first(std::string_view s) {
  s = trim(s);
  size_t i = 0;
  while (i < s.size() && !is_space(s[i])) ++i;
  return {s.substr(0, i), trim(s.substr(i))};
}

// Decimal digits only (no sign, no blanks), at most `max`. 20 digits cover uint64_t; the overflow
// check keeps a 20-digit value above 2^64-1 from wrapping.
std::optional<uint64_t> parse_decimal(std::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  if (v > max) return std::nullopt;
  return v;
}

// RTP payload types are 7 bits (RFC 3550 §5.1).
std::optional<uint8_t> parse_payload_type(std::string_view s) {
  auto v = parse_decimal(s, 127);
  if (!v) return std::nullopt;
  return static_cast<uint8_t>(*v);
}

std::string join(std::string_view first, const std::vector<std::string>& rest) {
  std::string out(first);
  for (const std::string& item : rest) {
    out += ' ';
    out += item;
  }
  return out;
}

}  // namespace

// --- group ---------------------------------------------------------------------------------------

std::optional<Group> parse_group(std::string_view value) {
  auto tokens = split_blanks(value);
  if (tokens.empty()) return std::nullopt;
  // RFC 5888 §5 allows a group with no identification tags; Chrome writes "a=group:BUNDLE" alone
  // when every m-line was rejected, so it parses.
  Group group;
  group.semantics = tokens[0];
  for (size_t i = 1; i < tokens.size(); ++i) group.mids.emplace_back(tokens[i]);
  return group;
}

std::string format_group(const Group& group) { return join(group.semantics, group.mids); }

// --- rtpmap --------------------------------------------------------------------------------------

std::optional<RtpMap> parse_rtpmap(std::string_view value) {
  auto tokens = split_blanks(value);
  if (tokens.size() != 2) return std::nullopt;
  auto pt = parse_payload_type(tokens[0]);
  if (!pt) return std::nullopt;
  std::string_view rest = tokens[1];
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  RtpMap map;
  map.payload_type = *pt;
  map.encoding = rest.substr(0, slash);
  rest = rest.substr(slash + 1);
  std::string_view clock = rest;
  std::optional<std::string_view> channels;
  if (size_t second = rest.find('/'); second != std::string_view::npos) {
    clock = rest.substr(0, second);
    channels = rest.substr(second + 1);
  }
  // A clock rate of 0 Hz would make every RTP timestamp computation divide by zero downstream.
  auto rate = parse_decimal(clock, UINT32_MAX);
  if (!rate || *rate == 0) return std::nullopt;
  map.clock_rate = static_cast<uint32_t>(*rate);
  if (channels) {
    auto n = parse_decimal(*channels, 65535);
    if (!n || *n == 0) return std::nullopt;
    map.channels = static_cast<uint16_t>(*n);
  }
  return map;
}

std::string format_rtpmap(const RtpMap& map) {
  std::string out = std::to_string(map.payload_type) + ' ' + map.encoding + '/' + std::to_string(map.clock_rate);
  if (map.channels) out += '/' + std::to_string(*map.channels);
  return out;
}

// --- fmtp ----------------------------------------------------------------------------------------

std::optional<Fmtp> parse_fmtp(std::string_view value) {
  auto [pt_text, parameters] = split_first(value);
  auto pt = parse_payload_type(pt_text);
  if (!pt) return std::nullopt;
  // Parameters are codec-specific free text (RFC 8866 §6.15); an empty one is useless but harmless.
  return Fmtp{*pt, std::string(parameters)};
}

std::string format_fmtp(const Fmtp& fmtp) {
  std::string out = std::to_string(fmtp.payload_type);
  if (!fmtp.parameters.empty()) out += ' ' + fmtp.parameters;
  return out;
}

std::vector<std::pair<std::string, std::string>> Fmtp::pairs() const {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view rest = parameters;
  while (!rest.empty()) {
    size_t semicolon = rest.find(';');
    std::string_view item = trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    if (item.empty()) continue;
    // Values without '=' exist ("0-15" for telephone-event, "111/111" for RED): key only.
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string(item), std::string());
    } else {
      out.emplace_back(std::string(trim(item.substr(0, eq))), std::string(trim(item.substr(eq + 1))));
    }
  }
  return out;
}

// --- rtcp-fb -------------------------------------------------------------------------------------

std::optional<RtcpFeedback> parse_rtcp_fb(std::string_view value) {
  auto [pt, rest] = split_first(value);
  if (pt != "*" && !parse_payload_type(pt)) return std::nullopt;
  auto [type, subtype] = split_first(rest);
  if (type.empty()) return std::nullopt;
  // The subtype keeps everything after the type: "ccm tmmbr smaxpr=120" has parameters after it.
  return RtcpFeedback{std::string(pt), std::string(type), std::string(subtype)};
}

std::string format_rtcp_fb(const RtcpFeedback& feedback) {
  std::string out = feedback.payload_type + ' ' + feedback.type;
  if (!feedback.subtype.empty()) out += ' ' + feedback.subtype;
  return out;
}

// --- extmap --------------------------------------------------------------------------------------

std::optional<ExtMap> parse_extmap(std::string_view value) {
  auto [id_text, rest] = split_first(value);
  ExtMap map;
  if (size_t slash = id_text.find('/'); slash != std::string_view::npos) {
    std::string_view direction = id_text.substr(slash + 1);
    if (!parse_direction(direction)) return std::nullopt;
    map.direction = direction;
    id_text = id_text.substr(0, slash);
  }
  // 1-14 for one-byte headers, up to 255 with two-byte headers (RFC 8285 §5); 0 and 15 are
  // reserved in the one-byte form but 15 is a valid two-byte id, so only 0 is refused.
  auto id = parse_decimal(id_text, 255);
  if (!id || *id == 0) return std::nullopt;
  map.id = static_cast<uint16_t>(*id);
  auto [uri, attributes] = split_first(rest);
  if (uri.empty()) return std::nullopt;
  map.uri = uri;
  map.attributes = attributes;
  return map;
}

std::string format_extmap(const ExtMap& map) {
  std::string out = std::to_string(map.id);
  if (!map.direction.empty()) out += '/' + map.direction;
  out += ' ' + map.uri;
  if (!map.attributes.empty()) out += ' ' + map.attributes;
  return out;
}

// --- ssrc, ssrc-group ----------------------------------------------------------------------------

std::optional<SsrcAttribute> parse_ssrc(std::string_view value) {
  auto [ssrc_text, rest] = split_first(value);
  auto ssrc = parse_decimal(ssrc_text, UINT32_MAX);
  if (!ssrc || rest.empty()) return std::nullopt;
  SsrcAttribute attribute;
  attribute.ssrc = static_cast<uint32_t>(*ssrc);
  // The value may hold spaces ("msid:stream track"), so only the first ':' splits.
  size_t colon = rest.find(':');
  std::string_view name = rest.substr(0, colon);
  if (name.empty() || name.find(' ') != std::string_view::npos || name.find('\t') != std::string_view::npos)
    return std::nullopt;
  attribute.attribute = name;
  if (colon != std::string_view::npos) attribute.value = rest.substr(colon + 1);
  return attribute;
}

std::string format_ssrc(const SsrcAttribute& ssrc) {
  std::string out = std::to_string(ssrc.ssrc) + ' ' + ssrc.attribute;
  if (!ssrc.value.empty()) out += ':' + ssrc.value;
  return out;
}

std::optional<SsrcGroup> parse_ssrc_group(std::string_view value) {
  auto tokens = split_blanks(value);
  if (tokens.size() < 2) return std::nullopt;
  SsrcGroup group;
  group.semantics = tokens[0];
  for (size_t i = 1; i < tokens.size(); ++i) {
    auto ssrc = parse_decimal(tokens[i], UINT32_MAX);
    if (!ssrc) return std::nullopt;
    group.ssrcs.push_back(static_cast<uint32_t>(*ssrc));
  }
  return group;
}

std::string format_ssrc_group(const SsrcGroup& group) {
  std::string out = group.semantics;
  for (uint32_t ssrc : group.ssrcs) out += ' ' + std::to_string(ssrc);
  return out;
}

// --- msid ----------------------------------------------------------------------------------------

std::optional<Msid> parse_msid(std::string_view value) {
  // RFC 8830 §2: msid-id [SP msid-appdata]. The 64-character limit it states is not enforced:
  // libwebrtc lets applications choose stream ids, and a longer one is harmless to us.
  auto tokens = split_blanks(value);
  if (tokens.empty() || tokens.size() > 2) return std::nullopt;
  Msid msid;
  msid.stream_id = tokens[0];
  if (tokens.size() == 2) msid.track_id = tokens[1];
  return msid;
}

std::string format_msid(const Msid& msid) {
  return msid.track_id.empty() ? msid.stream_id : msid.stream_id + ' ' + msid.track_id;
}

// --- direction -----------------------------------------------------------------------------------

std::optional<Direction> parse_direction(std::string_view attribute_name) {
  if (attribute_name == "sendrecv") return Direction::kSendRecv;
  if (attribute_name == "sendonly") return Direction::kSendOnly;
  if (attribute_name == "recvonly") return Direction::kRecvOnly;
  if (attribute_name == "inactive") return Direction::kInactive;
  return std::nullopt;
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::kSendRecv: return "sendrecv";
    case Direction::kSendOnly: return "sendonly";
    case Direction::kRecvOnly: return "recvonly";
    case Direction::kInactive: return "inactive";
  }
  return "sendrecv";
}

Direction reverse(Direction direction) {
  switch (direction) {
    case Direction::kSendOnly: return Direction::kRecvOnly;
    case Direction::kRecvOnly: return Direction::kSendOnly;
    default: return direction;
  }
}

// --- data channels -------------------------------------------------------------------------------

std::optional<uint16_t> parse_sctp_port(std::string_view value) {
  // Port 0 cannot be an SCTP port (RFC 9260 §3.1).
  auto port = parse_decimal(trim(value), 65535);
  if (!port || *port == 0) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

std::optional<uint64_t> parse_max_message_size(std::string_view value) {
  return parse_decimal(trim(value), UINT64_MAX);
}

std::optional<uint16_t> parse_sctpmap_port(std::string_view value) {
  // "<port> <protocol> [<streams>]" (draft-ietf-mmusic-sctp-sdp-05 §5.1, what old Chrome and
  // some gateways still send).
  auto tokens = split_blanks(value);
  if (tokens.size() < 2 || tokens.size() > 3) return std::nullopt;
  if (tokens.size() == 3 && !parse_decimal(tokens[2], 65535)) return std::nullopt;
  return parse_sctp_port(tokens[0]);
}

std::vector<std::string> parse_ice_options(std::string_view value) {
  // RFC 8839 separates the options with spaces, but libdatachannel writes "ice2,trickle"
  // (captured in tests/fixtures/sdp). An ice-option-tag is ice-chars only, so a comma can never be
  // part of one: splitting on it too reads both forms the same way.
  std::vector<std::string> out;
  for (std::string_view token : split_blanks(value)) {
    while (!token.empty()) {
      size_t comma = token.find(',');
      std::string_view option = token.substr(0, comma);
      if (!option.empty()) out.emplace_back(option);
      token = comma == std::string_view::npos ? std::string_view() : token.substr(comma + 1);
    }
  }
  return out;
}

}  // namespace wasmrtc::sdp
