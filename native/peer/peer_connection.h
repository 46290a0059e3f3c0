// RTCPeerConnection's core, sans-IO: JSEP (RFC 8829) over one bundled transport stack
//   ICE agent -> DTLS (RFC 7983 demultiplexing) -> SCTP association -> data channel manager,
// with the W3C signaling state machine, the aggregated connection states and getStats.
//
// Drain contract (docs/ARCHITECTURE.md): after any input or API call, the driver drains
// poll_transmit() (datagrams to send from `local` to `remote`) and poll_event() until both are
// empty, then calls handle_timeout(now) when next_timeout() comes. Events are queued, never
// called back, so a handler may call straight back in.
//
// What the driver provides: the local UDP sockets (add_host_address, before the first
// setLocalDescription so they are gathered), resolved STUN/TURN servers, the steady clock and
// randomness. Signaling (carrying the SDP strings) is the application's, as in the browser.
//
// Scope today: data channels and real negotiation of audio/video sections offered by a peer
// (answered recvonly with the codecs wasmrtc decodes, or rejected); media transport comes later.
// Without BUNDLE, only the first usable section's transport is used: further sections of a
// non-bundled offer are rejected (max-bundle behaviour, RFC 8843 §7.3.3).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "common/time.h"
#include "crypto/certificate.h"
#include "datachannel/data_channel_manager.h"
#include "dtls/dtls_transport.h"
#include "ice/ice_agent.h"
#include "peer/connection_state.h"
#include "peer/lazy_sctp_port.h"
#include "peer/local_section.h"
#include "peer/remote_description.h"
#include "peer/signaling_state.h"
#include "peer/stats.h"
#include "sctp/sctp_association.h"

namespace wasmrtc::peer {

struct PeerConnectionConfig {
  // The DTLS identity (RTCConfiguration.certificates[0]); generated if null.
  std::shared_ptr<const crypto::Certificate> certificate;
  // Largest message we accept (a=max-message-size, RFC 8841 §6).
  size_t max_message_size = 256 * 1024;
  ice::IceAgentConfig ice;
  // SCTP path MTU discovery (sctp/tx/path_mtu_search.h, peer/path_datagram_limit.h). Off: every
  // packet stays at the 1 200-byte base, as in the other WebRTC stacks.
  bool path_mtu_discovery = true;
  // Exposed for tests that need short timers; defaults are the protocols' own, except that SCTP
  // announces RFC 9653 zero checksums: it always runs over DTLS here, whose record MAC already
  // protects every byte (RFC 9653 §6, error detection method 1), so a CRC32c adds nothing.
  dtls::DtlsConfig dtls_template;
  sctp::SctpOptions sctp_template = [] {
    sctp::SctpOptions o;
    o.zero_checksum = true;
    return o;
  }();
};

// RTCSessionDescriptionInit.
struct SessionDescriptionInit {
  SdpType type = SdpType::kOffer;
  std::string sdp;
};

namespace pc_event {
// onicecandidate. An empty `candidate` is the end of candidates (the W3C null candidate).
struct IceCandidate {
  std::string candidate;  // "candidate:..." without "a="
  std::string mid;
  uint16_t mline_index = 0;
  std::string ufrag;
};
struct SignalingStateChange { SignalingState state; };
struct IceGatheringStateChange { ice::IceGatheringState state; };
struct IceConnectionStateChange { IceConnectionState state; };
struct ConnectionStateChange { PeerConnectionState state; };
struct NegotiationNeeded {};
// Everything a data channel reports (datachannel/data_channel_event.h): ChannelAnnounced is
// RTCPeerConnection's 'datachannel' event; the rest are the channel's own events.
struct DataChannel { datachannel::DataChannelEvent event; };
}  // namespace pc_event

using PeerConnectionEvent =
    std::variant<pc_event::IceCandidate, pc_event::SignalingStateChange, pc_event::IceGatheringStateChange,
                 pc_event::IceConnectionStateChange, pc_event::ConnectionStateChange, pc_event::NegotiationNeeded,
                 pc_event::DataChannel>;

using Status = Result<std::monostate>;

class PeerConnection {
 public:
  // `random` must outlive the connection. Fails only if a certificate cannot be generated.
  static Result<std::unique_ptr<PeerConnection>> create(Timestamp now, int64_t now_unix_ms, PeerConnectionConfig config,
                                                        RandomSource& random);
  ~PeerConnection();
  PeerConnection(const PeerConnection&) = delete;
  PeerConnection& operator=(const PeerConnection&) = delete;

  // --- the driver's side ---
  void add_host_address(Timestamp now, const SocketAddress& local);
  void add_stun_server(const SocketAddress& server);
  // RTCConfiguration.iceTransportPolicy: from the next gathering phase (the first
  // setLocalDescription, or an ICE restart), ice::IceAgent::set_transport_policy.
  void set_ice_transport_policy(ice::IceTransportPolicy policy);
  // Servers setConfiguration() removed, before the ICE restart that applies it
  // (ice::IceAgent::remove_stun_server / retire_turn_server).
  void remove_stun_server(const SocketAddress& server);
  void retire_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base);
  void add_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base,
                       turn::TurnClientOptions options);
  void handle_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView data);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<ice::Transmit> poll_transmit();
  std::optional<PeerConnectionEvent> poll_event();

  // --- signaling (W3C errors as values: kInvalidState, kInvalidModification (an SDP that is not
  // the one created), kOperationFailed for descriptions that cannot be applied) ---
  Result<std::string> create_offer(Timestamp now, bool ice_restart = false);
  Result<std::string> create_answer(Timestamp now);
  // An empty sdp (for offer/answer/pranswer) is the implicit form: the offer or answer is created.
  Status set_local_description(Timestamp now, SessionDescriptionInit description);
  Status set_remote_description(Timestamp now, SessionDescriptionInit description);
  // addIceCandidate: an empty candidate is end-of-candidates. mid / mline_index identify the
  // section (one must be given); ufrag, if given, must match the remote description's.
  Status add_ice_candidate(Timestamp now, std::string_view candidate, std::optional<std::string> mid,
                           std::optional<uint16_t> mline_index, std::optional<std::string> ufrag = std::nullopt);
  // restartIce(): the next offer carries new ICE credentials; negotiationneeded fires.
  void restart_ice(Timestamp now);
  void close(Timestamp now);

  std::optional<SessionDescriptionInit> local_description() const;  // pending, else current
  // Whether local_description() has a value, without writing the SDP it would return.
  bool has_local_description() const { return pending_local_.has_value() || current_local_.has_value(); }
  std::optional<SessionDescriptionInit> remote_description() const;
  std::optional<SessionDescriptionInit> current_local_description() const;
  std::optional<SessionDescriptionInit> pending_local_description() const;
  std::optional<SessionDescriptionInit> current_remote_description() const;
  std::optional<SessionDescriptionInit> pending_remote_description() const;

  // --- data channels (the manager's semantics and errors) ---
  Result<datachannel::DataChannelId> create_data_channel(Timestamp now, const datachannel::DataChannelParameters& p);
  datachannel::Status send(Timestamp now, datachannel::DataChannelId channel, ByteView data, bool binary);
  void close_channel(Timestamp now, datachannel::DataChannelId channel);
  void set_buffered_amount_low_threshold(datachannel::DataChannelId channel, size_t bytes);
  const datachannel::DataChannelManager& data_channels() const { return channels_; }

  // --- state ---
  SignalingState signaling_state() const { return signaling_; }
  ice::IceGatheringState ice_gathering_state() const;
  IceConnectionState ice_connection_state() const { return ice_connection_; }
  PeerConnectionState connection_state() const { return connection_; }
  bool closed() const { return closed_; }
  // RTCSctpTransport.maxMessageSize: min(ours, the peer's) once negotiated, else ours.
  size_t max_message_size() const;
  std::optional<dtls::Role> dtls_role() const { return dtls_role_; }
  // RTCDtlsTransport.state and getRemoteCertificates() (DER; empty before the handshake).
  dtls::DtlsState dtls_state() const { return dtls_ ? dtls_->state() : dtls::DtlsState::kNew; }
  const Bytes& remote_certificate_der() const { return remote_certificate_der_; }
  const ice::IceAgent& ice_agent() const { return agent_; }
  const crypto::Certificate& certificate() const { return *certificate_; }
  PeerConnectionStats stats(Timestamp now) const;
  // Whether the SCTP association agreed on RFC 9653 zero checksums (both sides announced them).
  bool sctp_zero_checksum() const { return sctp_ && sctp_->zero_checksum_negotiated(); }

 private:
  // The bodies of set_local_description / set_remote_description (which log what they did).
  Status apply_local_description(Timestamp now, SessionDescriptionInit description);
  Status apply_remote_description(Timestamp now, SessionDescriptionInit description);
  PeerConnection(PeerConnectionConfig config, std::shared_ptr<const crypto::Certificate> certificate,
                 RandomSource& random);

  struct Negotiated {  // what one applied offer/answer pair agreed on
    std::vector<LocalSection> sections;
  };

  // Description building.
  std::vector<LocalSection> offer_sections() const;
  Result<std::vector<LocalSection>> answer_sections(const RemoteDescription& offer) const;
  LocalTransport local_transport(dtls::SetupAttribute setup) const;
  dtls::SetupAttribute answer_setup_for(const RemoteDescription& offer) const;
  std::string describe(const std::vector<LocalSection>& sections, dtls::SetupAttribute setup);

  // Applying descriptions.
  Status apply_local(Timestamp now, SdpType type, const std::string& sdp);
  Status apply_remote(Timestamp now, SdpType type, std::string sdp);
  void rollback(Timestamp now);
  Status apply_remote_transport(Timestamp now, const RemoteDescription& remote);
  Status start_transports(Timestamp now);  // once both sides' setup is known
  void maybe_start_dtls(Timestamp now);
  void maybe_start_sctp(Timestamp now);
  const LocalSection* negotiated_data_section() const;
  const RemoteDescription* negotiated_remote() const;  // current, else pending (a pranswer's)

  // Plumbing.
  void pump(Timestamp now);
  void on_ice_event(Timestamp now, ice::IceEvent event);
  void on_dtls_event(Timestamp now, dtls::DtlsEvent event);
  void on_ice_data(Timestamp now, ByteView data);
  void transport_lost(Timestamp now, const std::string& reason);
  void update_states();
  void update_negotiation_needed();
  std::string transport_mid() const;
  uint16_t transport_mline_index() const;

  PeerConnectionConfig config_;
  std::shared_ptr<const crypto::Certificate> certificate_;
  RandomSource& random_;
  uint64_t session_id_;
  uint64_t session_version_ = 1;

  ice::IceAgent agent_;
  ice::IceCredentials local_credentials_;          // in use by the agent
  std::optional<ice::IceCredentials> next_credentials_;  // for an ICE restart not yet applied
  bool gathering_started_ = false;
  std::unique_ptr<dtls::DtlsTransport> dtls_;
  std::optional<dtls::Role> dtls_role_;
  bool dtls_started_ = false;
  bool dtls_connected_ = false;
  std::deque<Bytes> early_dtls_;  // DTLS that arrived before the transport could exist
  std::deque<Bytes> held_outgoing_;  // DTLS sent before ICE had a pair to carry it
  std::string dtls_cipher_;
  Bytes remote_certificate_der_;
  bool sctp_lost_ = false;  // the association ended (aborted, shut down, or its transport died)
  std::unique_ptr<sctp::SctpAssociation> sctp_;
  // SCTP's path MTU ceiling for the active ICE pair (0: no probing); see path_datagram_limit.h.
  size_t sctp_path_ceiling_ = 0;
  size_t sctp_path_mtu_ceiling() const;
  // SCTP packets of the current receive batch went in deferred (their SACK and complete messages
  // wait); the driver's next poll or timeout flushes them, once per batch.
  std::optional<Timestamp> sctp_flush_due_;
  void flush_received();
  LazySctpPort sctp_port_;
  datachannel::DataChannelManager channels_;
  bool data_channel_requested_ = false;  // a channel exists or existed: offers carry m=application

  SignalingState signaling_ = SignalingState::kStable;
  std::optional<SessionDescriptionInit> current_local_, pending_local_, current_remote_, pending_remote_;
  std::string last_offer_, last_answer_;
  std::vector<LocalSection> current_sections_;  // negotiated
  std::vector<LocalSection> pending_sections_;  // of the pending local offer or answer
  std::vector<LocalSection> pending_offer_sections_;   // of the last createOffer
  std::vector<LocalSection> pending_answer_sections_;  // of the last createAnswer
  dtls::SetupAttribute answer_setup_ = dtls::SetupAttribute::kActive;  // of the last createAnswer
  dtls::SetupAttribute local_setup_ = dtls::SetupAttribute::kActpass;  // of the applied local description
  bool restart_requested_ = false;  // restartIce() until an offer with new credentials is applied
  std::optional<RemoteDescription> current_remote_info_, pending_remote_info_;
  bool is_offerer_ = false;  // of the exchange in progress or the last one
  std::vector<ice::Candidate> local_candidates_;
  bool local_end_of_candidates_ = false;

  bool closed_ = false;
  IceConnectionState ice_connection_ = IceConnectionState::kNew;
  PeerConnectionState connection_ = PeerConnectionState::kNew;
  bool negotiation_needed_ = false;
  std::deque<PeerConnectionEvent> events_;
  PeerConnectionCounters counters_;
};

}  // namespace wasmrtc::peer
