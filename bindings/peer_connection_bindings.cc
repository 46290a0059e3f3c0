// Embind handle over peer::PeerConnection: a thin translation of the sans-IO API into JS values
// (js/src/rtc_peer_connection.js drives it). No protocol logic here. Times are JS milliseconds
// (performance.now()), addresses "ip:port" / "[ipv6]:port" strings, bytes one Uint8Array copy.
//
// The per-packet calls (a datagram in, a datagram out, a message out) cross with numbers only
// (docs/PERFORMANCE.md proposal 3): addresses are interned once into small indices, a received
// datagram is written by JS straight into a buffer in wasm memory, and a transmit or message is
// held here while JS copies it out of wasm memory, its indices, pointer and length in a small
// int32 area whose address JS reads once. No JS object or string is built per packet.
#include <emscripten/bind.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "bytes.h"
#include "certificate_handle.h"
#include "common/random.h"
#include "errors.h"
#include "peer/peer_connection.h"

namespace wasmrtc::bindings {
namespace {

using emscripten::val;
using namespace wasmrtc::peer;

Timestamp at(double now_ms) { return Timestamp::from_micros(static_cast<int64_t>(std::llround(now_ms * 1000.0))); }

val ok() { return val::object(); }

val status_to_js(const Result<std::monostate>& status) { return status.ok() ? ok() : error_to_js(status.error()); }

val description_to_js(const std::optional<SessionDescriptionInit>& d) {
  if (!d) return val::null();
  val out = val::object();
  out.set("type", std::string(to_string(d->type)));
  out.set("sdp", d->sdp);
  return out;
}

std::optional<SocketAddress> address(const std::string& text) { return SocketAddress::parse(text); }

const char* gathering_name(ice::IceGatheringState s) { return ice::to_string(s).data(); }

val optional_u16(const std::optional<uint16_t>& v) { return v ? val(*v) : val::null(); }

std::string priority_name(uint16_t priority) {
  if (priority <= 128) return "very-low";
  if (priority <= 256) return "low";
  if (priority <= 512) return "medium";
  return "high";
}

val channel_event_to_js(const datachannel::DataChannelEvent& event) {
  val out = val::object();
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        out.set("channel", e.channel);
        if constexpr (std::is_same_v<T, datachannel::ChannelAnnounced>) {
          out.set("type", "datachannel");
          const auto& p = e.parameters;
          out.set("label", p.label);
          out.set("protocol", p.protocol);
          out.set("ordered", p.ordered);
          out.set("maxPacketLifeTime", optional_u16(p.max_packet_life_time));
          out.set("maxRetransmits", optional_u16(p.max_retransmits));
          out.set("negotiated", p.negotiated);
          out.set("id", optional_u16(p.id));
          out.set("priority", priority_name(p.priority));
        } else if constexpr (std::is_same_v<T, datachannel::ChannelOpen>) {
          out.set("type", "open");
        } else if constexpr (std::is_same_v<T, datachannel::ChannelMessage>) {
          out.set("type", "message");
          out.set("binary", e.binary);
          out.set("data", bytes_to_js(e.data));
        } else if constexpr (std::is_same_v<T, datachannel::ChannelBufferedAmountLow>) {
          out.set("type", "bufferedamountlow");
        } else if constexpr (std::is_same_v<T, datachannel::ChannelClosing>) {
          out.set("type", "closing");
        } else if constexpr (std::is_same_v<T, datachannel::ChannelError>) {
          out.set("type", "error");
          out.set("code", error_code_name(e.error.code));
          out.set("message", e.error.message);
        } else if constexpr (std::is_same_v<T, datachannel::ChannelClosed>) {
          out.set("type", "close");
        }
      },
      event);
  return out;
}

val event_to_js(const PeerConnectionEvent& event) {
  val out = val::object();
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, pc_event::IceCandidate>) {
          out.set("type", "icecandidate");
          out.set("candidate", e.candidate);
          out.set("sdpMid", e.mid);
          out.set("sdpMLineIndex", e.mline_index);
          out.set("usernameFragment", e.ufrag);
        } else if constexpr (std::is_same_v<T, pc_event::SignalingStateChange>) {
          out.set("type", "signalingstatechange");
          out.set("state", std::string(to_string(e.state)));
        } else if constexpr (std::is_same_v<T, pc_event::IceGatheringStateChange>) {
          out.set("type", "icegatheringstatechange");
          out.set("state", std::string(ice::to_string(e.state)));
        } else if constexpr (std::is_same_v<T, pc_event::IceConnectionStateChange>) {
          out.set("type", "iceconnectionstatechange");
          out.set("state", std::string(to_string(e.state)));
        } else if constexpr (std::is_same_v<T, pc_event::ConnectionStateChange>) {
          out.set("type", "connectionstatechange");
          out.set("state", std::string(to_string(e.state)));
        } else if constexpr (std::is_same_v<T, pc_event::NegotiationNeeded>) {
          out.set("type", "negotiationneeded");
        } else if constexpr (std::is_same_v<T, pc_event::DataChannel>) {
          out = channel_event_to_js(e.event);
          out.set("channelEvent", true);
        }
      },
      event);
  return out;
}

std::optional<uint16_t> js_u16(const val& v) {
  if (v.isUndefined() || v.isNull()) return std::nullopt;
  return static_cast<uint16_t>(v.as<double>());
}

class PeerConnectionHandle {
 public:
  // options: {certificate (a CertificateHandle, shared), maxMessageSize, pathMtuDiscovery}.
  // {handle} or {error}. Without a certificate the core generates one.
  static val create(double now_ms, double unix_ms, val options) {
    auto random = std::make_unique<CryptoRandom>();
    PeerConnectionConfig config;
    if (!options["certificate"].isUndefined()) {
      config.certificate = options["certificate"].as<CertificateHandle>().shared();
    }
    if (options["maxMessageSize"].isNumber()) config.max_message_size = options["maxMessageSize"].as<size_t>();
    if (options["pathMtuDiscovery"].isFalse()) config.path_mtu_discovery = false;
    auto pc = PeerConnection::create(at(now_ms), static_cast<int64_t>(unix_ms), std::move(config), *random);
    if (!pc.ok()) return error_to_js(pc.error());
    val out = val::object();
    out.set("handle", PeerConnectionHandle(std::move(random), std::move(pc.value())));
    return out;
  }

  PeerConnectionHandle(std::unique_ptr<CryptoRandom> random, std::unique_ptr<PeerConnection> pc)
      : state_(std::make_shared<State>(State{std::move(random), std::move(pc)})) {}

  // --- the driver's side ---
  bool addHostAddress(double now, const std::string& local) {
    auto a = address(local);
    if (!a) return false;
    pc().add_host_address(at(now), *a);
    return true;
  }
  // "all" or "relay" (rtc_configuration.js validated it); from the next gathering phase.
  void setIceTransportPolicy(const std::string& policy) {
    pc().set_ice_transport_policy(policy == "relay" ? ice::IceTransportPolicy::kRelay : ice::IceTransportPolicy::kAll);
  }
  // A server setConfiguration() removed (js/src/rtc_peer_connection.js #useNewIceServers).
  bool removeStunServer(const std::string& server) {
    auto a = address(server);
    if (!a) return false;
    pc().remove_stun_server(*a);
    return true;
  }
  bool retireTurnServer(double now, const std::string& server, const std::string& local_base) {
    auto s = address(server);
    auto b = address(local_base);
    if (!s || !b) return false;
    pc().retire_turn_server(at(now), *s, *b);
    return true;
  }
  bool addStunServer(const std::string& server) {
    auto a = address(server);
    if (!a) return false;
    pc().add_stun_server(*a);
    return true;
  }
  // `reliable`: the TURN server is reached over a message transport (the WebSocket relay, one TURN
  // message per WebSocket message) or, with `stream` too, over TCP/TLS (the driver frames with a
  // StreamFramerHandle; ChannelData is padded): no retransmissions; `server`/`local_base` then only
  // name the connection.
  bool addTurnServer(double now, const std::string& server, const std::string& local_base, const std::string& username,
                     const std::string& password, bool reliable, bool stream) {
    auto s = address(server);
    auto b = address(local_base);
    if (!s || !b) return false;
    turn::TurnClientOptions options;
    options.username = username;
    options.password = password;
    options.reliable = reliable || stream;
    options.stream = stream;
    pc().add_turn_server(at(now), *s, *b, options);
    return true;
  }
  // --- the per-packet interface: numbers only ---
  // The index of an "ip:port" / "[ipv6]:port" address, the same one every time; -1 if unparsable.
  int internAddress(const std::string& text) {
    auto a = address(text);
    return a ? index_of(*a) : -1;
  }
  // Forgets every index (the driver's bound on a table that datagrams from ever new ports grow).
  void resetAddresses() {
    state_->addresses.clear();
    state_->address_index.clear();
  }
  // {text, ip, port} of an index (the driver asks once per address the core first names), or null.
  val addressInfo(int index) const {
    const auto& table = state_->addresses;
    if (index < 0 || static_cast<size_t>(index) >= table.size()) return val::null();
    const SocketAddress& a = table[static_cast<size_t>(index)];
    val out = val::object();
    out.set("text", a.to_string());
    out.set("ip", a.ip().to_string());
    out.set("port", a.port());
    return out;
  }
  // Where JS writes a received datagram (HEAPU8.set), and how many bytes fit; then
  // handleReceiveAt(now, local, remote, length) with interned indices.
  uintptr_t receiveBufferAddress() const { return reinterpret_cast<uintptr_t>(shared_receive_buffer()); }
  double receiveBufferSize() const { return static_cast<double>(kReceiveBufferSize); }
  // The int32 area the poll*Into calls fill: [local index | channel, remote index | binary, pointer, length].
  uintptr_t ioAddress() const { return reinterpret_cast<uintptr_t>(state_->io.data()); }
  bool handleReceiveAt(double now, int local, int remote, double length) {
    const auto& table = state_->addresses;
    const auto n = static_cast<size_t>(length);
    if (local < 0 || remote < 0 || static_cast<size_t>(local) >= table.size() ||
        static_cast<size_t>(remote) >= table.size() || n > kReceiveBufferSize) {
      return false;
    }
    pc().handle_receive(at(now), table[static_cast<size_t>(local)], table[static_cast<size_t>(remote)],
                        ByteView(shared_receive_buffer(), n));
    return true;
  }
  // The next datagram's length (or -1: none). io = [local index, remote index, pointer, length];
  // the bytes stay valid until the next call.
  int pollTransmitInto() {
    State& s = *state_;
    s.transmit = pc().poll_transmit();
    if (!s.transmit) return -1;
    s.io[0] = index_of(s.transmit->local);
    s.io[1] = index_of(s.transmit->remote);
    s.io[2] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(s.transmit->data.data()));
    s.io[3] = static_cast<int32_t>(s.transmit->data.size());
    return s.io[3];
  }
  // The next event: kNoEvent; kMessageEvent with io = [channel, binary, pointer, length] (the bytes
  // stay valid until the next call); or kObjectEvent, whose JS object heldEvent() then builds.
  int pollEventInto() {
    State& s = *state_;
    s.event = pc().poll_event();
    if (!s.event) return kNoEvent;
    if (const auto* d = std::get_if<pc_event::DataChannel>(&*s.event)) {
      if (const auto* m = std::get_if<datachannel::ChannelMessage>(&d->event)) {
        s.io[0] = static_cast<int32_t>(m->channel);
        s.io[1] = m->binary ? 1 : 0;
        s.io[2] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(m->data.data()));
        s.io[3] = static_cast<int32_t>(m->data.size());
        return kMessageEvent;
      }
    }
    return kObjectEvent;
  }
  val heldEvent() const { return state_->event ? event_to_js(*state_->event) : val::null(); }

  void handleTimeout(double now) { pc().handle_timeout(at(now)); }
  // Milliseconds (possibly in the past: "now"), or Infinity when nothing is scheduled.
  double nextTimeout() const {
    const Timestamp t = state_->pc->next_timeout();
    return t.is_infinite() ? INFINITY : static_cast<double>(t.micros()) / 1000.0;
  }

  // --- signaling ---
  val createOffer(double now, bool ice_restart) { return sdp_result(pc().create_offer(at(now), ice_restart)); }
  val createAnswer(double now) { return sdp_result(pc().create_answer(at(now))); }
  val setLocalDescription(double now, const std::string& type, const std::string& sdp) {
    auto t = parse_sdp_type(type);
    if (!t) return error_to_js(make_error(ErrorCode::kInvalidArgument, "unknown RTCSdpType " + type));
    return status_to_js(pc().set_local_description(at(now), {*t, sdp}));
  }
  val setRemoteDescription(double now, const std::string& type, const std::string& sdp) {
    auto t = parse_sdp_type(type);
    if (!t) return error_to_js(make_error(ErrorCode::kInvalidArgument, "unknown RTCSdpType " + type));
    return status_to_js(pc().set_remote_description(at(now), {*t, sdp}));
  }
  val addIceCandidate(double now, const std::string& candidate, val mid, val index, val ufrag) {
    std::optional<std::string> m, u;
    if (mid.isString()) m = mid.as<std::string>();
    if (ufrag.isString()) u = ufrag.as<std::string>();
    return status_to_js(pc().add_ice_candidate(at(now), candidate, m, js_u16(index), u));
  }
  void restartIce(double now) { pc().restart_ice(at(now)); }
  void close(double now) { pc().close(at(now)); }

  val localDescription() const { return description_to_js(state_->pc->local_description()); }
  val remoteDescription() const { return description_to_js(state_->pc->remote_description()); }
  val currentLocalDescription() const { return description_to_js(state_->pc->current_local_description()); }
  val pendingLocalDescription() const { return description_to_js(state_->pc->pending_local_description()); }
  val currentRemoteDescription() const { return description_to_js(state_->pc->current_remote_description()); }
  val pendingRemoteDescription() const { return description_to_js(state_->pc->pending_remote_description()); }

  std::string signalingState() const { return std::string(to_string(state_->pc->signaling_state())); }
  std::string iceGatheringState() const { return gathering_name(state_->pc->ice_gathering_state()); }
  std::string iceConnectionState() const { return std::string(to_string(state_->pc->ice_connection_state())); }
  std::string connectionState() const { return std::string(to_string(state_->pc->connection_state())); }
  double maxMessageSize() const { return static_cast<double>(state_->pc->max_message_size()); }
  std::string dtlsRole() const {
    auto r = state_->pc->dtls_role();
    return !r ? "unknown" : (*r == dtls::Role::kClient ? "client" : "server");
  }

  // RTCDtlsTransport and RTCIceTransport (webrtc-pc §5.5, §5.6) in one snapshot: {dtlsState,
  // remoteCertificate (Uint8Array | null), iceRole, iceState, iceGatheringState,
  // selectedPair: {local, remote} candidate attribute strings | null}.
  val transportInfo() const {
    const PeerConnection& pc = *state_->pc;
    const ice::IceAgent& agent = pc.ice_agent();
    val out = val::object();
    out.set("dtlsState", std::string(dtls::dtls_state_name(pc.dtls_state())));
    const Bytes& der = pc.remote_certificate_der();
    out.set("remoteCertificate", der.empty() ? val::null() : bytes_to_js(der));
    // The role is known once ICE has a remote description to run against.
    const bool started = pc.has_local_description() || pc.remote_description().has_value();
    out.set("iceRole", !started ? std::string("unknown")
                                : std::string(agent.role() == ice::IceRole::kControlling ? "controlling" : "controlled"));
    out.set("iceState", std::string(ice::to_string(agent.state())));
    out.set("iceGatheringState", std::string(ice::to_string(agent.gathering_state())));
    // The pair packets go over, nominated or not yet: the one getStats' transport names as
    // selectedCandidatePairId (browsers also switch to the best valid pair before nomination).
    auto pair = agent.active_pair();
    if (pair) {
      val p = val::object();
      p.set("local", pair->local.to_string());
      p.set("remote", pair->remote.to_string());
      out.set("selectedPair", p);
    } else {
      out.set("selectedPair", val::null());
    }
    return out;
  }

  // --- data channels ---
  // init: {label, protocol, ordered, maxPacketLifeTime, maxRetransmits, negotiated, id, priority}
  // (already validated as WebIDL by the JS layer). {channel, id} or {error}.
  val createDataChannel(double now, val init) {
    datachannel::DataChannelParameters p;
    p.label = init["label"].as<std::string>();
    p.protocol = init["protocol"].as<std::string>();
    p.ordered = init["ordered"].as<bool>();
    p.max_packet_life_time = js_u16(init["maxPacketLifeTime"]);
    p.max_retransmits = js_u16(init["maxRetransmits"]);
    p.negotiated = init["negotiated"].as<bool>();
    p.id = js_u16(init["id"]);
    if (init["priority"].isNumber()) p.priority = init["priority"].as<uint16_t>();
    auto id = pc().create_data_channel(at(now), p);
    if (!id.ok()) return error_to_js(id.error());
    val out = val::object();
    out.set("channel", id.value());
    out.set("id", optional_u16(state_->pc->data_channels().stream_id(id.value())));
    return out;
  }
  // A message is sent from a buffer in wasm memory JS writes into (HEAPU8.set): sendBufferAddress(n)
  // makes room for n bytes and says where, sendBuffered sends the first n. undefined when sent,
  // else {error}. The buffer is shared by every connection of the module (one message is in it at a
  // time: written, then sent, in one task), so JS asks for its address before every message.
  uintptr_t sendBufferAddress(double bytes) {
    Bytes& buffer = shared_send_buffer();
    const auto n = static_cast<size_t>(bytes);
    if (buffer.size() < n) buffer.resize(n);
    return reinterpret_cast<uintptr_t>(buffer.data());
  }
  val sendBuffered(double now, uint32_t channel, double bytes, bool binary) {
    Bytes& buffer = shared_send_buffer();
    const auto n = static_cast<size_t>(bytes);
    if (n > buffer.size()) {
      return error_to_js(make_error(ErrorCode::kInvalidArgument, "send: more bytes than the send buffer holds"));
    }
    auto status = pc().send(at(now), channel, ByteView(buffer.data(), n), binary);
    return status.ok() ? val::undefined() : error_to_js(status.error());
  }
  void closeChannel(double now, uint32_t channel) { pc().close_channel(at(now), channel); }
  void setBufferedAmountLowThreshold(uint32_t channel, double bytes) {
    pc().set_buffered_amount_low_threshold(channel, static_cast<size_t>(bytes));
  }
  double bufferedAmount(uint32_t channel) const {
    return static_cast<double>(state_->pc->data_channels().buffered_amount(channel));
  }
  val streamId(uint32_t channel) const { return optional_u16(state_->pc->data_channels().stream_id(channel)); }

  // --- stats: [{id, type, timestamp, ...members}] ---
  val getStats(double now) const {
    auto report = state_->pc->stats(at(now));
    val out = val::array();
    for (const auto& entry : report.entries) {
      val e = val::object();
      e.set("id", entry.id);
      e.set("type", entry.type);
      e.set("timestamp", now);
      for (const auto& member : entry.members) {  // (clang 14: no structured bindings in lambdas)
        std::visit([&](const auto& v) { e.set(member.first, v); }, member.second);
      }
      out.call<void>("push", e);
    }
    return out;
  }

 private:
  static constexpr int kNoEvent = 0;
  static constexpr int kMessageEvent = 1;
  static constexpr int kObjectEvent = 2;
  // A UDP datagram is at most 65507 bytes, a TURN message over TCP 65535 + 4 of ChannelData header.
  static constexpr size_t kReceiveBufferSize = 65536 + 64;

  struct State {
    std::unique_ptr<CryptoRandom> random;  // outlives the connection that draws from it
    std::unique_ptr<PeerConnection> pc;
    // The interned addresses: index -> address, address -> index. Grows with the candidates ICE
    // learns (a handful per connection), never shrinks.
    std::vector<SocketAddress> addresses{};
    std::unordered_map<SocketAddress, int32_t> address_index{};
    std::array<int32_t, 4> io{};
    std::optional<ice::Transmit> transmit{};      // held while JS copies its bytes out
    std::optional<PeerConnectionEvent> event{};   // held while JS copies or converts it
  };
  // One receive buffer and one send buffer for every connection of the module, not 64 KiB and up
  // per connection (50 pairs held 6+ MiB of them): JS fills one and calls into the core in the same
  // task, and the core copies what it keeps. The receive buffer is allocated once and never moves
  // (each PacketIo keeps its address).
  static uint8_t* shared_receive_buffer() {
    static uint8_t* buffer = new uint8_t[kReceiveBufferSize];
    return buffer;
  }
  static Bytes& shared_send_buffer() {
    static Bytes* buffer = new Bytes();
    return *buffer;
  }
  PeerConnection& pc() { return *state_->pc; }
  int32_t index_of(const SocketAddress& a) {
    State& s = *state_;
    auto [it, inserted] = s.address_index.try_emplace(a, static_cast<int32_t>(s.addresses.size()));
    if (inserted) s.addresses.push_back(a);
    return it->second;
  }
  static val sdp_result(const Result<std::string>& r) {
    if (!r.ok()) return error_to_js(r.error());
    val out = val::object();
    out.set("sdp", r.value());
    return out;
  }

  std::shared_ptr<State> state_;  // shared: Embind copies handles by value
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_peer) {
  emscripten::class_<PeerConnectionHandle>("PeerConnectionHandle")
      .class_function("create", &PeerConnectionHandle::create)
      .function("addHostAddress", &PeerConnectionHandle::addHostAddress)
      .function("addStunServer", &PeerConnectionHandle::addStunServer)
      .function("setIceTransportPolicy", &PeerConnectionHandle::setIceTransportPolicy)
      .function("removeStunServer", &PeerConnectionHandle::removeStunServer)
      .function("retireTurnServer", &PeerConnectionHandle::retireTurnServer)
      .function("addTurnServer", &PeerConnectionHandle::addTurnServer)
      .function("internAddress", &PeerConnectionHandle::internAddress)
      .function("addressInfo", &PeerConnectionHandle::addressInfo)
      .function("resetAddresses", &PeerConnectionHandle::resetAddresses)
      .function("receiveBufferAddress", &PeerConnectionHandle::receiveBufferAddress)
      .function("receiveBufferSize", &PeerConnectionHandle::receiveBufferSize)
      .function("ioAddress", &PeerConnectionHandle::ioAddress)
      .function("handleReceiveAt", &PeerConnectionHandle::handleReceiveAt)
      .function("pollTransmitInto", &PeerConnectionHandle::pollTransmitInto)
      .function("pollEventInto", &PeerConnectionHandle::pollEventInto)
      .function("heldEvent", &PeerConnectionHandle::heldEvent)
      .function("handleTimeout", &PeerConnectionHandle::handleTimeout)
      .function("nextTimeout", &PeerConnectionHandle::nextTimeout)
      .function("createOffer", &PeerConnectionHandle::createOffer)
      .function("createAnswer", &PeerConnectionHandle::createAnswer)
      .function("setLocalDescription", &PeerConnectionHandle::setLocalDescription)
      .function("setRemoteDescription", &PeerConnectionHandle::setRemoteDescription)
      .function("addIceCandidate", &PeerConnectionHandle::addIceCandidate)
      .function("restartIce", &PeerConnectionHandle::restartIce)
      .function("close", &PeerConnectionHandle::close)
      .function("localDescription", &PeerConnectionHandle::localDescription)
      .function("remoteDescription", &PeerConnectionHandle::remoteDescription)
      .function("currentLocalDescription", &PeerConnectionHandle::currentLocalDescription)
      .function("pendingLocalDescription", &PeerConnectionHandle::pendingLocalDescription)
      .function("currentRemoteDescription", &PeerConnectionHandle::currentRemoteDescription)
      .function("pendingRemoteDescription", &PeerConnectionHandle::pendingRemoteDescription)
      .function("signalingState", &PeerConnectionHandle::signalingState)
      .function("iceGatheringState", &PeerConnectionHandle::iceGatheringState)
      .function("iceConnectionState", &PeerConnectionHandle::iceConnectionState)
      .function("connectionState", &PeerConnectionHandle::connectionState)
      .function("maxMessageSize", &PeerConnectionHandle::maxMessageSize)
      .function("dtlsRole", &PeerConnectionHandle::dtlsRole)
      .function("transportInfo", &PeerConnectionHandle::transportInfo)
      .function("createDataChannel", &PeerConnectionHandle::createDataChannel)
      .function("sendBufferAddress", &PeerConnectionHandle::sendBufferAddress)
      .function("sendBuffered", &PeerConnectionHandle::sendBuffered)
      .function("closeChannel", &PeerConnectionHandle::closeChannel)
      .function("setBufferedAmountLowThreshold", &PeerConnectionHandle::setBufferedAmountLowThreshold)
      .function("bufferedAmount", &PeerConnectionHandle::bufferedAmount)
      .function("streamId", &PeerConnectionHandle::streamId)
      .function("getStats", &PeerConnectionHandle::getStats);
}

}  // namespace wasmrtc::bindings
