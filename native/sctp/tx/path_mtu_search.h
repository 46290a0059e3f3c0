// Datagram Packetization Layer Path MTU Discovery (RFC 8899 §5) for one SCTP path, as data: which
// packet size is confirmed (the PLPMTU), which size to probe next and when a probe has failed.
// The association sends the probes (a HEARTBEAT whose own information pads it to the probed size;
// RFC 8899 §6.2.1.2 uses a PAD chunk, which werift rejects: see make_path_mtu_probe) and reports
// their HEARTBEAT-ACKs here.
//
// RFC 8261 §5 and RFC 8899 §6.2.1.3 ask SCTP over DTLS to do this. WebRTC stacks use a fixed
// 1200-byte packet; most paths carry more, and a loopback path carries a whole 16 KiB DTLS record,
// where per-packet work (DTLS record, UDP system calls, SCTP chunk handling) is most of the cost
// of a transfer (docs/PERFORMANCE.md, "Sixth round").
//
// The search is optimistic and then binary (RFC 8899 §5.3.2 leaves the method open): the first
// probe is the ceiling the driver names for the path (what its link class could carry); a size
// that fails MAX_PROBES times becomes the upper bound and the next probe goes halfway between it
// and the PLPMTU, until the two are closer than kSearchStep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/time.h"

namespace wasmrtc::sctp {

class PathMtuSearch {
 public:
  enum class State {
    kDisabled,        // the ceiling is at or below the base: nothing to search
    kSearching,       // probes go out
    kSearchComplete,  // the PLPMTU is the ceiling, or the largest size that got through
  };

  // `base`: BASE_PLPMTU, the size every packet may have before any probe (the association's
  // configured MTU). `probe_timeout`: PROBE_TIMER (RFC 8899 §5.1.1 says at least 1 s).
  PathMtuSearch(size_t base, Duration probe_timeout, int max_probes = 3);

  // A path with a new ceiling (at start, or when the driver's path changed): the PLPMTU falls
  // back to the base (RFC 8899 §5.2: a new path starts in the BASE state) and a search starts.
  void start(Timestamp now, size_t ceiling);
  // The size to probe now, if a probe is due; counts it as sent and arms the probe timer.
  std::optional<size_t> take_probe(Timestamp now);
  // A HEARTBEAT-ACK for a probe of `size` bytes. Returns true if the PLPMTU grew.
  bool on_probe_acked(Timestamp now, size_t size);
  // Black hole detection (RFC 8899 §4.3): packets of the PLPMTU stopped getting through. The
  // PLPMTU falls back to the base and the search starts over. Returns true if the PLPMTU fell.
  bool on_black_hole(Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;

  State state() const { return state_; }
  size_t plpmtu() const { return plpmtu_; }
  size_t base() const { return base_; }
  size_t ceiling() const { return ceiling_; }
  uint64_t probes_sent() const { return probes_sent_; }
  uint64_t probes_acked() const { return probes_acked_; }
  uint64_t black_holes() const { return black_holes_; }

  // Probes differ by at least this much; sizes are multiples of 4 (whole SCTP chunks).
  static constexpr size_t kSearchStep = 32;
  // PMTU_RAISE_TIMER (RFC 8899 §5.1.1): how long a completed search below the ceiling waits
  // before it tries larger sizes again.
  static constexpr Duration kRaiseInterval = std::chrono::seconds(600);

 private:
  void search_from(Timestamp now, size_t failed_above);
  void next_probe_or_complete(Timestamp now);

  size_t base_;
  Duration probe_timeout_;
  int max_probes_;
  State state_ = State::kDisabled;
  size_t plpmtu_;
  size_t ceiling_;
  // The smallest size known not to get through (ceiling_ + 4 while none is known).
  size_t failed_;
  size_t probed_size_ = 0;      // the size being probed (0: none)
  int probe_count_ = 0;         // probes of probed_size_ sent so far
  bool probe_due_ = false;      // take_probe() should send one now
  Timestamp timer_ = Timestamp::infinite();  // probe timeout, or the raise timer when complete
  uint64_t probes_sent_ = 0;
  uint64_t probes_acked_ = 0;
  uint64_t black_holes_ = 0;
};

}  // namespace wasmrtc::sctp
