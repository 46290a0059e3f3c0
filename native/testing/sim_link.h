// A simulated network for sans-IO endpoints, itself sans-IO and seeded: one SimLink per direction
// (latency, jitter, loss, duplication, reordering, a bandwidth limit, blackouts, a strict MTU),
// and SimLinkPair, which moves packets between two endpoints "A" and "Z" and advances a virtual
// clock to the earliest deadline (packet arrival or endpoint timeout) until a condition holds or
// nothing is left to do (dcsctp's ExchangeMessages/AdvanceTime, str0m's progress()).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/time.h"

namespace wasmrtc::testing {

struct LinkConfig {
  Duration latency = std::chrono::milliseconds(10);
  Duration jitter = Duration(0);       // uniform extra delay in [0, jitter]
  double loss = 0;                     // probability a packet is dropped
  double duplicate = 0;                // probability a packet is delivered twice
  double reorder = 0;                  // probability a packet is held back by reorder_delay
  Duration reorder_delay = std::chrono::milliseconds(5);
  uint64_t bandwidth_bps = 0;          // 0: unlimited; else packets queue for serialization
  size_t queue_limit_bytes = 0;        // 0: unlimited; else tail drop beyond this backlog
  size_t strict_mtu = 0;               // 0: off; else packets above it are counted as violations
};

struct LinkStats {
  uint64_t sent = 0, delivered = 0, lost = 0, duplicated = 0, queue_drops = 0, blackout_drops = 0;
  uint64_t mtu_violations = 0;
  uint64_t bytes_delivered = 0;
};

class SimLink {
 public:
  SimLink(LinkConfig config, uint64_t seed) : config_(config), random_(seed) {}

  void send(Timestamp now, Bytes packet);
  // The next packet due at or before `now`, if any.
  std::optional<Bytes> receive(Timestamp now);
  Timestamp next_delivery() const;
  bool idle() const { return queue_.empty(); }

  // While blacked out every packet sent is lost.
  void set_blackout(bool on) { blackout_ = on; }
  void set_config(const LinkConfig& config) { config_ = config; }
  const LinkConfig& config() const { return config_; }
  const LinkStats& stats() const { return stats_; }

 private:
  double uniform();  // [0, 1)
  void enqueue(Timestamp arrival, Bytes packet);

  struct InFlight {
    Timestamp arrival;
    uint64_t order;
    Bytes packet;
    bool operator>(const InFlight& o) const {
      return arrival != o.arrival ? arrival > o.arrival : order > o.order;
    }
  };
  LinkConfig config_;
  SeededRandom random_;
  bool blackout_ = false;
  Timestamp link_free_at_;
  uint64_t order_ = 0;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<InFlight>> queue_;
  LinkStats stats_;
};

// What SimLinkPair drives: the usual sans-IO surface.
class SimEndpoint {
 public:
  virtual ~SimEndpoint() = default;
  virtual void handle_receive(Timestamp now, ByteView packet) = 0;
  virtual void handle_timeout(Timestamp now) = 0;
  virtual Timestamp next_timeout() const = 0;
  virtual std::optional<Bytes> poll_transmit() = 0;
};

class SimLinkPair {
 public:
  SimLinkPair(SimEndpoint& a, SimEndpoint& z, LinkConfig a_to_z, LinkConfig z_to_a, uint64_t seed,
             Timestamp start = Timestamp::from_millis(1000000));

  Timestamp now() const { return now_; }
  SimLink& a_to_z() { return a_to_z_; }
  SimLink& z_to_a() { return z_to_a_; }

  // Called for every packet an endpoint emits, before the link sees it; return false to drop it.
  // `from_a` tells the direction. For tampering and inspection in tests.
  std::function<bool(bool from_a, Bytes& packet)> on_send;

  // One step: moves emitted packets onto the links, delivers packets due now, fires due timers;
  // if none of that happened, advances the clock to the earliest deadline not after `limit`.
  // Returns false when nothing at all is pending before `limit`.
  bool step(Timestamp limit);
  // Runs until `done()` holds (true) or the virtual clock would pass now + `max` (false).
  bool run_until(const std::function<bool()>& done, Duration max);
  // Runs for exactly `duration` of virtual time.
  void run_for(Duration duration);

 private:
  bool pump();
  SimEndpoint& a_;
  SimEndpoint& z_;
  SimLink a_to_z_;
  SimLink z_to_a_;
  Timestamp now_;
};

}  // namespace wasmrtc::testing
