#include "peer/path_datagram_limit.h"

namespace wasmrtc::peer {

size_t path_datagram_limit(const ice::CandidatePair& pair) {
  using ice::CandidateType;
  if (pair.local.type == CandidateType::kRelayed || pair.remote.type == CandidateType::kRelayed) return 0;
  if (pair.local.protocol != ice::TransportProtocol::kUdp) return 0;
  const IpAddress& to = pair.remote.address.ip();
  if (to.is_unspecified()) return 0;  // an unresolved name: nothing known
  if (to.is_loopback()) return to.is_v4() ? 65507 : 65527;
  return to.is_v4() ? 1500 - 20 - 8 : 1500 - 40 - 8;
}

}  // namespace wasmrtc::peer
