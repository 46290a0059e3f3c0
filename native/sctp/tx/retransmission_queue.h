// DATA chunks sent and not yet cumulatively acknowledged, and the congestion control that gates
// new ones (RFC 9260 §6.1–§6.3, §7.2): SACK processing with gap blocks, RTT samples (Karn's rule:
// never from retransmitted chunks), fast retransmit on the third miss indication with fast
// recovery, T3-rtx expiry, cwnd/ssthresh/partial_bytes_acked, the peer's receiver window, and
// PR-SCTP abandonment with the advanced peer ack point (RFC 3758 §3.5).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>

#include "common/time.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/tx/send_queue.h"

namespace wasmrtc::sctp {

class RetransmissionQueue {
 public:
  // Without `partial_reliability` (the peer did not announce FORWARD-TSN) nothing is abandoned:
  // the peer could never be told to skip it.
  RetransmissionQueue(uint32_t my_initial_tsn, size_t mtu, uint32_t peer_rwnd, bool partial_reliability);

  struct SackResult {
    bool valid = false;            // false: stale or acking TSNs never sent (ignored)
    bool cumulative_advanced = false;
    bool new_data_acked = false;   // anything newly acknowledged (resets the error counter)
    std::optional<Duration> rtt;   // a Karn-valid sample, if any
  };
  SackResult handle_sack(Timestamp now, const SackChunk& sack, SendQueue& queue);
  // T3-rtx expired (§6.3.3): everything in flight is to be retransmitted, cwnd falls to one MTU.
  void handle_t3_expiry(Timestamp now, SendQueue& queue);

  // Appends DATA chunks to `packet` while they fit in `space` bytes: retransmissions first, then
  // new fragments from `queue` as cwnd and the peer's window allow. Returns the chunks added;
  // `last_chunk_at`, if given and chunks were added, receives the offset in `packet` of the last
  // one (for the caller to set its I bit).
  size_t fill(Timestamp now, Bytes& packet, size_t space, SendQueue& queue, bool allow_new,
              size_t* last_chunk_at = nullptr);

  // RFC 3758 §3.5 C: a FORWARD-TSN is due when the advanced peer ack point is ahead of the
  // cumulative ack. Taking it clears the flag (set again by a later abandonment or by T3).
  bool forward_tsn_due() const { return forward_tsn_due_; }
  ForwardTsnChunk take_forward_tsn();

  bool has_outstanding() const { return !items_.empty(); }
  bool has_data_in_flight() const { return outstanding_bytes_ > 0 || !to_retransmit_.empty(); }
  bool has_pending_retransmissions() const { return !to_retransmit_.empty(); }
  uint32_t next_tsn() const { return static_cast<uint32_t>(next_tsn_); }
  // The last TSN handed out (for the RE-CONFIG sender's last assigned TSN).
  uint32_t last_assigned_tsn() const { return static_cast<uint32_t>(next_tsn_ - 1); }
  uint32_t cumulative_ack() const { return static_cast<uint32_t>(cum_ack_); }
  size_t cwnd() const { return cwnd_; }
  uint32_t peer_rwnd() const { return last_rwnd_; }
  size_t outstanding_bytes() const { return outstanding_bytes_; }
  size_t max_payload() const { return max_payload_; }
  // Path MTU discovery changed the packet size: new fragments take the new size; chunks already
  // made keep theirs. cwnd stays (it counts bytes; RFC 8899 asks nothing of it).
  void set_mtu(size_t mtu);
  // The packet (common header + chunk) the oldest pending retransmission needs; 0 if none.
  size_t first_retransmission_packet_size() const;

  uint64_t retransmissions() const { return retransmissions_; }
  uint64_t fast_retransmissions() const { return fast_retransmissions_; }
  uint64_t abandoned_messages() const { return abandoned_messages_; }
  uint64_t chunks_sent() const { return chunks_sent_; }

 private:
  enum class State { kInFlight, kToRetransmit, kAcked, kAbandoned };
  struct Item {
    OutgoingFragment fragment;
    State state = State::kInFlight;
    Timestamp sent_at;
    int transmissions = 0;
    int nacks = 0;
    bool fast_retransmitted = false;
    bool fast_pending = false;  // marked by fast retransmit: may go out regardless of cwnd
  };
  Item* item(uint64_t tsn) {
    return tsn > cum_ack_ && tsn < next_tsn_ ? &items_[static_cast<size_t>(tsn - cum_ack_ - 1)] : nullptr;
  }
  void leave_flight(Item& i);
  bool should_abandon(const Item& i, Timestamp now) const;
  void abandon(uint64_t tsn, SendQueue& queue);
  void update_advanced_peer_ack_point();
  void serialize(uint64_t tsn, const Item& i, Bytes& packet);

  size_t mtu_;
  bool partial_reliability_;
  size_t max_payload_;
  uint64_t next_tsn_;
  uint64_t cum_ack_;               // unwrapped; items_[0] has TSN cum_ack_ + 1
  uint64_t advanced_peer_ack_;
  std::deque<Item> items_;
  std::set<uint64_t> to_retransmit_;
  size_t outstanding_bytes_ = 0;
  uint32_t last_rwnd_;
  size_t cwnd_;
  size_t ssthresh_;
  size_t partial_bytes_acked_ = 0;
  bool in_fast_recovery_ = false;
  uint64_t fast_recovery_exit_ = 0;
  bool forward_tsn_due_ = false;
  uint64_t retransmissions_ = 0;
  uint64_t fast_retransmissions_ = 0;
  uint64_t abandoned_messages_ = 0;
  uint64_t chunks_sent_ = 0;
};

}  // namespace wasmrtc::sctp
