#include "sctp/socket/association.h"

#include <algorithm>

#include "common/log.h"
#include "sctp/packet/abort_chunk.h"
#include "sctp/packet/byte_io.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/heartbeat_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/tsn.h"

namespace wasmrtc::sctp {
namespace {

uint32_t nonzero_random(RandomSource& random) {
  for (;;) {
    uint32_t v = random.next_u32();
    if (v != 0) return v;
  }
}

SctpEvent make_event(SctpEvent::Type type) {
  SctpEvent e;
  e.type = type;
  return e;
}

// Streams per RE-CONFIG request: keeps the chunk well inside a 1200-byte packet.
constexpr size_t kMaxStreamsPerReset = 256;

// What a path MTU probe carries besides its Heartbeat Info: common, chunk and parameter headers.
constexpr size_t kProbeOverhead = kCommonHeaderSize + kChunkHeaderSize + 4;

}  // namespace

Association::Association(SctpOptions options, RandomSource& random)
    : options_(options),
      my_tag_(nonzero_random(random)),
      my_initial_tsn_(random.next_u32()),
      // The buffer must hold at least one whole message of the largest size we accept.
      receive_capacity_(std::max(options.receive_window, options.max_message_size + 16 * options.mtu)),
      rto_(options.rto_initial, options.rto_min, options.rto_max),
      pmtu_(std::max<size_t>(options.mtu, 64), options.path_mtu_probe_timeout),
      send_queue_(options.max_send_buffer),
      reassembly_(options.max_message_size) {
  random.fill(secret_);
  heartbeat_nonce_ = random.next_u64();
  // RFC 6525 §5.1.1: request sequence numbers start at the initial TSN.
  next_reset_sequence_ = my_initial_tsn_;
  if (options_.mtu < 64) options_.mtu = 64;
}

bool Association::is_data_state() const {
  return state_ == SctpState::kEstablished || state_ == SctpState::kShutdownPending ||
         state_ == SctpState::kShutdownSent || state_ == SctpState::kShutdownReceived ||
         state_ == SctpState::kShutdownAckSent;
}

size_t Association::max_message_size() const {
  return std::min(options_.max_message_size, remote_max_message_size_.value_or(options_.max_message_size));
}

Bytes Association::make_init_chunk(bool ack, ByteView cookie) const {
  InitChunk init;
  init.is_ack = ack;
  init.initiate_tag = my_tag_;
  init.a_rwnd = a_rwnd();
  init.outbound_streams = options_.num_streams;
  init.inbound_streams = options_.num_streams;
  init.initial_tsn = my_initial_tsn_;
  init.forward_tsn = true;
  init.reconfig = true;
  init.zero_checksum = options_.zero_checksum;
  init.state_cookie.assign(cookie.begin(), cookie.end());
  Bytes out;
  init.append_to(out);
  return out;
}

uint32_t Association::a_rwnd() const {
  size_t used = reassembly_.buffered_bytes();
  size_t free = receive_capacity_ > used ? receive_capacity_ - used : 0;
  return static_cast<uint32_t>(std::min<size_t>(free, UINT32_MAX));
}

void Association::set_peer(const PeerParams& peer) {
  bool same = have_peer_ && peer_tag_ == peer.tag && peer_initial_tsn_ == peer.initial_tsn;
  peer_tag_ = peer.tag;
  peer_initial_tsn_ = peer.initial_tsn;
  peer_forward_tsn_ = peer.forward_tsn;
  peer_reconfig_ = peer.reconfig;
  zero_checksum_ = options_.zero_checksum && peer.zero_checksum;
  // Our OS is capped by the peer's MIS and the other way round (§5.1.1).
  outbound_streams_ = std::min(options_.num_streams, peer.inbound_streams);
  inbound_streams_ = std::min(options_.num_streams, peer.outbound_streams);
  if (!same) {
    tracker_ = std::make_unique<DataTracker>(peer.initial_tsn);
    rtx_ = std::make_unique<RetransmissionQueue>(my_initial_tsn_, pmtu_.plpmtu(), peer.a_rwnd, peer.forward_tsn);
    peer_next_request_sequence_ = peer.initial_tsn;
  }
  have_peer_ = true;
}

// ------------------------------------------------------------------------------------------------
// API

void Association::connect(Timestamp now) {
  if (state_ != SctpState::kClosed || connected_once_) return;
  state_ = SctpState::kCookieWait;
  send_alone(0, make_init_chunk(false, {}));
  init_sent_at_ = now;
  t1_init_.start(now, rto_.rto());
}

SendStatus Association::send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                             const SendOptions& options) {
  if (state_ != SctpState::kEstablished && state_ != SctpState::kCookieWait &&
      state_ != SctpState::kCookieEchoed) {
    return SendStatus::kNotConnected;
  }
  if (message.empty()) return SendStatus::kEmptyMessage;
  if (message.size() > max_message_size()) return SendStatus::kMessageTooLarge;
  if (have_peer_ && stream_id >= outbound_streams_) return SendStatus::kInvalidStream;
  if (reset_pending_.count(stream_id) ||
      (reset_in_flight_ && std::find(reset_in_flight_->streams.begin(), reset_in_flight_->streams.end(), stream_id) !=
                               reset_in_flight_->streams.end())) {
    return SendStatus::kStreamResetting;
  }
  if (!send_queue_.add(now, stream_id, ppid, options.unordered, Bytes(message.begin(), message.end()),
                       options.max_retransmits, options.max_lifetime)) {
    return SendStatus::kBufferFull;
  }
  ++stats_.messages_sent;
  flush(now);
  return SendStatus::kOk;
}

void Association::reset_streams(Timestamp now, std::span<const uint16_t> streams) {
  if (!is_data_state() && state_ != SctpState::kCookieWait && state_ != SctpState::kCookieEchoed) return;
  for (uint16_t s : streams) {
    if (reset_in_flight_ && std::find(reset_in_flight_->streams.begin(), reset_in_flight_->streams.end(), s) !=
                                reset_in_flight_->streams.end()) {
      continue;
    }
    // send() refuses new messages from now on; those already queued still go out first.
    reset_pending_.insert(s);
  }
  flush(now);
}

void Association::shutdown(Timestamp now) {
  switch (state_) {
    case SctpState::kEstablished:
      state_ = SctpState::kShutdownPending;
      check_shutdown_progress(now);
      flush(now);
      break;
    case SctpState::kCookieWait:
    case SctpState::kCookieEchoed:
      // Nothing to shut down gracefully yet (§9.2 applies to established associations).
      if (have_peer_) send_alone(peer_tag_, [] { Bytes b; append_abort(b, false, kCauseUserInitiatedAbort, "shutdown"); return b; }());
      close_silently();
      events_.push_back(make_event(SctpEvent::Type::kClosed));
      break;
    default:
      break;
  }
}

void Association::abort(Timestamp now, std::string_view reason) {
  if (state_ == SctpState::kClosed) return;
  if (have_peer_) {
    Bytes chunk;
    append_abort(chunk, false, kCauseUserInitiatedAbort, reason);
    send_alone(peer_tag_, chunk);
  }
  close_silently();
}

void Association::close_silently() {
  state_ = SctpState::kClosed;
  connected_once_ = true;  // an association object is used once
  for (Timer* t : {&t1_init_, &t1_cookie_, &t2_shutdown_, &t3_rtx_, &delayed_ack_, &heartbeat_, &heartbeat_timeout_, &t5_reconfig_}) t->stop();
  control_.clear();
}

void Association::fail(std::string reason) {
  close_silently();
  SctpEvent e = make_event(SctpEvent::Type::kAborted);
  e.reason = std::move(reason);
  events_.push_back(std::move(e));
}

// ------------------------------------------------------------------------------------------------
// Output

void Association::emit(Bytes packet, bool needs_crc) {
  // RFC 9653 §5.2: a zero checksum only once the peer announced it accepts one, and never on a
  // packet that must carry a correct CRC32c (see the callers).
  write_checksum(packet, zero_checksum_ && !needs_crc);
  ++stats_.packets_sent;
  stats_.bytes_sent += packet.size();
  out_.push_back(std::move(packet));
}

void Association::send_alone(uint32_t vtag, const Bytes& chunk) {
  PacketBuilder b(options_.local_port, options_.remote_port, vtag, options_.mtu);
  b.add(chunk);
  // Always with a CRC32c: these are INIT (RFC 9653 §5.2 requires it), INIT-ACK, answers to
  // out-of-the-blue packets and ABORT / SHUTDOWN-COMPLETE, which a peer without (or before) an
  // association must be able to check. They are rare, so the CRC costs nothing that matters.
  emit(b.release(), /*needs_crc=*/true);
}

int Association::deferred_sack_every() const {
  return quick_ack_packets_left_ > 0 ? 2 : options_.max_packets_per_deferred_sack;
}

bool Association::wants_immediate_sack(size_t in_flight_before) const {
  // RFC 7053: ask for the SACK at once when the peer would otherwise sit on this packet for its
  // delayed-ack time (RFC 9260 §6.2 acks every second packet) while we wait for that SACK:
  // - we are shutting down and wait for everything to be acknowledged;
  // - this packet is all there is in flight and cwnd lets nothing follow it (after T3-rtx cut
  //   cwnd to one MTU): nothing else would make the peer ack;
  // - the send queue just ran dry behind earlier packets in flight: the tail of a burst. (Not for
  //   a lone message sent when nothing is in flight: its SACK can wait for the peer's reply,
  //   which carries it, so request/response traffic costs no extra packets.)
  if (state_ == SctpState::kShutdownPending || state_ == SctpState::kShutdownReceived) return true;
  bool nothing_left = send_queue_.empty() && !rtx_->has_pending_retransmissions();
  if (in_flight_before == 0) return !nothing_left && rtx_->outstanding_bytes() + rtx_->max_payload() > rtx_->cwnd();
  return nothing_left;
}

void Association::flush(Timestamp now) {
  flush_due_.reset();
  // Complete messages leave the reassembly queue first, so the a_rwnd we announce counts them out.
  collect_events();
  if (have_peer_ && is_data_state()) maybe_send_reset_request(now);
  bool data_ok = have_peer_ && is_data_state() && rtx_;
  bool allow_new = state_ == SctpState::kEstablished || state_ == SctpState::kShutdownPending ||
                   state_ == SctpState::kShutdownReceived;
  size_t data_packets = 0;  // with DATA, this flush
  for (int guard = 0; guard < 100000; ++guard) {
    if (!have_peer_) break;
    // A chunk made for a larger PLPMTU than today's (a black hole shrank it) cannot be cut again
    // (its TSN is taken): it goes in a packet of its own size, with only DATA, as RFC 9260 §7.3
    // lets a retransmission exceed the PMTU (below DTLS, the IP layer may fragment it).
    if (data_ok) {
      size_t oversized = rtx_->first_retransmission_packet_size();
      if (oversized > pmtu_.plpmtu()) {
        PacketBuilder lone(options_.local_port, options_.remote_port, peer_tag_, oversized);
        size_t n = rtx_->fill(now, lone.buffer(), lone.bytes_remaining(), send_queue_, /*allow_new=*/false);
        if (n > 0) {
          stats_.data_chunks_sent += n;
          emit(lone.release(), /*needs_crc=*/false);
          if (!t3_rtx_.running()) t3_rtx_.start(now, rto_.rto());
          continue;
        }
      }
    }
    PacketBuilder b(options_.local_port, options_.remote_port, peer_tag_, pmtu_.plpmtu(), std::move(spare_packet_));
    size_t taken = 0;
    // RFC 9653 §5.2: a packet with COOKIE-ECHO carries a correct CRC32c (the peer may keep no
    // state before the cookie comes back, so it cannot know it agreed to zero checksums).
    bool needs_crc = false;
    while (taken < control_.size() && control_[taken].size() <= b.bytes_remaining()) {
      needs_crc = needs_crc || control_[taken][0] == kChunkCookieEcho;
      b.add(control_[taken++]);
    }
    control_.erase(control_.begin(), control_.begin() + static_cast<std::ptrdiff_t>(taken));
    if (taken == 0 && !control_.empty() && b.empty()) control_.erase(control_.begin());  // cannot fit: drop
    size_t sack_at = b.buffer().size();
    bool sack_added = false;
    if (data_ok && ack_pending_ && tracker_) {
      size_t room = b.bytes_remaining();
      if (room >= 16) {
        size_t max_blocks = std::min<size_t>(64, (room - 16) / 4);
        SackChunk s = tracker_->make_sack(a_rwnd(), max_blocks, std::min<size_t>(16, (room - 16 - 4 * std::min(max_blocks, size_t{64})) / 4));
        s.append_to(b.buffer());
        sack_added = true;
      }
    }
    if (data_ok && rtx_->forward_tsn_due() && peer_forward_tsn_) {
      Bytes f;
      rtx_->take_forward_tsn().append_to(f);
      if (f.size() <= b.bytes_remaining()) b.add(f);
      else if (f.size() + kCommonHeaderSize <= options_.mtu) control_.push_back(std::move(f));  // next packet
    }
    size_t data_chunks = 0;
    size_t last_data_at = 0;
    size_t in_flight_before = data_ok ? rtx_->outstanding_bytes() : 0;
    // DATA may follow: room for a whole packet at once (PacketBuilder reserves only a small one,
    // which is all that SACK-only and control packets need).
    if (data_ok && (rtx_->has_pending_retransmissions() || !send_queue_.empty())) b.buffer().reserve(pmtu_.plpmtu());
    if (data_ok) data_chunks = rtx_->fill(now, b.buffer(), b.bytes_remaining(), send_queue_, allow_new, &last_data_at);
    if (data_chunks > 0 && wants_immediate_sack(in_flight_before)) b.buffer()[last_data_at + 1] |= kDataFlagImmediate;
    if (sack_added && data_chunks == 0 && !sack_now_) {
      // The SACK was only worth sending with DATA; the delayed-ack timer covers it.
      b.buffer().resize(sack_at);
      sack_added = false;
    }
    if (sack_added) {
      tracker_->clear_duplicates();
      ack_pending_ = false;
      sack_now_ = false;
      data_packets_since_ack_ = 0;
      delayed_ack_.stop();
    }
    if (b.empty()) {
      spare_packet_ = b.release();  // most flushes after a received packet send nothing
      break;
    }
    stats_.data_chunks_sent += data_chunks;
    if (data_chunks > 0) ++data_packets;
    emit(b.release(), needs_crc);  // emit() writes the checksum (once)
    if (data_chunks > 0 && !t3_rtx_.running()) t3_rtx_.start(now, rto_.rto());
    // Another packet only if there is more to say (a SACK that did not fit behind control chunks
    // counts).
    if (data_chunks == 0 && control_.empty() && !(sack_now_ && ack_pending_)) break;
  }
  // After what the flush had to say (a COOKIE-ACK ahead of the first probe, so the peer is
  // established when the probe comes). Only when the data took more than one packet or more is
  // queued than one holds: an idle or chatty association (most of them) gains nothing from larger
  // packets, and fifty connections set up at once would each hold a 16 KiB probe and its answer
  // in memory at the same moment.
  if (state_ == SctpState::kEstablished && (data_packets > 1 || send_queue_.total_buffered() > pmtu_.plpmtu())) {
    if (auto size = pmtu_.take_probe(now)) {
      ++stats_.path_mtu_probes_sent;
      WASMRTC_LOG(kSctp) << "path MTU probe of " << *size << " bytes (packets now " << pmtu_.plpmtu() << ")";
      emit(make_path_mtu_probe(now, *size), /*needs_crc=*/false);
    }
  }
  if (ack_pending_ && !delayed_ack_.running()) delayed_ack_.start(now, options_.delayed_ack_timeout);
  if (rtx_) {
    stats_.cwnd = static_cast<uint32_t>(rtx_->cwnd());
    stats_.data_chunks_retransmitted = rtx_->retransmissions();
    stats_.fast_retransmissions = rtx_->fast_retransmissions();
    stats_.messages_abandoned = rtx_->abandoned_messages() + send_queue_.expired();
  }
  stats_.srtt_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(rto_.srtt()).count());
  stats_.srtt_us = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(rto_.srtt()).count());
  stats_.rto_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(rto_.rto()).count());
  collect_events();
}

void Association::collect_events() {
  while (reassembly_.has_messages()) {
    ReceivedMessage m = reassembly_.pop_message();
    SctpEvent e = make_event(SctpEvent::Type::kMessage);
    e.stream_id = m.stream_id;
    e.ppid = m.ppid;
    e.unordered = m.unordered;
    e.data = std::move(m.data);
    ++stats_.messages_received;
    events_.push_back(std::move(e));
  }
  stats_.dropped_too_large = reassembly_.dropped_too_large();
  for (uint16_t id : send_queue_.take_low_events()) {
    SctpEvent e = make_event(SctpEvent::Type::kBufferedAmountLow);
    e.stream_id = id;
    events_.push_back(std::move(e));
  }
}

std::optional<Bytes> Association::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Bytes b = std::move(out_.front());
  out_.pop_front();
  return b;
}

std::optional<SctpEvent> Association::poll_event() {
  if (events_.empty()) return std::nullopt;
  SctpEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

// ------------------------------------------------------------------------------------------------
// Input

void Association::handle_receive(Timestamp now, ByteView data, bool flush_now) {
  ++stats_.packets_received;
  stats_.bytes_received += data.size();
  PacketError error;
  // We announce zero checksums whenever configured to, so we accept them from then on (RFC 9653).
  SctpPacket& packet = rx_packet_;
  if (!parse_sctp_packet(data, options_.zero_checksum, packet, &error)) {
    if (error == PacketError::kBadChecksum) ++stats_.dropped_bad_checksum;
    else ++stats_.dropped_malformed;
    return;
  }
  if (packet.destination_port != options_.local_port || packet.source_port != options_.remote_port) {
    ++stats_.dropped_bad_port;
    return;
  }
  const ChunkView& first = packet.chunks.front();
  uint32_t vtag = packet.verification_tag;
  // §8.5 / §8.5.1: which tag each packet must carry.
  if (first.type == kChunkInit) {
    if (packet.chunks.size() != 1 || vtag != 0) {  // INIT is bundled with nothing (§6.10)
      ++stats_.dropped_malformed;
      return;
    }
    on_init(now, first);
    flush(now);
    return;
  }
  bool tag_ok;
  if (first.type == kChunkAbort || first.type == kChunkShutdownComplete) {
    tag_ok = (first.flags & kFlagT) ? (have_peer_ && vtag == peer_tag_) : vtag == my_tag_;
  } else {
    // Including COOKIE-ECHO: every cookie we hand out carries our one tag (checked again against
    // the cookie itself), so DATA bundled behind a COOKIE-ECHO is never taken on an unchecked tag.
    tag_ok = vtag == my_tag_;
  }
  if (!tag_ok) {
    ++stats_.dropped_bad_verification_tag;
    return;
  }
  if (state_ == SctpState::kClosed && first.type != kChunkCookieEcho) {
    ++stats_.dropped_unexpected;  // out of the blue (§8.4)
    if (connected_once_ && first.type != kChunkAbort && first.type != kChunkShutdownComplete) {
      // §8.4 (5) and (8): tell a peer that still believes in the association, with the T bit
      // set and its own tag reflected, so it stops retransmitting.
      Bytes reply;
      if (first.type == kChunkShutdownAck) {
        append_chunk(reply, kChunkShutdownComplete, kFlagT, {});
      } else {
        append_abort(reply, true, kCauseProtocolViolation, "association closed");
      }
      send_alone(vtag, reply);
    }
    return;
  }

  bool data_seen = false;
  bool sack_seen = false;
  bool immediate = false;
  // A packet that arrives while TSNs are missing fills (part of) a gap or adds to it: ack at once
  // either way (as TCP does, RFC 5681 §4.2), so the sender's recovery is not held up by our
  // delayed-ack timer.
  bool had_gaps = tracker_ && tracker_->has_gaps();
  for (const ChunkView& c : packet.chunks) {
    if (state_ == SctpState::kClosed && c.type != kChunkCookieEcho) break;
    switch (c.type) {
      case kChunkData:
        if (on_data(now, c)) data_seen = true;
        if (c.flags & kDataFlagImmediate) immediate = true;
        break;
      case kChunkInit: ++stats_.dropped_malformed; break;  // only alone
      case kChunkInitAck: on_init_ack(now, c); break;
      case kChunkSack:
        on_sack(now, c);
        sack_seen = true;
        break;
      case kChunkHeartbeat: on_heartbeat(c); break;
      case kChunkHeartbeatAck: on_heartbeat_ack(now, c); break;
      case kChunkAbort: on_abort(c); break;
      case kChunkShutdown: on_shutdown(now, c); break;
      case kChunkShutdownAck: on_shutdown_ack(now); break;
      case kChunkError: break;  // informational; nothing we send relies on an answer
      case kChunkCookieEcho:
        if (!on_cookie_echo(now, vtag, c)) goto done;  // what follows a bad cookie is not trusted
        break;
      case kChunkCookieAck: on_cookie_ack(now); break;
      case kChunkShutdownComplete: on_shutdown_complete(); break;
      case kChunkForwardTsn: on_forward_tsn(c); break;
      case kChunkReconfig: on_reconfig(now, c); break;
      case kChunkPad: break;  // RFC 4820: padding (RFC 8899 probes of other stacks), discarded
      default: {
        // §3.2: the two high bits of an unknown type say whether to stop and whether to report.
        uint8_t action = c.type >> 6;
        if (action == 1 || action == 3) {
          Bytes chunk;
          Bytes echoed;
          put8(echoed, c.type);
          put8(echoed, c.flags);
          put16(echoed, static_cast<uint16_t>(c.value.size() + 4));
          put_bytes(echoed, c.value);
          append_error(chunk, kCauseUnrecognizedChunk, echoed);
          if (have_peer_ && chunk.size() <= options_.mtu - kCommonHeaderSize) control_.push_back(std::move(chunk));
        }
        ++stats_.dropped_unexpected;
        if (action == 0 || action == 1) goto done;
        break;
      }
    }
  }
done:
  if (data_seen && state_ != SctpState::kClosed) {
    ack_pending_ = true;
    ++data_packets_since_ack_;
    if (!last_data_at_ || now - *last_data_at_ > std::chrono::seconds(1)) {
      quick_ack_packets_left_ = static_cast<uint64_t>(options_.quick_ack_packets);
    }
    last_data_at_ = now;
    // §6.2: ack at once on every second packet, on gaps and duplicates (§6.7) and when the
    // sender asked (RFC 7053 I bit); otherwise within the delayed-ack time.
    if (data_packets_since_ack_ >= 2 || had_gaps || tracker_->has_gaps() || tracker_->has_duplicates() || immediate ||
        state_ == SctpState::kShutdownSent) {
      sack_now_ = true;
    }
  }
  if (sack_now_ && state_ != SctpState::kClosed) ack_pending_ = true;
  if (state_ == SctpState::kClosed) collect_events();
  else if (flush_now || sack_seen || data_packets_since_ack_ >= deferred_sack_every()) flush(now);
  else if (!flush_due_) flush_due_ = now;
  if (data_seen && quick_ack_packets_left_ > 0) --quick_ack_packets_left_;
}

void Association::on_init(Timestamp now, const ChunkView& chunk) {
  auto init = InitChunk::parse(false, chunk.value);
  if (!init) {
    ++stats_.dropped_malformed;
    return;
  }
  if (state_ == SctpState::kShutdownAckSent || state_ == SctpState::kShutdownSent) {
    ++stats_.dropped_unexpected;
    return;
  }
  // §5.2.1 / §5.2.2: answer with our own tag (the one our INIT carried, if any); the cookie
  // remembers both tags, so a crossing COOKIE-ECHO matches case D of §5.2.4.
  StateCookie cookie;
  cookie.created_us = now.micros();
  cookie.my_tag = my_tag_;
  cookie.peer_tag = init->initiate_tag;
  cookie.my_initial_tsn = my_initial_tsn_;
  cookie.peer_initial_tsn = init->initial_tsn;
  cookie.peer_a_rwnd = init->a_rwnd;
  cookie.peer_outbound_streams = init->outbound_streams;
  cookie.peer_inbound_streams = init->inbound_streams;
  cookie.peer_forward_tsn = init->forward_tsn;
  cookie.peer_reconfig = init->reconfig;
  cookie.peer_zero_checksum = init->zero_checksum;
  send_alone(init->initiate_tag, make_init_chunk(true, cookie.serialize(secret_)));
}

void Association::on_init_ack(Timestamp now, const ChunkView& chunk) {
  if (state_ != SctpState::kCookieWait) {
    ++stats_.dropped_unexpected;  // §5.2.3: duplicate or late INIT-ACK
    return;
  }
  auto ack = InitChunk::parse(true, chunk.value);
  if (!ack) {
    ++stats_.dropped_malformed;
    return;
  }
  set_peer({ack->initiate_tag, ack->initial_tsn, ack->a_rwnd, ack->outbound_streams, ack->inbound_streams,
            ack->forward_tsn, ack->reconfig, ack->zero_checksum});
  // Karn's rule applies to the handshake too: only an INIT sent once gives an RTT sample. Without
  // it an RTO backed off by lost INITs would stay large until the first clean DATA round trip.
  if (t1_init_.expirations() == 0) rto_.observe(now - init_sent_at_);
  t1_init_.stop();
  cookie_echo_ = ack->state_cookie;
  state_ = SctpState::kCookieEchoed;
  Bytes echo;
  append_chunk(echo, kChunkCookieEcho, 0, cookie_echo_);
  control_.push_back(std::move(echo));
  cookie_sent_at_ = now;
  t1_cookie_.start(now, rto_.rto());
}

bool Association::on_cookie_echo(Timestamp now, uint32_t vtag, const ChunkView& chunk) {
  StateCookie::Error error;
  auto cookie = StateCookie::parse(chunk.value, secret_, now, options_.cookie_lifetime, &error);
  if (!cookie) {
    ++stats_.dropped_bad_cookie;
    return false;
  }
  if (vtag != cookie->my_tag || cookie->my_tag != my_tag_) {
    ++stats_.dropped_bad_verification_tag;
    return false;
  }
  Bytes ack;
  append_chunk(ack, kChunkCookieAck, 0, {});
  if (state_ == SctpState::kClosed || state_ == SctpState::kCookieWait || state_ == SctpState::kCookieEchoed) {
    if (connected_once_ && state_ == SctpState::kClosed) {
      ++stats_.dropped_unexpected;  // a closed association does not come back
      return false;
    }
    set_peer({cookie->peer_tag, cookie->peer_initial_tsn, cookie->peer_a_rwnd, cookie->peer_outbound_streams,
              cookie->peer_inbound_streams, cookie->peer_forward_tsn, cookie->peer_reconfig,
              cookie->peer_zero_checksum});
    control_.push_back(std::move(ack));
    enter_established(now);
    return true;
  }
  if (cookie->peer_tag == peer_tag_) {
    control_.push_back(std::move(ack));  // §5.2.4 case D: our COOKIE-ACK was lost; say it again
    return true;
  }
  ++stats_.dropped_bad_cookie;  // a peer restart (case A) is not supported: WebRTC never restarts
  return false;
}

void Association::on_cookie_ack(Timestamp now) {
  if (state_ != SctpState::kCookieEchoed) return;  // a duplicate after a collision: harmless
  if (t1_cookie_.expirations() == 0) rto_.observe(now - cookie_sent_at_);
  enter_established(now);
}

void Association::enter_established(Timestamp now) {
  t1_init_.stop();
  t1_cookie_.stop();
  state_ = SctpState::kEstablished;
  connected_once_ = true;
  cookie_echo_.clear();
  error_count_ = 0;
  if (options_.heartbeat_interval.count() > 0) heartbeat_.start(now, options_.heartbeat_interval);
  pmtu_.start(now, options_.path_mtu_ceiling);
  apply_path_mtu();
  events_.push_back(make_event(SctpEvent::Type::kConnected));
}

bool Association::on_data(Timestamp now, const ChunkView& chunk) {
  if (!is_data_state() || !tracker_) {
    ++stats_.dropped_unexpected;
    return false;
  }
  auto data = DataChunkView::parse(chunk.flags, chunk.value);
  if (!data) {
    ++stats_.dropped_malformed;
    return false;
  }
  uint64_t t = tracker_->unwrap(data->tsn);
  if (t > tracker_->cumulative_unwrapped() + 1 &&
      reassembly_.buffered_bytes() + data->payload.size() > receive_capacity_) {
    // §6.2: over our window; only the next expected TSN may still come in (it can complete a
    // message and free the buffer). The sender retransmits the rest.
    ++stats_.dropped_out_of_window_tsn;
    return false;
  }
  uint64_t unwrapped = 0;
  switch (tracker_->observe(data->tsn, &unwrapped)) {
    case DataTracker::Verdict::kOutOfWindow:
      ++stats_.dropped_out_of_window_tsn;
      return false;
    case DataTracker::Verdict::kDuplicate:
      ++stats_.duplicate_tsns_received;
      return true;  // ack it again
    case DataTracker::Verdict::kNew:
      break;
  }
  if (data->stream_id >= inbound_streams_) {
    ++stats_.dropped_malformed;  // acknowledged (so not resent) but not delivered (§6.5)
    return true;
  }
  reassembly_.add(unwrapped, *data);
  return true;
}

void Association::on_sack(Timestamp now, const ChunkView& chunk) {
  if (!is_data_state() || !rtx_) {
    ++stats_.dropped_unexpected;
    return;
  }
  auto sack = SackChunk::parse(chunk.value);
  if (!sack) {
    ++stats_.dropped_malformed;
    return;
  }
  process_acked(now, rtx_->handle_sack(now, *sack, send_queue_));
}

void Association::process_acked(Timestamp now, const RetransmissionQueue::SackResult& result) {
  if (!result.valid) {
    ++stats_.dropped_unexpected;
    return;
  }
  if (result.rtt) rto_.observe(*result.rtt);
  if (result.new_data_acked) {
    error_count_ = 0;
    t3_without_progress_ = 0;
  }
  if (result.cumulative_advanced) {
    // §6.3.2 R3: restart T3 when the earliest outstanding TSN is acknowledged.
    if (rtx_->has_outstanding()) t3_rtx_.start(now, rto_.rto());
    else t3_rtx_.stop();
  }
  check_shutdown_progress(now);
}

void Association::on_heartbeat(const ChunkView& chunk) {
  auto info = parse_heartbeat_info(chunk.value);
  if (!info) {
    ++stats_.dropped_malformed;
    return;
  }
  const size_t ack_size = kChunkHeaderSize + 4 + ((info->size() + 3) & ~size_t{3});
  if (ack_size + kCommonHeaderSize <= pmtu_.plpmtu()) {
    Bytes ack;
    append_heartbeat(ack, true, *info);
    control_.push_back(std::move(ack));
  } else if (have_peer_) {
    // The peer's path MTU probe (RFC 8899, its info padded to the probed size): answering it in
    // a packet of the same size is what tells the peer the size gets through. Written straight
    // into the packet (up to 16 KiB).
    PacketBuilder b(options_.local_port, options_.remote_port, peer_tag_, ack_size + kCommonHeaderSize);
    b.buffer().reserve(ack_size + kCommonHeaderSize);
    append_heartbeat(b.buffer(), true, *info);
    emit(b.release(), /*needs_crc=*/false);
  }
}

void Association::on_heartbeat_ack(Timestamp now, const ChunkView& chunk) {
  // Our Heartbeat Info: send time and nonce (16 bytes); for a path MTU probe then the probed size
  // and the padding that made the probe that large.
  auto info = parse_heartbeat_info(chunk.value);
  if (!info || info->size() < 16 || (info->size() > 16 && info->size() < 20)) {
    ++stats_.dropped_malformed;
    return;
  }
  uint64_t sent = uint64_t{load32(info->data())} << 32 | load32(info->data() + 4);
  uint64_t nonce = uint64_t{load32(info->data() + 8)} << 32 | load32(info->data() + 12);
  if (nonce != heartbeat_nonce_) {
    ++stats_.dropped_unexpected;
    return;
  }
  error_count_ = 0;
  if (info->size() > 16) {
    // A probe's answer: the path carried a packet of that size (its info came back whole). It is
    // no RTT sample for the path's DATA (a large probe may have waited behind DATA).
    const size_t size = load32(info->data() + 16);
    if (info->size() + kProbeOverhead != size) {
      ++stats_.dropped_malformed;
      return;
    }
    if (pmtu_.on_probe_acked(now, size)) {
      apply_path_mtu();
      WASMRTC_LOG(kSctp) << "path MTU probe of " << size << " bytes answered: packets now " << pmtu_.plpmtu() << " bytes";
    }
    stats_.path_mtu_probes_acked = pmtu_.probes_acked();
    return;
  }
  heartbeat_timeout_.stop();
  rto_.observe(now - Timestamp::from_micros(static_cast<int64_t>(sent)));
}

Bytes Association::make_path_mtu_probe(Timestamp now, size_t size) const {
  // RFC 8899 §6.2.1.2 fills the probe with a PAD chunk (RFC 4820). werift, one of the stacks a
  // WebRTC peer meets, rejects a packet with a chunk type it does not know instead of skipping it
  // (RFC 9260 §3.2), and PAD is an extension nobody has to know; every SCTP stack echoes a
  // HEARTBEAT's info. So the padding is in the info: send time, nonce, the probed size, zeros.
  // The HEARTBEAT-ACK is as large, so an answer confirms the size both ways, which on the
  // symmetric paths this is for (see path_datagram_limit.h) is what each side finds anyway.
  // Written in place: the probe is up to 16 KiB and would otherwise be copied three times.
  constexpr size_t kInfoFields = 20;
  const size_t info_size = std::max(size, kProbeOverhead + kInfoFields) - kProbeOverhead;
  PacketBuilder b(options_.local_port, options_.remote_port, peer_tag_, size);
  Bytes& out = b.buffer();
  out.reserve(kProbeOverhead + info_size);
  put8(out, kChunkHeartbeat);
  put8(out, 0);
  put16(out, static_cast<uint16_t>(kChunkHeaderSize + 4 + info_size));
  put16(out, kParamHeartbeatInfo);
  put16(out, static_cast<uint16_t>(4 + info_size));
  put32(out, static_cast<uint32_t>(static_cast<uint64_t>(now.micros()) >> 32));
  put32(out, static_cast<uint32_t>(now.micros()));
  put32(out, static_cast<uint32_t>(heartbeat_nonce_ >> 32));
  put32(out, static_cast<uint32_t>(heartbeat_nonce_));
  put32(out, static_cast<uint32_t>(size));
  out.resize(kProbeOverhead + info_size, 0);  // PathMtuSearch sizes are multiples of 4
  return b.release();
}

void Association::apply_path_mtu() {
  if (rtx_) rtx_->set_mtu(pmtu_.plpmtu());
  stats_.path_mtu = static_cast<uint32_t>(pmtu_.plpmtu());
  stats_.path_mtu_black_holes = pmtu_.black_holes();
}

void Association::set_path_mtu_ceiling(Timestamp now, size_t bytes) {
  options_.path_mtu_ceiling = bytes;
  if (state_ != SctpState::kEstablished) return;  // enter_established() starts the search
  pmtu_.start(now, bytes);
  apply_path_mtu();
  flush(now);
}

void Association::on_abort(const ChunkView& chunk) {
  std::string reason = "peer aborted";
  std::string causes = describe_error_causes(chunk.value);
  if (!causes.empty()) reason += ": " + causes;
  fail(std::move(reason));
}

void Association::on_shutdown(Timestamp now, const ChunkView& chunk) {
  if (!is_data_state() || chunk.value.size() < 4) {
    ++stats_.dropped_unexpected;
    return;
  }
  // §9.2: SHUTDOWN's cumulative TSN ack counts like a SACK's.
  SackChunk sack;
  sack.cumulative_tsn_ack = load32(chunk.value.data());
  sack.a_rwnd = rtx_->peer_rwnd();
  auto result = rtx_->handle_sack(now, sack, send_queue_);
  if (result.valid) process_acked(now, result);
  if (state_ == SctpState::kEstablished || state_ == SctpState::kShutdownPending) {
    state_ = SctpState::kShutdownReceived;
  } else if (state_ == SctpState::kShutdownAckSent) {
    Bytes ack;  // our SHUTDOWN-ACK was lost: say it again
    append_chunk(ack, kChunkShutdownAck, 0, {});
    control_.push_back(std::move(ack));
    return;
  } else if (state_ == SctpState::kShutdownSent) {
    // Both sides shut down at once (§9.2): answer with SHUTDOWN-ACK.
    Bytes ack;
    append_chunk(ack, kChunkShutdownAck, 0, {});
    control_.push_back(std::move(ack));
    state_ = SctpState::kShutdownAckSent;
    t2_shutdown_.start(now, rto_.rto());
    return;
  }
  check_shutdown_progress(now);
}

void Association::check_shutdown_progress(Timestamp now) {
  if (state_ != SctpState::kShutdownPending && state_ != SctpState::kShutdownReceived) return;
  if (!send_queue_.empty() || (rtx_ && rtx_->has_outstanding())) return;
  Bytes chunk;
  if (state_ == SctpState::kShutdownPending) {
    Bytes value;
    put32(value, tracker_ ? tracker_->cumulative_tsn() : 0);
    append_chunk(chunk, kChunkShutdown, 0, value);
    state_ = SctpState::kShutdownSent;
  } else {
    append_chunk(chunk, kChunkShutdownAck, 0, {});
    state_ = SctpState::kShutdownAckSent;
  }
  control_.push_back(std::move(chunk));
  t3_rtx_.stop();
  heartbeat_.stop();
  t2_shutdown_.start(now, rto_.rto());
}

void Association::on_shutdown_ack(Timestamp now) {
  if (state_ != SctpState::kShutdownSent && state_ != SctpState::kShutdownAckSent) {
    ++stats_.dropped_unexpected;
    return;
  }
  Bytes complete;
  append_chunk(complete, kChunkShutdownComplete, 0, {});
  send_alone(peer_tag_, complete);
  close_silently();
  events_.push_back(make_event(SctpEvent::Type::kClosed));
}

void Association::on_shutdown_complete() {
  if (state_ != SctpState::kShutdownAckSent) {
    ++stats_.dropped_unexpected;
    return;
  }
  close_silently();
  events_.push_back(make_event(SctpEvent::Type::kClosed));
}

void Association::on_forward_tsn(const ChunkView& chunk) {
  if (!is_data_state() || !tracker_) {
    ++stats_.dropped_unexpected;
    return;
  }
  auto f = ForwardTsnChunk::parse(chunk.value);
  if (!f) {
    ++stats_.dropped_malformed;
    return;
  }
  if (tracker_->forward_to(f->new_cumulative_tsn)) {
    reassembly_.forward(tracker_->cumulative_unwrapped(), f->skipped);
  }
  // RFC 3758 §3.6: answer with a SACK at once, so the sender's ack point moves.
  ack_pending_ = true;
  sack_now_ = true;
}

void Association::on_reconfig(Timestamp now, const ChunkView& chunk) {
  if (!is_data_state() || !tracker_) {
    ++stats_.dropped_unexpected;
    return;
  }
  auto rc = ReconfigChunk::parse(chunk.value);
  if (!rc) {
    ++stats_.dropped_malformed;
    return;
  }
  ReconfigChunk reply;
  auto sequence_result = [&](uint32_t seq, auto perform) {
    if (seq == peer_next_request_sequence_) {
      ReconfigResult r = perform();
      if (r != ReconfigResult::kInProgress) {
        ++peer_next_request_sequence_;
        last_peer_request_result_ = r;
      }
      return r;
    }
    // A retransmission of the last request: the same answer again (RFC 6525 §5.2.1).
    if (seq == peer_next_request_sequence_ - 1) return last_peer_request_result_;
    return ReconfigResult::kErrorBadSequenceNumber;
  };
  for (const OutgoingResetRequest& req : rc->outgoing) {
    ReconfigResult r = sequence_result(req.request_sequence, [&] {
      // §5.2.2: reset once every TSN up to the sender's last assigned one has arrived; until then
      // say "in progress" and the sender asks again.
      if (tracker_->unwrap(req.senders_last_tsn) > tracker_->cumulative_unwrapped()) return ReconfigResult::kInProgress;
      reassembly_.reset_streams(req.streams);
      SctpEvent e = make_event(SctpEvent::Type::kStreamsReset);
      e.stream_ids = req.streams;
      events_.push_back(std::move(e));
      return ReconfigResult::kSuccessPerformed;
    });
    reply.responses.push_back({req.request_sequence, r});
  }
  for (const IncomingResetRequest& req : rc->incoming) {
    // Some usrsctp versions ask us to reset our outgoing streams as well when they close a
    // channel; the data channel layer resets ours anyway when it sees the peer's reset, so there
    // is nothing to do here.
    ReconfigResult r = sequence_result(req.request_sequence, [] { return ReconfigResult::kSuccessNothingToDo; });
    reply.responses.push_back({req.request_sequence, r});
  }
  for (const ReconfigResponse& resp : rc->responses) {
    if (!reset_in_flight_ || resp.response_sequence != reset_in_flight_->sequence) continue;
    if (resp.result == ReconfigResult::kInProgress) {
      // Ask again after a while (the peer waits for data still on its way).
      t5_reconfig_.start(now, rto_.rto());
      continue;
    }
    bool ok = resp.result == ReconfigResult::kSuccessPerformed || resp.result == ReconfigResult::kSuccessNothingToDo;
    for (uint16_t s : reset_in_flight_->streams) send_queue_.resume(s, ok);
    SctpEvent e = make_event(ok ? SctpEvent::Type::kStreamResetDone : SctpEvent::Type::kStreamResetFailed);
    e.stream_ids = std::move(reset_in_flight_->streams);
    events_.push_back(std::move(e));
    reset_in_flight_.reset();
    t5_reconfig_.stop();
    error_count_ = 0;
  }
  if (!reply.responses.empty()) {
    Bytes out;
    reply.append_to(out);
    if (out.size() + kCommonHeaderSize <= options_.mtu) control_.push_back(std::move(out));
  }
}

void Association::maybe_send_reset_request(Timestamp now) {
  if (reset_in_flight_ || reset_pending_.empty() || state_ != SctpState::kEstablished) return;
  if (!peer_reconfig_) {
    SctpEvent e = make_event(SctpEvent::Type::kStreamResetFailed);
    e.stream_ids.assign(reset_pending_.begin(), reset_pending_.end());
    for (uint16_t s : reset_pending_) send_queue_.resume(s, false);
    reset_pending_.clear();
    events_.push_back(std::move(e));
    return;
  }
  // A stream is reset after everything queued on it has been given a TSN (§5.1.2's "sender's
  // last assigned TSN" then covers it).
  OutgoingResetRequest req;
  for (auto it = reset_pending_.begin(); it != reset_pending_.end() && req.streams.size() < kMaxStreamsPerReset;) {
    if (send_queue_.drained(*it)) {
      req.streams.push_back(*it);
      it = reset_pending_.erase(it);
    } else {
      ++it;
    }
  }
  if (req.streams.empty()) return;
  req.request_sequence = next_reset_sequence_++;
  req.response_sequence = peer_next_request_sequence_ - 1;
  req.senders_last_tsn = rtx_->last_assigned_tsn();
  ReconfigChunk chunk;
  chunk.outgoing.push_back(req);
  ResetInFlight f{req.request_sequence, req.streams, {}};
  chunk.append_to(f.chunk);
  control_.push_back(f.chunk);
  reset_in_flight_ = std::move(f);
  t5_reconfig_.start(now, rto_.rto());
}

// ------------------------------------------------------------------------------------------------
// Timers

Timestamp Association::next_timeout() const {
  Timestamp t = flush_due_.value_or(Timestamp::infinite());
  if (state_ == SctpState::kEstablished) t = std::min(t, pmtu_.next_timeout());  // probes only then
  for (const Timer* timer : {&t1_init_, &t1_cookie_, &t2_shutdown_, &t3_rtx_, &delayed_ack_, &heartbeat_, &heartbeat_timeout_, &t5_reconfig_}) {
    t = std::min(t, timer->deadline());
  }
  return t;
}

void Association::on_error_counter(Timestamp now) {
  ++error_count_;
  if (error_count_ > options_.max_retransmissions) {
    fail("association failed: too many retransmissions");
  }
}

void Association::handle_timeout(Timestamp now) {
  if (t1_init_.expired(now)) {
    if (t1_init_.expirations() > options_.max_init_retransmissions) {
      fail("INIT unanswered");
      return;
    }
    rto_.back_off();
    send_alone(0, make_init_chunk(false, {}));
    t1_init_.start(now, rto_.rto());  // start() keeps the expiration count; stop() clears it
  }
  if (t1_cookie_.expired(now)) {
    if (t1_cookie_.expirations() > options_.max_init_retransmissions) {
      fail("COOKIE-ECHO unanswered");
      return;
    }
    rto_.back_off();
    Bytes echo;
    append_chunk(echo, kChunkCookieEcho, 0, cookie_echo_);
    control_.push_back(std::move(echo));
    t1_cookie_.start(now, rto_.rto());
  }
  if (t3_rtx_.expired(now) && rtx_) {
    ++stats_.t3_expirations;
    on_error_counter(now);
    if (state_ == SctpState::kClosed) return;
    rto_.back_off();
    // RFC 8899 §4.3: DATA that stops getting through at a probed size may have met a smaller
    // path MTU (a route change); the second T3 in a row without any acknowledgement says so.
    if (++t3_without_progress_ >= 2 && pmtu_.on_black_hole(now)) {
      apply_path_mtu();
      WASMRTC_LOG(kSctp) << "black hole: packets back to " << pmtu_.plpmtu() << " bytes, path MTU search starts over";
    }
    rtx_->handle_t3_expiry(now, send_queue_);
    if (rtx_->has_outstanding()) t3_rtx_.start(now, rto_.rto());
  }
  if (t2_shutdown_.expired(now)) {
    on_error_counter(now);
    if (state_ == SctpState::kClosed) return;
    rto_.back_off();
    Bytes chunk;
    if (state_ == SctpState::kShutdownSent) {
      Bytes value;
      put32(value, tracker_ ? tracker_->cumulative_tsn() : 0);
      append_chunk(chunk, kChunkShutdown, 0, value);
    } else {
      append_chunk(chunk, kChunkShutdownAck, 0, {});
    }
    control_.push_back(std::move(chunk));
    t2_shutdown_.start(now, rto_.rto());
  }
  if (delayed_ack_.expired(now)) {
    sack_now_ = true;
    ack_pending_ = true;
  }
  if (heartbeat_timeout_.expired(now)) {
    on_error_counter(now);
    if (state_ == SctpState::kClosed) return;
    rto_.back_off();
  }
  if (heartbeat_.expired(now) && state_ == SctpState::kEstablished) {
    // §8.3: probe an idle path; while DATA is outstanding T3 does the probing.
    if (!rtx_->has_outstanding() && !heartbeat_timeout_.running()) {
      Bytes info;
      put32(info, static_cast<uint32_t>(static_cast<uint64_t>(now.micros()) >> 32));
      put32(info, static_cast<uint32_t>(now.micros()));
      put32(info, static_cast<uint32_t>(heartbeat_nonce_ >> 32));
      put32(info, static_cast<uint32_t>(heartbeat_nonce_));
      Bytes chunk;
      append_heartbeat(chunk, false, info);
      control_.push_back(std::move(chunk));
      heartbeat_timeout_.start(now, rto_.rto());
    }
    heartbeat_.start(now, options_.heartbeat_interval);
  }
  if (state_ == SctpState::kEstablished) pmtu_.handle_timeout(now);
  if (t5_reconfig_.expired(now) && reset_in_flight_) {
    on_error_counter(now);
    if (state_ == SctpState::kClosed) return;
    rto_.back_off();
    control_.push_back(reset_in_flight_->chunk);
    t5_reconfig_.start(now, rto_.rto());
  }
  if (state_ != SctpState::kClosed) flush(now);
}

}  // namespace wasmrtc::sctp
