// Two ICE agents, "A" and "Z", on a simulated network (native/testing/sim_network.h) with NATs, a
// STUN server and a minimal TURN relay, on a virtual clock: every NAT combination, role conflict,
// restart, consent loss, loss/duplication/reordering. No sleeps.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>

#include "ice/ice_agent.h"
#include "stun/channel_data.h"
#include "stun/stun_integrity.h"
#include "stun/stun_message.h"
#include "testing/sim_network.h"

namespace wasmrtc::ice {
namespace {

using testing::NatKind;
using testing::SimNetwork;

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

const SocketAddress kStunServer = addr("198.51.100.100:3478");

const SocketAddress kTurnServer = addr("198.51.100.250:3478");

// A minimal TURN server (RFC 8656) on the simulated network, for the real turn::TurnClient inside
// the agent: long-term credentials with a fixed realm and nonce, Allocate, Refresh,
// CreatePermission, ChannelBind, Send/Data indications and ChannelData. Relayed addresses are
// other ports of the server's IP.
class SimTurnServer {
 public:
  SimTurnServer(std::string username, std::string password)
      : username_(std::move(username)), key_(stun::long_term_key(username_, "sim", password)) {}

  bool owns(const SocketAddress& to) const { return to.ip() == kTurnServer.ip(); }

  void receive(Timestamp now, SimNetwork& net, const testing::SimDelivery& d) {
    if (d.to != kTurnServer) return from_peer(now, net, d);
    auto alloc = allocations_.find(d.from);
    if (stun::is_channel_data(d.data)) {
      auto cd = stun::decode_channel_data(d.data);
      if (!cd || alloc == allocations_.end()) return;
      auto peer = alloc->second.channels.find(cd->channel);
      if (peer == alloc->second.channels.end() || !alloc->second.permissions.count(peer->second.ip())) return;
      ++channel_data_from_clients;
      net.send(now, alloc->second.relayed, peer->second, Bytes(cd->data.begin(), cd->data.end()));
      return;
    }
    auto m = stun::StunMessage::decode(d.data);
    if (!m) return;
    if (m->message_class() == stun::StunClass::kIndication && m->method() == stun::StunMethod::kSend) {
      auto peer = m->get_xor_address(stun::attr::kXorPeerAddress);
      const auto* data = m->find(stun::attr::kData);
      if (!peer || !data || alloc == allocations_.end() || !alloc->second.permissions.count(peer->ip())) return;
      net.send(now, alloc->second.relayed, *peer, data->value);
      return;
    }
    if (m->message_class() != stun::StunClass::kRequest) return;
    stun::StunMessage r(stun::StunClass::kSuccess, m->method(), m->transaction_id());
    if (!m->has_integrity() || m->get_string(stun::attr::kUsername) != username_ ||
        !m->verify_integrity(key_)) {
      ++unauthorized;
      r.set_class(stun::StunClass::kError);
      r.set_error_code(401, "Unauthorized");
      r.add_string(stun::attr::kRealm, "sim");
      r.add_string(stun::attr::kNonce, "n0nce");
      net.send(now, kTurnServer, d.from, r.encode_with_fingerprint());
      return;
    }
    switch (m->method()) {
      case stun::StunMethod::kAllocate:
        if (alloc == allocations_.end()) {
          Allocation a;
          a.relayed = SocketAddress(kTurnServer.ip(), next_port_++);
          alloc = allocations_.emplace(d.from, a).first;
          ++allocations;
        }
        r.add_xor_address(stun::attr::kXorRelayedAddress, alloc->second.relayed);
        r.add_xor_address(stun::attr::kXorMappedAddress, d.from);
        r.add_u32(stun::attr::kLifetime, 600);
        break;
      case stun::StunMethod::kRefresh: {
        uint32_t lifetime = m->get_u32(stun::attr::kLifetime).value_or(600);
        if (lifetime == 0 && alloc != allocations_.end()) {
          allocations_.erase(alloc);
          ++deallocations;
        }
        r.add_u32(stun::attr::kLifetime, lifetime);
        break;
      }
      case stun::StunMethod::kCreatePermission:
        if (alloc == allocations_.end()) return;
        for (const auto& attr : m->attributes())
          if (attr.type == stun::attr::kXorPeerAddress)
            if (auto peer = stun::decode_xor_address(attr.value, m->transaction_id()))
              alloc->second.permissions.insert(peer->ip());
        break;
      case stun::StunMethod::kChannelBind: {
        if (alloc == allocations_.end()) return;
        auto peer = m->get_xor_address(stun::attr::kXorPeerAddress);
        const auto* number = m->find(stun::attr::kChannelNumber);
        auto channel = number ? stun::decode_channel_number(number->value) : std::nullopt;
        if (!peer || !channel) return;
        alloc->second.channels[*channel] = *peer;
        alloc->second.permissions.insert(peer->ip());
        ++channel_binds;
        break;
      }
      default:
        return;
    }
    net.send(now, kTurnServer, d.from, r.encode_with_integrity(key_));
  }

  int allocations = 0, deallocations = 0, unauthorized = 0, channel_binds = 0;
  int channel_data_from_clients = 0;

 private:
  struct Allocation {
    SocketAddress relayed;
    std::set<IpAddress> permissions;
    std::map<uint16_t, SocketAddress> channels;
  };

  void from_peer(Timestamp now, SimNetwork& net, const testing::SimDelivery& d) {
    for (auto& [client, a] : allocations_) {
      if (a.relayed != d.to) continue;
      if (!a.permissions.count(d.from.ip())) return;  // RFC 8656 §9: no permission, no relay
      for (const auto& [channel, peer] : a.channels)
        if (peer == d.from) return net.send(now, kTurnServer, client, stun::encode_channel_data(channel, d.data));
      stun::StunMessage ind(stun::StunClass::kIndication, stun::StunMethod::kData, {});
      ind.add_xor_address(stun::attr::kXorPeerAddress, d.from);
      ind.add(stun::attr::kData, d.data);
      net.send(now, kTurnServer, client, ind.encode());
      return;
    }
  }

  std::string username_;
  Bytes key_;
  uint16_t next_port_ = 49152;
  std::map<SocketAddress, Allocation> allocations_;  // by client (5-tuple reduced to the source)
};

struct Peer {
  Peer(const char* name, uint64_t seed, IceRole role, IceAgentConfig config)
      : name(name), random(seed), agent(role, random, config) {}
  std::string name;
  SeededRandom random;
  IceAgent agent;
  SocketAddress host;
  std::optional<SocketAddress> relay_interface;  // the relay's inside address in the simulation
  std::optional<SocketAddress> relayed;          // the relayed transport address (candidate)
  std::vector<IceTransportState> states;
  std::vector<IceGatheringState> gathering;
  std::vector<Candidate> gathered;
  int selected_changes = 0;
  int role_changes = 0;
  std::vector<Bytes> received;
  bool signal_candidates = true;  // forward gathered candidates to the other side
  Duration signal_delay = Duration(0);  // how long the signalling channel takes
};

class IceSim {
 public:
  explicit IceSim(uint64_t seed = 1, IceAgentConfig config = {})
      : net_(seed),
        a_("A", seed * 100 + 1, IceRole::kControlling, config),
        z_("Z", seed * 100 + 2, IceRole::kControlled, config) {
    net_.add_host(kStunServer.ip());
    net_.add_host(kTurnServer.ip());
  }

  // Runs a TURN server and gives the peer's agent its credentials (the agent's own TurnClient).
  SimTurnServer& use_turn(Peer& p, const std::string& password = "secret") {
    if (!turn_server_) turn_server_ = std::make_unique<SimTurnServer>("user", "secret");
    turn::TurnClientOptions options;
    options.username = "user";
    options.password = password;
    p.agent.add_turn_server(now_, kTurnServer, p.host, options);
    return *turn_server_;
  }

  // Places A and Z behind NATs of the given kinds (kNone: on the public side). relay_* gives that
  // peer a TURN-style relayed candidate: an address-restricted box with a public address, which
  // is how a TURN allocation with IP permissions behaves.
  void setup(NatKind ka, NatKind kz, bool relay_a = false, bool relay_z = false) {
    place(a_, ka, "203.0.113.1", "10.0.1.10", "203.0.113.10");
    place(z_, kz, "203.0.113.2", "10.0.2.20", "203.0.113.20");
    if (relay_a) add_relay(a_, "198.51.100.201", "100.64.0.1");
    if (relay_z) add_relay(z_, "198.51.100.202", "100.64.0.2");
  }

  // An ICE restart by A, answered by Z with new credentials too (JSEP §5.2.1/§5.3.1). Returns A's.
  IceCredentials restart_both() {
    auto na = IceCredentials::generate(a_.random);
    auto nz = IceCredentials::generate(z_.random);
    a_.agent.restart(now_, na);
    z_.agent.set_remote_credentials(now_, na);
    z_.agent.restart(now_, nz);
    a_.agent.set_remote_credentials(now_, nz);
    return na;
  }

  void start() {
    auto ca = IceCredentials::generate(a_.random);
    auto cz = IceCredentials::generate(z_.random);
    a_.agent.set_local_credentials(ca);
    z_.agent.set_local_credentials(cz);
    a_.agent.set_remote_credentials(now_, cz);
    z_.agent.set_remote_credentials(now_, ca);
    for (Peer* p : {&a_, &z_}) {
      p->agent.add_host_address(now_, p->host);
      p->agent.add_stun_server(kStunServer);
      p->agent.start_gathering(now_, p->relayed ? 1 : 0);
      if (p->relayed)
        p->agent.add_relayed_candidate(now_, *p->relayed, addr("198.51.100.250:3478"), std::nullopt);
    }
  }

  // Exchanges everything due now, then advances the clock to the next deadline; until `done`
  // holds or `limit` of virtual time has passed. Returns done().
  bool run_until(const std::function<bool()>& done, Duration limit = Duration(60'000'000)) {
    Timestamp end = now_ + limit;
    while (true) {
      pump();
      if (done()) return true;
      Timestamp next = std::min({a_.agent.next_timeout(), z_.agent.next_timeout(), net_.next_delivery(),
                                 signalling_.empty() ? Timestamp::infinite() : signalling_.begin()->first});
      if (next > end) {
        now_ = end;
        return done();
      }
      now_ = std::max(now_, next);
      for (Peer* p : {&a_, &z_})
        if (p->agent.next_timeout() <= now_) p->agent.handle_timeout(now_);
    }
  }
  void run_for(Duration d) {
    run_until([] { return false; }, d);
  }

  bool connected() {
    return is_up(a_.agent.state()) && is_up(z_.agent.state()) && a_.agent.selected_pair() &&
           z_.agent.selected_pair();
  }
  static bool is_up(IceTransportState s) {
    return s == IceTransportState::kConnected || s == IceTransportState::kCompleted;
  }

  // Both sides selected the same path (each one's local is the other's remote, modulo NAT).
  void expect_data_flows() {
    size_t za = z_.received.size(), az = a_.received.size();
    Bytes ping{0x80, 1, 2, 3}, pong{0x80, 4, 5, 6};  // RTP-looking first byte: not STUN
    ASSERT_TRUE(a_.agent.send(now_, ping));
    ASSERT_TRUE(z_.agent.send(now_, pong));
    run_until([&] { return z_.received.size() > za && a_.received.size() > az; }, Duration(2'000'000));
    ASSERT_GT(z_.received.size(), za);
    ASSERT_GT(a_.received.size(), az);
    EXPECT_EQ(z_.received.back(), ping);
    EXPECT_EQ(a_.received.back(), pong);
  }

  void pump() {
    bool progress = true;
    while (progress) {
      progress = false;
      for (Peer* p : {&a_, &z_}) {
        Peer* other = p == &a_ ? &z_ : &a_;
        while (auto t = p->agent.poll_transmit()) {
          progress = true;
          SocketAddress from = (p->relayed && t->local == *p->relayed) ? *p->relay_interface : t->local;
          net_.send(now_, from, t->remote, std::move(t->data));
        }
        while (auto e = p->agent.poll_event()) {
          progress = true;
          on_event(*p, *other, *e);
        }
      }
      while (auto d = net_.poll(now_)) {
        progress = true;
        deliver(*d);
      }
      while (!signalling_.empty() && signalling_.begin()->first <= now_) {
        progress = true;
        auto message = signalling_.begin()->second;
        signalling_.erase(signalling_.begin());
        message();
      }
    }
  }

  SimNetwork& net() { return net_; }
  Peer& a() { return a_; }
  Peer& z() { return z_; }
  Timestamp now() const { return now_; }

 private:
  void place(Peer& p, NatKind kind, const char* nat_ip, const char* private_ip, const char* public_ip) {
    if (kind == NatKind::kNone) {
      net_.add_host(ip(public_ip));
      p.host = SocketAddress(ip(public_ip), 5000);
    } else {
      int nat = net_.add_nat(kind, ip(nat_ip));
      net_.add_host(ip(private_ip), nat);
      p.host = SocketAddress(ip(private_ip), 5000);
    }
  }
  void add_relay(Peer& p, const char* public_ip, const char* inside_ip) {
    int nat = net_.add_nat(NatKind::kAddressRestricted, ip(public_ip));
    net_.add_host(ip(inside_ip), nat);
    p.relay_interface = SocketAddress(ip(inside_ip), 6000);
    p.relayed = net_.mapping(*p.relay_interface, kStunServer);
  }

  void on_event(Peer& p, Peer& other, const IceEvent& e) {
    if (auto* g = std::get_if<event::CandidateGathered>(&e)) {
      p.gathered.push_back(g->candidate);
      // Signalling goes through the text form, as it would through SDP.
      if (p.signal_candidates) {
        auto parsed = parse_candidate(g->candidate.to_string());
        EXPECT_TRUE(parsed.ok());
        Candidate c = parsed.value();
        signal(p, [this, &other, c] { other.agent.add_remote_candidate(now_, c); });
      }
    } else if (auto* gs = std::get_if<event::GatheringStateChanged>(&e)) {
      p.gathering.push_back(gs->state);
      if (gs->state == IceGatheringState::kComplete && p.signal_candidates)
        signal(p, [this, &other] { other.agent.end_of_remote_candidates(now_); });
    } else if (auto* s = std::get_if<event::StateChanged>(&e)) {
      p.states.push_back(s->state);
    } else if (std::get_if<event::SelectedPairChanged>(&e)) {
      ++p.selected_changes;
    } else if (std::get_if<event::RoleChanged>(&e)) {
      ++p.role_changes;
    } else if (auto* d = std::get_if<event::DataReceived>(&e)) {
      p.received.push_back(d->data);
    }
  }

  // The signalling channel: in order, after the sender's signal_delay.
  void signal(Peer& from, std::function<void()> message) {
    Timestamp at = now_ + from.signal_delay;
    if (!signalling_.empty()) at = std::max(at, std::prev(signalling_.end())->first);
    signalling_.emplace(at, std::move(message));
  }

  void deliver(const testing::SimDelivery& d) {
    if (turn_server_ && turn_server_->owns(d.to)) {
      turn_server_->receive(now_, net_, d);
      return;
    }
    if (d.to == kStunServer) {
      // A STUN server (RFC 8489 §7.3): answer Binding requests with the source address seen.
      auto request = stun::StunMessage::decode(d.data);
      if (!request || request->message_class() != stun::StunClass::kRequest) return;
      stun::StunMessage response(stun::StunClass::kSuccess, stun::StunMethod::kBinding,
                                 request->transaction_id());
      response.add_xor_address(stun::attr::kXorMappedAddress, d.from);
      net_.send(now_, kStunServer, d.from, response.encode_with_fingerprint());
      return;
    }
    for (Peer* p : {&a_, &z_}) {
      if (d.to == p->host) {
        p->agent.handle_receive(now_, p->host, d.from, d.data);
        return;
      }
      if (p->relay_interface && d.to == *p->relay_interface) {
        p->agent.handle_receive(now_, *p->relayed, d.from, d.data);
        return;
      }
    }
  }

  SimNetwork net_;
  Peer a_, z_;
  std::unique_ptr<SimTurnServer> turn_server_;
  std::multimap<Timestamp, std::function<void()>> signalling_;
  Timestamp now_ = Timestamp::from_millis(0);
};

// --- every NAT combination ------------------------------------------------------------------------

const NatKind kAllNats[] = {NatKind::kNone, NatKind::kFullCone, NatKind::kAddressRestricted,
                            NatKind::kPortRestricted, NatKind::kSymmetric};

// Without a relay, ICE cannot traverse symmetric<->symmetric and symmetric<->port-restricted:
// the symmetric side's new mapping toward the peer is refused by the other side's filter, and
// the other side's packets to the symmetric side's server-reflexive address are refused too.
bool traversable(NatKind a, NatKind z) {
  auto hard = [](NatKind x, NatKind y) {
    return x == NatKind::kSymmetric && (y == NatKind::kSymmetric || y == NatKind::kPortRestricted);
  };
  return !hard(a, z) && !hard(z, a);
}

// W3C RTCIceTransportState: once connected, an agent is never 'checking' again without an ICE
// restart (a valid pair checked again to nominate it stays valid).
bool backToChecking(const std::vector<IceTransportState>& states) {
  bool up = false;
  for (IceTransportState s : states) {
    if (s == IceTransportState::kConnected || s == IceTransportState::kCompleted) up = true;
    if (up && s == IceTransportState::kChecking) return true;
  }
  return false;
}

TEST(IceConnectivityTest, EveryNatCombinationConnectsWhereIceCan) {
  int connected = 0, failed = 0;
  for (NatKind ka : kAllNats) {
    for (NatKind kz : kAllNats) {
      SCOPED_TRACE(std::string(testing::nat_kind_name(ka)) + " <-> " + testing::nat_kind_name(kz));
      IceSim sim(7);
      sim.setup(ka, kz);
      sim.start();
      if (traversable(ka, kz)) {
        ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
        EXPECT_LT(sim.now().millis(), 3000);
        sim.expect_data_flows();
        EXPECT_FALSE(backToChecking(sim.a().states));
        EXPECT_FALSE(backToChecking(sim.z().states));
        ++connected;
      } else {
        ASSERT_TRUE(sim.run_until([&] {
          return sim.a().agent.state() == IceTransportState::kFailed &&
                 sim.z().agent.state() == IceTransportState::kFailed;
        }));
        EXPECT_FALSE(sim.a().agent.send(sim.now(), Bytes{0x80}));
        ++failed;
      }
    }
  }
  EXPECT_EQ(connected, 22);
  EXPECT_EQ(failed, 3);
}

// RFC 8445 §7.3.1.4. Z learns A's candidates first and checks at once, but that check is lost
// (here A's network drops it; in life a NAT binding or TURN permission A has not opened yet).
// When A's check then reaches Z, Z checks again at once instead of waiting for its own check's
// retransmission (500 ms): both sides connect right after A's check arrives.
TEST(IceConnectivityTest, APeersCheckRetriggersOurCheckThatWasLost) {
  IceSim sim(21);
  sim.setup(NatKind::kNone, NatKind::kNone);
  sim.z().signal_delay = Duration(100'000);  // A learns Z's candidates 100 ms after Z learns A's
  const Timestamp start = sim.now();
  sim.net().block(sim.a().host.ip());
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.stats().checks_sent > 0; }, Duration(50'000)));
  sim.run_for(Duration(10'000));
  sim.net().block(sim.a().host.ip(), false);
  ASSERT_GT(sim.net().stats().blocked, 0u);  // Z's first check really was lost
  // Both sides have a valid pair (ICE 'connected'; data flows on it before nomination).
  ASSERT_TRUE(sim.run_until([&] { return IceSim::is_up(sim.a().agent.state()) && IceSim::is_up(sim.z().agent.state()); },
                            Duration(10'000'000)));
  EXPECT_LT((sim.now() - start).count(), 250'000) << "connected after " << (sim.now() - start).count() / 1000 << " ms";
  EXPECT_EQ(sim.z().agent.stats().checks_timed_out, 0u);  // the cancelled check failed nothing
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));  // and nomination completes
  sim.expect_data_flows();
}

// The same case, step by step: Z's new check goes out in the same step in which Z answers A's
// check, not at Z's next pacing slot (Ta, 50 ms after its lost check).
TEST(IceConnectivityTest, TheRetriggeredCheckIsNotPaced) {
  IceSim sim(21);
  sim.setup(NatKind::kNone, NatKind::kNone);
  sim.z().signal_delay = Duration(10'000);
  sim.net().block(sim.a().host.ip());
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.stats().checks_sent > 0; }, Duration(50'000)));
  sim.net().block(sim.a().host.ip(), false);
  ASSERT_GT(sim.net().stats().blocked, 0u);  // Z's first check was lost
  ASSERT_EQ(sim.z().agent.stats().checks_sent, 1u);
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.stats().responses_sent > 0; }, Duration(1'000'000)));
  EXPECT_EQ(sim.z().agent.stats().checks_sent, 2u);  // already sent, in the same step
  EXPECT_EQ(sim.z().agent.stats().check_retransmits, 0u);
}

TEST(IceConnectivityTest, SymmetricToSymmetricConnectsThroughARelay) {
  for (bool relay_on_a : {true, false}) {
    IceSim sim(11);
    sim.setup(NatKind::kSymmetric, NatKind::kSymmetric, relay_on_a, !relay_on_a);
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
    Peer& relayed = relay_on_a ? sim.a() : sim.z();
    auto pair = relayed.agent.selected_pair();
    ASSERT_TRUE(pair);
    EXPECT_EQ(pair->local.type, CandidateType::kRelayed);
    EXPECT_EQ(pair->base, *relayed.relayed);
    sim.expect_data_flows();
  }
}

TEST(IceConnectivityTest, SymmetricToSymmetricThroughTheAgentsOwnTurnClient) {
  IceSim sim(13);
  sim.setup(NatKind::kSymmetric, NatKind::kSymmetric);
  SimTurnServer& turn = sim.use_turn(sim.a());
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  EXPECT_EQ(turn.allocations, 1);
  EXPECT_GE(turn.unauthorized, 1);  // the first Allocate is answered 401 with realm and nonce
  auto pair = sim.a().agent.selected_pair();
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->local.type, CandidateType::kRelayed);
  EXPECT_EQ(pair->local.address.ip(), kTurnServer.ip());
  // Every datagram A emits is an ordinary one: to the TURN server (or the STUN server) from A's host.
  sim.expect_data_flows();
  // The selected relayed pair gets a channel: data then travels as ChannelData.
  ASSERT_TRUE(sim.run_until([&] { return turn.channel_binds == 1; }, Duration(2'000'000)));
  sim.run_for(Duration(100'000));
  int before = turn.channel_data_from_clients;
  sim.expect_data_flows();
  EXPECT_GT(turn.channel_data_from_clients, before);
  // Consent runs through the relay for longer than the allocation's refresh margin.
  sim.run_for(Duration(90'000'000));
  EXPECT_TRUE(sim.connected());
  EXPECT_EQ(sim.a().agent.stats().turn_failures, 0u);
  // Closing releases the allocation.
  sim.a().agent.close(sim.now());
  sim.run_for(Duration(1'000'000));
  EXPECT_EQ(turn.deallocations, 1);
}

// setConfiguration() without a TURN server, then an ICE restart: its allocation is released at
// once (the connection runs on another pair) and the new generation offers no relayed candidate.
TEST(IceConnectivityTest, ARemovedTurnServerIsReleasedAndNotOfferedAfterTheRestart) {
  IceSim sim(17);
  sim.setup(NatKind::kFullCone, NatKind::kFullCone);
  SimTurnServer& turn = sim.use_turn(sim.a());
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected() && turn.allocations == 1; }, Duration(10'000'000)));
  ASSERT_NE(sim.a().agent.selected_pair()->local.type, CandidateType::kRelayed);
  sim.a().agent.retire_turn_server(sim.now(), kTurnServer, sim.a().host);
  sim.run_for(Duration(1'000'000));
  EXPECT_EQ(turn.deallocations, 1);

  const size_t before = sim.a().gathered.size();
  sim.restart_both();
  ASSERT_TRUE(sim.run_until([&] { return sim.a().selected_changes == 2 && sim.connected(); }, Duration(10'000'000)));
  ASSERT_GT(sim.a().gathered.size(), before);
  for (size_t i = before; i < sim.a().gathered.size(); ++i)
    EXPECT_NE(sim.a().gathered[i].type, CandidateType::kRelayed) << sim.a().gathered[i].to_string();
  sim.expect_data_flows();
}

// The same removal while the selected pair relays through that server: nothing is cut; the
// allocation lives on until close().
TEST(IceConnectivityTest, ARemovedTurnServerThatCarriesTheSelectedPairStaysUntilClose) {
  IceSim sim(13);
  sim.setup(NatKind::kSymmetric, NatKind::kSymmetric);
  SimTurnServer& turn = sim.use_turn(sim.a());
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  ASSERT_EQ(sim.a().agent.selected_pair()->local.type, CandidateType::kRelayed);
  sim.a().agent.retire_turn_server(sim.now(), kTurnServer, sim.a().host);
  sim.run_for(Duration(40'000'000));  // beyond the consent timeout
  EXPECT_TRUE(sim.connected());
  EXPECT_EQ(turn.deallocations, 0);
  sim.expect_data_flows();
  sim.a().agent.close(sim.now());
  sim.run_for(Duration(1'000'000));
  EXPECT_EQ(turn.deallocations, 1);
}

// A restart under iceTransportPolicy 'relay' without a TURN server offers no candidate, so no new
// pair can be selected; the pair in use keeps the connection, with consent answered on both sides.
TEST(IceConnectivityTest, ARestartToRelayOnlyWithoutRelaysKeepsThePairInUse) {
  IceSim sim(19);
  sim.setup(NatKind::kFullCone, NatKind::kFullCone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  const size_t before = sim.a().gathered.size();
  sim.a().agent.set_transport_policy(IceTransportPolicy::kRelay);
  sim.restart_both();
  sim.run_for(Duration(45'000'000));  // beyond the consent timeout
  EXPECT_EQ(sim.a().gathered.size(), before);  // nothing offered
  EXPECT_TRUE(sim.connected());
  EXPECT_EQ(sim.z().agent.state(), IceTransportState::kConnected);
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, WrongTurnPasswordGathersWithoutRelayAndFailsBehindSymmetricNats) {
  IceSim sim(14);
  sim.setup(NatKind::kSymmetric, NatKind::kSymmetric);
  sim.use_turn(sim.a(), "wrong");
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.gathering_state() == IceGatheringState::kComplete; }));
  for (const auto& c : sim.a().gathered) EXPECT_NE(c.type, CandidateType::kRelayed);
  EXPECT_EQ(sim.a().agent.stats().turn_failures, 1u);
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.state() == IceTransportState::kFailed; }));
}

TEST(IceConnectivityTest, PortRestrictedToSymmetricConnectsThroughARelay) {
  IceSim sim(12);
  sim.setup(NatKind::kPortRestricted, NatKind::kSymmetric, false, true);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, GathersHostSrflxAndRelayCandidatesThenCompletes) {
  IceSim sim(3);
  sim.setup(NatKind::kPortRestricted, NatKind::kNone, true, false);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  auto& a = sim.a();
  ASSERT_EQ(a.gathering.size(), 2u);
  EXPECT_EQ(a.gathering[0], IceGatheringState::kGathering);
  EXPECT_EQ(a.gathering[1], IceGatheringState::kComplete);
  int host = 0, srflx = 0, relay = 0;
  for (const auto& c : a.gathered) {
    if (c.type == CandidateType::kHost) {
      ++host;
      EXPECT_EQ(c.address, a.host);
    }
    if (c.type == CandidateType::kServerReflexive) {
      ++srflx;
      EXPECT_EQ(c.address.ip().to_string(), "203.0.113.1");
      ASSERT_TRUE(c.related_address);
      EXPECT_EQ(*c.related_address, a.host);
    }
    if (c.type == CandidateType::kRelayed) ++relay;
  }
  EXPECT_EQ(host, 1);
  EXPECT_EQ(srflx, 1);
  EXPECT_EQ(relay, 1);
  // Public Z has no srflx distinct from its host address (§5.1.3 redundancy).
  for (const auto& c : sim.z().gathered) EXPECT_EQ(c.type, CandidateType::kHost);
  // Both sides signalled end-of-candidates and finished checking (the checks toward unreachable
  // private addresses time out after ~35 s): completed.
  ASSERT_TRUE(sim.run_until([&] {
    return sim.a().agent.state() == IceTransportState::kCompleted &&
           sim.z().agent.state() == IceTransportState::kCompleted;
  }, Duration(60'000'000)));
  EXPECT_EQ(sim.a().states.front(), IceTransportState::kChecking);
}

TEST(IceConnectivityTest, BothSidesSelectTheSamePath) {
  IceSim sim(5);
  sim.setup(NatKind::kFullCone, NatKind::kAddressRestricted);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  auto pa = *sim.a().agent.selected_pair();
  auto pz = *sim.z().agent.selected_pair();
  EXPECT_TRUE(pa.nominated);
  EXPECT_TRUE(pz.nominated);
  // What A sends to is Z's NAT mapping of Z's base, and vice versa.
  EXPECT_EQ(pa.remote.address.ip().to_string(), "203.0.113.2");
  EXPECT_EQ(pz.remote.address.ip().to_string(), "203.0.113.1");
  EXPECT_EQ(sim.a().selected_changes, 1);
  EXPECT_EQ(sim.z().selected_changes, 1);
}

TEST(IceConnectivityTest, PeerReflexiveCandidateWhenOnlyOneSideSignals) {
  IceSim sim(9);
  sim.setup(NatKind::kPortRestricted, NatKind::kNone);
  sim.a().signal_candidates = false;  // Z never hears of A's candidates: it learns A from checks
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  EXPECT_GE(sim.z().agent.stats().peer_reflexive_remote, 1u);
  EXPECT_EQ(sim.z().agent.selected_pair()->remote.type, CandidateType::kPeerReflexive);
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, RoleConflictResolvesToOneControllingAgent) {
  for (IceRole both : {IceRole::kControlling, IceRole::kControlled}) {
    IceSim sim(21);
    sim.setup(NatKind::kNone, NatKind::kFullCone);
    sim.a().agent.set_role(both);
    sim.z().agent.set_role(both);
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
    EXPECT_NE(sim.a().agent.role(), sim.z().agent.role());
    EXPECT_EQ(sim.a().role_changes + sim.z().role_changes, 1);
    // The larger tie-breaker controls (RFC 8445 §7.3.1.1).
    bool a_larger = sim.a().agent.tie_breaker() > sim.z().agent.tie_breaker();
    EXPECT_EQ(sim.a().agent.role(), a_larger ? IceRole::kControlling : IceRole::kControlled);
    EXPECT_GE(sim.a().agent.stats().role_conflicts + sim.z().agent.stats().role_conflicts +
                  sim.a().agent.stats().role_switches + sim.z().agent.stats().role_switches,
              1u);
    sim.expect_data_flows();
  }
}

TEST(IceConnectivityTest, IceRestartKeepsDataFlowingAndSelectsANewPair) {
  IceSim sim(31);
  sim.setup(NatKind::kPortRestricted, NatKind::kFullCone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  auto old_a = sim.a().agent.local_credentials();
  const IceCredentials na = sim.restart_both();
  EXPECT_NE(sim.a().agent.local_credentials(), old_a);
  // Still connected on the old pair while the new checks run.
  EXPECT_TRUE(IceSim::is_up(sim.a().agent.state()));
  sim.expect_data_flows();
  ASSERT_TRUE(sim.run_until([&] {
    return sim.a().selected_changes == 2 && sim.z().selected_changes == 2 && sim.connected();
  }, Duration(10'000'000)));
  // The new candidates carry the new ufrag.
  EXPECT_EQ(sim.a().gathered.back().ufrag, na.ufrag);
  sim.expect_data_flows();
  // Consent keeps working with the new credentials for far longer than the consent timeout.
  sim.run_for(Duration(45'000'000));
  EXPECT_TRUE(sim.connected());
  EXPECT_EQ(sim.a().agent.stats().bad_integrity + sim.z().agent.stats().bad_integrity, 0u);
}

TEST(IceConnectivityTest, ConsentLossGoesDisconnectedThenFailed) {
  IceSim sim(41);
  sim.setup(NatKind::kNone, NatKind::kPortRestricted);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  sim.run_for(Duration(12'000'000));  // consent refreshes keep it up
  ASSERT_TRUE(sim.connected());
  Timestamp cut = sim.now();
  sim.net().block(ip("203.0.113.2"));  // Z's NAT goes dark
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.state() == IceTransportState::kDisconnected; }));
  EXPECT_LT((sim.now() - cut).count(), 8'000'000);
  EXPECT_TRUE(sim.a().agent.send(sim.now(), Bytes{0x80}));  // disconnected may still send
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.state() == IceTransportState::kFailed; }));
  EXPECT_GE((sim.now() - cut).count(), 25'000'000);
  EXPECT_LE((sim.now() - cut).count(), 31'000'000);
  EXPECT_FALSE(sim.a().agent.send(sim.now(), Bytes{0x80}));  // RFC 7675: stop sending
  EXPECT_FALSE(sim.a().agent.selected_pair());
  EXPECT_EQ(sim.a().selected_changes, 2);  // selected, then lost
  auto& states = sim.a().states;
  ASSERT_GE(states.size(), 3u);
  EXPECT_EQ(states[states.size() - 2], IceTransportState::kDisconnected);
  EXPECT_EQ(states.back(), IceTransportState::kFailed);
}

// A peer that vanishes after its checks succeeded but before it nominated: no consent check runs
// yet (RFC 7675 works on the selected pair), so silence from the peer has to end it the same way:
// disconnected after 7.5 s, failed after 30 s, and nothing more is sent.
TEST(IceConnectivityTest, APeerThatVanishesBeforeNominatingIsNoticedBySilence) {
  IceSim sim(23);
  sim.setup(NatKind::kNone, NatKind::kNone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return IceSim::is_up(sim.z().agent.state()); }, Duration(5'000'000)));
  ASSERT_FALSE(sim.z().agent.selected_pair());  // A has not nominated yet
  sim.net().block(sim.a().host.ip());
  const Timestamp cut = sim.now();
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.state() == IceTransportState::kDisconnected; },
                            Duration(10'000'000)));
  EXPECT_GE((sim.now() - cut).count(), 7'000'000);
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.state() == IceTransportState::kFailed; }, Duration(40'000'000)));
  EXPECT_GE((sim.now() - cut).count(), 29'000'000);
  EXPECT_FALSE(sim.z().agent.send(sim.now(), Bytes{0x80}));
}

TEST(IceConnectivityTest, RestartAfterConsentFailureReconnects) {
  IceSim sim(42);
  sim.setup(NatKind::kNone, NatKind::kFullCone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  sim.net().block(ip("203.0.113.2"));
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.state() == IceTransportState::kFailed; }));
  sim.net().block(ip("203.0.113.2"), false);
  auto na = IceCredentials::generate(sim.a().random);
  auto nz = IceCredentials::generate(sim.z().random);
  sim.a().agent.restart(sim.now(), na);
  EXPECT_EQ(sim.a().agent.state(), IceTransportState::kChecking);
  sim.z().agent.set_remote_credentials(sim.now(), na);
  sim.z().agent.restart(sim.now(), nz);
  sim.a().agent.set_remote_credentials(sim.now(), nz);
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, ConsentComesBackAfterAShortOutage) {
  IceSim sim(43);
  sim.setup(NatKind::kFullCone, NatKind::kNone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  sim.net().block(ip("203.0.113.20"));
  ASSERT_TRUE(sim.run_until([&] { return sim.a().agent.state() == IceTransportState::kDisconnected; }));
  sim.net().block(ip("203.0.113.20"), false);
  ASSERT_TRUE(sim.run_until([&] { return IceSim::is_up(sim.a().agent.state()); }, Duration(10'000'000)));
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, ToleratesLossDuplicationReorderingAndJitter) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    IceSim sim(seed);
    sim.net().set_conditions({Duration(30'000), Duration(40'000), 0.2, 0.1, 0.1, Duration(60'000)});
    sim.setup(NatKind::kPortRestricted, NatKind::kAddressRestricted);
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(20'000'000)));
    // Data over the lossy path: send a few times, at least one gets through each way.
    sim.net().set_conditions({Duration(30'000), Duration(40'000), 0.0, 0.1, 0.1, Duration(60'000)});
    sim.expect_data_flows();
    // And it stays up for a minute of lossy consent checks.
    sim.net().set_conditions({Duration(30'000), Duration(40'000), 0.2, 0.1, 0.1, Duration(60'000)});
    sim.run_for(Duration(60'000'000));
    EXPECT_GT(sim.net().stats().lost, 0u);
    EXPECT_GT(sim.net().stats().duplicated, 0u);
    EXPECT_TRUE(sim.connected()) << to_string(sim.a().agent.state()) << " " << to_string(sim.z().agent.state());
  }
}

TEST(IceConnectivityTest, LateTrickledCandidatesStillConnect) {
  IceSim sim(61);
  sim.setup(NatKind::kPortRestricted, NatKind::kPortRestricted);
  sim.a().signal_delay = Duration(2'000'000);
  sim.z().signal_delay = Duration(3'000'000);
  sim.start();
  sim.run_for(Duration(1'000'000));
  EXPECT_EQ(sim.a().agent.state(), IceTransportState::kNew);  // nothing to check yet
  EXPECT_TRUE(sim.a().agent.remote_candidates().empty());
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  EXPECT_GE(sim.now().millis(), 3000);
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, MultihomedHostSkipsADeadInterface) {
  IceSim sim(62);
  sim.setup(NatKind::kNone, NatKind::kFullCone);
  // A also has an address nobody can reach (a VPN that is down): listed first, so it has the
  // higher local preference, but its pairs fail and the working one is selected.
  sim.a().agent.add_host_address(sim.now(), addr("172.16.9.9:5000"));
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  EXPECT_EQ(sim.a().agent.selected_pair()->base, sim.a().host);
  int hosts = 0;
  for (const auto& c : sim.a().gathered) hosts += c.type == CandidateType::kHost;
  EXPECT_EQ(hosts, 2);
  sim.expect_data_flows();
}

TEST(IceConnectivityTest, Ipv6HostsConnect) {
  IceSim sim(63);
  sim.net().add_host(ip("2001:db8::a"));
  sim.net().add_host(ip("2001:db8::2"));
  sim.setup(NatKind::kNone, NatKind::kNone);
  sim.a().host = addr("[2001:db8::a]:5000");
  sim.z().host = addr("[2001:db8::2]:6000");
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }, Duration(10'000'000)));
  EXPECT_FALSE(sim.a().agent.selected_pair()->remote.address.ip().is_v4());
  EXPECT_EQ(sim.a().agent.selected_pair()->remote.address, sim.z().host);
  EXPECT_EQ(sim.z().agent.selected_pair()->remote.address, sim.a().host);
  sim.expect_data_flows();
  // IPv6 has no STUN server here; no srflx is gathered, and gathering still completes.
  EXPECT_EQ(sim.a().gathering.back(), IceGatheringState::kComplete);
}

TEST(IceConnectivityTest, CloseStopsEverything) {
  IceSim sim(51);
  sim.setup(NatKind::kNone, NatKind::kNone);
  sim.start();
  ASSERT_TRUE(sim.run_until([&] { return sim.connected(); }));
  sim.a().agent.close(sim.now());
  EXPECT_EQ(sim.a().agent.state(), IceTransportState::kClosed);
  EXPECT_EQ(sim.a().agent.next_timeout(), Timestamp::infinite());
  EXPECT_FALSE(sim.a().agent.send(sim.now(), Bytes{0x80}));
  sim.pump();
  EXPECT_EQ(sim.a().states.back(), IceTransportState::kClosed);
  // Z notices through consent.
  ASSERT_TRUE(sim.run_until([&] { return sim.z().agent.state() == IceTransportState::kFailed; }));
}

}  // namespace
}  // namespace wasmrtc::ice
