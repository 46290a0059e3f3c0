// One SCTP association over DTLS (RFC 9260, RFC 8261) for WebRTC data channels (RFC 8831 §6),
// sans-IO: packets, time and API calls go in; packets and events come out and are drained by the
// caller. Structure after Chrome's dcsctp: packet/ (wire format), rx/ (data tracker, reassembly),
// tx/ (send queue with stream scheduler, retransmission queue, RTO), socket/ (state cookie), and
// this facade, which owns the state machine.
//
// Drain contract: after every input (handle_receive, handle_timeout) and every API call, call
// poll_transmit() until it returns nullopt and poll_event() until it returns nullopt, then arm a
// timer for next_timeout(). Events are only queued, never called back, so an event handler may call
// straight back into the association (send, reset_streams, ...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/time.h"

namespace wasmrtc::sctp {

struct SctpOptions {
  // RFC 8841 a=sctp-port of each side (5000 unless the SDP says otherwise).
  uint16_t local_port = 5000;
  uint16_t remote_port = 5000;
  // Largest SCTP packet this association emits before path MTU discovery confirmed a larger one
  // (RFC 8899's BASE_PLPMTU; the DTLS overhead is the caller's concern).
  size_t mtu = 1200;
  // Path MTU discovery (RFC 8899 §6.2.1, asked of SCTP over DTLS by RFC 8261 §5): the largest
  // packet the path could carry, which HEARTBEAT probes padded to size then confirm. At or below
  // `mtu`, nothing is probed. A driver that learns the path later (or sees it change) calls
  // set_path_mtu_ceiling().
  size_t path_mtu_ceiling = 0;
  // RFC 8899's PROBE_TIMER (at least 1 s, §5.1.1); a size unanswered three times is too large.
  Duration path_mtu_probe_timeout = std::chrono::seconds(1);
  // Largest message we accept and announce in SDP (a=max-message-size, RFC 8841 §6).
  size_t max_message_size = 256 * 1024;
  // Outbound streams requested / inbound streams accepted (OS / MIS of INIT, up to 65535).
  uint16_t num_streams = 1024;
  // RFC 9653: send packets with a zero checksum when both sides announce it (DTLS protects them).
  bool zero_checksum = false;
  // RTO per RFC 6298 / RFC 9260 §6.3. RTO.min stays above the peer's delayed-ack time (200 ms)
  // plus a round trip, or a lone DATA chunk would be retransmitted before its SACK can come.
  Duration rto_initial = std::chrono::milliseconds(1000);
  Duration rto_min = std::chrono::milliseconds(400);
  Duration rto_max = std::chrono::milliseconds(60000);
  // Association.Max.Retrans: consecutive unanswered retransmissions (T3-rtx, T1, T2, heartbeats)
  // after which the association fails with an Aborted event.
  int max_retransmissions = 10;
  // Max.Init.Retransmits for INIT and COOKIE-ECHO.
  int max_init_retransmissions = 8;
  // HEARTBEAT on an idle path (RFC 9260 §8.3); zero disables.
  Duration heartbeat_interval = std::chrono::seconds(30);
  // Delayed SACK (RFC 9260 §6.2): at most this long, or at once on every second packet.
  Duration delayed_ack_timeout = std::chrono::milliseconds(200);
  // handle_receive_deferred(): a batch this long is acknowledged (flushed) without waiting for
  // its end. The sender's slow start grows cwnd by at most one MTU per SACK (§7.2.1), so a SACK
  // per batch of hundreds (a TCP or WebSocket read) would starve it.
  int max_packets_per_deferred_sack = 8;
  // ... except for this many DATA packets at the start and after a second without DATA, which
  // are acked every second packet while the peer's slow start (re)grows cwnd from a few MTUs.
  int quick_ack_packets = 1000;
  // Valid.Cookie.Life (RFC 9260 §15).
  Duration cookie_lifetime = std::chrono::seconds(60);
  // Our receive window (a_rwnd); the reassembly buffer may hold at most this many bytes.
  size_t receive_window = 5 * 1024 * 1024;
  // Bytes the send queues may hold in total before send() says kBufferFull.
  size_t max_send_buffer = 64 * 1024 * 1024;
};

struct SendOptions {
  bool unordered = false;
  // PR-SCTP (RFC 3758): abandon after this many retransmissions / this long after send().
  std::optional<int> max_retransmits;
  std::optional<Duration> max_lifetime;
};

enum class SendStatus {
  kOk,
  kMessageTooLarge,   // larger than max_message_size() (W3C: TypeError)
  kBufferFull,        // the send queues are full (max_send_buffer)
  kNotConnected,      // closed, shutting down or aborted (W3C: InvalidStateError)
  kStreamResetting,   // the stream is being reset (the data channel is closing)
  kInvalidStream,     // stream id >= the negotiated number of outbound streams
  kEmptyMessage,      // SCTP cannot carry 0 bytes: send RFC 8831 §6.6's one-byte substitute
};

enum class SctpState {
  kClosed,
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
};

struct SctpEvent {
  enum class Type {
    kConnected,          // the association is established (first time only)
    kMessage,            // stream_id, ppid, data, unordered
    kStreamsReset,       // stream_ids: incoming streams the peer reset (their SSNs start over)
    kStreamResetDone,    // stream_ids: our outgoing streams whose reset the peer performed
    kStreamResetFailed,  // stream_ids: our reset request was denied
    kBufferedAmountLow,  // stream_id: buffered_amount fell to/below its low threshold
    kClosed,             // graceful shutdown completed (or a peer SHUTDOWN finished)
    kAborted,            // reason: the peer aborted, or the association failed
  };
  Type type = Type::kConnected;
  uint16_t stream_id = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  Bytes data;
  std::vector<uint16_t> stream_ids;
  std::string reason;
};

// Counters; dropped_* count input discarded as malformed or not ours (nothing crashes on input).
struct SctpStats {
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  uint64_t data_chunks_sent = 0;
  uint64_t data_chunks_retransmitted = 0;
  uint64_t fast_retransmissions = 0;
  uint64_t t3_expirations = 0;
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t messages_abandoned = 0;
  uint64_t duplicate_tsns_received = 0;
  uint64_t dropped_malformed = 0;         // bad header, bad chunk/parameter lengths
  uint64_t dropped_bad_checksum = 0;
  uint64_t dropped_bad_verification_tag = 0;
  uint64_t dropped_bad_port = 0;
  uint64_t dropped_out_of_window_tsn = 0;  // DATA chunks outside the receive window
  uint64_t dropped_bad_cookie = 0;         // forged, stale or unparseable COOKIE-ECHO
  uint64_t dropped_unexpected = 0;         // chunks not valid in the current state
  uint64_t dropped_too_large = 0;          // messages over max_message_size (ABORTed)
  uint32_t cwnd = 0;
  uint32_t srtt_ms = 0;
  uint64_t srtt_us = 0;  // the same, unrounded: on loopback the RTT is well under 1 ms
  uint32_t rto_ms = 0;
  // Path MTU discovery: the packet size in use (PLPMTU), probes sent and answered, and how often
  // a black hole sent it back to the base.
  uint32_t path_mtu = 0;
  uint64_t path_mtu_probes_sent = 0;
  uint64_t path_mtu_probes_acked = 0;
  uint64_t path_mtu_black_holes = 0;
};

class Association;  // the implementation (socket/association.h)

class SctpAssociation {
 public:
  SctpAssociation(SctpOptions options, RandomSource& random);
  ~SctpAssociation();
  SctpAssociation(const SctpAssociation&) = delete;
  SctpAssociation& operator=(const SctpAssociation&) = delete;

  // Sends INIT. In WebRTC both sides usually call it; the INIT collision is resolved per RFC 9260
  // §5.2. A side that never calls it still answers an INIT.
  void connect(Timestamp now);
  // One SCTP packet (one DTLS application data record).
  void handle_receive(Timestamp now, ByteView packet);
  // The same, but what a packet of DATA causes (its SACK, complete messages as events) is only
  // worked out at the next flush_received(). A driver that gets datagrams in batches feeds a batch
  // this way and flushes once: one SACK for the batch (up to max_packets_per_deferred_sack packets)
  // instead of one for every second packet (RFC 9260 §6.2's "every second packet" is a SHOULD;
  // QUIC, RFC 9000 §13.2.1, lets a receiver process a batch before acknowledging;
  // docs/PERFORMANCE.md). A packet with a SACK is flushed at once: the DATA it lets go refills
  // the flight before the batch's next SACK is counted, which slow start needs to see cwnd fully
  // used (§7.2.1).
  void handle_receive_deferred(Timestamp now, ByteView packet);
  // The work held back by handle_receive_deferred(), if any; next_timeout() is due while some is
  // held. Every other input flushes too.
  void flush_received(Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;

  std::optional<Bytes> poll_transmit();
  std::optional<SctpEvent> poll_event();

  SendStatus send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                  const SendOptions& options = {});
  // RFC 6525 Outgoing SSN Reset Request for these streams; queued messages are sent first.
  // Completion shows as kStreamResetDone.
  void reset_streams(Timestamp now, std::span<const uint16_t> outgoing_stream_ids);

  // Bytes given to send() on this stream that have not yet been handed to the network.
  size_t buffered_amount(uint16_t stream_id) const;
  size_t buffered_amount_low_threshold(uint16_t stream_id) const;
  void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes);

  // Graceful close (SHUTDOWN once everything queued is acknowledged) -> kClosed.
  void shutdown(Timestamp now);
  // Immediate ABORT with a user-initiated-abort cause; no event is queued for our own abort.
  void abort(Timestamp now, std::string_view reason);

  SctpState state() const;
  const SctpStats& stats() const;

  // min(ours, the peer's from SDP). Until the setter is called the peer's is taken to equal ours;
  // the SDP layer sets 65536 when the remote description has no a=max-message-size (RFC 8841 §6.1).
  size_t max_message_size() const;
  void set_remote_max_message_size(size_t bytes);
  // Negotiated stream counts (valid once established).
  uint16_t outbound_streams() const;
  uint16_t inbound_streams() const;
  bool zero_checksum_negotiated() const;

  // The path changed (the driver's selected route, e.g. ICE selected another candidate pair):
  // packets fall back to `mtu` and a new search probes up to `bytes` (see path_mtu_ceiling).
  void set_path_mtu_ceiling(Timestamp now, size_t bytes);
  // The largest packet sent now (grows as probes are answered).
  size_t path_mtu() const;

 private:
  std::unique_ptr<Association> impl_;
};

}  // namespace wasmrtc::sctp
