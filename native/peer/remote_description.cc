#include "peer/remote_description.h"

#include <set>

namespace wasmrtc::peer {
namespace {

Error fail(std::string message) { return make_error(ErrorCode::kOperationFailed, std::move(message)); }

// A media-level attribute, falling back to the session level (RFC 8839 §5.4 and RFC 8122 allow
// ice-ufrag/ice-pwd/fingerprint/setup at either level; session-level values apply to every section).
std::optional<std::string_view> either_level(const sdp::SessionDescription& d, const sdp::MediaSection& m,
                                             std::string_view name) {
  if (auto v = m.attributes.first(name)) return v;
  return d.attributes.first(name);
}

}  // namespace

SectionKind section_kind(const sdp::MediaSection& section) {
  if (section.media == "application" &&
      (section.protocol == "UDP/DTLS/SCTP" || section.protocol == "TCP/DTLS/SCTP" || section.protocol == "DTLS/SCTP")) {
    return SectionKind::kData;
  }
  const bool rtp = section.protocol.find("RTP/") != std::string::npos;
  if (section.media == "audio" && rtp) return SectionKind::kAudio;
  if (section.media == "video" && rtp) return SectionKind::kVideo;
  return SectionKind::kOther;
}

const RemoteSection* RemoteDescription::find_mid(std::string_view mid) const {
  for (const auto& s : sections) {
    if (s.mid == mid) return &s;
  }
  return nullptr;
}

bool RemoteDescription::bundled(const RemoteSection& section) const {
  for (const auto& mid : bundle) {
    if (mid == section.mid) return true;
  }
  return false;
}

Result<RemoteDescription> analyze_remote_description(std::string_view text) {
  auto parsed = sdp::parse(text);
  if (!parsed.ok()) return fail("sdp-syntax-error: " + parsed.error().message);
  RemoteDescription out;
  out.sdp = std::move(parsed.value());
  const auto& d = out.sdp;

  std::set<std::string> mids;
  for (size_t i = 0; i < d.media.size(); ++i) {
    const auto& m = d.media[i];
    RemoteSection s;
    s.index = i;
    s.kind = section_kind(m);
    s.protocol = m.protocol;
    s.bundle_only = m.attributes.has("bundle-only");
    s.rejected = m.port == 0 && !s.bundle_only;
    if (auto mid = m.attributes.first("mid")) s.mid = std::string(*mid);
    if (s.mid.empty() && !s.rejected) return fail("m-section " + std::to_string(i) + " has no a=mid");
    if (!s.mid.empty() && !mids.insert(s.mid).second) return fail("duplicate a=mid:" + s.mid);
    if (s.kind == SectionKind::kData) {
      if (auto port = m.attributes.first("sctp-port")) {
        auto p = sdp::parse_sctp_port(*port);
        if (!p) return fail("bad a=sctp-port:" + std::string(*port));
        s.sctp_port = *p;
      } else if (auto map = m.attributes.first("sctpmap")) {
        auto p = sdp::parse_sctpmap_port(*map);
        if (!p) return fail("bad a=sctpmap:" + std::string(*map));
        s.sctp_port = *p;
        s.legacy_sctpmap = true;
      }
      if (auto size = m.attributes.first("max-message-size")) {
        auto n = sdp::parse_max_message_size(*size);
        if (!n) return fail("bad a=max-message-size:" + std::string(*size));
        s.max_message_size = *n;
      }
    } else {
      for (const auto& a : m.attributes.all()) {
        if (auto dir = sdp::parse_direction(a.name)) s.direction = *dir;
      }
    }
    out.sections.push_back(std::move(s));
  }

  for (auto group : d.attributes.values("group")) {
    auto g = sdp::parse_group(group);
    if (!g || g->semantics != "BUNDLE") continue;
    for (const auto& mid : g->mids) {
      if (!out.find_mid(mid)) return fail("a=group:BUNDLE names unknown mid " + mid);
    }
    out.bundle = g->mids;
    break;  // wasmrtc runs one transport: the first BUNDLE group
  }

  // The transport: the BUNDLE tag (first mid of the group, RFC 8843 §7.2.1) if it is accepted,
  // else the first section not rejected.
  if (!out.bundle.empty()) {
    const RemoteSection* tag = out.find_mid(out.bundle.front());
    if (tag && !tag->rejected) out.transport_section = tag->index;
  }
  if (!out.transport_section) {
    for (const auto& s : out.sections) {
      if (!s.rejected) {
        out.transport_section = s.index;
        break;
      }
    }
  }
  out.transport.ice_lite = d.attributes.has("ice-lite");
  if (!out.transport_section) return out;  // nothing accepted: no transport to describe

  const auto& m = d.media[*out.transport_section];
  auto ufrag = either_level(d, m, "ice-ufrag");
  auto pwd = either_level(d, m, "ice-pwd");
  if (!ufrag || !pwd || ufrag->empty() || pwd->empty()) return fail("the description has no a=ice-ufrag / a=ice-pwd");
  out.transport.credentials = {std::string(*ufrag), std::string(*pwd)};

  std::vector<std::string_view> fingerprints = m.attributes.values("fingerprint");
  if (fingerprints.empty()) fingerprints = d.attributes.values("fingerprint");
  for (auto f : fingerprints) {
    if (auto parsed_fp = crypto::parse_fingerprint(f)) out.transport.fingerprints.push_back(*parsed_fp);
  }
  if (out.transport.fingerprints.empty()) return fail("the description has no usable a=fingerprint");
  auto setup = either_level(d, m, "setup");
  if (setup) {
    auto s = dtls::parse_setup(*setup);
    if (!s) return fail("bad a=setup:" + std::string(*setup));
    out.transport.setup = *s;
  }  // absent: actpass for an offer; the answer case is checked when roles are resolved

  // Candidates of every section that shares the transport.
  const RemoteSection& tag = out.sections[*out.transport_section];
  for (const auto& s : out.sections) {
    if (s.rejected) continue;
    if (s.index != tag.index && !(out.bundled(s) && out.bundled(tag))) continue;
    const auto& ms = d.media[s.index];
    for (auto c : ms.attributes.values("candidate")) {
      auto candidate = ice::parse_candidate(c);
      if (candidate.ok()) {
        out.transport.candidates.push_back(std::move(candidate.value()));
      } else {
        ++out.transport.candidates_skipped;
      }
    }
    if (ms.attributes.has("end-of-candidates")) out.transport.end_of_candidates = true;
  }
  if (d.attributes.has("end-of-candidates")) out.transport.end_of_candidates = true;
  return out;
}

}  // namespace wasmrtc::peer
