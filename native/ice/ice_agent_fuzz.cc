// Feeds arbitrary input into an ICE agent "A" that is connected to a real peer "Z" over a perfect
// wire: raw datagrams from Z's address and from strangers, datagrams wrapped in a well-formed STUN
// header with valid MESSAGE-INTEGRITY (either password; optionally the transaction id of A's last
// request, so responses match), candidate lines, time jumps, application data and restarts.
// Must never crash, and next_timeout() must never stay in the past after handle_timeout().
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ice/ice_agent.h"
#include "stun/stun_integrity.h"

using namespace wasmrtc;
using namespace wasmrtc::ice;

namespace {

const SocketAddress kA = *SocketAddress::parse("192.0.2.1:5000");
const SocketAddress kZ = *SocketAddress::parse("192.0.2.2:6000");
const IceCredentials kCredA{"AAAA", "apasswordapasswordapassword"};
const IceCredentials kCredZ{"ZZZZ", "zpasswordzpasswordzpassword"};

struct Wire {
  IceAgent& a;
  IceAgent& z;
  stun::TransactionId last_request{};  // A's latest Binding request

  // Delivers everything both agents emitted, instantly, and forwards candidates.
  void exchange(Timestamp now) {
    for (int round = 0; round < 50; ++round) {
      bool any = false;
      while (auto t = a.poll_transmit()) {
        any = true;
        if (t->data.size() >= 20 && t->data[0] == 0 && t->data[1] == 1)
          std::copy(t->data.begin() + 8, t->data.begin() + 20, last_request.begin());
        if (t->remote == kZ) z.handle_receive(now, kZ, t->local, t->data);
      }
      while (auto t = z.poll_transmit()) {
        any = true;
        if (t->remote == kA) a.handle_receive(now, kA, t->local, t->data);
      }
      for (IceAgent* from : {&a, &z}) {
        IceAgent* to = from == &a ? &z : &a;
        while (auto e = from->poll_event()) {
          any = true;
          if (auto* g = std::get_if<event::CandidateGathered>(&*e)) to->add_remote_candidate(now, g->candidate);
        }
      }
      if (!any) return;
    }
  }
  void tick(Timestamp now) {
    for (IceAgent* x : {&a, &z}) {
      if (x->next_timeout() <= now) x->handle_timeout(now);
      if (x->next_timeout() < now) { fprintf(stderr, "%s now %lld next %lld state %d\n", x == &a ? "A" : "Z", (long long)now.micros(), (long long)x->next_timeout().micros(), (int)x->state()); for (auto& p : x->check_list().pairs()) fprintf(stderr, "pair %s %d\n", p.remote.address.to_string().c_str(), (int)p.state); std::abort(); }
    }
    exchange(now);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom ra(1), rz(2);
  IceAgent a(IceRole::kControlling, ra), z(IceRole::kControlled, rz);
  Wire wire{a, z};
  Timestamp now = Timestamp::from_millis(0);
  a.set_local_credentials(kCredA);
  z.set_local_credentials(kCredZ);
  a.set_remote_credentials(now, kCredZ);
  z.set_remote_credentials(now, kCredA);
  a.add_host_address(now, kA);
  z.add_host_address(now, kZ);
  a.start_gathering(now);
  z.start_gathering(now);
  wire.exchange(now);
  for (int i = 0; i < 200 && !(a.selected_pair() && z.selected_pair()); ++i) {
    now = std::max(now, std::min(a.next_timeout(), z.next_timeout()));
    wire.tick(now);
  }
  if (!a.selected_pair()) std::abort();  // the setup itself must connect

  size_t pos = 0;
  while (pos + 2 <= size) {
    uint8_t op = data[pos];
    size_t len = std::min<size_t>(size_t{data[pos + 1]} * 2, size - pos - 2);
    Bytes packet(data + pos + 2, data + pos + 2 + len);
    pos += 2 + len;
    switch (op % 7) {
      case 0:
        a.handle_receive(now, kA, kZ, packet);
        break;
      case 1:
        a.handle_receive(now, kA, *SocketAddress::parse("203.0.113.9:9"), packet);
        break;
      case 2: {
        // Binding request / indication / success / error, valid length, integrity and fingerprint.
        static const uint16_t kTypes[] = {0x0001, 0x0011, 0x0101, 0x0111};
        uint16_t type = kTypes[(op >> 3) & 3];
        Bytes m(20, 0);
        m[0] = static_cast<uint8_t>(type >> 8), m[1] = static_cast<uint8_t>(type);
        m[4] = 0x21, m[5] = 0x12, m[6] = 0xA4, m[7] = 0x42;
        if (op & 0x20) std::copy(wire.last_request.begin(), wire.last_request.end(), m.begin() + 8);
        size_t body = packet.size() & ~size_t{3};
        m.insert(m.end(), packet.begin(), packet.begin() + static_cast<long>(body));
        m[2] = static_cast<uint8_t>(body >> 8), m[3] = static_cast<uint8_t>(body);
        stun::append_message_integrity(m, stun::short_term_key(op & 0x40 ? kCredZ.pwd : kCredA.pwd));
        stun::append_fingerprint(m);
        a.handle_receive(now, kA, kZ, m);
        break;
      }
      case 3:
        a.add_remote_candidate(now, parse_candidate(std::string(packet.begin(), packet.end())).ok()
                                        ? parse_candidate(std::string(packet.begin(), packet.end())).value()
                                        : Candidate{});
        break;
      case 4:
        // Up to ~13 s: long enough for consent to lapse over a few steps, short enough that one
        // step costs a handful of ticks.
        now = now + Duration(int64_t{op} * 1'000 * static_cast<int64_t>(std::min<size_t>(len + 1, 52)));
        break;
      case 5:
        a.send(now, packet);
        break;
      case 6:
        if (op & 0x80) {
          IceCredentials fresh{"AAA" + std::to_string(op), "apasswordapasswordapassword"};
          a.restart(now, fresh);
          z.set_remote_credentials(now, fresh);
        }
        break;
    }
    wire.exchange(now);
    wire.tick(now);
  }
  return 0;
}
