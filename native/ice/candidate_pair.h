// A candidate pair (RFC 8445 §6.1.2) and its priority (§6.1.2.3).
#pragma once

#include <cstdint>
#include <string>

#include "common/socket_address.h"
#include "ice/candidate.h"
#include "ice/ice_states.h"
#include "ice/pair_check_stats.h"

namespace wasmrtc::ice {

// RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling agent's candidate
// priority and D the controlled agent's.
uint64_t pair_priority(uint32_t controlling_priority, uint32_t controlled_priority);

struct CandidatePair {
  uint64_t id = 0;
  Candidate local;        // host, relayed or peer-reflexive local candidate
  SocketAddress base;     // where checks and data leave from (the local candidate's base)
  Candidate remote;
  PairState state = PairState::kFrozen;
  // In the valid list (RFC 8445 §7.2.5.3.2): a check on it succeeded. It stays valid while it is
  // checked again (to nominate it, or triggered by the peer), so the agent does not fall back to
  // 'checking'; a check on it that fails or times out removes it.
  bool valid = false;
  bool nominated = false;
  // Controlled side: the peer sent USE-CANDIDATE before our own check on this pair succeeded
  // (RFC 8445 §7.3.1.5); nominate when it does.
  bool nominate_on_success = false;
  // Controlling side: the next check on this pair carries USE-CANDIDATE.
  bool use_candidate = false;
  PairCheckStats checks{};  // for getStats

  std::string foundation() const { return local.foundation + ":" + remote.foundation; }
  uint64_t priority(IceRole role) const {
    return role == IceRole::kControlling ? pair_priority(local.priority, remote.priority)
                                         : pair_priority(remote.priority, local.priority);
  }
};

}  // namespace wasmrtc::ice
