// What a remote offer or answer says, checked and typed once (JSEP RFC 8829 §5.8, "parsing a
// session description"): the media sections with their mids and what each asks for, the BUNDLE
// group, and the one transport wasmrtc runs (ICE credentials, DTLS fingerprints and setup, the
// candidates written into the SDP). The PeerConnection applies it; nothing here has state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "crypto/fingerprint.h"
#include "dtls/dtls_role.h"
#include "ice/candidate.h"
#include "ice/ice_credentials.h"
#include "sdp/session_description.h"
#include "sdp/webrtc_attributes.h"

namespace wasmrtc::peer {

enum class SectionKind { kData, kAudio, kVideo, kOther };

struct RemoteSection {
  size_t index = 0;
  std::string mid;
  SectionKind kind = SectionKind::kOther;
  std::string protocol;
  // Port 0 without a=bundle-only: the sender rejected (or stopped) it.
  bool rejected = false;
  bool bundle_only = false;
  // Data: the SCTP port (a=sctp-port, or the legacy a=sctpmap / format) and a=max-message-size
  // (nullopt: absent, which RFC 8841 §6.1 reads as 64 KiB; 0: no limit).
  bool legacy_sctpmap = false;
  uint16_t sctp_port = 5000;
  std::optional<uint64_t> max_message_size;
  // Audio / video: the direction as the sender wrote it.
  sdp::Direction direction = sdp::Direction::kSendRecv;
};

struct RemoteTransport {
  ice::IceCredentials credentials;
  std::vector<crypto::Fingerprint> fingerprints;
  dtls::SetupAttribute setup = dtls::SetupAttribute::kActpass;
  bool ice_lite = false;
  std::vector<ice::Candidate> candidates;  // a=candidate lines of the bundled sections
  size_t candidates_skipped = 0;           // a=candidate lines that did not parse (counted, not fatal)
  bool end_of_candidates = false;
};

struct RemoteDescription {
  sdp::SessionDescription sdp;
  std::vector<RemoteSection> sections;
  std::vector<std::string> bundle;     // mids of the first a=group:BUNDLE, empty if none
  std::optional<size_t> transport_section;  // index of the section whose transport everyone uses
  RemoteTransport transport;

  const RemoteSection* find_mid(std::string_view mid) const;
  bool bundled(const RemoteSection& section) const;
};

// Parses and checks. Errors (the W3C API rejects setRemoteDescription with them):
//   kOperationFailed ("sdp-syntax-error" in the message): not SDP;
//   kOperationFailed: an accepted section without mid, duplicate mids, no ice-ufrag/ice-pwd or no
//     usable fingerprint or setup on the transport section, a BUNDLE group naming an unknown mid.
Result<RemoteDescription> analyze_remote_description(std::string_view text);

SectionKind section_kind(const sdp::MediaSection& section);

}  // namespace wasmrtc::peer
