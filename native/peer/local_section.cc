#include "peer/local_section.h"

#include <algorithm>
#include <set>

namespace wasmrtc::peer {
namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The codecs this stack can decode (the media layer: libopus, libvpx).
bool supported_codec(SectionKind kind, const sdp::RtpMap& map) {
  if (kind == SectionKind::kAudio) return equals_ignore_case(map.encoding, "opus") && map.clock_rate == 48000;
  if (kind == SectionKind::kVideo) return equals_ignore_case(map.encoding, "VP8") && map.clock_rate == 90000;
  return false;
}

// RTCP feedback the media layer will answer (RFC 4585 NACK and PLI, RFC 5104 FIR).
bool supported_feedback(const sdp::RtcpFeedback& fb) {
  return (fb.type == "nack" && (fb.subtype.empty() || fb.subtype == "pli")) || (fb.type == "ccm" && fb.subtype == "fir");
}

void add_transport_attributes(sdp::MediaSection& m, const LocalTransport& t) {
  m.attributes.add("ice-ufrag", t.credentials.ufrag);
  m.attributes.add("ice-pwd", t.credentials.pwd);
  m.attributes.add("ice-options", "trickle");
  m.attributes.add("fingerprint", t.fingerprint.to_sdp());
  m.attributes.add("setup", std::string(dtls::setup_name(t.setup)));
}

}  // namespace

std::string build_local_description(uint64_t session_id, uint64_t version, const std::vector<LocalSection>& sections,
                                    const LocalTransport& transport) {
  sdp::SessionDescription d;
  d.origin.session_id = std::to_string(session_id);
  d.origin.session_version = std::to_string(version);
  d.lines.push_back({'t', "0 0"});
  sdp::Group bundle{"BUNDLE", {}};
  for (const auto& s : sections) {
    if (!s.rejected) bundle.mids.push_back(s.mid);
  }
  if (!bundle.mids.empty()) d.attributes.add("group", sdp::format_group(bundle));

  bool candidates_written = false;
  for (const auto& s : sections) {
    sdp::MediaSection m;
    m.media = s.media;
    m.protocol = s.protocol;
    m.port = s.rejected ? 0 : 9;  // 9 (discard): the real addresses travel in candidates (JSEP §5.2.1)
    m.lines.push_back({'c', "IN IP4 0.0.0.0"});
    if (s.kind == SectionKind::kData) {
      m.formats = {s.legacy_sctpmap ? std::to_string(s.sctp_port) : "webrtc-datachannel"};
    } else {
      m.formats = s.formats;
      if (m.formats.empty()) m.formats = {"0"};  // a rejected section still needs a format
    }
    if (s.rejected) {
      if (!s.mid.empty()) m.attributes.add("mid", s.mid);
      d.media.push_back(std::move(m));
      continue;
    }
    if (!candidates_written) {
      for (const auto& c : transport.candidates) {
        std::string line = c.to_string();
        m.attributes.add("candidate", line.substr(std::string_view("candidate:").size()));
      }
      if (transport.end_of_candidates) m.attributes.add("end-of-candidates");
      candidates_written = true;
    }
    add_transport_attributes(m, transport);
    m.attributes.add("mid", s.mid);
    if (s.kind == SectionKind::kData) {
      if (s.legacy_sctpmap) {
        m.attributes.add("sctpmap", std::to_string(s.sctp_port) + " webrtc-datachannel 1024");
      } else {
        m.attributes.add("sctp-port", std::to_string(s.sctp_port));
      }
      m.attributes.add("max-message-size", std::to_string(s.max_message_size));
    } else {
      m.attributes.add(std::string(sdp::direction_name(s.direction)));
      m.attributes.add("rtcp-mux");
      if (s.rtcp_rsize) m.attributes.add("rtcp-rsize");
      for (const auto& a : s.codec_attributes) m.attributes.add(a.name, a.value);
    }
    d.media.push_back(std::move(m));
  }
  return sdp::serialize(d);
}

LocalSection answer_media_section(const sdp::MediaSection& offered, const RemoteSection& remote) {
  LocalSection s;
  s.mid = remote.mid;
  s.kind = remote.kind;
  s.media = offered.media;
  s.protocol = offered.protocol;
  s.rtcp_rsize = offered.attributes.has("rtcp-rsize");
  // WebRTC requires rtcp-mux (RFC 8829 §5.1.3): a section that does not offer it is rejected.
  bool usable = !remote.rejected && (remote.kind == SectionKind::kAudio || remote.kind == SectionKind::kVideo) &&
                offered.attributes.has("rtcp-mux");
  std::set<std::string> kept;
  if (usable) {
    for (auto value : offered.attributes.values("rtpmap")) {
      auto map = sdp::parse_rtpmap(value);
      if (map && supported_codec(remote.kind, *map)) {
        const std::string pt = std::to_string(map->payload_type);
        if (kept.insert(pt).second) {
          s.formats.push_back(pt);
          s.codec_attributes.push_back({"rtpmap", sdp::format_rtpmap(*map)});
        }
      }
    }
    for (auto value : offered.attributes.values("rtcp-fb")) {
      auto fb = sdp::parse_rtcp_fb(value);
      if (fb && kept.count(fb->payload_type) && supported_feedback(*fb)) {
        s.codec_attributes.push_back({"rtcp-fb", sdp::format_rtcp_fb(*fb)});
      }
    }
    for (auto value : offered.attributes.values("fmtp")) {
      auto fmtp = sdp::parse_fmtp(value);
      if (fmtp && kept.count(std::to_string(fmtp->payload_type))) {
        s.codec_attributes.push_back({"fmtp", sdp::format_fmtp(*fmtp)});
      }
    }
  }
  if (s.formats.empty()) {
    s.rejected = true;
    s.formats = offered.formats;
    s.codec_attributes.clear();
    return s;
  }
  // We receive only: answer recvonly to a sender, inactive to a receive-only or inactive offer.
  const bool peer_sends = remote.direction == sdp::Direction::kSendRecv || remote.direction == sdp::Direction::kSendOnly;
  s.direction = peer_sends ? sdp::Direction::kRecvOnly : sdp::Direction::kInactive;
  return s;
}

}  // namespace wasmrtc::peer
