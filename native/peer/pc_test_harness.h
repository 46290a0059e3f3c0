// Test harness: two PeerConnections, "A" and "Z", on the simulated network with a virtual clock,
// signaling by hand as an application would (SDP strings and trickled candidates), no sleeps.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "peer/peer_connection.h"
#include "testing/sim_network.h"

namespace wasmrtc::peer::test {

inline SocketAddress address(const char* text) { return *SocketAddress::parse(text); }

// One side: its connection, the events it produced, and what it trickles to the other side.
struct Side {
  std::string name;
  SocketAddress local;
  SeededRandom random;
  std::unique_ptr<PeerConnection> pc;
  std::vector<PeerConnectionEvent> events;
  std::vector<pc_event::IceCandidate> outgoing_candidates;
  bool trickle = true;

  Side(std::string n, const char* addr, uint64_t seed) : name(std::move(n)), local(address(addr)), random(seed) {}

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  template <typename T>
  std::vector<T> channel_events() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (const auto* dc = std::get_if<pc_event::DataChannel>(&e)) {
        if (const T* t = std::get_if<T>(&dc->event)) out.push_back(*t);
      }
    }
    return out;
  }
  size_t count_negotiation_needed() const { return all<pc_event::NegotiationNeeded>().size(); }
  bool channel_open(datachannel::DataChannelId id) const {
    return pc->data_channels().state(id) == datachannel::DataChannelState::kOpen;
  }
  // The id of the channel the peer announced with this label, or 0.
  datachannel::DataChannelId announced(const std::string& label) const {
    for (const auto& a : channel_events<datachannel::ChannelAnnounced>()) {
      if (a.parameters.label == label) return a.channel;
    }
    return 0;
  }
  std::vector<datachannel::ChannelMessage> messages(datachannel::DataChannelId id) const {
    std::vector<datachannel::ChannelMessage> out;
    for (const auto& m : channel_events<datachannel::ChannelMessage>()) {
      if (m.channel == id) out.push_back(m);
    }
    return out;
  }
};

class PcPair {
 public:
  explicit PcPair(PeerConnectionConfig config = {}, uint64_t seed = 1)
      : a("A", "10.0.0.1:5000", seed * 100 + 1), z("Z", "10.0.0.2:6000", seed * 100 + 2), net(seed) {
    net.add_host(a.local.ip());
    net.add_host(z.local.ip());
    for (Side* s : {&a, &z}) {
      auto created = PeerConnection::create(now, 1'700'000'000'000, config, s->random);
      EXPECT_TRUE(created.ok());
      s->pc = std::move(created.value());
      s->pc->add_host_address(now, s->local);
    }
    drain();
  }

  Side& other(Side& s) { return &s == &a ? z : a; }

  // Moves every transmit into the network, every event into the side's list, and trickles
  // candidates to the other side once it has a remote description.
  void drain() {
    for (bool progress = true; progress;) {
      progress = false;
      for (Side* s : {&a, &z}) {
        while (auto t = s->pc->poll_transmit()) {
          net.send(now, t->local, t->remote, std::move(t->data));
          progress = true;
        }
        while (auto e = s->pc->poll_event()) {
          if (auto* c = std::get_if<pc_event::IceCandidate>(&*e)) s->outgoing_candidates.push_back(*c);
          s->events.push_back(std::move(*e));
          progress = true;
        }
      }
      for (Side* s : {&a, &z}) {
        Side& peer = other(*s);
        if (!s->trickle || !peer.pc->remote_description()) continue;
        // As signaling delivers in order, a candidate reaches the peer after the description of
        // its generation (the peer knows its ufrag); until then it waits.
        std::vector<pc_event::IceCandidate> later;
        for (const auto& c : s->outgoing_candidates) {
          if (!c.ufrag.empty() && peer.pc->ice_agent().remote_credentials().ufrag != c.ufrag) {
            later.push_back(c);
            continue;
          }
          auto status = peer.pc->add_ice_candidate(now, c.candidate, c.mid, std::nullopt, c.ufrag);
          EXPECT_TRUE(status.ok()) << status.error().message;
          progress = true;
        }
        s->outgoing_candidates = std::move(later);
      }
    }
  }

  // One step of the virtual clock: to the earliest deadline of either side or of the network.
  void step(Timestamp limit) {
    drain();
    Timestamp next = std::min({a.pc->next_timeout(), z.pc->next_timeout(), net.next_delivery(), limit});
    if (next > now) now = next;
    while (auto d = net.poll(now)) {
      Side& to = d->to.ip() == a.local.ip() ? a : z;
      to.pc->handle_receive(now, d->to, d->from, d->data);
    }
    for (Side* s : {&a, &z}) {
      if (s->pc->next_timeout() <= now) s->pc->handle_timeout(now);
    }
    drain();
  }

  bool run_until(const std::function<bool()>& done, Duration max = std::chrono::seconds(30)) {
    const Timestamp limit = now + max;
    while (!done()) {
      if (now >= limit) return false;
      step(limit);
    }
    return true;
  }
  void run_for(Duration d) {
    const Timestamp limit = now + d;
    while (now < limit) step(limit);
  }

  // offerer: createOffer + setLocalDescription; answerer: setRemoteDescription + createAnswer +
  // setLocalDescription; offerer: setRemoteDescription. Candidates trickle in drain().
  void negotiate(Side& offerer) {
    Side& answerer = other(offerer);
    auto offer = offerer.pc->create_offer(now);
    ASSERT_TRUE(offer.ok()) << offer.error().message;
    ASSERT_TRUE(offerer.pc->set_local_description(now, {SdpType::kOffer, offer.value()}).ok());
    drain();
    auto applied = answerer.pc->set_remote_description(now, {SdpType::kOffer, offer.value()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    auto answer = answerer.pc->create_answer(now);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    ASSERT_TRUE(answerer.pc->set_local_description(now, {SdpType::kAnswer, answer.value()}).ok());
    drain();
    auto back = offerer.pc->set_remote_description(now, {SdpType::kAnswer, answer.value()});
    ASSERT_TRUE(back.ok()) << back.error().message;
    drain();
  }

  bool connected() const {
    return a.pc->connection_state() == PeerConnectionState::kConnected &&
           z.pc->connection_state() == PeerConnectionState::kConnected;
  }

  Timestamp now = Timestamp::from_millis(1000);
  Side a;
  Side z;
  testing::SimNetwork net;
};

inline std::string text(const datachannel::ChannelMessage& m) { return std::string(m.data.begin(), m.data.end()); }

}  // namespace wasmrtc::peer::test
