// One m-section as this side describes it, and the SDP text of a whole local offer or answer
// (JSEP RFC 8829 §5.2 and §5.3). wasmrtc bundles everything on one transport, so the ICE
// credentials, fingerprint and setup are the same in every section and the candidates are written
// once, into the first accepted section (the BUNDLE tag).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/fingerprint.h"
#include "dtls/dtls_role.h"
#include "ice/candidate.h"
#include "ice/ice_credentials.h"
#include "peer/remote_description.h"
#include "sdp/session_description.h"
#include "sdp/webrtc_attributes.h"

namespace wasmrtc::peer {

struct LocalSection {
  std::string mid;
  SectionKind kind = SectionKind::kData;
  std::string media = "application";  // the m= media token (kept for sections of unknown kinds)
  std::string protocol = "UDP/DTLS/SCTP";
  bool rejected = false;
  // Data.
  bool legacy_sctpmap = false;  // answer a legacy "DTLS/SCTP 5000" offer in its own dialect
  uint16_t sctp_port = 5000;
  uint64_t max_message_size = 256 * 1024;
  // Audio / video: payload types and their rtpmap / fmtp / rtcp-fb attributes, in order.
  std::vector<std::string> formats;
  std::vector<sdp::Attribute> codec_attributes;
  sdp::Direction direction = sdp::Direction::kInactive;
  bool rtcp_rsize = false;
};

struct LocalTransport {
  ice::IceCredentials credentials;
  crypto::Fingerprint fingerprint;
  dtls::SetupAttribute setup = dtls::SetupAttribute::kActpass;
  std::vector<ice::Candidate> candidates;
  bool end_of_candidates = false;
};

// Writes the description. `session_id` and `version` fill o= (the version grows with each new
// description, RFC 8829 §5.2.2).
std::string build_local_description(uint64_t session_id, uint64_t version, const std::vector<LocalSection>& sections,
                                    const LocalTransport& transport);

// The answer to an offered audio or video section: the codecs wasmrtc can receive (Opus, VP8)
// with their fmtp and the feedback it understands, direction recvonly (it has no tracks to send
// yet) or inactive. Rejected (port 0) when no codec is common. The mid is copied from `offered`.
LocalSection answer_media_section(const sdp::MediaSection& offered, const RemoteSection& remote);

}  // namespace wasmrtc::peer
