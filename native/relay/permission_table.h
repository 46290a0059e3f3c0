// An allocation's permissions (RFC 8656 §9): peer IP address -> expiry. The port is not part of a
// permission. A permission is in force while now < expiry; expired entries are pruned by the
// allocation's timer.
#pragma once

#include <unordered_map>

#include "common/socket_address.h"
#include "common/time.h"

namespace wasmrtc::relay {

class PermissionTable {
 public:
  bool allows(const IpAddress& peer, Timestamp now) const {
    auto it = expiry_.find(peer);
    return it != expiry_.end() && now < it->second;
  }
  // Installs or refreshes.
  void install(const IpAddress& peer, Timestamp expires) { expiry_[peer] = expires; }
  // Removes expired permissions; returns how many.
  size_t prune(Timestamp now) {
    size_t n = 0;
    for (auto it = expiry_.begin(); it != expiry_.end();) {
      if (now >= it->second) {
        it = expiry_.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }
  Timestamp earliest_expiry() const {
    Timestamp t = Timestamp::infinite();
    for (const auto& [ip, e] : expiry_) t = std::min(t, e);
    return t;
  }
  size_t size() const { return expiry_.size(); }

 private:
  std::unordered_map<IpAddress, Timestamp> expiry_;
};

}  // namespace wasmrtc::relay
