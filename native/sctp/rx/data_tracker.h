// Which TSNs have arrived (RFC 9260 §6.2): the cumulative TSN, the TSNs received above it (for gap
// ack blocks), and duplicates to report in the next SACK. Drops TSNs outside the window it can
// describe (gap offsets are 16 bits).
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "sctp/packet/sack_chunk.h"

namespace wasmrtc::sctp {

class DataTracker {
 public:
  // Largest distance above the cumulative TSN a received TSN may have.
  static constexpr uint64_t kWindow = 65535;

  explicit DataTracker(uint32_t peer_initial_tsn);

  enum class Verdict { kNew, kDuplicate, kOutOfWindow };
  // Records `tsn`; `unwrapped` receives its 64-bit value when new.
  Verdict observe(uint32_t tsn, uint64_t* unwrapped);
  // FORWARD-TSN (RFC 3758 §3.6): everything up to `new_cumulative` counts as received. Returns
  // false for a stale or out-of-window value (nothing changes then).
  bool forward_to(uint32_t new_cumulative);

  uint32_t cumulative_tsn() const { return static_cast<uint32_t>(cumulative_); }
  uint64_t cumulative_unwrapped() const { return cumulative_; }
  uint64_t unwrap(uint32_t tsn) const;
  bool has_gaps() const { return !above_.empty(); }
  bool has_duplicates() const { return !duplicates_.empty(); }

  // A SACK for the current state, with at most `max_blocks` gap blocks and `max_dups` duplicates.
  SackChunk make_sack(uint32_t a_rwnd, size_t max_blocks, size_t max_dups) const;
  // Once a SACK went out, its duplicates have been reported.
  void clear_duplicates() { duplicates_.clear(); }

 private:
  void advance();
  uint64_t cumulative_;
  std::set<uint64_t> above_;
  std::vector<uint32_t> duplicates_;
};

}  // namespace wasmrtc::sctp
