#include "relay/channel_table.h"

namespace wasmrtc::relay {

ChannelTable::BindResult ChannelTable::bind(uint16_t channel, const SocketAddress& peer, Timestamp now,
                                            Timestamp expires) {
  prune(now);
  auto number = by_number_.find(channel);
  auto bound_peer = by_peer_.find(peer);
  if (number != by_number_.end() && number->second.peer != peer) return BindResult::kNumberInUse;
  if (bound_peer != by_peer_.end() && bound_peer->second != channel) return BindResult::kPeerInUse;
  if (number != by_number_.end()) {
    number->second.expires = expires;
    return BindResult::kRefreshed;
  }
  by_number_[channel] = Binding{peer, expires};
  by_peer_[peer] = channel;
  return BindResult::kBound;
}

const SocketAddress* ChannelTable::peer_of(uint16_t channel, Timestamp now) const {
  auto it = by_number_.find(channel);
  if (it == by_number_.end() || now >= it->second.expires) return nullptr;
  return &it->second.peer;
}

std::optional<uint16_t> ChannelTable::channel_of(const SocketAddress& peer, Timestamp now) const {
  auto it = by_peer_.find(peer);
  if (it == by_peer_.end()) return std::nullopt;
  auto b = by_number_.find(it->second);
  if (b == by_number_.end() || now >= b->second.expires) return std::nullopt;
  return it->second;
}

size_t ChannelTable::prune(Timestamp now) {
  size_t n = 0;
  for (auto it = by_number_.begin(); it != by_number_.end();) {
    if (now >= it->second.expires) {
      by_peer_.erase(it->second.peer);
      it = by_number_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

Timestamp ChannelTable::earliest_expiry() const {
  Timestamp t = Timestamp::infinite();
  for (const auto& [n, b] : by_number_) t = std::min(t, b.expires);
  return t;
}

}  // namespace wasmrtc::relay
