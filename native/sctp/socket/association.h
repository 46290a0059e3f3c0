// The association state machine behind SctpAssociation (RFC 9260 §4 states): handshake with the
// state cookie and INIT collision handling (§5.2), verification tags (§8.5), DATA/SACK flow through
// the data tracker, reassembly queue, send queue and retransmission queue, timers (T1-init,
// T1-cookie, T2-shutdown, T3-rtx, delayed SACK, heartbeat, RE-CONFIG), graceful shutdown and
// ABORT, PR-SCTP FORWARD-TSN and RFC 6525 stream resets.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "sctp/packet/init_chunk.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/rx/data_tracker.h"
#include "sctp/rx/reassembly_queue.h"
#include "sctp/sctp_association.h"
#include "sctp/socket/state_cookie.h"
#include "sctp/timer/timer.h"
#include "sctp/tx/path_mtu_search.h"
#include "sctp/tx/retransmission_queue.h"
#include "sctp/tx/rto_estimator.h"
#include "sctp/tx/send_queue.h"

namespace wasmrtc::sctp {

class Association {
 public:
  Association(SctpOptions options, RandomSource& random);

  void connect(Timestamp now);
  // flush_now false: see SctpAssociation::handle_receive_deferred.
  void handle_receive(Timestamp now, ByteView packet, bool flush_now = true);
  void flush_received(Timestamp now) {
    if (flush_due_) flush(now);
  }
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<Bytes> poll_transmit();
  std::optional<SctpEvent> poll_event();
  SendStatus send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message, const SendOptions& options);
  void reset_streams(Timestamp now, std::span<const uint16_t> streams);
  size_t buffered_amount(uint16_t stream_id) const { return send_queue_.buffered_amount(stream_id); }
  size_t buffered_amount_low_threshold(uint16_t stream_id) const { return send_queue_.low_threshold(stream_id); }
  void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) { send_queue_.set_low_threshold(stream_id, bytes); }
  void shutdown(Timestamp now);
  void abort(Timestamp now, std::string_view reason);
  SctpState state() const { return state_; }
  const SctpStats& stats() const { return stats_; }
  size_t max_message_size() const;
  void set_remote_max_message_size(size_t bytes) { remote_max_message_size_ = bytes; }
  uint16_t outbound_streams() const { return outbound_streams_; }
  uint16_t inbound_streams() const { return inbound_streams_; }
  bool zero_checksum_negotiated() const { return zero_checksum_; }
  void set_path_mtu_ceiling(Timestamp now, size_t bytes);
  size_t path_mtu() const { return pmtu_.plpmtu(); }

 private:
  struct PeerParams {
    uint32_t tag, initial_tsn, a_rwnd;
    uint16_t outbound_streams, inbound_streams;
    bool forward_tsn, reconfig, zero_checksum;
  };
  bool is_data_state() const;
  void set_peer(const PeerParams& peer);
  void enter_established(Timestamp now);
  void fail(std::string reason);
  void close_silently();

  // Chunk handlers; `vtag` is the packet's verification tag.
  void on_init(Timestamp now, const ChunkView& chunk);
  void on_init_ack(Timestamp now, const ChunkView& chunk);
  bool on_cookie_echo(Timestamp now, uint32_t vtag, const ChunkView& chunk);
  void on_cookie_ack(Timestamp now);
  bool on_data(Timestamp now, const ChunkView& chunk);
  void on_sack(Timestamp now, const ChunkView& chunk);
  void on_heartbeat(const ChunkView& chunk);
  void on_heartbeat_ack(Timestamp now, const ChunkView& chunk);
  // RFC 8899 §6.2.1.2: HEARTBEAT (its info says the probed size) + PAD up to exactly `size`.
  Bytes make_path_mtu_probe(Timestamp now, size_t size) const;
  // The PLPMTU changed: new DATA chunks and packets take the new size.
  void apply_path_mtu();
  void on_abort(const ChunkView& chunk);
  void on_shutdown(Timestamp now, const ChunkView& chunk);
  void on_shutdown_ack(Timestamp now);
  void on_shutdown_complete();
  void on_forward_tsn(const ChunkView& chunk);
  void on_reconfig(Timestamp now, const ChunkView& chunk);

  void process_acked(Timestamp now, const RetransmissionQueue::SackResult& result);
  void check_shutdown_progress(Timestamp now);
  void maybe_send_reset_request(Timestamp now);
  void on_error_counter(Timestamp now);

  // Packets with a special verification tag go out at once, alone.
  void send_alone(uint32_t vtag, const Bytes& chunk);
  // `needs_crc`: the packet must carry a CRC32c even when zero checksums were negotiated.
  void emit(Bytes packet, bool needs_crc);
  // Whether the last DATA chunk of a packet gets the RFC 7053 I bit; `in_flight_before`: bytes
  // outstanding before the packet's DATA chunks were added.
  bool wants_immediate_sack(size_t in_flight_before) const;
  // Bundles queued control chunks, SACK, FORWARD-TSN and DATA into MTU-sized packets.
  void flush(Timestamp now);
  // A deferred handle_receive left work for flush_received(), due since then (next_timeout says so).
  std::optional<Timestamp> flush_due_;
  void collect_events();
  uint32_t a_rwnd() const;
  Bytes make_init_chunk(bool ack, ByteView cookie) const;

  SctpOptions options_;
  SctpState state_ = SctpState::kClosed;
  std::array<uint8_t, 32> secret_{};
  uint32_t my_tag_;
  uint32_t my_initial_tsn_;
  uint32_t peer_tag_ = 0;
  uint32_t peer_initial_tsn_ = 0;
  bool have_peer_ = false;
  bool peer_forward_tsn_ = false;
  bool peer_reconfig_ = false;
  bool zero_checksum_ = false;
  uint16_t outbound_streams_ = 0;
  uint16_t inbound_streams_ = 0;
  std::optional<size_t> remote_max_message_size_;
  size_t receive_capacity_;
  bool connected_once_ = false;

  Bytes cookie_echo_;  // the cookie to echo while COOKIE-ECHOED
  // When INIT / COOKIE-ECHO left, for an RTT sample if they were answered without a retransmission.
  Timestamp init_sent_at_, cookie_sent_at_;
  Timer t1_init_, t1_cookie_, t2_shutdown_, t3_rtx_, delayed_ack_, heartbeat_, heartbeat_timeout_, t5_reconfig_;
  RtoEstimator rto_;
  int error_count_ = 0;
  uint64_t heartbeat_nonce_ = 0;
  // Path MTU discovery; pmtu_.plpmtu() is the size every packet with DATA is built to.
  PathMtuSearch pmtu_;
  // T3-rtx expirations since DATA was last acknowledged: the second in a row while the packets
  // are larger than the base is taken as a black hole (RFC 8899 §4.3).
  int t3_without_progress_ = 0;

  SendQueue send_queue_;
  std::unique_ptr<RetransmissionQueue> rtx_;
  std::unique_ptr<DataTracker> tracker_;
  ReassemblyQueue reassembly_;
  bool ack_pending_ = false;
  bool sack_now_ = false;
  int data_packets_since_ack_ = 0;
  // Quick acks (as Linux TCP's quickack mode): while the peer's slow start is young, at the start
  // and after an idle second, deferred batches are still acked every second packet.
  uint64_t quick_ack_packets_left_ = 0;
  std::optional<Timestamp> last_data_at_;
  int deferred_sack_every() const;

  // RFC 6525 stream reset: ours (outgoing) and the peer's request sequence numbers.
  std::set<uint16_t> reset_pending_;
  struct ResetInFlight {
    uint32_t sequence;
    std::vector<uint16_t> streams;
    Bytes chunk;
  };
  std::optional<ResetInFlight> reset_in_flight_;
  uint32_t next_reset_sequence_ = 0;
  uint32_t peer_next_request_sequence_ = 0;
  ReconfigResult last_peer_request_result_ = ReconfigResult::kSuccessNothingToDo;

  std::vector<Bytes> control_;  // chunks to bundle into the next packet (peer's tag)
  // Reused from packet to packet so steady-state input and flushes that send nothing allocate
  // nothing: the received packet's chunk list and a packet buffer flush() built but did not send.
  SctpPacket rx_packet_;
  Bytes spare_packet_;
  std::deque<Bytes> out_;
  std::deque<SctpEvent> events_;
  SctpStats stats_;
};

}  // namespace wasmrtc::sctp
