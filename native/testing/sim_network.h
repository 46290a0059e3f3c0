// A deterministic simulated IP network for tests of sans-IO protocol cores: a virtual clock is
// passed in (nothing sleeps), seeded loss, delay, jitter, reordering and duplication, and NAT boxes
// (RFC 4787 behaviours) between private hosts and the public side. Generic over bytes: it knows
// nothing about STUN or ICE.
//
// Routing is by IP address: every host address (private or public) and every NAT public address is
// unique in one SimNetwork. A packet from a host behind a NAT leaves with the NAT's mapping as its
// source; a packet to a NAT's public address is let in (and translated) only if the NAT's filter
// allows it. Packets to addresses nobody owns are dropped and counted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <tuple>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/socket_address.h"
#include "common/time.h"

namespace wasmrtc::testing {

// RFC 4787 mapping/filtering combinations, by their classic names.
enum class NatKind {
  kNone,               // no NAT: the host's address is public
  kFullCone,           // endpoint-independent mapping and filtering
  kAddressRestricted,  // endpoint-independent mapping, address-dependent filtering
  kPortRestricted,     // endpoint-independent mapping, address-and-port-dependent filtering
  kSymmetric,          // address-and-port-dependent mapping and filtering
};
const char* nat_kind_name(NatKind kind);

struct LinkConditions {
  Duration delay = Duration(10'000);  // one-way latency
  Duration jitter = Duration(0);      // uniform extra delay in [0, jitter]
  double loss = 0;                    // probability a packet is dropped
  double duplicate = 0;               // probability a packet is delivered twice
  double reorder = 0;                 // probability a packet is held back by reorder_delay extra
  Duration reorder_delay = Duration(30'000);
};

struct SimDelivery {
  Timestamp at;
  SocketAddress from;  // as the receiver sees it (after NAT translation)
  SocketAddress to;    // the receiving host's own address (private if behind a NAT)
  Bytes data;
};

struct SimNetworkStats {
  uint64_t sent = 0;
  uint64_t delivered = 0;
  uint64_t lost = 0;
  uint64_t duplicated = 0;
  uint64_t filtered = 0;     // refused by a NAT's filter
  uint64_t unroutable = 0;   // no host or NAT owns the destination
  uint64_t blocked = 0;      // dropped by block()
};

class SimNetwork {
 public:
  explicit SimNetwork(uint64_t seed) : random_(seed) {}

  // A NAT with the given public address; returns its id for add_host. kNone is not a NAT.
  int add_nat(NatKind kind, const IpAddress& public_ip);
  // A host address; nat_id -1 puts it on the public side.
  void add_host(const IpAddress& ip, int nat_id = -1);
  // Creates (or returns) the NAT mapping for a private address as if it had sent to `toward`: the
  // public address a TURN server or STUN server would report. For endpoint-independent NATs the
  // destination does not matter.
  SocketAddress mapping(const SocketAddress& private_address, const SocketAddress& toward);

  void set_conditions(const LinkConditions& conditions) { conditions_ = conditions; }
  const LinkConditions& conditions() const { return conditions_; }
  // Drops every packet from or to this IP (host or NAT public address) while blocked: a cable cut.
  void block(const IpAddress& ip, bool blocked = true);

  // A host sends a datagram at `now` from one of its addresses.
  void send(Timestamp now, const SocketAddress& from, const SocketAddress& to, Bytes data);

  // The earliest delivery time, or infinite() when nothing is in flight.
  Timestamp next_delivery() const;
  // The next datagram due at or before `now`, in delivery order.
  std::optional<SimDelivery> poll(Timestamp now);

  const SimNetworkStats& stats() const { return stats_; }

 private:
  struct Nat {
    NatKind kind;
    IpAddress public_ip;
    uint16_t next_port = 40000;
    // (private, destination or wildcard) -> public port. EIM NATs key with a zero destination.
    std::map<std::pair<SocketAddress, SocketAddress>, uint16_t> out;
    std::map<uint16_t, SocketAddress> in;  // public port -> private address
    // Filter state: (public port, remote the inside host sent to).
    std::set<std::pair<uint16_t, SocketAddress>> sent_to;
  };
  struct InFlight {
    Timestamp at;
    uint64_t seq;
    SimDelivery delivery;
    bool operator>(const InFlight& o) const { return std::tie(at, seq) > std::tie(o.at, o.seq); }
  };

  double uniform();  // [0, 1)
  Nat* nat_of_host(const IpAddress& ip);
  Nat* nat_by_public(const IpAddress& ip);
  uint16_t map_out(Nat& nat, const SocketAddress& from, const SocketAddress& to);
  void enqueue(Timestamp at, SimDelivery delivery);

  SeededRandom random_;
  LinkConditions conditions_;
  std::vector<Nat> nats_;
  std::map<IpAddress, int> hosts_;  // ip -> nat id or -1
  std::set<IpAddress> blocked_;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<InFlight>> in_flight_;
  uint64_t seq_ = 0;
  SimNetworkStats stats_;
};

}  // namespace wasmrtc::testing
