// Test helpers for the sans-IO TurnServer: fake relayed ports, a virtual clock, turn::TurnClient
// instances as clients ("A" and "B"), and an exchange() that carries messages until all are quiet,
// delivering datagrams between allocations of the same relay as the network would.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "common/random.h"
#include "relay/turn_server.h"
#include "stun/stun_integrity.h"
#include "stun/stun_message.h"
#include "turn/turn_client.h"

namespace wasmrtc::relay::testing {

// Relayed addresses 198.51.100.1:<49152 + 2 id, +1 unless even> (TEST-NET-2: not special, so the default policy
// lets allocations reach each other).
class FakePorts final : public RelayPorts {
 public:
  Result<SocketAddress> open(AllocationId id, AddressFamily family, bool even) override {
    if (fail) return make_error(ErrorCode::kOperationFailed, "no ports");
    SocketAddress a(*IpAddress::parse(family == AddressFamily::kIPv4 ? "198.51.100.1" : "2001:db8::1"),
                    static_cast<uint16_t>(49152 + 2 * id + (even ? 0 : 1)));
    open_[id] = a;
    return a;
  }
  void close(AllocationId id) override {
    open_.erase(id);
    ++closed;
  }
  std::optional<AllocationId> owner(const SocketAddress& relayed) const {
    for (const auto& [id, a] : open_)
      if (a == relayed) return id;
    return std::nullopt;
  }
  std::map<AllocationId, SocketAddress> open_;
  int closed = 0;
  bool fail = false;
};

inline TurnServerOptions test_options() {
  TurnServerOptions o;
  o.realm = "wasmrtc.test";
  return o;
}

inline Authenticator test_auth() {
  Authenticator a;
  a.add_user("alice", "secret");
  a.add_user("bob", "hunter2");
  a.add_secret("rest-secret");
  return a;
}

struct TestClient {
  TestClient(SocketAddress address, turn::TurnClientOptions options, RandomSource& random, ClientTransport transport)
      : address(address), transport(transport), client(std::move(options), random) {}
  SocketAddress address;
  ClientTransport transport;
  turn::TurnClient client;
  std::vector<turn::TurnEvent> events;
  std::vector<Bytes> raw_received;  // everything the server sent to this address

  bool has(turn::TurnEvent::Kind kind) const {
    for (const auto& e : events)
      if (e.kind == kind) return true;
    return false;
  }
  const turn::TurnEvent* data(std::string_view text) const {
    for (const auto& e : events)
      if (e.kind == turn::TurnEvent::Kind::kData && std::string(e.data.begin(), e.data.end()) == text) return &e;
    return nullptr;
  }
};

class Harness {
 public:
  explicit Harness(TurnServerOptions options = test_options(), AddressPolicy policy = {},
                   Authenticator auth = test_auth())
      : server(std::move(options), std::move(auth), std::move(policy), ports, random) {
    server.set_unix_time(now, 1'700'000'000);
  }

  TestClient& add_client(std::string_view address, std::string user = "alice", std::string password = "secret",
                         ClientTransport transport = {1, ClientProtocol::kUdp}) {
    turn::TurnClientOptions o;
    o.username = std::move(user);
    o.password = std::move(password);
    o.reliable = transport.protocol != ClientProtocol::kUdp;
    o.stream = transport.protocol == ClientProtocol::kTcp;
    clients.push_back(std::make_unique<TestClient>(*SocketAddress::parse(address), o, random, transport));
    return *clients.back();
  }

  TestClient* client_at(uint64_t transport, const SocketAddress& a) {
    for (auto& c : clients)
      if (c->address == a && c->transport.id == transport) return c.get();
    return nullptr;
  }

  // Carries messages until nobody has anything left to send.
  void exchange() {
    for (int round = 0; round < 1000; ++round) {
      bool busy = false;
      for (auto& c : clients) {
        while (auto bytes = c->client.poll_transmit()) {
          busy = true;
          server.handle_client(now, c->transport, c->address, *bytes);
        }
        while (auto e = c->client.poll_event()) c->events.push_back(std::move(*e));
      }
      while (auto t = server.poll_transmit()) {
        busy = true;
        deliver(std::move(*t));
      }
      while (auto e = server.poll_event()) server_events.push_back(std::move(*e));
      if (!busy) return;
    }
  }

  void deliver(ServerTransmit t) {
    if (t.target == ServerTransmit::Target::kClient) {
      if (TestClient* c = client_at(t.transport, t.remote)) {
        c->raw_received.push_back(t.bytes);
        c->client.handle_receive(now, t.bytes);
      } else {
        raw_to_clients.push_back(std::move(t));
      }
      return;
    }
    // To a peer: another allocation on this relay, or the outside world (recorded).
    auto from = server.allocation(t.allocation);
    if (auto owner = ports.owner(t.remote); owner && from) {
      server.handle_peer(now, *owner, from->relayed, t.bytes);
    } else {
      to_peers.push_back(std::move(t));
    }
  }

  // Advances the virtual clock, firing every timer due on the way.
  void advance(Duration d) {
    Timestamp end = now + d;
    while (true) {
      Timestamp next = server.next_timeout();
      for (auto& c : clients) next = std::min(next, c->client.next_timeout());
      if (next > end) break;
      now = std::max(now, next);
      server.handle_timeout(now);
      for (auto& c : clients)
        if (c->client.next_timeout() <= now) c->client.handle_timeout(now);
      exchange();
    }
    now = end;
    exchange();
  }

  bool allocate(TestClient& c) {
    c.client.allocate(now);
    exchange();
    return c.client.state() == turn::TurnState::kAllocated;
  }

  // A raw request from `from`, answered synchronously: returns the messages the server sent back to
  // that address (not through a TestClient).
  std::vector<stun::StunMessage> raw(const SocketAddress& from, ByteView bytes, ClientTransport transport = {1, ClientProtocol::kUdp}) {
    server.handle_client(now, transport, from, bytes);
    std::vector<stun::StunMessage> out;
    while (auto t = server.poll_transmit()) {
      if (t->target == ServerTransmit::Target::kClient && t->remote == from) {
        if (auto m = stun::StunMessage::decode(t->bytes)) out.push_back(std::move(*m));
        last_raw_bytes = t->bytes;
      } else {
        deliver(std::move(*t));
      }
    }
    while (auto e = server.poll_event()) server_events.push_back(std::move(*e));
    return out;
  }

  SeededRandom random{42};
  FakePorts ports;
  TurnServer server;
  Timestamp now = Timestamp::from_millis(1'000'000);
  std::vector<std::unique_ptr<TestClient>> clients;
  std::vector<ServerTransmit> to_peers;
  std::vector<ServerTransmit> raw_to_clients;
  std::vector<ServerEvent> server_events;
  Bytes last_raw_bytes;
};

// Builds a signed request the way a client would after the 401 challenge.
inline Bytes signed_request(stun::StunMessage m, std::string_view user, std::string_view password,
                            std::string_view realm, std::string_view nonce) {
  m.add_string(stun::attr::kUsername, user);
  m.add_string(stun::attr::kRealm, realm);
  m.add_string(stun::attr::kNonce, nonce);
  return m.encode_with_integrity(stun::long_term_key(user, realm, password), false);
}

}  // namespace wasmrtc::relay::testing
