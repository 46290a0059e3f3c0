// The data channels of one SCTP association (RFC 8831, RFC 8832, W3C RTCDataChannel), sans-IO.
//
// The manager owns the channel registry and talks to the association through an SctpPort; it never
// reimplements SCTP. The driver feeds it the association's events (handle_sctp_event) and the DTLS
// role (set_dtls_role); the layer above calls create_channel / send / close and drains
// poll_event(). Drain contract: after every call into the manager, drain poll_event() until it
// returns nullopt, and drain the association (its transmits and events) as its own header says.
// Events are queued, never called back, so an event handler may call straight back in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <variant>

#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"
#include "datachannel/data_channel.h"
#include "datachannel/data_channel_event.h"
#include "datachannel/dcep_message.h"
#include "datachannel/sctp_port.h"
#include "sctp/sctp_association.h"

namespace wasmrtc::datachannel {

// Input discarded (never trusted, never a crash), counted by reason.
struct DataChannelCounters {
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t dropped_malformed_dcep = 0;       // PPID 50 payloads that did not parse
  uint64_t dropped_unexpected_dcep = 0;      // OPEN on a stream in use, ACK for no waiting channel
  uint64_t dropped_unknown_stream = 0;       // user messages on a stream with no channel
  uint64_t dropped_not_open = 0;             // user messages for a channel not open (W3C discards)
  uint64_t dropped_unsupported_ppid = 0;     // unknown PPIDs (the channel is closed, RFC 8831 §6.6)
  uint64_t dropped_bad_partial = 0;          // broken deprecated-PPID reassembly (channel closed)
};

using Status = Result<std::monostate>;

class DataChannelManager {
 public:
  explicit DataChannelManager(SctpPort& port);
  DataChannelManager(const DataChannelManager&) = delete;
  DataChannelManager& operator=(const DataChannelManager&) = delete;

  // Once DTLS knows its role: gives in-band channels created so far their stream ids (W3C) and,
  // if the association is already up, opens them.
  void set_dtls_role(Timestamp now, DtlsRole role);

  // W3C createDataChannel checks, as error values:
  //   kInvalidArgument (TypeError): label or protocol over 65535 bytes, both maxRetransmits and
  //     maxPacketLifeTime, negotiated without id, id 65535;
  //   kOperationFailed (OperationError): the id is in use or at/above the negotiated stream count,
  //     or no stream id of our parity is left;
  //   kInvalidState: the association has closed.
  // Channels created before the association is up stay connecting and open when it connects.
  Result<DataChannelId> create_channel(Timestamp now, const DataChannelParameters& parameters);

  // W3C send(): kInvalidState unless open; kInvalidArgument (TypeError) when larger than
  // max_message_size() — the channel stays open; kOperationFailed when the association's send
  // buffer is full. Empty messages go as PPID 56/57 with one 0 byte (RFC 8831 §6.6).
  Status send(Timestamp now, DataChannelId channel, ByteView data, bool binary);

  // W3C close(): starts the closing procedure (RFC 8831 §6.7: reset our outgoing stream, wait for
  // the peer to reset its own). A channel never announced on the wire closes at once. No-op when
  // closing or closed already; no ChannelClosing is queued for a local close.
  void close(Timestamp now, DataChannelId channel);

  // Every event the association produced (others than the ones below are ignored): kConnected,
  // kMessage, kStreamsReset, kStreamResetDone, kStreamResetFailed, kBufferedAmountLow, kClosed,
  // kAborted. By value: a message's bytes move on into its ChannelMessage (pass an rvalue).
  void handle_sctp_event(Timestamp now, sctp::SctpEvent event);

  std::optional<DataChannelEvent> poll_event();

  // Queries. A channel is forgotten once its ChannelClosed is queued: then state() says kClosed,
  // buffered_amount() 0 and parameters() nullptr.
  DataChannelState state(DataChannelId channel) const;
  const DataChannelParameters* parameters(DataChannelId channel) const;
  std::optional<uint16_t> stream_id(DataChannelId channel) const;
  // W3C bufferedAmount: bytes given to send() not yet handed to the network (the association's
  // count for the channel's stream).
  size_t buffered_amount(DataChannelId channel) const;
  size_t buffered_amount_low_threshold(DataChannelId channel) const;
  void set_buffered_amount_low_threshold(DataChannelId channel, size_t bytes);
  size_t max_message_size() const { return port_.max_message_size(); }
  size_t channel_count() const { return channels_.size(); }
  bool transport_connected() const { return transport_ == Transport::kConnected; }
  const DataChannelCounters& counters() const { return counters_; }

 private:
  enum class Transport { kNew, kConnected, kClosed };

  DataChannel* find(DataChannelId channel);
  const DataChannel* find(DataChannelId channel) const;
  DataChannelId by_stream(uint16_t stream_id) const;  // 0 when none
  std::optional<uint16_t> allocate_stream_id() const;
  uint16_t stream_id_limit() const;
  void assign_stream_id(DataChannelId channel, DataChannel& c, uint16_t stream_id);
  // Gives a stream id where missing and opens (OPEN sent / negotiated) once transport and role allow.
  void try_open(Timestamp now, DataChannelId channel, DataChannel& c);
  void fail(DataChannelId channel, DataChannel& c, Error error);
  void finish_close(DataChannelId channel, DataChannel& c);
  void start_remote_close(Timestamp now, DataChannelId channel, DataChannel& c);
  void maybe_closed(DataChannelId channel, DataChannel& c);
  void on_connected(Timestamp now);
  void on_message(Timestamp now, sctp::SctpEvent& event);
  void on_dcep(Timestamp now, uint16_t stream_id, ByteView payload);
  void on_incoming_open(Timestamp now, uint16_t stream_id, const DcepOpen& open);
  void on_user_message(Timestamp now, DataChannelId channel, DataChannel& c, uint32_t ppid,
                       Bytes data);
  void on_streams_reset(Timestamp now, const std::vector<uint16_t>& stream_ids);
  void on_stream_reset_done(const std::vector<uint16_t>& stream_ids);
  void on_transport_gone(const std::string* abort_reason);
  // Bookkeeping for W3C bufferedAmount (see DataChannel::overhead).
  void note_enqueued(DataChannel& c, size_t wire_bytes, size_t overhead_bytes);
  size_t app_buffered_amount(const DataChannel& c) const;
  void prune_overhead(DataChannel& c);
  void protocol_error(Timestamp now, DataChannelId channel, DataChannel& c, std::string message);

  SctpPort& port_;
  Transport transport_ = Transport::kNew;
  std::optional<DtlsRole> role_;
  DataChannelId next_id_ = 1;
  std::map<DataChannelId, DataChannel> channels_;  // ordered: channels open in creation order
  std::unordered_map<uint16_t, DataChannelId> streams_;
  std::deque<DataChannelEvent> events_;
  DataChannelCounters counters_;
};

}  // namespace wasmrtc::datachannel
