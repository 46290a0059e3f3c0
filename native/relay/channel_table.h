// An allocation's channel bindings (RFC 8656 §12): channel number <-> peer transport address, both
// ways unique, each with an expiry. bind() applies the RFC's conflict rules (§12.2: a number
// already bound to another peer, or a peer already bound to another number, is a 400).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

#include "common/socket_address.h"
#include "common/time.h"

namespace wasmrtc::relay {

class ChannelTable {
 public:
  enum class BindResult { kBound, kRefreshed, kNumberInUse, kPeerInUse };

  BindResult bind(uint16_t channel, const SocketAddress& peer, Timestamp now, Timestamp expires);
  // The peer bound to `channel`, if the binding is in force.
  const SocketAddress* peer_of(uint16_t channel, Timestamp now) const;
  // The channel bound to `peer`, if in force.
  std::optional<uint16_t> channel_of(const SocketAddress& peer, Timestamp now) const;
  size_t prune(Timestamp now);
  Timestamp earliest_expiry() const;
  size_t size() const { return by_number_.size(); }

 private:
  struct Binding {
    SocketAddress peer;
    Timestamp expires;
  };
  std::map<uint16_t, Binding> by_number_;
  std::unordered_map<SocketAddress, uint16_t> by_peer_;
};

}  // namespace wasmrtc::relay
