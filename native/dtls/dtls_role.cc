#include "dtls/dtls_role.h"

#include <string>

namespace wasmrtc::dtls {
namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<SetupAttribute> parse_setup(std::string_view value) {
  for (SetupAttribute s : {SetupAttribute::kActive, SetupAttribute::kPassive, SetupAttribute::kActpass, SetupAttribute::kHoldconn}) {
    if (equals_ignore_case(value, setup_name(s))) return s;
  }
  return std::nullopt;
}

std::string_view setup_name(SetupAttribute setup) {
  switch (setup) {
    case SetupAttribute::kActive: return "active";
    case SetupAttribute::kPassive: return "passive";
    case SetupAttribute::kActpass: return "actpass";
    case SetupAttribute::kHoldconn: return "holdconn";
  }
  return "";
}

std::string_view role_name(Role role) { return role == Role::kClient ? "client" : "server"; }

Result<SetupAttribute> answer_setup(SetupAttribute offered) {
  switch (offered) {
    case SetupAttribute::kActpass: return SetupAttribute::kActive;
    case SetupAttribute::kActive: return SetupAttribute::kPassive;
    case SetupAttribute::kPassive: return SetupAttribute::kActive;
    case SetupAttribute::kHoldconn: break;
  }
  return make_error(ErrorCode::kNotSupported, "a=setup:holdconn is not supported (RFC 8842 §5.3)");
}

Result<Role> resolve_role(SetupAttribute local, SetupAttribute remote) {
  if (local == SetupAttribute::kHoldconn || remote == SetupAttribute::kHoldconn) {
    return make_error(ErrorCode::kNotSupported, "a=setup:holdconn is not supported (RFC 8842 §5.3)");
  }
  // actpass defers to the other side; exactly one side may defer (the offerer).
  if (local == SetupAttribute::kActpass && remote == SetupAttribute::kActpass) {
    return make_error(ErrorCode::kInvalidAccess, "both sides sent a=setup:actpass; the answer must be active or passive");
  }
  if (local == SetupAttribute::kActpass) return remote == SetupAttribute::kActive ? Role::kServer : Role::kClient;
  if (remote == SetupAttribute::kActpass) return local == SetupAttribute::kActive ? Role::kClient : Role::kServer;
  if (local == remote) {
    return make_error(ErrorCode::kInvalidAccess,
                      "both sides sent a=setup:" + std::string(setup_name(local)) + "; one must be active, the other passive");
  }
  return local == SetupAttribute::kActive ? Role::kClient : Role::kServer;
}

}  // namespace wasmrtc::dtls
