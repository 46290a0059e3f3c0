// The DTLS role from SDP's a=setup attribute (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5): which side
// sends the ClientHello. The offerer says actpass; the answerer picks active (it will be the DTLS
// client) or passive (the DTLS server). holdconn is not used by WebRTC (RFC 8842 §5.3).
#pragma once

#include <optional>
#include <string_view>

#include "common/result.h"

namespace wasmrtc::dtls {

enum class Role { kClient, kServer };

enum class SetupAttribute { kActive, kPassive, kActpass, kHoldconn };

// "active", "passive", "actpass", "holdconn" (case-insensitive as RFC 4145 tokens); nullopt otherwise.
std::optional<SetupAttribute> parse_setup(std::string_view value);
std::string_view setup_name(SetupAttribute setup);
std::string_view role_name(Role role);

// The a=setup an answerer puts in its answer for the offer's value. RFC 8842 §5.3: an offer of
// actpass is answered with active (JSEP RFC 8829 §5.3.1 does the same: the answerer becomes the
// DTLS client, which saves a round trip). active is answered with passive and vice versa.
// holdconn cannot be answered by WebRTC: an error.
Result<SetupAttribute> answer_setup(SetupAttribute offered);

// This endpoint's role from the local and remote a=setup values of one completed offer/answer
// exchange: active means client, passive means server, and actpass takes the opposite of what the
// other side chose. Two actives, two passives, two actpass values or any holdconn are an error
// (kInvalidAccess: the W3C API rejects such a description).
Result<Role> resolve_role(SetupAttribute local, SetupAttribute remote);

}  // namespace wasmrtc::dtls
