// An SDP session description (RFC 8866) as a faithful, ordered model: every line the parser read is
// kept, known or not, so that serialize(parse(text)) round-trips what Chrome, Firefox, Safari,
// libwebrtc, libdatachannel, Pion and werift emit (modulo line endings: CRLF is always written).
//
// This file is the generic model only. The WebRTC attributes (mid, ice-ufrag, fingerprint, rtpmap,
// ...) are typed in webrtc_attributes.h; JSEP offer/answer construction lives in jsep_*.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace wasmrtc::sdp {

// a=<name> or a=<name>:<value>. A property attribute (no colon) has no value.
struct Attribute {
  std::string name;
  std::optional<std::string> value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

// Any other line (i=, u=, e=, p=, c=, b=, t=, r=, z=, k=), kept verbatim in order: type is the
// letter, value what follows '='.
struct Line {
  char type = 0;
  std::string value;

  friend bool operator==(const Line&, const Line&) = default;
};

// Helpers shared by the session level and each media section.
class AttributeList {
 public:
  std::vector<Attribute>& all() { return attributes_; }
  const std::vector<Attribute>& all() const { return attributes_; }

  bool has(std::string_view name) const;
  // The value of the first attribute named `name` ("" for a property attribute); nullopt if absent.
  std::optional<std::string_view> first(std::string_view name) const;
  // The values of all attributes named `name`, in order ("" for property attributes).
  std::vector<std::string_view> values(std::string_view name) const;
  void add(std::string name, std::optional<std::string> value = std::nullopt);
  // Replaces the first attribute named `name` (keeping its position) or appends one.
  void set(std::string_view name, std::optional<std::string> value = std::nullopt);
  // Removes every attribute named `name`; returns how many.
  size_t remove(std::string_view name);

  friend bool operator==(const AttributeList&, const AttributeList&) = default;

 private:
  std::vector<Attribute> attributes_;
};

// m=<media> <port>[/<number of ports>] <proto> <fmt> ... and the lines under it.
struct MediaSection {
  std::string media;                   // "audio", "video", "application", or anything else
  uint16_t port = 0;                   // 0: rejected / bundle-only (JSEP §5.2.1, RFC 8843 §6)
  std::optional<uint16_t> port_count;  // the "/<n>" part, rarely present
  std::string protocol;                // "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "DTLS/SCTP", ...
  std::vector<std::string> formats;    // payload types, or "webrtc-datachannel", or a legacy port
  std::vector<Line> lines;             // i= c= b= k= lines of this section, in order
  AttributeList attributes;

  friend bool operator==(const MediaSection&, const MediaSection&) = default;
};

struct Origin {  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
  std::string username = "-";
  std::string session_id;       // kept as text: up to 64-bit decimal, sometimes larger in the wild
  std::string session_version;  // idem
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";

  friend bool operator==(const Origin&, const Origin&) = default;
};

struct SessionDescription {
  int version = 0;                 // v=
  Origin origin;                   // o=
  std::string session_name = "-";  // s=
  std::vector<Line> lines;         // session-level i= u= e= p= c= b= t= r= z= k=, in order
  AttributeList attributes;        // session-level a= lines
  std::vector<MediaSection> media;

  friend bool operator==(const SessionDescription&, const SessionDescription&) = default;
};

// Parses SDP text. Accepts CRLF or bare LF line endings and a missing final line ending; tolerates
// trailing whitespace on a line, blank lines and unknown line types (kept as Lines). Requires v=0
// first, then o= and s= (both in either order as some stacks emit), and well-formed m= lines.
// kInvalidArgument (the W3C API turns it into an RTCError / SyntaxError-like rejection) with a
// message naming the line number and what was wrong. Never crashes, whatever the input.
Result<SessionDescription> parse(std::string_view text);

// Writes v=, o=, s=, the session lines (t= defaults to "0 0" if none is present), session
// attributes, then each media section: m=, its lines, its attributes. CRLF line endings.
std::string serialize(const SessionDescription& description);

}  // namespace wasmrtc::sdp
