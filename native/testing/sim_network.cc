#include "testing/sim_network.h"

namespace wasmrtc::testing {

const char* nat_kind_name(NatKind kind) {
  switch (kind) {
    case NatKind::kNone: return "none";
    case NatKind::kFullCone: return "full-cone";
    case NatKind::kAddressRestricted: return "address-restricted";
    case NatKind::kPortRestricted: return "port-restricted";
    case NatKind::kSymmetric: return "symmetric";
  }
  return "?";
}

int SimNetwork::add_nat(NatKind kind, const IpAddress& public_ip) {
  nats_.push_back(Nat{kind, public_ip, 40000, {}, {}, {}});
  return static_cast<int>(nats_.size()) - 1;
}

void SimNetwork::add_host(const IpAddress& ip, int nat_id) { hosts_[ip] = nat_id; }

void SimNetwork::block(const IpAddress& ip, bool blocked) {
  if (blocked) blocked_.insert(ip);
  else blocked_.erase(ip);
}

double SimNetwork::uniform() { return static_cast<double>(random_.next_u32()) / 4294967296.0; }

SimNetwork::Nat* SimNetwork::nat_of_host(const IpAddress& ip) {
  auto it = hosts_.find(ip);
  if (it == hosts_.end() || it->second < 0) return nullptr;
  return &nats_[static_cast<size_t>(it->second)];
}

SimNetwork::Nat* SimNetwork::nat_by_public(const IpAddress& ip) {
  for (auto& nat : nats_)
    if (nat.public_ip == ip) return &nat;
  return nullptr;
}

uint16_t SimNetwork::map_out(Nat& nat, const SocketAddress& from, const SocketAddress& to) {
  // Symmetric NATs pick a new public port per destination; the others reuse one per source.
  SocketAddress key_to = nat.kind == NatKind::kSymmetric ? to : SocketAddress();
  auto key = std::make_pair(from, key_to);
  auto it = nat.out.find(key);
  if (it != nat.out.end()) return it->second;
  uint16_t port = nat.next_port++;
  nat.out[key] = port;
  nat.in[port] = from;
  return port;
}

SocketAddress SimNetwork::mapping(const SocketAddress& private_address, const SocketAddress& toward) {
  Nat* nat = nat_of_host(private_address.ip());
  if (!nat) return private_address;
  uint16_t port = map_out(*nat, private_address, toward);
  nat->sent_to.insert({port, toward});
  return SocketAddress(nat->public_ip, port);
}

void SimNetwork::enqueue(Timestamp at, SimDelivery delivery) {
  delivery.at = at;
  in_flight_.push(InFlight{at, seq_++, std::move(delivery)});
}

void SimNetwork::send(Timestamp now, const SocketAddress& from, const SocketAddress& to, Bytes data) {
  ++stats_.sent;
  if (blocked_.count(from.ip()) || blocked_.count(to.ip())) {
    ++stats_.blocked;
    return;
  }
  SocketAddress source = from;
  auto dest_host = hosts_.find(to.ip());
  bool same_lan = dest_host != hosts_.end() && dest_host->second >= 0 &&
                  nat_of_host(from.ip()) == &nats_[static_cast<size_t>(dest_host->second)];
  if (Nat* nat = same_lan ? nullptr : nat_of_host(from.ip())) {
    if (blocked_.count(nat->public_ip)) {
      ++stats_.blocked;
      return;
    }
    uint16_t port = map_out(*nat, from, to);
    nat->sent_to.insert({port, to});
    source = SocketAddress(nat->public_ip, port);
  }
  if (uniform() < conditions_.loss) {
    ++stats_.lost;
    return;
  }
  auto delay = conditions_.delay;
  if (conditions_.jitter.count() > 0)
    delay += Duration(static_cast<int64_t>(uniform() * static_cast<double>(conditions_.jitter.count())));
  if (uniform() < conditions_.reorder) delay += conditions_.reorder_delay;
  SimDelivery d{Timestamp(), source, to, std::move(data)};
  if (uniform() < conditions_.duplicate) {
    ++stats_.duplicated;
    enqueue(now + delay + Duration(1000), d);
  }
  enqueue(now + delay, std::move(d));
}

Timestamp SimNetwork::next_delivery() const {
  return in_flight_.empty() ? Timestamp::infinite() : in_flight_.top().at;
}

std::optional<SimDelivery> SimNetwork::poll(Timestamp now) {
  while (!in_flight_.empty() && in_flight_.top().at <= now) {
    SimDelivery d = in_flight_.top().delivery;
    in_flight_.pop();
    // Inbound NAT translation and filtering happen at arrival, so state created after sending
    // (a hole punched meanwhile) counts, as in a real network.
    if (blocked_.count(d.to.ip())) {
      ++stats_.blocked;
      continue;
    }
    if (Nat* nat = nat_by_public(d.to.ip())) {
      auto it = nat->in.find(d.to.port());
      if (it == nat->in.end()) {
        ++stats_.filtered;
        continue;
      }
      bool allowed = false;
      switch (nat->kind) {
        case NatKind::kNone:
        case NatKind::kFullCone:
          allowed = true;
          break;
        case NatKind::kAddressRestricted:
          for (const auto& [port, remote] : nat->sent_to)
            if (port == d.to.port() && remote.ip() == d.from.ip()) allowed = true;
          break;
        case NatKind::kPortRestricted:
        case NatKind::kSymmetric:
          allowed = nat->sent_to.count({d.to.port(), d.from}) > 0;
          break;
      }
      if (!allowed) {
        ++stats_.filtered;
        continue;
      }
      d.to = it->second;
    } else {
      auto host = hosts_.find(d.to.ip());
      // A private address is reachable only from its own LAN (the sender kept its private source).
      bool reachable = host != hosts_.end() &&
                       (host->second < 0 || (nat_of_host(d.from.ip()) != nullptr &&
                                             nat_of_host(d.from.ip()) == nat_of_host(d.to.ip())));
      if (!reachable) {
        ++stats_.unroutable;
        continue;
      }
    }
    ++stats_.delivered;
    return d;
  }
  return std::nullopt;
}

}  // namespace wasmrtc::testing
