#include "datachannel/data_channel_manager.h"

#include <algorithm>
#include <vector>

#include "datachannel/ppid.h"

namespace wasmrtc::datachannel {
namespace {

constexpr size_t kMaxLabelBytes = 65535;    // W3C createDataChannel, RFC 8832 §5.1 length field
constexpr uint32_t kMaxStreamIdLimit = 65535;  // W3C: ids 0..65534; 65535 is reserved

// DCEP messages are sent reliable and ordered (RFC 8832 §6).
const sctp::SendOptions kDcepSendOptions{};

uint16_t clamp_u16(uint32_t v) { return static_cast<uint16_t>(std::min<uint32_t>(v, 0xffff)); }

}  // namespace

DataChannelManager::DataChannelManager(SctpPort& port) : port_(port) {}

DataChannel* DataChannelManager::find(DataChannelId channel) {
  auto it = channels_.find(channel);
  return it == channels_.end() ? nullptr : &it->second;
}

const DataChannel* DataChannelManager::find(DataChannelId channel) const {
  auto it = channels_.find(channel);
  return it == channels_.end() ? nullptr : &it->second;
}

DataChannelId DataChannelManager::by_stream(uint16_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second;
}

uint16_t DataChannelManager::stream_id_limit() const {
  uint32_t limit = kMaxStreamIdLimit;
  if (transport_ == Transport::kConnected) limit = std::min<uint32_t>(limit, port_.max_channels());
  return static_cast<uint16_t>(limit);
}

std::optional<uint16_t> DataChannelManager::allocate_stream_id() const {
  if (!role_) return std::nullopt;
  // RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones; lowest free first,
  // as browsers do.
  const uint32_t limit = stream_id_limit();
  for (uint32_t sid = *role_ == DtlsRole::kClient ? 0 : 1; sid < limit; sid += 2) {
    if (!streams_.count(static_cast<uint16_t>(sid))) return static_cast<uint16_t>(sid);
  }
  return std::nullopt;
}

void DataChannelManager::assign_stream_id(DataChannelId channel, DataChannel& c, uint16_t stream_id) {
  c.parameters.id = stream_id;
  streams_[stream_id] = channel;
}

void DataChannelManager::set_dtls_role(Timestamp now, DtlsRole role) {
  if (role_) return;  // the role of a DTLS association never changes
  role_ = role;
  std::vector<DataChannelId> ids;
  for (const auto& [id, c] : channels_) ids.push_back(id);
  for (DataChannelId id : ids) {
    DataChannel* c = find(id);
    if (!c || c->state != DataChannelState::kConnecting || c->parameters.id) continue;
    if (auto sid = allocate_stream_id()) {
      assign_stream_id(id, *c, *sid);
      try_open(now, id, *c);
    } else {
      // W3C: no available id -> the channel closes with an OperationError.
      fail(id, *c, make_error(ErrorCode::kOperationFailed, "no SCTP stream id is available"));
    }
  }
}

Result<DataChannelId> DataChannelManager::create_channel(Timestamp now,
                                                         const DataChannelParameters& parameters) {
  if (transport_ == Transport::kClosed) {
    return make_error(ErrorCode::kInvalidState, "the SCTP transport is closed");
  }
  if (parameters.label.size() > kMaxLabelBytes) {
    return make_error(ErrorCode::kInvalidArgument, "label is longer than 65535 bytes");
  }
  if (parameters.protocol.size() > kMaxLabelBytes) {
    return make_error(ErrorCode::kInvalidArgument, "protocol is longer than 65535 bytes");
  }
  if (parameters.max_packet_life_time && parameters.max_retransmits) {
    return make_error(ErrorCode::kInvalidArgument,
                      "maxPacketLifeTime and maxRetransmits cannot both be set");
  }
  DataChannel c;
  c.parameters = parameters;
  if (!parameters.negotiated) c.parameters.id.reset();  // W3C: id only counts when negotiated
  std::optional<uint16_t> sid = c.parameters.id;
  if (parameters.negotiated) {
    if (!sid) return make_error(ErrorCode::kInvalidArgument, "negotiated channels need an id");
    if (*sid == 65535) return make_error(ErrorCode::kInvalidArgument, "id 65535 is reserved");
    if (streams_.count(*sid)) {
      return make_error(ErrorCode::kOperationFailed, "id " + std::to_string(*sid) + " is in use");
    }
    if (*sid >= stream_id_limit()) {
      return make_error(ErrorCode::kOperationFailed,
                        "id " + std::to_string(*sid) + " is beyond the negotiated stream count");
    }
    c.acked = true;  // no DCEP on negotiated channels
  } else if (role_) {
    sid = allocate_stream_id();
    if (!sid) return make_error(ErrorCode::kOperationFailed, "no SCTP stream id is available");
  }
  const DataChannelId id = next_id_++;
  DataChannel& stored = channels_.emplace(id, std::move(c)).first->second;
  if (sid) assign_stream_id(id, stored, *sid);
  try_open(now, id, stored);
  return id;
}

void DataChannelManager::try_open(Timestamp now, DataChannelId channel, DataChannel& c) {
  if (transport_ != Transport::kConnected || c.state != DataChannelState::kConnecting) return;
  if (!c.parameters.id) {
    if (!role_) return;  // W3C: the id comes with the DTLS role
    auto sid = allocate_stream_id();
    if (!sid) {
      fail(channel, c, make_error(ErrorCode::kOperationFailed, "no SCTP stream id is available"));
      return;
    }
    assign_stream_id(channel, c, *sid);
  }
  const uint16_t sid = *c.parameters.id;
  if (sid >= stream_id_limit()) {
    // W3C: an id at or above [[MaxChannels]] fails the channel once the transport is connected.
    fail(channel, c,
         make_error(ErrorCode::kOperationFailed,
                    "id " + std::to_string(sid) + " is beyond the negotiated stream count"));
    return;
  }
  port_.set_buffered_amount_low_threshold(sid, c.buffered_amount_low_threshold);
  if (!c.parameters.negotiated) {
    DcepOpen open;
    open.channel_type = channel_type_for(c.parameters.ordered, c.parameters.max_retransmits.has_value(),
                                         c.parameters.max_packet_life_time.has_value());
    open.priority = c.parameters.priority;
    open.reliability_parameter = c.parameters.max_retransmits.value_or(
        c.parameters.max_packet_life_time.value_or(0));
    open.label = c.parameters.label;
    open.protocol = c.parameters.protocol;
    auto wire = serialize_dcep_open(open);  // lengths were checked in create_channel
    if (!wire.ok() ||
        port_.send(now, sid, to_u32(Ppid::kDcep), wire.value(), kDcepSendOptions) != sctp::SendStatus::kOk) {
      fail(channel, c, make_error(ErrorCode::kOperationFailed, "could not send DATA_CHANNEL_OPEN"));
      return;
    }
    c.open_sent = true;
    note_enqueued(c, wire.value().size(), wire.value().size());
  }
  // Browsers announce 'open' once the OPEN is sent, without waiting for the ACK; RFC 8832 §6.6
  // only requires ordered delivery until then, which send() enforces.
  c.state = DataChannelState::kOpen;
  events_.push_back(ChannelOpen{channel});
}

void DataChannelManager::fail(DataChannelId channel, DataChannel& c, Error error) {
  events_.push_back(ChannelError{channel, std::move(error)});
  finish_close(channel, c);
}

void DataChannelManager::finish_close(DataChannelId channel, DataChannel& c) {
  if (c.parameters.id) {
    auto it = streams_.find(*c.parameters.id);
    if (it != streams_.end() && it->second == channel) streams_.erase(it);
  }
  events_.push_back(ChannelClosed{channel});
  channels_.erase(channel);  // `c` dangles from here on
}

Status DataChannelManager::send(Timestamp now, DataChannelId channel, ByteView data, bool binary) {
  DataChannel* c = find(channel);
  if (!c || c->state != DataChannelState::kOpen) {
    return make_error(ErrorCode::kInvalidState, "the data channel is not open");
  }
  if (data.size() > port_.max_message_size()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "message of " + std::to_string(data.size()) +
                          " bytes exceeds maxMessageSize " + std::to_string(port_.max_message_size()));
  }
  // RFC 8831 §6.6: SCTP cannot send empty messages, so an empty one is a single 0 byte with the
  // "empty" PPID, which the receiver ignores.
  static constexpr uint8_t kEmptyPayload[1] = {0};
  Ppid ppid = binary ? Ppid::kBinary : Ppid::kString;
  ByteView payload = data;
  if (data.empty()) {
    ppid = binary ? Ppid::kBinaryEmpty : Ppid::kStringEmpty;
    payload = ByteView(kEmptyPayload, 1);
  }
  sctp::SendOptions options;
  // RFC 8832 §6.6: until the ACK arrives, messages go ordered so they cannot overtake the OPEN.
  options.unordered = !c->parameters.ordered && c->acked;
  if (c->parameters.max_retransmits) options.max_retransmits = *c->parameters.max_retransmits;
  if (c->parameters.max_packet_life_time) {
    options.max_lifetime = std::chrono::milliseconds(*c->parameters.max_packet_life_time);
  }
  switch (port_.send(now, *c->parameters.id, to_u32(ppid), payload, options)) {
    case sctp::SendStatus::kOk:
      ++counters_.messages_sent;
      note_enqueued(*c, payload.size(), data.empty() ? payload.size() : 0);
      if (app_buffered_amount(*c) > c->buffered_amount_low_threshold) c->low_armed = true;
      return std::monostate{};
    case sctp::SendStatus::kMessageTooLarge:
      return make_error(ErrorCode::kInvalidArgument, "message exceeds maxMessageSize");
    case sctp::SendStatus::kBufferFull:
      return make_error(ErrorCode::kOperationFailed, "the send buffer is full");
    case sctp::SendStatus::kNotConnected:
    case sctp::SendStatus::kStreamResetting:
      return make_error(ErrorCode::kInvalidState, "the data channel is not open");
    case sctp::SendStatus::kEmptyMessage:  // cannot happen: empty messages are substituted above
    case sctp::SendStatus::kInvalidStream:
      break;
  }
  return make_error(ErrorCode::kOperationFailed, "the SCTP association refused the message");
}

void DataChannelManager::close(Timestamp now, DataChannelId channel) {
  DataChannel* c = find(channel);
  if (!c || c->state == DataChannelState::kClosing || c->state == DataChannelState::kClosed) return;
  if (transport_ != Transport::kConnected || c->state != DataChannelState::kOpen) {
    // Never used on the wire (still connecting): nothing to reset.
    finish_close(channel, *c);
    return;
  }
  // RFC 8831 §6.7: reset our outgoing stream; the channel is closed once the peer resets its own.
  c->state = DataChannelState::kClosing;
  c->outgoing_reset_requested = true;
  const uint16_t sid = *c->parameters.id;
  port_.reset_streams(now, std::span<const uint16_t>(&sid, 1));
}

void DataChannelManager::handle_sctp_event(Timestamp now, sctp::SctpEvent event) {
  using Type = sctp::SctpEvent::Type;
  switch (event.type) {
    case Type::kConnected:
      on_connected(now);
      break;
    case Type::kMessage:
      on_message(now, event);
      break;
    case Type::kStreamsReset:
      on_streams_reset(now, event.stream_ids);
      break;
    case Type::kStreamResetDone:
    case Type::kStreamResetFailed:
      // A denied reset still ends our side: the channel must not hang in closing forever.
      on_stream_reset_done(event.stream_ids);
      break;
    case Type::kBufferedAmountLow: {
      DataChannelId id = by_stream(event.stream_id);
      DataChannel* c = find(id);
      if (!c || (c->state != DataChannelState::kOpen && c->state != DataChannelState::kClosing)) break;
      prune_overhead(*c);
      if (c->low_armed && app_buffered_amount(*c) <= c->buffered_amount_low_threshold) {
        c->low_armed = false;
        events_.push_back(ChannelBufferedAmountLow{id});
      }
      break;
    }
    case Type::kClosed:
      on_transport_gone(nullptr);
      break;
    case Type::kAborted:
      on_transport_gone(&event.reason);
      break;
  }
}

void DataChannelManager::on_connected(Timestamp now) {
  if (transport_ != Transport::kNew) return;
  transport_ = Transport::kConnected;
  std::vector<DataChannelId> ids;
  for (const auto& [id, c] : channels_) ids.push_back(id);
  for (DataChannelId id : ids) {
    if (DataChannel* c = find(id)) try_open(now, id, *c);
  }
}

void DataChannelManager::on_message(Timestamp now, sctp::SctpEvent& event) {
  if (event.ppid == to_u32(Ppid::kDcep)) {
    on_dcep(now, event.stream_id, event.data);
    return;
  }
  const DataChannelId id = by_stream(event.stream_id);
  DataChannel* c = find(id);
  if (!c) {
    ++counters_.dropped_unknown_stream;
    return;
  }
  on_user_message(now, id, *c, event.ppid, std::move(event.data));
}

void DataChannelManager::on_dcep(Timestamp now, uint16_t stream_id, ByteView payload) {
  auto message = parse_dcep_message(payload);
  if (!message.ok()) {
    ++counters_.dropped_malformed_dcep;
    return;
  }
  if (const auto* open = std::get_if<DcepOpen>(&message.value())) {
    on_incoming_open(now, stream_id, *open);
    return;
  }
  // DATA_CHANNEL_ACK: only an in-band channel we opened waits for one.
  DataChannel* c = find(by_stream(stream_id));
  if (!c || !c->locally_created || c->parameters.negotiated || !c->open_sent || c->acked) {
    ++counters_.dropped_unexpected_dcep;
    return;
  }
  c->acked = true;
}

void DataChannelManager::on_incoming_open(Timestamp now, uint16_t stream_id, const DcepOpen& open) {
  if (transport_ != Transport::kConnected || streams_.count(stream_id) || stream_id == 65535) {
    ++counters_.dropped_unexpected_dcep;
    return;
  }
  DataChannel c;
  c.locally_created = false;
  c.acked = true;
  c.state = DataChannelState::kOpen;
  c.parameters.label = open.label;
  c.parameters.protocol = open.protocol;
  c.parameters.ordered = is_ordered(open.channel_type);
  // W3C exposes both limits as unsigned short.
  if (is_rexmit(open.channel_type)) c.parameters.max_retransmits = clamp_u16(open.reliability_parameter);
  if (is_timed(open.channel_type)) {
    c.parameters.max_packet_life_time = clamp_u16(open.reliability_parameter);
  }
  c.parameters.negotiated = false;
  c.parameters.priority = open.priority;
  const DataChannelId id = next_id_++;
  DataChannel& stored = channels_.emplace(id, std::move(c)).first->second;
  assign_stream_id(id, stored, stream_id);
  port_.set_buffered_amount_low_threshold(stream_id, 0);
  // RFC 8832 §6: answer with an ACK on the same stream. If it cannot be queued the association is
  // going away, and its Closed/Aborted event closes the channel.
  const Bytes ack = serialize_dcep_ack();
  if (port_.send(now, stream_id, to_u32(Ppid::kDcep), ack, kDcepSendOptions) == sctp::SendStatus::kOk) {
    note_enqueued(stored, ack.size(), ack.size());
  }
  events_.push_back(ChannelAnnounced{id, stored.parameters});
  events_.push_back(ChannelOpen{id});
}

void DataChannelManager::on_user_message(Timestamp now, DataChannelId channel, DataChannel& c,
                                         uint32_t ppid, Bytes data) {
  if (c.state != DataChannelState::kOpen) {
    ++counters_.dropped_not_open;  // W3C: messages for a channel that is not open are discarded
    return;
  }
  // Any user message proves the peer processed our OPEN (it is sent ordered before everything
  // else on the stream), so an older peer that never sends an ACK still gets unordered delivery.
  c.acked = true;
  bool binary = false;
  switch (static_cast<Ppid>(ppid)) {
    case Ppid::kString:
    case Ppid::kStringEmpty:
      binary = false;
      break;
    case Ppid::kBinary:
    case Ppid::kBinaryEmpty:
      binary = true;
      break;
    case Ppid::kStringPartial:
    case Ppid::kBinaryPartial: {
      // Deprecated (RFC 8831 §6.6) PPID-based fragmentation of old peers: fragments with the
      // partial PPID, the last one with the normal PPID. Never sent here; reassembled when received.
      const bool fragment_binary = static_cast<Ppid>(ppid) == Ppid::kBinaryPartial;
      if (!c.partial.empty() && c.partial_binary != fragment_binary) {
        ++counters_.dropped_bad_partial;
        protocol_error(now, channel, c, "string and binary fragments mixed in one message");
        return;
      }
      if (c.partial.size() + data.size() > port_.max_message_size()) {
        ++counters_.dropped_bad_partial;
        protocol_error(now, channel, c, "fragmented message exceeds maxMessageSize");
        return;
      }
      c.partial_binary = fragment_binary;
      append_bytes(c.partial, data);
      return;
    }
    default:
      // RFC 8831 §6.6: an unsupported PPID SHOULD close the channel.
      ++counters_.dropped_unsupported_ppid;
      protocol_error(now, channel, c, "unsupported PPID " + std::to_string(ppid));
      return;
  }
  // RFC 8831 §6.6: the one byte of an empty message is ignored.
  if (static_cast<Ppid>(ppid) == Ppid::kStringEmpty || static_cast<Ppid>(ppid) == Ppid::kBinaryEmpty) {
    data.clear();
  }
  if (!c.partial.empty()) {
    if (c.partial_binary != binary) {
      ++counters_.dropped_bad_partial;
      protocol_error(now, channel, c, "string and binary fragments mixed in one message");
      return;
    }
    if (c.partial.size() + data.size() > port_.max_message_size()) {
      ++counters_.dropped_bad_partial;
      protocol_error(now, channel, c, "fragmented message exceeds maxMessageSize");
      return;
    }
    Bytes whole = std::move(c.partial);
    c.partial.clear();
    append_bytes(whole, data);
    data = std::move(whole);
  }
  ++counters_.messages_received;
  events_.push_back(ChannelMessage{channel, binary, std::move(data)});
}

void DataChannelManager::protocol_error(Timestamp now, DataChannelId channel, DataChannel& c,
                                        std::string message) {
  events_.push_back(ChannelError{channel, make_error(ErrorCode::kOperationFailed, std::move(message))});
  c.partial.clear();
  if (c.state != DataChannelState::kOpen) return;
  events_.push_back(ChannelClosing{channel});
  close(now, channel);
}

void DataChannelManager::on_streams_reset(Timestamp now, const std::vector<uint16_t>& stream_ids) {
  for (uint16_t sid : stream_ids) {
    const DataChannelId id = by_stream(sid);
    DataChannel* c = find(id);
    if (!c) continue;
    c->incoming_reset = true;
    c->partial.clear();
    if (c->state == DataChannelState::kOpen || c->state == DataChannelState::kConnecting) {
      // RFC 8831 §6.7: the peer closed; reset our side too. W3C: 'closing' fires.
      c->state = DataChannelState::kClosing;
      events_.push_back(ChannelClosing{id});
      if (!c->outgoing_reset_requested) {
        c->outgoing_reset_requested = true;
        port_.reset_streams(now, std::span<const uint16_t>(&sid, 1));
      }
    } else {
      maybe_closed(id, *c);
    }
  }
}

void DataChannelManager::on_stream_reset_done(const std::vector<uint16_t>& stream_ids) {
  for (uint16_t sid : stream_ids) {
    const DataChannelId id = by_stream(sid);
    DataChannel* c = find(id);
    if (!c || !c->outgoing_reset_requested) continue;
    c->outgoing_reset_done = true;
    maybe_closed(id, *c);
  }
}

void DataChannelManager::maybe_closed(DataChannelId channel, DataChannel& c) {
  if (c.state == DataChannelState::kClosing && c.outgoing_reset_done && c.incoming_reset) {
    finish_close(channel, c);
  }
}

void DataChannelManager::on_transport_gone(const std::string* abort_reason) {
  if (transport_ == Transport::kClosed) return;
  transport_ = Transport::kClosed;
  // W3C: when the SCTP transport closes every channel closes, with an 'error' (sctp-failure)
  // first when it closed because of a failure.
  for (const auto& [id, c] : channels_) {
    if (abort_reason) {
      events_.push_back(ChannelError{
          id, make_error(ErrorCode::kOperationFailed, "sctp-failure: " + *abort_reason)});
    }
    events_.push_back(ChannelClosed{id});
  }
  channels_.clear();
  streams_.clear();
}

std::optional<DataChannelEvent> DataChannelManager::poll_event() {
  if (events_.empty()) return std::nullopt;
  DataChannelEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

DataChannelState DataChannelManager::state(DataChannelId channel) const {
  const DataChannel* c = find(channel);
  return c ? c->state : DataChannelState::kClosed;
}

const DataChannelParameters* DataChannelManager::parameters(DataChannelId channel) const {
  const DataChannel* c = find(channel);
  return c ? &c->parameters : nullptr;
}

std::optional<uint16_t> DataChannelManager::stream_id(DataChannelId channel) const {
  const DataChannel* c = find(channel);
  return c ? c->parameters.id : std::nullopt;
}

size_t DataChannelManager::buffered_amount(DataChannelId channel) const {
  const DataChannel* c = find(channel);
  if (!c || !c->parameters.id || transport_ != Transport::kConnected) return 0;
  return app_buffered_amount(*c);
}

void DataChannelManager::note_enqueued(DataChannel& c, size_t wire_bytes, size_t overhead_bytes) {
  prune_overhead(c);
  if (overhead_bytes > 0) {
    c.overhead.push_back({c.bytes_enqueued + wire_bytes - overhead_bytes,
                          static_cast<uint32_t>(overhead_bytes)});
  }
  c.bytes_enqueued += wire_bytes;
}

size_t DataChannelManager::app_buffered_amount(const DataChannel& c) const {
  if (!c.parameters.id) return 0;
  const uint64_t queued = std::min<uint64_t>(port_.buffered_amount(*c.parameters.id), c.bytes_enqueued);
  const uint64_t handed_out = c.bytes_enqueued - queued;  // the stream's bytes already sent
  uint64_t overhead_queued = 0;
  for (const DataChannel::Overhead& o : c.overhead) {
    const uint64_t end = o.start + o.length;
    if (end > handed_out) overhead_queued += end - std::max(o.start, handed_out);
  }
  return static_cast<size_t>(queued - std::min(queued, overhead_queued));
}

void DataChannelManager::prune_overhead(DataChannel& c) {
  if (!c.parameters.id) return;
  const uint64_t queued = std::min<uint64_t>(port_.buffered_amount(*c.parameters.id), c.bytes_enqueued);
  const uint64_t handed_out = c.bytes_enqueued - queued;
  while (!c.overhead.empty() && c.overhead.front().start + c.overhead.front().length <= handed_out) {
    c.overhead.pop_front();
  }
}

size_t DataChannelManager::buffered_amount_low_threshold(DataChannelId channel) const {
  const DataChannel* c = find(channel);
  return c ? c->buffered_amount_low_threshold : 0;
}

void DataChannelManager::set_buffered_amount_low_threshold(DataChannelId channel, size_t bytes) {
  DataChannel* c = find(channel);
  if (!c) return;
  c->buffered_amount_low_threshold = bytes;
  // The event fires on the next fall from above the threshold to at or below it.
  c->low_armed = buffered_amount(channel) > bytes;
  if (c->parameters.id && transport_ == Transport::kConnected) {
    port_.set_buffered_amount_low_threshold(*c->parameters.id, bytes);
  }
}

}  // namespace wasmrtc::datachannel
