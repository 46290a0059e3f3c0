#include "peer/peer_connection.h"

#include <algorithm>
#include <set>

#include "common/log.h"
#include "dtls/demux.h"
#include "peer/path_datagram_limit.h"

namespace wasmrtc::peer {
namespace {

constexpr size_t kMaxHeldDatagrams = 32;  // DTLS held while the other layer is not ready yet

Error invalid_state(std::string message) { return make_error(ErrorCode::kInvalidState, std::move(message)); }
Error operation_failed(std::string message) { return make_error(ErrorCode::kOperationFailed, std::move(message)); }

datachannel::DtlsRole channel_role(dtls::Role role) {
  return role == dtls::Role::kClient ? datachannel::DtlsRole::kClient : datachannel::DtlsRole::kServer;
}

dtls::SetupAttribute setup_for_role(dtls::Role role) {
  return role == dtls::Role::kClient ? dtls::SetupAttribute::kActive : dtls::SetupAttribute::kPassive;
}

std::string next_mid(const std::vector<LocalSection>& sections, const RemoteDescription* remote) {
  std::set<std::string> used;
  for (const auto& s : sections) used.insert(s.mid);
  if (remote) {
    for (const auto& s : remote->sections) used.insert(s.mid);
  }
  for (int i = 0;; ++i) {
    std::string mid = std::to_string(i);
    if (!used.count(mid)) return mid;
  }
}

void log_description_result(std::string_view side, SdpType type, const Status& status, SignalingState now_in) {
  if (!log::enabled(log::Layer::kPeer)) return;
  if (status.ok()) {
    WASMRTC_LOG(kPeer) << "set " << side << " " << to_string(type) << ": signalingState " << to_string(now_in);
  } else {
    WASMRTC_LOG(kPeer) << "set " << side << " " << to_string(type) << " failed: " << status.error().message;
  }
}

// The sdp layer: the whole description as given, line by line, before it is applied (so a
// description that fails is there to read too), as browsers' webrtc-internals show them. An
// implicit description (empty sdp) is logged where it is created, not here.
void log_description_text(std::string_view side, SdpType type, std::string_view sdp) {
  if (!log::enabled(log::Layer::kSdp) || sdp.empty()) return;
  WASMRTC_LOG(kSdp) << side << " " << to_string(type) << ":";
  size_t start = 0;
  while (start < sdp.size()) {
    size_t end = sdp.find('\n', start);
    if (end == std::string_view::npos) end = sdp.size();
    std::string_view line = sdp.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      WASMRTC_LOG(kSdp) << "  " << line;
    }
    start = end + 1;
  }
}

void log_sctp_event(const sctp::SctpEvent& e) {
  using Type = sctp::SctpEvent::Type;
  switch (e.type) {
    case Type::kConnected: WASMRTC_LOG(kSctp) << "association established"; break;
    case Type::kClosed: WASMRTC_LOG(kSctp) << "association shut down"; break;
    case Type::kAborted: WASMRTC_LOG(kSctp) << "association aborted: " << e.reason; break;
    case Type::kStreamResetFailed: WASMRTC_LOG(kSctp) << "the peer denied a stream reset"; break;
    default: break;
  }
}

}  // namespace

Result<std::unique_ptr<PeerConnection>> PeerConnection::create(Timestamp now, int64_t now_unix_ms,
                                                               PeerConnectionConfig config, RandomSource& random) {
  std::shared_ptr<const crypto::Certificate> certificate = config.certificate;
  if (!certificate) {
    // RTCPeerConnection generates its own when none is configured (webrtc-pc §4.4.1.1); 30 days
    // like browsers.
    auto generated = crypto::Certificate::generate_ecdsa_p256(now_unix_ms, now_unix_ms + 30LL * 24 * 3600 * 1000);
    if (!generated.ok()) return generated.error();
    certificate = std::make_shared<const crypto::Certificate>(std::move(generated.value()));
  }
  (void)now;
  return std::unique_ptr<PeerConnection>(new PeerConnection(std::move(config), std::move(certificate), random));
}

PeerConnection::PeerConnection(PeerConnectionConfig config, std::shared_ptr<const crypto::Certificate> certificate,
                               RandomSource& random)
    : config_(std::move(config)),
      certificate_(std::move(certificate)),
      random_(random),
      session_id_(random.next_u64() >> 2),  // RFC 8829 §5.2.1: at most 63 bits, here 62
      agent_(ice::IceRole::kControlling, random, config_.ice),
      local_credentials_(ice::IceCredentials::generate(random)),
      sctp_port_(config_.max_message_size),
      channels_(sctp_port_) {
  agent_.set_local_credentials(local_credentials_);
}

PeerConnection::~PeerConnection() = default;

// --- the driver's side --------------------------------------------------------------------------

void PeerConnection::add_host_address(Timestamp now, const SocketAddress& local) {
  if (closed_) return;
  agent_.add_host_address(now, local);
  pump(now);
}

void PeerConnection::add_stun_server(const SocketAddress& server) { agent_.add_stun_server(server); }

void PeerConnection::set_ice_transport_policy(ice::IceTransportPolicy policy) { agent_.set_transport_policy(policy); }

void PeerConnection::remove_stun_server(const SocketAddress& server) { agent_.remove_stun_server(server); }

void PeerConnection::retire_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base) {
  if (closed_) return;
  agent_.retire_turn_server(now, server, local_base);
  pump(now);
}

void PeerConnection::add_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base,
                                     turn::TurnClientOptions options) {
  if (closed_) return;
  agent_.add_turn_server(now, server, local_base, std::move(options));
  pump(now);
}

void PeerConnection::handle_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                                    ByteView data) {
  if (closed_) return;
  agent_.handle_receive(now, local, remote, data);
  pump(now);
}

void PeerConnection::handle_timeout(Timestamp now) {
  if (closed_) return;
  flush_received();
  agent_.handle_timeout(now);
  if (dtls_ && dtls_->next_timeout() <= now) dtls_->handle_timeout(now);
  if (sctp_ && sctp_->next_timeout() <= now) sctp_->handle_timeout(now);
  pump(now);
}

Timestamp PeerConnection::next_timeout() const {
  if (closed_) return Timestamp::infinite();
  Timestamp next = agent_.next_timeout();
  if (dtls_) next = std::min(next, dtls_->next_timeout());
  if (sctp_) next = std::min(next, sctp_->next_timeout());
  return next;
}

std::optional<ice::Transmit> PeerConnection::poll_transmit() {
  flush_received();
  return agent_.poll_transmit();
}

// Datagrams reach the driver in batches (a socket read loop; Node's 'message' events until the
// next turn of the event loop). Each SCTP packet goes in without its flush; the first poll (or
// timeout) after the batch flushes once, so the association answers a batch with one SACK
// (sctp_association.h, handle_receive_deferred).
void PeerConnection::flush_received() {
  if (!sctp_flush_due_) return;
  Timestamp at = *sctp_flush_due_;
  sctp_flush_due_.reset();
  if (closed_ || !sctp_) return;
  sctp_->flush_received(at);
  pump(at);
}

std::optional<PeerConnectionEvent> PeerConnection::poll_event() {
  flush_received();
  if (events_.empty()) return std::nullopt;
  PeerConnectionEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

// --- building descriptions ----------------------------------------------------------------------

LocalTransport PeerConnection::local_transport(dtls::SetupAttribute setup) const {
  LocalTransport t;
  t.credentials = next_credentials_ ? *next_credentials_ : local_credentials_;
  t.fingerprint = certificate_->fingerprint(crypto::HashAlgorithm::kSha256);
  t.setup = setup;
  if (!next_credentials_) {  // candidates of the current generation only
    t.candidates = local_candidates_;
    t.end_of_candidates = local_end_of_candidates_;
  }
  return t;
}

std::string PeerConnection::describe(const std::vector<LocalSection>& sections, dtls::SetupAttribute setup) {
  return build_local_description(session_id_, session_version_++, sections, local_transport(setup));
}

std::vector<LocalSection> PeerConnection::offer_sections() const {
  // JSEP §5.2.2: a subsequent offer keeps every section, in order, with its mid.
  std::vector<LocalSection> sections = current_sections_;
  bool has_data = false;
  for (auto& s : sections) {
    if (s.kind == SectionKind::kData && !s.rejected) has_data = true;
    // Audio/video sections the peer created stay as negotiated (we receive only, so far).
  }
  if (data_channel_requested_ && !has_data) {
    LocalSection data;
    data.mid = next_mid(sections, current_remote_info_ ? &*current_remote_info_ : nullptr);
    data.max_message_size = config_.max_message_size;
    sections.push_back(std::move(data));
  }
  return sections;
}

Result<std::vector<LocalSection>> PeerConnection::answer_sections(const RemoteDescription& offer) const {
  std::vector<LocalSection> out;
  const RemoteSection* tag = offer.transport_section ? &offer.sections[*offer.transport_section] : nullptr;
  bool data_taken = false;
  for (const auto& remote : offer.sections) {
    const sdp::MediaSection& m = offer.sdp.media[remote.index];
    // Only the transport section and the sections bundled with it can be served (one transport).
    const bool shares_transport =
        tag && (remote.index == tag->index || (offer.bundled(remote) && offer.bundled(*tag)));
    LocalSection s;
    s.mid = remote.mid;
    s.kind = remote.kind;
    s.media = m.media;
    s.protocol = m.protocol;
    s.formats = m.formats;
    if (remote.rejected || !shares_transport) {
      s.rejected = true;
    } else if (remote.kind == SectionKind::kData) {
      if (data_taken) {
        s.rejected = true;  // one SCTP association per connection (RFC 8841 §4)
      } else {
        data_taken = true;
        s.legacy_sctpmap = remote.legacy_sctpmap;
        s.sctp_port = remote.legacy_sctpmap ? remote.sctp_port : 5000;
        s.max_message_size = config_.max_message_size;
      }
    } else if (remote.kind == SectionKind::kAudio || remote.kind == SectionKind::kVideo) {
      s = answer_media_section(m, remote);
    } else {
      s.rejected = true;  // a kind of media we do not know
    }
    out.push_back(std::move(s));
  }
  return out;
}

dtls::SetupAttribute PeerConnection::answer_setup_for(const RemoteDescription& offer) const {
  // RFC 8842 §5.5: an existing DTLS association keeps its roles across renegotiation.
  if (dtls_role_) return setup_for_role(*dtls_role_);
  auto answer = dtls::answer_setup(offer.transport.setup);
  return answer.ok() ? answer.value() : dtls::SetupAttribute::kActive;
}

Result<std::string> PeerConnection::create_offer(Timestamp now, bool ice_restart) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  if (ice_restart && !next_credentials_) next_credentials_ = ice::IceCredentials::generate(random_);
  pending_offer_sections_ = offer_sections();
  last_offer_ = describe(pending_offer_sections_, dtls::SetupAttribute::kActpass);
  (void)now;
  return last_offer_;
}

Result<std::string> PeerConnection::create_answer(Timestamp now) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  if (signaling_ != SignalingState::kHaveRemoteOffer && signaling_ != SignalingState::kHaveLocalPranswer) {
    return invalid_state("createAnswer needs a remote offer (signaling state is " +
                         std::string(to_string(signaling_)) + ")");
  }
  auto sections = answer_sections(*pending_remote_info_);
  if (!sections.ok()) return sections.error();
  pending_answer_sections_ = std::move(sections.value());
  answer_setup_ = answer_setup_for(*pending_remote_info_);
  last_answer_ = describe(pending_answer_sections_, answer_setup_);
  (void)now;
  return last_answer_;
}

// --- applying descriptions ----------------------------------------------------------------------

Status PeerConnection::set_local_description(Timestamp now, SessionDescriptionInit description) {
  const auto type = description.type;
  log_description_text("local", type, description.sdp);
  Status status = apply_local_description(now, std::move(description));
  log_description_result("local", type, status, signaling_);
  return status;
}

Status PeerConnection::set_remote_description(Timestamp now, SessionDescriptionInit description) {
  const auto type = description.type;
  log_description_text("remote", type, description.sdp);
  Status status = apply_remote_description(now, std::move(description));
  log_description_result("remote", type, status, signaling_);
  return status;
}

Status PeerConnection::apply_local_description(Timestamp now, SessionDescriptionInit description) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  if (description.type == SdpType::kRollback) {
    auto next = next_signaling_state(signaling_, DescriptionSource::kLocal, SdpType::kRollback);
    if (!next.ok()) return next.error();
    rollback(now);
    return std::monostate{};
  }
  // Implicit setLocalDescription (webrtc-pc §4.4.1.6): create what the state calls for.
  if (description.sdp.empty()) {
    const bool answering =
        signaling_ == SignalingState::kHaveRemoteOffer || signaling_ == SignalingState::kHaveLocalPranswer;
    if (answering) {
      if (description.type == SdpType::kOffer) description.type = SdpType::kAnswer;
      auto answer = create_answer(now);
      if (!answer.ok()) return answer.error();
      description.sdp = answer.value();
    } else {
      description.type = SdpType::kOffer;
      auto offer = create_offer(now);
      if (!offer.ok()) return offer.error();
      description.sdp = offer.value();
    }
    log_description_text("local (implicit)", description.type, description.sdp);
  }
  auto next = next_signaling_state(signaling_, DescriptionSource::kLocal, description.type);
  if (!next.ok()) return next.error();
  // The SDP must be what createOffer/createAnswer made (webrtc-pc: InvalidModificationError).
  const std::string& expected = description.type == SdpType::kOffer ? last_offer_ : last_answer_;
  if (description.sdp != expected) {
    return make_error(ErrorCode::kInvalidModification,
                      "the SDP given to setLocalDescription is not the last created " +
                          std::string(to_string(description.type)));
  }
  auto applied = apply_local(now, description.type, description.sdp);
  if (!applied.ok()) return applied;
  signaling_ = next.value();
  events_.push_back(pc_event::SignalingStateChange{signaling_});
  update_negotiation_needed();
  pump(now);
  return std::monostate{};
}

Status PeerConnection::apply_local(Timestamp now, SdpType type, const std::string& sdp) {
  if (next_credentials_) {
    // A new ICE generation (our restart, or the answer to the peer's): gather again.
    local_credentials_ = *next_credentials_;
    next_credentials_.reset();
    local_candidates_.clear();
    local_end_of_candidates_ = false;
    restart_requested_ = false;
    if (gathering_started_) agent_.restart(now, local_credentials_);
    else agent_.set_local_credentials(local_credentials_);
  }
  if (type == SdpType::kOffer) {
    is_offerer_ = true;
    if (!current_remote_) agent_.set_role(ice::IceRole::kControlling);  // JSEP §5.2.1 / RFC 8445 §6.1.1
    pending_local_ = SessionDescriptionInit{type, sdp};
    pending_sections_ = pending_offer_sections_;
  } else {
    is_offerer_ = false;
    pending_sections_ = pending_answer_sections_;
    local_setup_ = answer_setup_;
    if (type == SdpType::kAnswer) {
      current_local_ = SessionDescriptionInit{type, sdp};
      current_remote_ = pending_remote_;
      pending_local_.reset();
      pending_remote_.reset();
      current_sections_ = pending_sections_;
      current_remote_info_ = std::move(pending_remote_info_);
      pending_remote_info_.reset();
    } else {
      pending_local_ = SessionDescriptionInit{type, sdp};
    }
  }
  if (!gathering_started_) {
    gathering_started_ = true;
    agent_.start_gathering(now);
  }
  if (type != SdpType::kOffer) {
    auto started = start_transports(now);
    if (!started.ok()) return started;
  }
  return std::monostate{};
}

Status PeerConnection::apply_remote_description(Timestamp now, SessionDescriptionInit description) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  if (description.type == SdpType::kRollback) {
    auto next = next_signaling_state(signaling_, DescriptionSource::kRemote, SdpType::kRollback);
    if (!next.ok()) return next.error();
    rollback(now);
    return std::monostate{};
  }
  // Perfect negotiation (webrtc-pc §4.4.1.6): a remote offer in have-local-offer first rolls
  // back our own offer.
  if (description.type == SdpType::kOffer && signaling_ == SignalingState::kHaveLocalOffer) rollback(now);
  auto next = next_signaling_state(signaling_, DescriptionSource::kRemote, description.type);
  if (!next.ok()) return next.error();
  auto info = analyze_remote_description(description.sdp);
  if (!info.ok()) return info.error();
  RemoteDescription remote = std::move(info.value());

  if (description.type == SdpType::kOffer) {
    // The peer restarts ICE when its credentials change (RFC 8839 §4.4.1.1.1): answer with new ones.
    const RemoteDescription* previous = current_remote_info_ ? &*current_remote_info_ : nullptr;
    if (previous && remote.transport_section && previous->transport_section &&
        previous->transport.credentials.ufrag != remote.transport.credentials.ufrag && !next_credentials_) {
      next_credentials_ = ice::IceCredentials::generate(random_);
    }
    if (!current_remote_) agent_.set_role(remote.transport.ice_lite ? ice::IceRole::kControlling
                                                                    : ice::IceRole::kControlled);
    auto applied = apply_remote_transport(now, remote);
    if (!applied.ok()) return applied;
    is_offerer_ = false;
    pending_remote_ = SessionDescriptionInit{description.type, description.sdp};
    pending_remote_info_ = std::move(remote);
  } else {
    // JSEP §5.8 / RFC 3264 §6: an answer has exactly the offer's sections, in order.
    if (remote.sections.size() != pending_sections_.size()) {
      return operation_failed("the answer has " + std::to_string(remote.sections.size()) +
                              " m-sections, the offer had " + std::to_string(pending_sections_.size()));
    }
    for (size_t i = 0; i < remote.sections.size(); ++i) {
      if (!remote.sections[i].rejected && remote.sections[i].mid != pending_sections_[i].mid) {
        return operation_failed("answer m-section " + std::to_string(i) + " has mid " + remote.sections[i].mid +
                                ", the offer's was " + pending_sections_[i].mid);
      }
    }
    auto applied = apply_remote_transport(now, remote);
    if (!applied.ok()) return applied;
    std::vector<LocalSection> agreed = pending_sections_;
    for (size_t i = 0; i < agreed.size(); ++i) {
      if (remote.sections[i].rejected) agreed[i].rejected = true;
    }
    local_setup_ = dtls::SetupAttribute::kActpass;
    if (description.type == SdpType::kAnswer) {
      current_remote_ = SessionDescriptionInit{description.type, description.sdp};
      current_local_ = pending_local_;
      pending_local_.reset();
      pending_remote_.reset();
      current_sections_ = std::move(agreed);
      current_remote_info_ = std::move(remote);
      pending_remote_info_.reset();
    } else {
      pending_remote_ = SessionDescriptionInit{description.type, description.sdp};
      pending_remote_info_ = std::move(remote);
    }
    auto started = start_transports(now);
    if (!started.ok()) return started;
  }
  signaling_ = next.value();
  events_.push_back(pc_event::SignalingStateChange{signaling_});
  update_negotiation_needed();
  pump(now);
  return std::monostate{};
}

void PeerConnection::rollback(Timestamp now) {
  // Discards the pending offer (ours or theirs). Transports and channels already running are
  // untouched. A rolled-back ICE restart of ours keeps its new credentials for the next offer.
  pending_local_.reset();
  pending_remote_.reset();
  pending_remote_info_.reset();
  pending_sections_ = current_sections_;
  signaling_ = SignalingState::kStable;
  events_.push_back(pc_event::SignalingStateChange{signaling_});
  update_negotiation_needed();
  pump(now);
}

Status PeerConnection::apply_remote_transport(Timestamp now, const RemoteDescription& remote) {
  if (!remote.transport_section) return std::monostate{};
  agent_.set_remote_credentials(now, remote.transport.credentials);
  counters_.candidates_skipped += remote.transport.candidates_skipped;
  for (const auto& candidate : remote.transport.candidates) {
    auto status = agent_.add_remote_candidate(now, candidate);
    if (status != ice::RemoteCandidateStatus::kAdded && status != ice::RemoteCandidateStatus::kUpdated) {
      ++counters_.candidates_skipped;
    }
  }
  if (remote.transport.end_of_candidates) agent_.end_of_remote_candidates(now);
  return std::monostate{};
}

const RemoteDescription* PeerConnection::negotiated_remote() const {
  if (current_remote_info_) return &*current_remote_info_;
  if (pending_remote_info_) return &*pending_remote_info_;
  return nullptr;
}

Status PeerConnection::start_transports(Timestamp now) {
  if (dtls_) return std::monostate{};
  const RemoteDescription* remote = negotiated_remote();
  if (!remote || !remote->transport_section) return std::monostate{};
  bool any_accepted = false;
  for (const auto& s : current_sections_.empty() ? pending_sections_ : current_sections_) any_accepted |= !s.rejected;
  if (!any_accepted) return std::monostate{};
  // The roles: the answer's a=setup decides (RFC 8842 §5.3); actpass on our side takes the opposite.
  const dtls::SetupAttribute local = is_offerer_ ? dtls::SetupAttribute::kActpass : local_setup_;
  dtls::SetupAttribute remote_setup = remote->transport.setup;
  if (is_offerer_ && remote_setup == dtls::SetupAttribute::kActpass) {
    // RFC 8842 §5.3: an answer must not say actpass; be lenient like browsers and take "active".
    remote_setup = dtls::SetupAttribute::kActive;
  }
  auto role = dtls::resolve_role(local, remote_setup);
  if (!role.ok()) return operation_failed("DTLS roles: " + role.error().message);

  dtls::DtlsConfig config = config_.dtls_template;
  config.role = role.value();
  config.remote_fingerprints = remote->transport.fingerprints;
  auto transport = dtls::DtlsTransport::create(*certificate_, config);
  if (!transport.ok()) return operation_failed("DTLS: " + transport.error().message);
  dtls_ = std::move(transport.value());
  dtls_role_ = role.value();
  channels_.set_dtls_role(now, channel_role(role.value()));
  maybe_start_dtls(now);
  return std::monostate{};
}

void PeerConnection::maybe_start_dtls(Timestamp now) {
  if (!dtls_ || dtls_started_) return;
  const auto ice = agent_.state();
  const bool ice_ready = ice == ice::IceTransportState::kConnected || ice == ice::IceTransportState::kCompleted;
  // The server waits for a ClientHello, so it can listen at once; the client sends its first
  // flight only once ICE can carry it, or the flight would be lost and wait a whole retransmit.
  if (dtls_->role() == dtls::Role::kClient && !ice_ready) return;
  dtls_started_ = true;
  WASMRTC_LOG(kDtls) << "handshake starts as " << (dtls_->role() == dtls::Role::kClient ? "client" : "server")
                     << " (ICE " << ice::to_string(ice) << ")";
  dtls_->start(now);
  while (!early_dtls_.empty()) {
    Bytes datagram = std::move(early_dtls_.front());
    early_dtls_.pop_front();
    dtls_->handle_receive(now, datagram);
  }
}

const LocalSection* PeerConnection::negotiated_data_section() const {
  for (const auto& s : current_sections_) {
    if (s.kind == SectionKind::kData && !s.rejected) return &s;
  }
  return nullptr;
}

size_t PeerConnection::sctp_path_mtu_ceiling() const {
  if (!config_.path_mtu_discovery) return 0;
  auto pair = agent_.active_pair();
  if (!pair || !dtls_) return 0;
  // Only toward a peer that said how large a record it takes (RFC 8449): a lost probe is harmless
  // to SCTP, but Chromium's DTLS ends the whole connection on a datagram over 2 048 bytes.
  if (!dtls_->peer_record_size_limit()) return 0;
  const size_t datagram = path_datagram_limit(*pair);
  return datagram ? dtls_->payload_for_datagram(datagram) : 0;
}

void PeerConnection::maybe_start_sctp(Timestamp now) {
  if (sctp_ || !dtls_connected_ || sctp_lost_) return;
  const LocalSection* local = negotiated_data_section();
  const RemoteDescription* remote_info = negotiated_remote();
  if (!local || !remote_info) return;
  const RemoteSection* remote = remote_info->find_mid(local->mid);
  if (!remote || remote->rejected) return;

  sctp::SctpOptions options = config_.sctp_template;
  options.local_port = local->sctp_port;
  options.remote_port = remote->sctp_port;
  // One SCTP packet per DTLS record per datagram (RFC 8261 §5): what DTLS leaves of the MTU, until
  // path MTU discovery confirms more (up to what the ICE pair's path could carry).
  options.mtu = std::min(options.mtu, dtls_->max_application_payload());
  if (auto limit = dtls_->peer_record_size_limit()) options.mtu = std::min(options.mtu, *limit);
  sctp_path_ceiling_ = sctp_path_mtu_ceiling();
  options.path_mtu_ceiling = sctp_path_ceiling_;
  options.max_message_size = config_.max_message_size;
  sctp_ = std::make_unique<sctp::SctpAssociation>(options, random_);
  if (!remote->max_message_size) {
    sctp_->set_remote_max_message_size(64 * 1024);  // RFC 8841 §6.1: absent means 64 KiB
  } else if (*remote->max_message_size > 0) {
    sctp_->set_remote_max_message_size(static_cast<size_t>(
        std::min<uint64_t>(*remote->max_message_size, std::numeric_limits<size_t>::max())));
  }  // 0: the peer takes any size; ours limits
  sctp_port_.attach(sctp_.get());
  WASMRTC_LOG(kSctp) << "association starts: ports " << options.local_port << " -> " << options.remote_port << ", mtu "
                     << options.mtu << " (path MTU probes up to " << options.path_mtu_ceiling << "), remote max-message-size "
                     << (remote->max_message_size ? std::to_string(*remote->max_message_size) : std::string("absent (64 KiB)"));
  sctp_->connect(now);
}

// --- trickle ------------------------------------------------------------------------------------

Status PeerConnection::add_ice_candidate(Timestamp now, std::string_view candidate, std::optional<std::string> mid,
                                         std::optional<uint16_t> mline_index, std::optional<std::string> ufrag) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  const RemoteDescription* remote = pending_remote_info_ ? &*pending_remote_info_
                                                          : (current_remote_info_ ? &*current_remote_info_ : nullptr);
  if (!remote) return invalid_state("addIceCandidate before setRemoteDescription");
  if (!candidate.empty() && !mid && !mline_index) {
    return make_error(ErrorCode::kInvalidArgument, "a candidate needs sdpMid or sdpMLineIndex");
  }
  const RemoteSection* section = nullptr;
  if (mid) {
    section = remote->find_mid(*mid);
    if (!section) return operation_failed("no m-section with mid " + *mid);
  } else if (mline_index) {
    if (*mline_index >= remote->sections.size()) {
      return operation_failed("sdpMLineIndex " + std::to_string(*mline_index) + " is out of range");
    }
    section = &remote->sections[*mline_index];
  }
  // webrtc-pc addIceCandidate: a usernameFragment (given, or in the candidate line) that no applied
  // remote description has is an OperationError — a candidate of a generation not signalled yet.
  auto known_ufrag = [&](const std::string& u) {
    return (pending_remote_info_ && pending_remote_info_->transport.credentials.ufrag == u) ||
           (current_remote_info_ && current_remote_info_->transport.credentials.ufrag == u);
  };
  if (ufrag && !ufrag->empty() && !known_ufrag(*ufrag)) {
    return operation_failed("usernameFragment " + *ufrag + " is in no applied remote description");
  }
  if (section && section->rejected) return std::monostate{};  // W3C: ignored for rejected sections
  if (candidate.empty()) {
    agent_.end_of_remote_candidates(now);
    pump(now);
    return std::monostate{};
  }
  auto parsed = ice::parse_candidate(candidate);
  if (!parsed.ok()) return operation_failed("bad candidate: " + parsed.error().message);
  if (!parsed->ufrag.empty() && !known_ufrag(parsed->ufrag)) {
    return operation_failed("the candidate's ufrag " + parsed->ufrag + " is in no applied remote description");
  }
  auto status = agent_.add_remote_candidate(now, parsed.value());
  if (status != ice::RemoteCandidateStatus::kAdded && status != ice::RemoteCandidateStatus::kUpdated) {
    ++counters_.candidates_skipped;  // unresolved mDNS name, TCP, stale generation: skipped, not an error
  }
  pump(now);
  return std::monostate{};
}

void PeerConnection::restart_ice(Timestamp now) {
  if (closed_) return;
  if (!next_credentials_) next_credentials_ = ice::IceCredentials::generate(random_);
  restart_requested_ = true;
  update_negotiation_needed();
  pump(now);
}

void PeerConnection::close(Timestamp now) {
  if (closed_) return;
  // webrtc-pc §4.4.1.3 close(): no events fire; channels and transports just end. Tell the peer
  // (SCTP ABORT inside DTLS, then close_notify) so it does not wait for consent to expire.
  if (sctp_ && dtls_connected_) {
    sctp_->abort(now, "RTCPeerConnection.close()");
    while (auto packet = sctp_->poll_transmit()) (void)dtls_->send_packet(*packet);
  }
  if (dtls_) {
    dtls_->close(now);
    while (auto datagram = dtls_->poll_transmit()) (void)agent_.send(now, *datagram);
  }
  agent_.close(now);
  closed_ = true;
  signaling_ = SignalingState::kClosed;
  ice_connection_ = IceConnectionState::kClosed;
  connection_ = PeerConnectionState::kClosed;
  sctp_port_.attach(nullptr);
}

std::optional<SessionDescriptionInit> PeerConnection::local_description() const {
  auto d = pending_local_ ? pending_local_ : current_local_;
  if (!d) return d;
  // W3C: localDescription includes the candidates gathered since (RFC 8829 §5.7.1 / §4.1.9).
  const auto& sections = pending_local_ ? pending_sections_ : current_sections_;
  const dtls::SetupAttribute setup = d->type == SdpType::kOffer ? dtls::SetupAttribute::kActpass : local_setup_;
  LocalTransport t;
  t.credentials = local_credentials_;
  t.fingerprint = certificate_->fingerprint(crypto::HashAlgorithm::kSha256);
  t.setup = setup;
  t.candidates = local_candidates_;
  t.end_of_candidates = local_end_of_candidates_;
  d->sdp = build_local_description(session_id_, session_version_, sections, t);
  return d;
}
std::optional<SessionDescriptionInit> PeerConnection::remote_description() const {
  return pending_remote_ ? pending_remote_ : current_remote_;
}
std::optional<SessionDescriptionInit> PeerConnection::current_local_description() const { return current_local_; }
std::optional<SessionDescriptionInit> PeerConnection::pending_local_description() const { return pending_local_; }
std::optional<SessionDescriptionInit> PeerConnection::current_remote_description() const { return current_remote_; }
std::optional<SessionDescriptionInit> PeerConnection::pending_remote_description() const { return pending_remote_; }

// --- data channels ------------------------------------------------------------------------------

Result<datachannel::DataChannelId> PeerConnection::create_data_channel(Timestamp now,
                                                                       const datachannel::DataChannelParameters& p) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  auto id = channels_.create_channel(now, p);
  if (!id.ok()) return id;
  counters_.channel_parameters[id.value()] = p;
  counters_.channels[id.value()];
  data_channel_requested_ = true;
  update_negotiation_needed();
  pump(now);
  return id;
}

datachannel::Status PeerConnection::send(Timestamp now, datachannel::DataChannelId channel, ByteView data,
                                         bool binary) {
  if (closed_) return invalid_state("the RTCPeerConnection is closed");
  auto status = channels_.send(now, channel, data, binary);
  if (status.ok()) {
    auto& c = counters_.channels[channel];
    ++c.messages_sent;
    c.bytes_sent += data.size();
  }
  pump(now);
  return status;
}

void PeerConnection::close_channel(Timestamp now, datachannel::DataChannelId channel) {
  if (closed_) return;
  channels_.close(now, channel);
  pump(now);
}

void PeerConnection::set_buffered_amount_low_threshold(datachannel::DataChannelId channel, size_t bytes) {
  channels_.set_buffered_amount_low_threshold(channel, bytes);
}

size_t PeerConnection::max_message_size() const { return sctp_port_.max_message_size(); }

ice::IceGatheringState PeerConnection::ice_gathering_state() const { return agent_.gathering_state(); }

// --- plumbing -----------------------------------------------------------------------------------

void PeerConnection::pump(Timestamp now) {
  bool progress = true;
  while (progress && !closed_) {
    progress = false;
    while (auto e = agent_.poll_event()) {
      progress = true;
      on_ice_event(now, std::move(*e));
    }
    if (dtls_) {
      while (auto datagram = dtls_->poll_transmit()) {
        progress = true;
        if (!agent_.send(now, *datagram)) {
          // No usable pair yet (the peer's checks reached us first): hold the flight briefly.
          if (held_outgoing_.size() < kMaxHeldDatagrams) held_outgoing_.push_back(std::move(*datagram));
        }
      }
      while (auto e = dtls_->poll_event()) {
        progress = true;
        on_dtls_event(now, std::move(*e));
      }
    }
    if (sctp_) {
      while (auto packet = sctp_->poll_transmit()) {
        progress = true;
        if (dtls_connected_) (void)dtls_->send_packet(*packet);
      }
      while (auto e = sctp_->poll_event()) {
        progress = true;
        const bool gone = e->type == sctp::SctpEvent::Type::kAborted || e->type == sctp::SctpEvent::Type::kClosed;
        log_sctp_event(*e);
        channels_.handle_sctp_event(now, std::move(*e));
        if (gone) sctp_lost_ = true;
      }
    }
    while (auto e = channels_.poll_event()) {
      progress = true;
      std::visit(
          [&](const auto& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, datachannel::ChannelMessage>) {
              auto& c = counters_.channels[ev.channel];
              ++c.messages_received;
              c.bytes_received += ev.data.size();
            } else if constexpr (std::is_same_v<T, datachannel::ChannelAnnounced>) {
              counters_.channel_parameters[ev.channel] = ev.parameters;
              counters_.channels[ev.channel];
            } else if constexpr (std::is_same_v<T, datachannel::ChannelOpen>) {
              ++counters_.data_channels_opened;
              WASMRTC_LOG(kDataChannel) << "channel " << ev.channel << " open";
            } else if constexpr (std::is_same_v<T, datachannel::ChannelClosed>) {
              ++counters_.data_channels_closed;
              WASMRTC_LOG(kDataChannel) << "channel " << ev.channel << " closed";
            } else if constexpr (std::is_same_v<T, datachannel::ChannelError>) {
              WASMRTC_LOG(kDataChannel) << "channel " << ev.channel << " error: " << ev.error.message;
            }
          },
          *e);
      events_.push_back(pc_event::DataChannel{std::move(*e)});
    }
  }
  update_states();
}

void PeerConnection::on_ice_event(Timestamp now, ice::IceEvent event) {
  if (auto* gathered = std::get_if<ice::event::CandidateGathered>(&event)) {
    local_candidates_.push_back(gathered->candidate);
    events_.push_back(pc_event::IceCandidate{gathered->candidate.to_string(), transport_mid(),
                                             transport_mline_index(), local_credentials_.ufrag});
  } else if (auto* gathering = std::get_if<ice::event::GatheringStateChanged>(&event)) {
    if (gathering->state == ice::IceGatheringState::kComplete) {
      local_end_of_candidates_ = true;
      events_.push_back(pc_event::IceCandidate{"", transport_mid(), transport_mline_index(), local_credentials_.ufrag});
    }
    events_.push_back(pc_event::IceGatheringStateChange{gathering->state});
  } else if (std::holds_alternative<ice::event::StateChanged>(event) ||
             std::holds_alternative<ice::event::SelectedPairChanged>(event)) {
    maybe_start_dtls(now);
    while (!held_outgoing_.empty() && agent_.send(now, held_outgoing_.front())) held_outgoing_.pop_front();
    if (sctp_) {
      // Another path: SCTP's packets fall back to the base size and search again.
      const size_t ceiling = sctp_path_mtu_ceiling();
      if (ceiling != sctp_path_ceiling_) {
        sctp_path_ceiling_ = ceiling;
        WASMRTC_LOG(kSctp) << "path changed: packets up to " << ceiling << " bytes may be probed";
        sctp_->set_path_mtu_ceiling(now, ceiling);
      }
    }
    if (agent_.state() == ice::IceTransportState::kFailed) transport_lost(now, "ICE failed");
  } else if (auto* data = std::get_if<ice::event::DataReceived>(&event)) {
    on_ice_data(now, data->data);
  }
}

void PeerConnection::on_ice_data(Timestamp now, ByteView data) {
  switch (dtls::classify(data)) {
    case dtls::PacketKind::kDtls:
      if (dtls_ && dtls_started_) {
        dtls_->handle_receive(now, data);
      } else if (early_dtls_.size() < kMaxHeldDatagrams) {
        // The peer's first flight can overtake the answer that lets us build our transport.
        early_dtls_.emplace_back(data.begin(), data.end());
      } else {
        ++counters_.early_dtls_dropped;
      }
      break;
    case dtls::PacketKind::kRtpRtcp:
      ++counters_.rtp_dropped;  // the media path is not built yet
      break;
    default:
      ++counters_.unknown_dropped;
      break;
  }
}

void PeerConnection::on_dtls_event(Timestamp now, dtls::DtlsEvent event) {
  if (auto* connected = std::get_if<dtls::DtlsConnected>(&event)) {
    dtls_connected_ = true;
    dtls_cipher_ = connected->cipher_suite_name;
    WASMRTC_LOG(kDtls) << "connected, cipher " << dtls_cipher_ << ", the peer's certificate matches its fingerprint";
    remote_certificate_der_ = connected->remote_certificate_der;
    maybe_start_sctp(now);
  } else if (auto* data = std::get_if<dtls::DtlsData>(&event)) {
    if (sctp_) {
      sctp_->handle_receive_deferred(now, data->data);
      sctp_flush_due_ = now;
    }
  } else if (std::holds_alternative<dtls::DtlsClosed>(event)) {
    WASMRTC_LOG(kDtls) << "the peer closed the DTLS transport (close_notify)";
    transport_lost(now, "the peer closed the DTLS transport");
  } else if (auto* failed = std::get_if<dtls::DtlsFailed>(&event)) {
    WASMRTC_LOG(kDtls) << "failed: " << failed->reason;
    transport_lost(now, "DTLS failed: " + failed->reason);
  }
}

void PeerConnection::transport_lost(Timestamp now, const std::string& reason) {
  // The association can no longer carry anything: its channels end as an aborted association's
  // would (W3C: 'error' with sctp-failure, then 'close').
  // Before the association exists there is nothing to end: ICE may still recover (late trickled
  // candidates after a premature failure) and the association then starts normally.
  if (sctp_lost_ || !sctp_) return;
  WASMRTC_LOG(kPeer) << "transport lost: " << reason << "; the data channels close";
  sctp_lost_ = true;
  {
    sctp::SctpEvent aborted;
    aborted.type = sctp::SctpEvent::Type::kAborted;
    aborted.reason = reason;
    channels_.handle_sctp_event(now, aborted);
  }
}

std::string PeerConnection::transport_mid() const {
  const auto& sections = pending_local_ ? pending_sections_ : current_sections_;
  for (const auto& s : sections) {
    if (!s.rejected) return s.mid;
  }
  return sections.empty() ? "0" : sections.front().mid;
}

uint16_t PeerConnection::transport_mline_index() const {
  const auto& sections = pending_local_ ? pending_sections_ : current_sections_;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (!sections[i].rejected) return static_cast<uint16_t>(i);
  }
  return 0;
}

void PeerConnection::update_states() {
  if (closed_) return;
  const bool has_transport = current_local_ || pending_local_ || current_remote_ || pending_remote_;
  const auto ice_state = aggregate_ice_connection_state(false, has_transport, agent_.state());
  const auto pc_state = aggregate_connection_state(false, has_transport, agent_.state(),
                                                   dtls_ ? dtls_->state() : dtls::DtlsState::kNew);
  // webrtc-pc §5.6: iceconnectionstatechange before connectionstatechange.
  if (ice_state != ice_connection_) {
    WASMRTC_LOG(kPeer) << "iceConnectionState " << to_string(ice_connection_) << " -> " << to_string(ice_state);
    ice_connection_ = ice_state;
    events_.push_back(pc_event::IceConnectionStateChange{ice_state});
  }
  if (pc_state != connection_) {
    WASMRTC_LOG(kPeer) << "connectionState " << to_string(connection_) << " -> " << to_string(pc_state);
    connection_ = pc_state;
    events_.push_back(pc_event::ConnectionStateChange{pc_state});
  }
}

void PeerConnection::update_negotiation_needed() {
  // webrtc-pc §4.7.3 "check if negotiation is needed", for what wasmrtc negotiates today: a data
  // channel without a negotiated data section, or an ICE restart asked for.
  const bool needed = (data_channel_requested_ && !negotiated_data_section()) || restart_requested_;
  if (!needed) {
    negotiation_needed_ = false;
    return;
  }
  if (signaling_ != SignalingState::kStable || negotiation_needed_) return;
  negotiation_needed_ = true;
  events_.push_back(pc_event::NegotiationNeeded{});
}

}  // namespace wasmrtc::peer
