// What a data channel is, as the manager and the layer above (peer connection, JS) see it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "common/bytes.h"

namespace wasmrtc::datachannel {

// The manager's handle for a channel: stable for the channel's life, never reused, unlike the
// SCTP stream id, which may be unknown at first (W3C: id is null until the DTLS role is known) and
// is reused after a channel closes.
using DataChannelId = uint32_t;

// W3C RTCDataChannelState.
enum class DataChannelState { kConnecting, kOpen, kClosing, kClosed };

// RFC 8832 §6: the DTLS client picks even stream ids, the DTLS server odd ones.
enum class DtlsRole { kClient, kServer };

// W3C RTCDataChannelInit plus label and protocol; for incoming channels, what the DCEP OPEN said.
struct DataChannelParameters {
  std::string label;
  std::string protocol;
  bool ordered = true;
  std::optional<uint16_t> max_packet_life_time;  // milliseconds
  std::optional<uint16_t> max_retransmits;
  bool negotiated = false;
  std::optional<uint16_t> id;  // the SCTP stream id
  // DCEP priority (RFC 8832 §5.1); the W3C priorities very-low/low/medium/high are 128/256/512/1024.
  uint16_t priority = 256;
};

// The manager's record of one channel.
struct DataChannel {
  DataChannelParameters parameters;
  DataChannelState state = DataChannelState::kConnecting;
  bool locally_created = true;
  // In-band channels we opened: RFC 8832 §6.6, send ordered until the ACK (or any message) arrives.
  bool acked = false;
  bool open_sent = false;
  // Closing procedure (RFC 8831 §6.7): both directions must be reset before the channel is closed.
  bool outgoing_reset_requested = false;
  bool outgoing_reset_done = false;
  bool incoming_reset = false;
  size_t buffered_amount_low_threshold = 0;
  // W3C bufferedAmount counts only what send() was given, but the association's per-stream count
  // also holds our DCEP messages and the one-byte stand-ins of empty messages. Both leave a
  // stream's send queue in order, so the manager notes where in the stream's byte sequence each
  // such overhead lies and subtracts what of it is still queued.
  uint64_t bytes_enqueued = 0;  // everything given to the association on this stream
  struct Overhead {
    uint64_t start;
    uint32_t length;
  };
  std::deque<Overhead> overhead;
  // Set when send() leaves bufferedAmount above the threshold: the next fall to or below it fires
  // 'bufferedamountlow' (and not, say, the OPEN draining from a channel that never sent).
  bool low_armed = false;
  // Deprecated PPID 52/54 fragments (RFC 8831 §6.6) waiting for their final part.
  Bytes partial;
  bool partial_binary = false;
};

}  // namespace wasmrtc::datachannel
