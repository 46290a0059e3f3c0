// ICE credentials (RFC 8445 §5.3, RFC 8839 §5.4): the username fragment and password each agent
// puts in its SDP (a=ice-ufrag, a=ice-pwd) and that sign connectivity checks.
#pragma once

#include <string>

#include "common/random.h"

namespace wasmrtc::ice {

struct IceCredentials {
  std::string ufrag;
  std::string pwd;

  bool empty() const { return ufrag.empty() || pwd.empty(); }
  // RFC 8839 §5.4: ufrag 4..256 ice-chars, pwd 22..256 ice-chars.
  bool valid() const;
  // 8-character ufrag and 24-character pwd from the 64 ice-chars (6 random bits each; ufrag 48
  // bits and pwd 144 bits of entropy, above RFC 8445's 24 and 128).
  static IceCredentials generate(RandomSource& random);

  bool operator==(const IceCredentials&) const = default;
};

}  // namespace wasmrtc::ice
