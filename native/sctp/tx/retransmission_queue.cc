#include "sctp/tx/retransmission_queue.h"

#include <algorithm>
#include <map>

#include "sctp/packet/data_chunk.h"
#include "sctp/tsn.h"

namespace wasmrtc::sctp {

namespace {
// One DATA chunk per full packet: the common header and the DATA chunk header, 4-aligned.
size_t max_payload_for(size_t mtu) { return ((mtu > 12 + 16 + 4 ? mtu : 12 + 16 + 4) - 12 - 16) & ~size_t{3}; }
size_t chunk_size(size_t payload) { return (16 + payload + 3) & ~size_t{3}; }
// §7.2.1: initial cwnd = min(4 * MTU, max(2 * MTU, 4380)).
size_t initial_window(size_t mtu) { return std::min<size_t>(4 * mtu, std::max<size_t>(2 * mtu, 4380)); }
}  // namespace

RetransmissionQueue::RetransmissionQueue(uint32_t my_initial_tsn, size_t mtu, uint32_t peer_rwnd,
                                         bool partial_reliability)
    : mtu_(mtu),
      partial_reliability_(partial_reliability),
      max_payload_(max_payload_for(mtu)),
      next_tsn_((uint64_t{1} << 32) + my_initial_tsn),
      cum_ack_(next_tsn_ - 1),
      advanced_peer_ack_(cum_ack_),
      last_rwnd_(peer_rwnd),
      cwnd_(initial_window(mtu)),  // §7.2.1; ssthresh = the peer's a_rwnd
      ssthresh_(peer_rwnd) {}

void RetransmissionQueue::set_mtu(size_t mtu) {
  // A window smaller than two packets of the new size would leave one packet alone in flight,
  // and the peer acks every second packet (§6.2): each round trip would wait out its delayed-ack
  // timer. So cwnd is at least the initial window the new size gives (§7.2.1), as if the path had
  // been known from the start.
  if (mtu > mtu_) cwnd_ = std::max(cwnd_, initial_window(mtu));
  mtu_ = mtu;
  max_payload_ = max_payload_for(mtu);
}

size_t RetransmissionQueue::first_retransmission_packet_size() const {
  if (to_retransmit_.empty()) return 0;
  const uint64_t tsn = *to_retransmit_.begin();
  return 12 + chunk_size(items_[static_cast<size_t>(tsn - cum_ack_ - 1)].fragment.payload.size());
}

void RetransmissionQueue::leave_flight(Item& i) {
  if (i.state == State::kInFlight) {
    outstanding_bytes_ -= i.fragment.payload.size();
  }
}

RetransmissionQueue::SackResult RetransmissionQueue::handle_sack(Timestamp now, const SackChunk& sack,
                                                                 SendQueue& queue) {
  SackResult result;
  uint64_t cum = unwrap_tsn(sack.cumulative_tsn_ack, cum_ack_);
  if (cum < cum_ack_ || cum >= next_tsn_) return result;  // stale, or acks what was never sent
  result.valid = true;
  size_t flight_before = outstanding_bytes_;
  size_t bytes_acked = 0;
  uint64_t highest_newly_acked = 0;
  std::optional<Timestamp> rtt_sent_at;

  auto ack = [&](uint64_t tsn, Item& i) {
    if (i.state == State::kAcked || i.state == State::kAbandoned) return;
    if (i.state == State::kToRetransmit) to_retransmit_.erase(tsn);
    leave_flight(i);
    if (i.transmissions == 1) rtt_sent_at = i.sent_at;  // Karn: sent once, so unambiguous
    bytes_acked += i.fragment.payload.size();
    i.state = State::kAcked;
    highest_newly_acked = std::max(highest_newly_acked, tsn);
    result.new_data_acked = true;
  };

  // Cumulative part.
  for (uint64_t t = cum_ack_ + 1; t <= cum; ++t) ack(t, items_[static_cast<size_t>(t - cum_ack_ - 1)]);
  if (cum > cum_ack_) {
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(cum - cum_ack_));
    cum_ack_ = cum;
    if (advanced_peer_ack_ < cum_ack_) advanced_peer_ack_ = cum_ack_;
    result.cumulative_advanced = true;
  }
  // Gap ack blocks.
  for (const GapBlock& g : sack.gap_blocks) {
    for (uint64_t t = cum + g.start; t <= cum + g.end && t < next_tsn_; ++t) {
      if (Item* i = item(t)) ack(t, *i);
    }
  }
  if (rtt_sent_at) result.rtt = now - *rtt_sent_at;

  // §7.2.4: every TSN below the highest newly acknowledged one that is still missing gets a miss
  // indication; on the third it is fast retransmitted (once per chunk).
  bool loss = false;  // a chunk reached its third miss report: congestion, retransmitted or not
  if (!sack.gap_blocks.empty() && highest_newly_acked > cum_ack_) {
    for (uint64_t t = cum_ack_ + 1; t < highest_newly_acked; ++t) {
      Item& i = items_[static_cast<size_t>(t - cum_ack_ - 1)];
      if (i.state != State::kInFlight) continue;
      if (++i.nacks >= 3 && !i.fast_retransmitted) {
        loss = true;
        if (should_abandon(i, now)) {
          abandon(t, queue);
          continue;
        }
        leave_flight(i);
        i.state = State::kToRetransmit;
        i.fast_retransmitted = true;
        i.fast_pending = true;
        to_retransmit_.insert(t);
      }
    }
  }

  // Congestion control (§7.2.1, §7.2.2) on cumulative progress, outside fast recovery.
  if (in_fast_recovery_ && cum_ack_ >= fast_recovery_exit_) in_fast_recovery_ = false;
  if (result.cumulative_advanced && !in_fast_recovery_) {
    bool fully_used = flight_before + mtu_ >= cwnd_;
    if (cwnd_ <= ssthresh_) {
      if (fully_used) cwnd_ += std::min(bytes_acked, mtu_);
    } else {
      partial_bytes_acked_ += bytes_acked;
      if (partial_bytes_acked_ >= cwnd_ && fully_used) {
        partial_bytes_acked_ -= cwnd_;
        cwnd_ += mtu_;
      }
    }
  }
  if (loss && !in_fast_recovery_) {
    // §7.2.3 / §7.2.4: enter fast recovery once per window. A lost chunk that was abandoned
    // rather than retransmitted (RFC 3758) was lost all the same: the window shrinks too.
    ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
    cwnd_ = ssthresh_;
    partial_bytes_acked_ = 0;
    in_fast_recovery_ = true;
    fast_recovery_exit_ = next_tsn_ - 1;
  }
  if (outstanding_bytes_ == 0) partial_bytes_acked_ = 0;
  last_rwnd_ = sack.a_rwnd;
  update_advanced_peer_ack_point();
  return result;
}

void RetransmissionQueue::handle_t3_expiry(Timestamp now, SendQueue& queue) {
  ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
  cwnd_ = mtu_;
  partial_bytes_acked_ = 0;
  in_fast_recovery_ = false;
  for (uint64_t t = cum_ack_ + 1; t < next_tsn_; ++t) {
    Item& i = items_[static_cast<size_t>(t - cum_ack_ - 1)];
    if (i.state != State::kInFlight) continue;
    if (should_abandon(i, now)) {
      abandon(t, queue);
      continue;
    }
    leave_flight(i);
    i.state = State::kToRetransmit;
    i.fast_pending = false;
    to_retransmit_.insert(t);
  }
  update_advanced_peer_ack_point();
  // §3.5 of RFC 3758: the FORWARD-TSN is retransmitted along with T3 recovery.
  if (advanced_peer_ack_ > cum_ack_) forward_tsn_due_ = true;
}

bool RetransmissionQueue::should_abandon(const Item& i, Timestamp now) const {
  if (!partial_reliability_) return false;
  if (i.fragment.max_retransmits && i.transmissions > *i.fragment.max_retransmits) return true;
  return i.fragment.expiry <= now;
}

void RetransmissionQueue::abandon(uint64_t tsn, SendQueue& queue) {
  // All fragments of the message go together; they carry consecutive TSNs.
  uint64_t message = item(tsn)->fragment.message_id;
  uint64_t first = tsn;
  while (first > cum_ack_ + 1 && item(first - 1)->fragment.message_id == message) --first;
  uint64_t t = first;
  for (; t < next_tsn_ && item(t)->fragment.message_id == message; ++t) {
    Item& i = *item(t);
    if (i.state == State::kToRetransmit) to_retransmit_.erase(t);
    leave_flight(i);
    if (i.state != State::kAcked) i.state = State::kAbandoned;
  }
  const OutgoingFragment& last = item(t - 1)->fragment;
  if (!(last.flags & kDataFlagEnd)) queue.discard_rest(last.stream_id, message);
  ++abandoned_messages_;
}

void RetransmissionQueue::update_advanced_peer_ack_point() {
  if (advanced_peer_ack_ < cum_ack_) advanced_peer_ack_ = cum_ack_;
  uint64_t before = advanced_peer_ack_;
  // The item at cum_ack_ + 1 is never acked (else the peer's cumulative ack would include it), so
  // moving past it means an abandoned chunk is skipped and the peer must be told.
  while (Item* i = item(advanced_peer_ack_ + 1)) {
    if (i->state != State::kAbandoned && i->state != State::kAcked) break;
    ++advanced_peer_ack_;
  }
  if (advanced_peer_ack_ > before) forward_tsn_due_ = true;
}

ForwardTsnChunk RetransmissionQueue::take_forward_tsn() {
  forward_tsn_due_ = false;
  ForwardTsnChunk f;
  f.new_cumulative_tsn = static_cast<uint32_t>(advanced_peer_ack_);
  std::map<uint16_t, uint16_t> last_ssn;
  for (uint64_t t = cum_ack_ + 1; t <= advanced_peer_ack_; ++t) {
    const Item& i = *item(t);
    if (i.state != State::kAbandoned || (i.fragment.flags & kDataFlagUnordered)) continue;
    auto [it, inserted] = last_ssn.emplace(i.fragment.stream_id, i.fragment.ssn);
    if (!inserted && static_cast<int16_t>(static_cast<uint16_t>(i.fragment.ssn - it->second)) > 0) it->second = i.fragment.ssn;
  }
  for (auto [stream, ssn] : last_ssn) f.skipped.push_back({stream, ssn});
  return f;
}

void RetransmissionQueue::serialize(uint64_t tsn, const Item& i, Bytes& packet) {
  DataChunkView d;
  d.tsn = static_cast<uint32_t>(tsn);
  d.stream_id = i.fragment.stream_id;
  d.ssn = i.fragment.ssn;
  d.ppid = i.fragment.ppid;
  d.flags = i.fragment.flags;
  d.payload = i.fragment.payload.view();
  d.append_to(packet);
}

size_t RetransmissionQueue::fill(Timestamp now, Bytes& packet, size_t space, SendQueue& queue,
                                 bool allow_new, size_t* last_chunk_at) {
  size_t added = 0;
  // Retransmissions, oldest first.
  for (auto it = to_retransmit_.begin(); it != to_retransmit_.end();) {
    uint64_t t = *it;
    Item& i = *item(t);
    if (should_abandon(i, now)) {
      abandon(t, queue);  // erases from to_retransmit_
      update_advanced_peer_ack_point();
      it = to_retransmit_.lower_bound(t);
      continue;
    }
    size_t size = i.fragment.payload.size();
    // After T3 (§6.3.3 E3) retransmissions stay strictly within cwnd; fast retransmissions
    // ignore it (§7.2.4).
    if (!i.fast_pending && outstanding_bytes_ > 0 && outstanding_bytes_ + size > cwnd_) break;
    if (chunk_size(size) > space) break;
    if (last_chunk_at) *last_chunk_at = packet.size();
    serialize(t, i, packet);
    space -= chunk_size(size);
    i.state = State::kInFlight;
    i.fast_pending = false;
    i.nacks = 0;
    i.sent_at = now;
    ++i.transmissions;
    outstanding_bytes_ += size;
    ++retransmissions_;
    if (i.fast_retransmitted && i.transmissions == 2) ++fast_retransmissions_;
    ++added;
    it = to_retransmit_.erase(it);
  }
  if (!allow_new || !to_retransmit_.empty()) return added;
  // New data (§6.1 A/B): the peer's window must have room (except for one probe when nothing is
  // in flight), and cwnd must not be full.
  while (space > 16 + 4) {
    if (outstanding_bytes_ >= cwnd_) break;
    size_t rwnd = last_rwnd_ > outstanding_bytes_ ? last_rwnd_ - outstanding_bytes_ : 0;
    size_t max = std::min(max_payload_, (space - 16) & ~size_t{3});
    if (rwnd < std::min<size_t>(max, queue.total_buffered()) && outstanding_bytes_ > 0) break;
    std::optional<OutgoingFragment> f = queue.produce(now, max);
    if (!f) break;
    Item i;
    i.fragment = std::move(*f);
    i.sent_at = now;
    i.transmissions = 1;
    outstanding_bytes_ += i.fragment.payload.size();
    space -= chunk_size(i.fragment.payload.size());
    items_.push_back(std::move(i));
    if (last_chunk_at) *last_chunk_at = packet.size();
    serialize(next_tsn_, items_.back(), packet);
    ++next_tsn_;
    ++chunks_sent_;
    ++added;
  }
  return added;
}

}  // namespace wasmrtc::sctp
