#include "ice/ice_agent.h"

#include <algorithm>

#include "common/log.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::ice {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;

namespace {

constexpr char kIceChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool same_path(const CandidatePair& a, const SocketAddress& base, const SocketAddress& remote) {
  return a.base == base && a.remote.address == remote;
}

}  // namespace

IceAgent::IceAgent(IceRole role, RandomSource& random, IceAgentConfig config)
    : config_(config),
      random_(random),
      role_(role),
      tie_breaker_(random.next_u64()),
      check_list_(config.max_pairs) {}

// --- setup -----------------------------------------------------------------------------------------

void IceAgent::set_local_credentials(const IceCredentials& credentials) {
  local_credentials_ = credentials;
}

void IceAgent::set_remote_credentials(Timestamp now, const IceCredentials& credentials) {
  now_ = now;
  if (closed_) return;
  if (!remote_credentials_.empty() && credentials.ufrag != remote_credentials_.ufrag) {
    // RFC 8445 §9: the peer restarted. Its old candidates and our pairs with them are gone.
    remote_.clear();
    remote_end_of_candidates_ = false;
    drop_generation();
    restarting_ = selected_.has_value();
    consent_lost_ = false;
  }
  remote_credentials_ = credentials;
  for (const auto& r : std::vector<Candidate>(remote_)) form_pairs_for_remote(now, r);
  update_state(now);
}

void IceAgent::set_role(IceRole role) { role_ = role; }

void IceAgent::set_role_internal(IceRole role) {
  if (role == role_) return;
  role_ = role;
  ++stats_.role_switches;
  nominating_pair_.reset();
  for (auto& p : check_list_.pairs()) p.use_candidate = false;
  events_.push_back(event::RoleChanged{role});
}

void IceAgent::drop_generation() {
  check_list_.clear();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.kind == TxKind::kCheck) it = pending_.erase(it);
    else ++it;
  }
  ++epoch_;
  first_valid_at_.reset();
  nominating_pair_.reset();
  early_nominations_.clear();
}

// --- gathering (RFC 8445 §5.1.1) ---------------------------------------------------------------------

uint16_t IceAgent::next_local_preference() {
  // RFC 8445 §5.1.2.1: unique per base for a multihomed host; the first address gets the highest.
  uint16_t pref = local_preference_;
  if (local_preference_ > 1) --local_preference_;
  return pref;
}

void IceAgent::add_host_address(Timestamp now, const SocketAddress& local) {
  now_ = now;
  if (closed_) return;
  if (std::find(host_addresses_.begin(), host_addresses_.end(), local) != host_addresses_.end()) return;
  host_addresses_.push_back(local);
  if (gathering_started_ && gathering_policy_ == IceTransportPolicy::kAll) gather_host(now, local);
  update_state(now);
}

void IceAgent::add_stun_server(const SocketAddress& server) {
  if (std::find(stun_servers_.begin(), stun_servers_.end(), server) == stun_servers_.end())
    stun_servers_.push_back(server);
}

void IceAgent::start_gathering(Timestamp now, int pending_relays) {
  now_ = now;
  if (closed_ || gathering_started_) return;
  gathering_started_ = true;
  gathering_policy_ = policy_;
  pending_relays_ += pending_relays;
  gathering_state_ = IceGatheringState::kGathering;
  events_.push_back(event::GatheringStateChanged{gathering_state_});
  if (gathering_policy_ == IceTransportPolicy::kAll)
    for (const auto& address : std::vector<SocketAddress>(host_addresses_)) gather_host(now, address);
  for (auto& relay : turn_) start_allocation(now, relay);
  maybe_gathering_complete();
  update_state(now);
}

void IceAgent::gather_host(Timestamp now, const SocketAddress& local) {
  Candidate c;
  c.type = CandidateType::kHost;
  c.address = local;
  c.priority = compute_priority(CandidateType::kHost, next_local_preference(), 1);
  c.foundation = compute_foundation(CandidateType::kHost, local.ip(), std::nullopt, TransportProtocol::kUdp);
  add_local(now, c, local, true);
  for (const auto& server : stun_servers_)
    if (server.family() == local.family()) send_gather_request(now, local, server);
}

void IceAgent::send_gather_request(Timestamp now, const SocketAddress& local, const SocketAddress& server) {
  auto id = stun::random_transaction_id(random_);
  StunMessage request(StunClass::kRequest, StunMethod::kBinding, id);
  Bytes bytes = request.encode_with_fingerprint();
  pending_.emplace(id, Pending{TxKind::kGather, stun::StunTransaction(now, config_.gather_retransmit),
                               bytes, local, server, 0, false, role_, epoch_, 0, {}});
  transmit(local, server, std::move(bytes));
}

void IceAgent::add_relayed_candidate(Timestamp now, const SocketAddress& relayed,
                                     const SocketAddress& server,
                                     const std::optional<SocketAddress>& mapped) {
  if (closed_) return;
  Candidate c;
  c.type = CandidateType::kRelayed;
  c.address = relayed;
  c.related_address = mapped;
  c.priority = compute_priority(CandidateType::kRelayed, next_local_preference(), 1);
  c.foundation = compute_foundation(CandidateType::kRelayed, relayed.ip(), server.ip(), TransportProtocol::kUdp);
  add_local(now, c, relayed, true);  // a relayed candidate is its own base (§5.1.1.2)
  if (pending_relays_ > 0) --pending_relays_;
  maybe_gathering_complete();
  update_state(now);
}

void IceAgent::relay_gathering_failed(Timestamp now) {
  WASMRTC_LOG(kIce) << "relay candidate gathering failed (the TURN allocation did not succeed)";
  if (pending_relays_ > 0) --pending_relays_;
  maybe_gathering_complete();
  update_state(now);
}

void IceAgent::add_local(Timestamp now, const Candidate& candidate, const SocketAddress& base, bool signal) {
  // §5.1.3: a candidate with the same transport address and base as an existing one is redundant.
  for (const auto& lc : local_)
    if (lc.candidate.address == candidate.address && lc.base == base) return;
  LocalCandidate lc{candidate, base};
  lc.candidate.ufrag = local_credentials_.ufrag;
  local_.push_back(lc);
  WASMRTC_LOG(kIce) << "local candidate " << lc.candidate.to_string();
  if (signal) events_.push_back(event::CandidateGathered{lc.candidate});
  form_pairs_for_local(now, lc);
}

void IceAgent::maybe_gathering_complete() {
  if (gathering_state_ != IceGatheringState::kGathering || pending_relays_ > 0) return;
  for (const auto& [id, p] : pending_)
    if (p.kind == TxKind::kGather) return;
  gathering_state_ = IceGatheringState::kComplete;
  WASMRTC_LOG(kIce) << "gathering complete, " << local_.size() << " local candidates";
  events_.push_back(event::GatheringStateChanged{gathering_state_});
}

// --- TURN (RFC 8656) through turn::TurnClient -----------------------------------------------------------

void IceAgent::add_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base,
                               turn::TurnClientOptions options) {
  if (closed_) return;
  now_ = now;
  TurnRelay relay;
  relay.server = server;
  relay.base = local_base;
  relay.client = std::make_unique<turn::TurnClient>(std::move(options), random_);
  turn_.push_back(std::move(relay));
  if (gathering_started_) start_allocation(now, turn_.back());
}

void IceAgent::start_allocation(Timestamp now, TurnRelay& relay) {
  ++pending_relays_;
  relay.counted = true;
  relay.client->allocate(now);
  pump_turn(relay);
}

void IceAgent::remove_stun_server(const SocketAddress& server) {
  stun_servers_.erase(std::remove(stun_servers_.begin(), stun_servers_.end(), server), stun_servers_.end());
}

void IceAgent::retire_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base) {
  now_ = now;
  for (auto& relay : turn_) {
    if (relay.retired || relay.server != server || relay.base != local_base) continue;
    relay.retired = true;
    if (relay.counted) {  // still allocating: gathering no longer waits for it
      relay.counted = false;
      if (pending_relays_ > 0) --pending_relays_;
      maybe_gathering_complete();
    }
    const bool carries_selected = selected_ && relay.relayed && selected_->pair.base == *relay.relayed;
    if (!carries_selected) {
      relay.client->close(now);
      pump_turn(relay);
    }
    WASMRTC_LOG(kIce) << "TURN server " << server.to_string() << " removed"
                      << (carries_selected ? ": its allocation carries the selected pair and stays until close"
                                           : ": allocation released");
    return;
  }
}

IceAgent::TurnRelay* IceAgent::turn_by_relayed(const SocketAddress& relayed) {
  for (auto& r : turn_)
    if (r.relayed && *r.relayed == relayed) return &r;
  return nullptr;
}

void IceAgent::pump_turn(TurnRelay& relay, bool events) {
  while (auto bytes = relay.client->poll_transmit())
    transmits_.push_back(Transmit{relay.base, relay.server, std::move(*bytes)});
  // transmit() drains only the datagrams: it runs inside loops over pending_ and the check list,
  // which handling a relayed packet here could modify.
  if (!events) return;
  while (auto e = relay.client->poll_event()) {
    switch (e->kind) {
      case turn::TurnEvent::Kind::kAllocated:
        if (relay.relayed) break;  // refreshed, not new
        relay.relayed = e->relayed;
        if (relay.counted) relay.counted = false;
        else ++pending_relays_;  // add_relayed_candidate below takes one off
        add_relayed_candidate(now_, e->relayed, relay.server, e->mapped);
        break;
      case turn::TurnEvent::Kind::kFailed:
        ++stats_.turn_failures;
        if (relay.counted) {
          relay.counted = false;
          relay_gathering_failed(now_);
        }
        break;
      case turn::TurnEvent::Kind::kData:
        // Unwrapped from a Data indication or ChannelData: as if it arrived on the relayed address.
        if (relay.relayed) receive_packet(now_, *relay.relayed, e->peer, e->data);
        break;
      default:
        break;
    }
  }
}

std::vector<Candidate> IceAgent::local_candidates() const {
  std::vector<Candidate> out;
  for (const auto& lc : local_) out.push_back(lc.candidate);
  return out;
}

// --- remote candidates ---------------------------------------------------------------------------

namespace {
std::string_view skip_reason(RemoteCandidateStatus s) {
  switch (s) {
    case RemoteCandidateStatus::kSkippedHostname: return "an unresolved hostname, e.g. mDNS .local";
    case RemoteCandidateStatus::kSkippedTcp: return "ICE-TCP is not implemented";
    case RemoteCandidateStatus::kSkippedComponent: return "not component 1";
    case RemoteCandidateStatus::kSkippedStale: return "ufrag of an earlier generation";
    case RemoteCandidateStatus::kSkippedClosed: return "the agent is closed";
    default: return "?";
  }
}
}  // namespace

RemoteCandidateStatus IceAgent::add_remote_candidate(Timestamp now, const Candidate& candidate) {
  now_ = now;
  auto skip = [this, &candidate](RemoteCandidateStatus s) {
    ++stats_.remote_candidates_skipped;
    WASMRTC_LOG(kIce) << "remote candidate skipped (" << skip_reason(s) << "): " << candidate.to_string();
    return s;
  };
  if (closed_) return skip(RemoteCandidateStatus::kSkippedClosed);
  if (candidate.component != 1) return skip(RemoteCandidateStatus::kSkippedComponent);
  if (candidate.protocol != TransportProtocol::kUdp) return skip(RemoteCandidateStatus::kSkippedTcp);
  if (candidate.has_hostname() || candidate.address.ip().is_unspecified() || candidate.address.port() == 0)
    return skip(RemoteCandidateStatus::kSkippedHostname);
  if (!candidate.ufrag.empty() && !remote_credentials_.empty() && candidate.ufrag != remote_credentials_.ufrag)
    return skip(RemoteCandidateStatus::kSkippedStale);

  if (Candidate* known = remote_by_address(candidate.address)) {
    // A peer-reflexive candidate learned from a check, now signalled (RFC 8445 §7.3.1.3): take the
    // signalled type, priority and foundation.
    *known = candidate;
    for (auto& p : check_list_.pairs())
      if (p.remote.address == candidate.address) p.remote = candidate;
    update_state(now);
    return RemoteCandidateStatus::kUpdated;
  }
  remote_.push_back(candidate);
  ++stats_.remote_candidates_added;
  form_pairs_for_remote(now, candidate);
  update_state(now);
  return RemoteCandidateStatus::kAdded;
}

void IceAgent::end_of_remote_candidates(Timestamp now) {
  now_ = now;
  remote_end_of_candidates_ = true;
  update_state(now);
}

Candidate* IceAgent::remote_by_address(const SocketAddress& address) {
  for (auto& r : remote_)
    if (r.address == address) return &r;
  return nullptr;
}

const IceAgent::LocalCandidate* IceAgent::local_by_base(const SocketAddress& base) const {
  for (const auto& lc : local_)
    if (lc.base == base && (lc.candidate.type == CandidateType::kHost ||
                            lc.candidate.type == CandidateType::kRelayed))
      return &lc;
  return nullptr;
}

// --- pairs and checks (RFC 8445 §6.1.2, §7.2) ---------------------------------------------------------

void IceAgent::form_pairs_for_remote(Timestamp now, const Candidate& remote) {
  if (remote_credentials_.empty()) return;
  // §6.1.2.4: server-reflexive local candidates are replaced by their bases, which are host
  // candidates already paired, so only host and relayed candidates are paired.
  for (const auto& lc : std::vector<LocalCandidate>(local_))
    if ((lc.candidate.type == CandidateType::kHost || lc.candidate.type == CandidateType::kRelayed) &&
        lc.base.family() == remote.address.family())
      add_pair(now, lc.candidate, lc.base, remote);
}

void IceAgent::form_pairs_for_local(Timestamp now, const LocalCandidate& local) {
  if (remote_credentials_.empty()) return;
  if (local.candidate.type != CandidateType::kHost && local.candidate.type != CandidateType::kRelayed) return;
  for (const auto& r : std::vector<Candidate>(remote_))
    if (r.address.family() == local.base.family()) add_pair(now, local.candidate, local.base, r);
}

CandidatePair* IceAgent::add_pair(Timestamp now, const Candidate& local, const SocketAddress& base,
                                  const Candidate& remote) {
  size_t before = check_list_.pairs().size();
  CandidatePair* pair = check_list_.add(local, base, remote, role_);
  stats_.pairs_dropped_over_limit = check_list_.dropped_over_limit();
  if (!pair) return nullptr;
  if (check_list_.pairs().size() != before) last_pair_added_ = now;
  if (early_nominations_.count({base, remote.address})) pair->nominate_on_success = true;
  return pair;
}

bool IceAgent::can_check() const {
  return !closed_ && !consent_lost_ && !local_credentials_.empty() && !remote_credentials_.empty();
}

template <typename F>
void IceAgent::update_check_stats(uint64_t pair_id, F update) {
  // The selected pair is a copy (it outlives its check list across an ICE restart), so both are
  // kept up to date; update_selected() copying the check list's pair then changes nothing.
  if (CandidatePair* pair = check_list_.find(pair_id)) update(pair->checks);
  if (selected_ && selected_->pair.id == pair_id) update(selected_->pair.checks);
}

void IceAgent::send_check(Timestamp now, CandidatePair& pair) {
  auto id = stun::random_transaction_id(random_);
  StunMessage request(StunClass::kRequest, StunMethod::kBinding, id);
  // §7.2.2: USERNAME "remote:local", PRIORITY of the peer-reflexive candidate this check could
  // create, our role and tie-breaker, USE-CANDIDATE when nominating; signed with the remote pwd.
  request.add_string(attr::kUsername, remote_credentials_.ufrag + ":" + local_credentials_.ufrag);
  uint32_t prflx_priority =
      (type_preference(CandidateType::kPeerReflexive) << 24) | (pair.local.priority & 0x00FFFFFF);
  request.add_u32(attr::kPriority, prflx_priority);
  bool use_candidate = role_ == IceRole::kControlling && pair.use_candidate;
  if (role_ == IceRole::kControlling) request.add_u64(attr::kIceControlling, tie_breaker_);
  else request.add_u64(attr::kIceControlled, tie_breaker_);
  if (use_candidate) request.add_flag(attr::kUseCandidate);
  Bytes key = stun::short_term_key(remote_credentials_.pwd);
  Bytes bytes = request.encode_with_integrity(key, true);
  pending_.emplace(id, Pending{TxKind::kCheck, stun::StunTransaction(now, config_.check_retransmit), bytes,
                               pair.base, pair.remote.address, pair.id, use_candidate, role_, epoch_,
                               prflx_priority, key, now});
  pair.state = PairState::kInProgress;
  update_check_stats(pair.id, [](PairCheckStats& s) { ++s.requests_sent; });
  ++stats_.checks_sent;
  last_check_sent_ = now;
  if (selected_ && same_path(selected_->pair, pair.base, pair.remote.address)) selected_->last_sent = now;
  transmit(pair.base, pair.remote.address, std::move(bytes));
}

void IceAgent::send_consent(Timestamp now) {
  // RFC 7675 §5.1: a connectivity check on the selected pair, with the current credentials.
  const CandidatePair& pair = selected_->pair;
  auto id = stun::random_transaction_id(random_);
  StunMessage request(StunClass::kRequest, StunMethod::kBinding, id);
  request.add_string(attr::kUsername, remote_credentials_.ufrag + ":" + local_credentials_.ufrag);
  uint32_t prflx_priority =
      (type_preference(CandidateType::kPeerReflexive) << 24) | (pair.local.priority & 0x00FFFFFF);
  request.add_u32(attr::kPriority, prflx_priority);
  if (role_ == IceRole::kControlling) request.add_u64(attr::kIceControlling, tie_breaker_);
  else request.add_u64(attr::kIceControlled, tie_breaker_);
  Bytes key = stun::short_term_key(remote_credentials_.pwd);
  Bytes bytes = request.encode_with_integrity(key, true);
  pending_.emplace(id, Pending{TxKind::kConsent, stun::StunTransaction(now, config_.consent_retransmit),
                               bytes, pair.base, pair.remote.address, pair.id, false, role_, epoch_,
                               prflx_priority, key, now});
  update_check_stats(pair.id, [](PairCheckStats& s) {
    ++s.requests_sent;
    ++s.consent_requests_sent;
  });
  ++stats_.consent_checks_sent;
  selected_->last_sent = now;
  transmit(pair.base, pair.remote.address, std::move(bytes));
}

void IceAgent::maybe_nominate(Timestamp now) {
  // Regular nomination (§8.1.1): the controlling agent picks the best valid pair and checks it
  // again with USE-CANDIDATE, once no better pair is pending or after nomination_delay.
  if (role_ != IceRole::kControlling || !can_check() || !first_valid_at_) return;
  if (check_list_.best_nominated(role_)) return;
  if (nominating_pair_) {
    CandidatePair* p = check_list_.find(*nominating_pair_);
    if (p && p->state != PairState::kFailed) return;
    nominating_pair_.reset();
  }
  CandidatePair* best = check_list_.best_valid(role_);
  if (!best) return;
  bool better_pending = false;
  for (const auto& p : check_list_.pairs())
    if ((p.state == PairState::kFrozen || p.state == PairState::kWaiting ||
         p.state == PairState::kInProgress) &&
        p.priority(role_) > best->priority(role_))
      better_pending = true;
  if (better_pending && now < *first_valid_at_ + config_.nomination_delay) return;
  best->use_candidate = true;
  nominating_pair_ = best->id;
  check_list_.push_triggered(best->id);
}

void IceAgent::update_selected(Timestamp now) {
  CandidatePair* best = check_list_.best_nominated(role_);
  if (!best) return;
  if (selected_ && !restarting_ && same_path(selected_->pair, best->base, best->remote.address)) {
    selected_->pair = *best;
    return;
  }
  Timestamp last_sent = selected_ ? selected_->last_sent : now;
  selected_ = Selected{*best, now, now + Duration(0), last_sent};
  selected_->next_consent = consent_jitter(now);
  WASMRTC_LOG(kIce) << "selected pair " << best->base.to_string() << " -> " << best->remote.address.to_string()
                    << " (" << candidate_type_name(best->local.type) << " / " << candidate_type_name(best->remote.type) << ")";
  restarting_ = false;
  consent_lost_ = false;
  events_.push_back(event::SelectedPairChanged{best->local, best->remote});
  if (TurnRelay* relay = turn_by_relayed(best->base)) {
    // RFC 8656 §12: a channel saves 32 bytes per packet on the pair that carries the data.
    relay->client->bind_channel(now, best->remote.address);
    pump_turn(*relay);
  }
}

Timestamp IceAgent::consent_jitter(Timestamp now) {
  // RFC 7675 §5.1: uniformly in [0.8, 1.2] times the interval, so checks do not synchronise.
  double factor = 0.8 + 0.4 * (static_cast<double>(random_.next_u32()) / 4294967296.0);
  return now + Duration(static_cast<int64_t>(static_cast<double>(config_.consent_interval.count()) * factor));
}

// --- receiving ----------------------------------------------------------------------------------------

void IceAgent::handle_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                              ByteView data) {
  if (closed_) return;
  now_ = now;
  for (auto& relay : turn_) {
    if (relay.base == local && relay.server == remote) {
      ++stats_.packets_received;
      relay.client->handle_receive(now, data);
      pump_turn(relay);
      update_state(now);
      return;
    }
  }
  receive_packet(now, local, remote, data);
}

void IceAgent::receive_packet(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                              ByteView data) {
  if (closed_) return;
  ++stats_.packets_received;
  if (data.empty()) {
    ++stats_.malformed;
    return;
  }
  if (data[0] < 4) {
    // RFC 7983: first byte 0..3 is STUN.
    ++stats_.stun_received;
    auto message = StunMessage::decode(data);
    if (!message) {
      ++stats_.malformed;
      WASMRTC_LOG(kStun) << "dropped a malformed STUN message (" << data.size() << " bytes) from "
                         << remote.to_string();
      return;
    }
    handle_stun(now, local, remote, *message);
  } else {
    bool known = (selected_ && same_path(selected_->pair, local, remote)) ||
                 check_list_.find(local, remote) != nullptr;
    if (!known) {
      ++stats_.data_from_unknown_peer;
      return;
    }
    ++stats_.data_received;
    last_heard_ = now;
    events_.push_back(event::DataReceived{local, remote, Bytes(data.begin(), data.end())});
  }
  update_state(now);
}

void IceAgent::handle_stun(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                           const StunMessage& message) {
  // RFC 8445 §7.2.2 / §7.3: ICE requires FINGERPRINT; a wrong one means the packet is not ours.
  if (message.has_fingerprint() && !message.verify_fingerprint()) {
    ++stats_.bad_fingerprint;
    return;
  }
  switch (message.message_class()) {
    case StunClass::kRequest:
      if (message.method() != StunMethod::kBinding) {
        ++stats_.bad_requests;
        send_error(local, remote, message, stun::error::kBadRequest, "Bad Request", false);
        return;
      }
      handle_request(now, local, remote, message);
      return;
    case StunClass::kIndication:
      return;  // Binding indications are keepalives (§11): nothing to do.
    case StunClass::kSuccess:
    case StunClass::kError:
      handle_response(now, local, remote, message);
      return;
  }
}

void IceAgent::send_error(const SocketAddress& local, const SocketAddress& remote,
                          const StunMessage& request, int code, const char* reason, bool sign,
                          const std::vector<uint16_t>& unknown) {
  StunMessage response(StunClass::kError, request.method(), request.transaction_id());
  response.set_error_code(code, reason);
  if (!unknown.empty()) response.add_unknown_attributes(unknown);
  Bytes bytes = sign ? response.encode_with_integrity(stun::short_term_key(local_credentials_.pwd), true)
                     : response.encode_with_fingerprint();
  ++stats_.responses_sent;
  transmit(local, remote, std::move(bytes));
}

void IceAgent::handle_request(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                              const StunMessage& request) {
  const LocalCandidate* lc = local_by_base(local);
  // The selected pair keeps carrying the connection through a restart even when its local
  // candidate is offered no more (a restart under iceTransportPolicy 'relay', a removed TURN
  // server): the peer's consent checks on it are answered (or the peer's side would fail the
  // connection while ours still used it), but they form no new pair.
  std::optional<LocalCandidate> retained;
  if (!lc && selected_ && selected_->pair.base == local) {
    retained = LocalCandidate{selected_->pair.local, local};
    lc = &*retained;
  }
  if (!lc) {
    ++stats_.dropped_unknown_local;
    WASMRTC_LOG(kStun) << "dropped a request from " << remote.to_string() << " to " << local.to_string()
                       << ": no local candidate has that base";
    return;
  }
  if (local_credentials_.empty()) {
    ++stats_.dropped_other;
    WASMRTC_LOG(kStun) << "dropped a request from " << remote.to_string() << ": no local ICE credentials yet";
    return;
  }
  // RFC 8489 §6.3.1.1: unknown comprehension-required attributes -> 420.
  auto unknown = request.unknown_comprehension_required();
  if (!unknown.empty()) {
    ++stats_.unknown_attributes;
    WASMRTC_LOG(kStun) << "answered 420 Unknown Attribute to " << remote.to_string();
    send_error(local, remote, request, stun::error::kUnknownAttribute, "Unknown Attribute", false, unknown);
    return;
  }
  // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY -> 400; wrong ufrag or HMAC -> 401.
  auto username = request.get_string(attr::kUsername);
  if (!username || !request.has_integrity()) {
    ++stats_.bad_requests;
    WASMRTC_LOG(kStun) << "answered 400 Bad Request to " << remote.to_string()
                       << ": the request has no USERNAME or no MESSAGE-INTEGRITY";
    send_error(local, remote, request, stun::error::kBadRequest, "Bad Request", false);
    return;
  }
  size_t colon = username->find(':');
  if (colon == std::string::npos || username->substr(0, colon) != local_credentials_.ufrag ||
      !request.verify_integrity(stun::short_term_key(local_credentials_.pwd))) {
    ++stats_.bad_integrity;
    // The usual cause is a stale description: the peer uses credentials from before an ICE restart.
    if (log::enabled(log::Layer::kStun)) {
      const bool ours = colon != std::string::npos && username->substr(0, colon) == local_credentials_.ufrag;
      WASMRTC_LOG(kStun) << "answered 401 Unauthorized to " << remote.to_string() << ": "
                         << (ours ? std::string("MESSAGE-INTEGRITY does not match our ICE password")
                                  : "USERNAME " + *username + " does not start with our ufrag " +
                                        local_credentials_.ufrag);
    }
    send_error(local, remote, request, stun::error::kUnauthorized, "Unauthorized", false);
    return;
  }
  last_heard_ = now;  // authenticated: the peer is there
  auto priority = request.get_u32(attr::kPriority);
  auto controlling = request.get_u64(attr::kIceControlling);
  auto controlled = request.get_u64(attr::kIceControlled);
  if (!priority || (!controlling && !controlled)) {
    ++stats_.bad_requests;
    send_error(local, remote, request, stun::error::kBadRequest, "Bad Request", true);
    return;
  }
  // §7.3.1.1: role conflicts; the larger tie-breaker keeps (or takes) the controlling role.
  if (role_ == IceRole::kControlling && controlling) {
    if (tie_breaker_ >= *controlling) {
      ++stats_.role_conflicts;
      send_error(local, remote, request, stun::error::kRoleConflict, "Role Conflict", true);
      return;
    }
    set_role_internal(IceRole::kControlled);
  } else if (role_ == IceRole::kControlled && controlled) {
    if (tie_breaker_ >= *controlled) {
      set_role_internal(IceRole::kControlling);
    } else {
      ++stats_.role_conflicts;
      send_error(local, remote, request, stun::error::kRoleConflict, "Role Conflict", true);
      return;
    }
  }

  StunMessage response(StunClass::kSuccess, StunMethod::kBinding, request.transaction_id());
  response.add_xor_address(attr::kXorMappedAddress, remote);
  ++stats_.responses_sent;
  if (selected_ && same_path(selected_->pair, local, remote)) selected_->last_sent = now;
  transmit(local, remote, response.encode_with_integrity(stun::short_term_key(local_credentials_.pwd), true));
  if (retained) return;  // consent on the kept path only

  // §7.3.1.3: a source address that is no known remote candidate is a peer-reflexive candidate.
  if (!remote_by_address(remote)) {
    Candidate prflx;
    prflx.type = CandidateType::kPeerReflexive;
    prflx.address = remote;
    prflx.priority = *priority;
    uint8_t bytes[8];
    random_.fill(bytes);
    for (uint8_t b : bytes) prflx.foundation += kIceChars[b & 63];
    remote_.push_back(prflx);
    ++stats_.peer_reflexive_remote;
  }
  Candidate remote_candidate = *remote_by_address(remote);
  Candidate local_candidate = lc->candidate;
  bool use_candidate = request.has(attr::kUseCandidate);
  if (remote_credentials_.empty()) {
    // Trickle (RFC 8838 §7): checks may come before the answer; remember a nomination.
    if (use_candidate && role_ == IceRole::kControlled) early_nominations_.insert({local, remote});
    return;
  }
  // §7.3.1.4: triggered check.
  CandidatePair* pair = check_list_.find(local, remote);
  if (!pair) pair = add_pair(now, local_candidate, local, remote_candidate);
  if (!pair) return;
  update_check_stats(pair->id, [](PairCheckStats& s) {
    ++s.requests_received;
    ++s.responses_sent;  // answered above
  });
  if (pair->state == PairState::kInProgress && !pair->valid) {
    // §7.3.1.4: the peer's check got through while ours waits for an answer, which often means
    // ours was dropped on the way (a NAT binding or TURN permission the peer had not opened yet).
    // Cancel that transaction and check again now rather than wait a retransmission (500 ms).
    // Now, not at the next Ta slot: the new check replaces one already counted against the pacing
    // (it is a retransmission in all but its transaction id), and behind TURN that slot was the
    // 50 ms of nearly every relayed setup (docs/PERFORMANCE.md "Seventh round").
    // Only until the pair first succeeds: a valid pair re-checked to nominate it stays as it is
    // (re-triggering it would make both sides ping-pong checks).
    for (auto& [id, p] : pending_) {
      if (p.kind == TxKind::kCheck && p.pair_id == pair->id) p.cancelled = true;
    }
    send_check(now, *pair);
  } else if (pair->state != PairState::kSucceeded && pair->state != PairState::kInProgress) {
    pair->state = PairState::kWaiting;
    check_list_.push_triggered(pair->id);
  }
  // §7.3.1.5: nomination by the controlling peer (regular or aggressive).
  if (use_candidate && role_ == IceRole::kControlled) {
    if (pair->valid) {
      pair->nominated = true;
      update_selected(now);
    } else {
      pair->nominate_on_success = true;
    }
  }
}

void IceAgent::handle_response(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                               const StunMessage& response) {
  auto it = pending_.find(response.transaction_id());
  if (it == pending_.end() || response.method() != StunMethod::kBinding) {
    ++stats_.unknown_transactions;
    return;
  }
  if (it->second.kind == TxKind::kGather) {
    if (remote != it->second.remote || local != it->second.local) {
      ++stats_.non_symmetric;
      return;
    }
    Pending pending = std::move(it->second);
    pending_.erase(it);
    handle_gather_response(now, pending, response);
    maybe_gathering_complete();
    return;
  }
  // §7.2.5.1 with RFC 8489 §9.1.4: a response that fails integrity is discarded as if never received.
  if (!response.has_integrity() || !response.verify_integrity(it->second.key)) {
    ++stats_.bad_integrity;
    if (!response.has_integrity()) {
      // Error responses to checks (401 above all) are not signed: the peer rejected ours.
      WASMRTC_LOG(kStun) << "dropped a response without MESSAGE-INTEGRITY from " << remote.to_string()
                         << (response.message_class() == StunClass::kError
                                 ? " (an error response: the peer did not accept our credentials?)"
                                 : "");
    } else {
      WASMRTC_LOG(kStun) << "dropped a response from " << remote.to_string()
                         << ": its MESSAGE-INTEGRITY does not match the peer's ICE password";
    }
    return;
  }
  Pending pending = std::move(it->second);
  pending_.erase(it);
  handle_check_response(now, pending, local, remote, response);
}

void IceAgent::handle_gather_response(Timestamp now, Pending& pending, const StunMessage& response) {
  if (response.message_class() != StunClass::kSuccess) return;
  auto mapped = response.get_xor_address(attr::kXorMappedAddress);
  if (!mapped) mapped = response.get_address(attr::kMappedAddress);
  if (!mapped || *mapped == pending.local) return;
  const LocalCandidate* host = local_by_base(pending.local);
  if (!host) return;
  Candidate c;
  c.type = CandidateType::kServerReflexive;
  c.address = *mapped;
  c.related_address = pending.local;
  // Same local preference as its base.
  c.priority = compute_priority(CandidateType::kServerReflexive,
                                static_cast<uint16_t>((host->candidate.priority >> 8) & 0xFFFF), 1);
  c.foundation = compute_foundation(CandidateType::kServerReflexive, pending.local.ip(),
                                    pending.remote.ip(), TransportProtocol::kUdp);
  add_local(now, c, pending.local, true);
}

void IceAgent::handle_check_response(Timestamp now, Pending& pending, const SocketAddress& local,
                                     const SocketAddress& remote, const StunMessage& response) {
  bool symmetric = local == pending.local && remote == pending.remote;
  if (symmetric && response.message_class() == StunClass::kSuccess) {
    last_heard_ = now;
    std::optional<Duration> rtt;
    if (pending.transaction.transmissions() == 1) rtt = now - pending.sent_at;
    update_check_stats(pending.pair_id, [&](PairCheckStats& s) { s.record_response(rtt); });
  }
  if (pending.kind == TxKind::kConsent) {
    // RFC 7675 §5.1: only an authenticated success response from the right address refreshes consent.
    if (symmetric && response.message_class() == StunClass::kSuccess && selected_ &&
        same_path(selected_->pair, pending.local, pending.remote))
      selected_->last_consent = now;
    return;
  }
  if (pending.epoch != epoch_) return;  // a check of the previous generation
  CandidatePair* pair = check_list_.find(pending.pair_id);
  if (!pair) return;
  auto fail = [&] {
    if (pending.cancelled) return;  // §7.3.1.4: its pair was checked again; that check decides
    WASMRTC_LOG(kIce) << "check failed " << pair->base.to_string() << " -> " << pair->remote.address.to_string()
                      << (symmetric ? (response.message_class() == StunClass::kError ? " (error response)" : " (malformed response)")
                                    : " (response from another address)");
    pair->state = PairState::kFailed;
    pair->valid = false;
    if (nominating_pair_ == pair->id) nominating_pair_.reset();
  };
  if (!symmetric) {  // §7.2.5.2.1
    ++stats_.non_symmetric;
    fail();
    return;
  }
  if (response.message_class() == StunClass::kError) {
    auto error = response.error_code();
    if (error && error->code == stun::error::kRoleConflict) {
      // §7.2.5.1: switch to the role opposite to the one the request claimed, and check again.
      WASMRTC_LOG(kIce) << "487 role conflict: switching role and checking again";
      if (role_ == pending.role_sent)
        set_role_internal(pending.role_sent == IceRole::kControlling ? IceRole::kControlled
                                                                     : IceRole::kControlling);
      pair->state = PairState::kWaiting;
      check_list_.push_triggered(pair->id);
      return;
    }
    fail();
    return;
  }
  auto mapped = response.get_xor_address(attr::kXorMappedAddress);
  if (!mapped) {
    ++stats_.malformed;
    fail();
    return;
  }
  // §7.2.5.3.1: a mapped address that is no local candidate is a local peer-reflexive candidate.
  bool known = false;
  for (const auto& lc : local_)
    if (lc.candidate.address == *mapped) known = true;
  if (!known) {
    Candidate prflx;
    prflx.type = CandidateType::kPeerReflexive;
    prflx.address = *mapped;
    prflx.priority = pending.prflx_priority;
    prflx.foundation = compute_foundation(CandidateType::kPeerReflexive, pending.local.ip(),
                                          std::nullopt, TransportProtocol::kUdp);
    prflx.ufrag = local_credentials_.ufrag;
    local_.push_back(LocalCandidate{prflx, pending.local});
    ++stats_.peer_reflexive_local;
  }
  pair->state = PairState::kSucceeded;
  pair->valid = true;
  WASMRTC_LOG(kIce) << "check succeeded " << pair->base.to_string() << " -> " << pair->remote.address.to_string();
  check_list_.unfreeze_foundation(pair->foundation());  // §7.2.5.3.3
  if (!first_valid_at_) first_valid_at_ = now;
  if (pending.use_candidate && role_ == IceRole::kControlling) pair->nominated = true;  // §7.2.5.3.4
  if (pair->nominate_on_success && role_ == IceRole::kControlled) pair->nominated = true;
  if (selected_ && same_path(selected_->pair, pair->base, pair->remote.address)) selected_->last_consent = now;
  update_selected(now);
}

// --- timers -------------------------------------------------------------------------------------------

void IceAgent::handle_timeout(Timestamp now) {
  now_ = now;
  if (closed_) return;
  for (auto it = pending_.begin(); it != pending_.end();) {
    Pending& p = it->second;
    if (p.transaction.next_timeout() > now) {
      ++it;
      continue;
    }
    auto action = p.transaction.handle_timeout(now);
    if (action == stun::StunTransaction::Action::kRetransmit && p.cancelled) {
      ++it;  // §7.3.1.4: a cancelled check is not retransmitted, only awaited
    } else if (action == stun::StunTransaction::Action::kRetransmit) {
      if (p.kind == TxKind::kCheck) ++stats_.check_retransmits;
      WASMRTC_LOG(kStun) << "no response yet: request sent again " << p.local.to_string() << " -> "
                         << p.remote.to_string();
      if (selected_ && same_path(selected_->pair, p.local, p.remote)) selected_->last_sent = now;
      transmit(p.local, p.remote, p.packet);
      ++it;
    } else if (action == stun::StunTransaction::Action::kTimedOut) {
      if (p.kind == TxKind::kCheck && p.epoch == epoch_ && !p.cancelled) {
        ++stats_.checks_timed_out;
        if (CandidatePair* pair = check_list_.find(p.pair_id); pair && pair->state == PairState::kInProgress) {
          WASMRTC_LOG(kIce) << "check timed out " << pair->base.to_string() << " -> "
                            << pair->remote.address.to_string() << " (no response)";
          pair->state = PairState::kFailed;
          pair->valid = false;
          if (nominating_pair_ == pair->id) nominating_pair_.reset();
        }
      }
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  maybe_gathering_complete();
  for (auto& relay : turn_) {
    if (relay.client->next_timeout() <= now) relay.client->handle_timeout(now);
    pump_turn(relay);
  }

  maybe_nominate(now);  // first, so a nomination goes out in this Ta slot
  // §6.1.4.2 / §14.2: one new check per Ta, triggered checks first.
  if (can_check() && now >= last_check_sent_ + config_.ta) {
    CandidatePair* pair = nullptr;
    if (auto id = check_list_.pop_triggered()) pair = check_list_.find(*id);
    if (!pair) pair = check_list_.next_ordinary(role_);
    if (pair) send_check(now, *pair);
  }

  // Consent runs on across an ICE restart, with the current credentials (the peer answers checks
  // on any path), so the old pair keeps its consent until the new one is selected.
  if (selected_ && !consent_lost_) {
    if (now - selected_->last_consent >= config_.consent_timeout) {
      // RFC 7675 §5.1: consent expired; stop sending.
      WASMRTC_LOG(kIce) << "consent expired: no response from the peer for "
                        << (now - selected_->last_consent).count() / 1000 << " ms; sending stops";
      consent_lost_ = true;
      selected_.reset();
      restarting_ = false;
      for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second.kind == TxKind::kGather) ++it;
        else it = pending_.erase(it);
      }
      events_.push_back(event::SelectedPairChanged{Candidate{}, Candidate{}, true});
    } else {
      if (now >= selected_->next_consent) {
        send_consent(now);
        selected_->next_consent = consent_jitter(now);
      }
      if (now - selected_->last_sent >= config_.keepalive_interval) {
        // §11: a Binding indication keeps NAT bindings open when nothing else was sent.
        StunMessage indication(StunClass::kIndication, StunMethod::kBinding,
                               stun::random_transaction_id(random_));
        ++stats_.keepalives_sent;
        selected_->last_sent = now;
        transmit(selected_->pair.base, selected_->pair.remote.address, indication.encode_with_fingerprint());
      }
    }
  }
  update_state(now);
}

Timestamp IceAgent::next_timeout() const {
  if (closed_) return Timestamp::infinite();
  Timestamp t = Timestamp::infinite();
  for (const auto& [id, p] : pending_) t = std::min(t, p.transaction.next_timeout());
  for (const auto& relay : turn_) t = std::min(t, relay.client->next_timeout());
  if (can_check() && check_list_.has_work()) t = std::min(t, last_check_sent_ + config_.ta);
  if (role_ == IceRole::kControlling && can_check() && first_valid_at_ && !nominating_pair_) {
    auto& list = const_cast<CheckList&>(check_list_);
    if (!list.best_nominated(role_) && list.best_valid(role_))
      t = std::min(t, *first_valid_at_ + config_.nomination_delay);
  }
  if (selected_ && !consent_lost_) {
    t = std::min(t, selected_->next_consent);
    t = std::min(t, selected_->last_sent + config_.keepalive_interval);
    t = std::min(t, selected_->last_consent + config_.consent_timeout);
    if (state_ != IceTransportState::kDisconnected)
      t = std::min(t, selected_->last_consent + config_.disconnected_timeout);
  }
  if (!selected_ && !consent_lost_ && state_ != IceTransportState::kFailed) {
    auto& list = const_cast<CheckList&>(check_list_);
    if (list.best_valid(role_)) {  // liveness before nomination (update_state)
      if (state_ != IceTransportState::kDisconnected) t = std::min(t, last_heard_ + config_.disconnected_timeout);
      t = std::min(t, last_heard_ + config_.consent_timeout);
    }
  }
  if (!selected_ && state_ != IceTransportState::kFailed && check_list_.all_failed() &&
      !remote_end_of_candidates_)
    t = std::min(t, last_pair_added_ + config_.failed_grace);
  return t;
}

void IceAgent::update_state(Timestamp now) {
  IceTransportState next;
  if (closed_) {
    next = IceTransportState::kClosed;
  } else if (consent_lost_) {
    next = IceTransportState::kFailed;
  } else if (selected_) {
    if (now - selected_->last_consent >= config_.disconnected_timeout)
      next = IceTransportState::kDisconnected;
    else if (!restarting_ && !check_list_.checks_pending() && remote_end_of_candidates_ &&
             gathering_state_ == IceGatheringState::kComplete)
      next = IceTransportState::kCompleted;
    else
      next = IceTransportState::kConnected;
  } else if (check_list_.best_valid(role_)) {
    // A pair has succeeded and carries data (send() uses it before nomination): W3C "connected",
    // "found a usable connection ... but still checking" (webrtc-pc §5.6, RTCIceTransportState).
    // No consent runs before nomination: a peer that falls silent here (it vanished before it
    // nominated) goes disconnected, then failed, after the consent timeouts (RFC 7675 §5.1).
    if (now - last_heard_ >= config_.consent_timeout) {
      WASMRTC_LOG(kIce) << "nothing heard from the peer for " << (now - last_heard_).count() / 1000
                        << " ms before nomination; sending stops";
      consent_lost_ = true;
      next = IceTransportState::kFailed;
    } else if (now - last_heard_ >= config_.disconnected_timeout) {
      next = IceTransportState::kDisconnected;
    } else {
      next = IceTransportState::kConnected;
    }
  } else if (check_list_.all_failed() &&
             (remote_end_of_candidates_ || now - last_pair_added_ >= config_.failed_grace)) {
    next = IceTransportState::kFailed;
  } else if (!check_list_.empty()) {
    next = IceTransportState::kChecking;
  } else {
    next = state_ == IceTransportState::kNew ? IceTransportState::kNew : IceTransportState::kChecking;
  }
  if (next != state_) {
    WASMRTC_LOG(kIce) << "state " << to_string(state_) << " -> " << to_string(next) << " (" << check_list_.pairs().size()
                      << " pairs, " << remote_.size() << " remote candidates"
                      << (remote_end_of_candidates_ ? ", remote end-of-candidates" : "") << ")";
    state_ = next;
    events_.push_back(event::StateChanged{next});
  }
}

// --- API ----------------------------------------------------------------------------------------------

void IceAgent::restart(Timestamp now, const IceCredentials& local) {
  now_ = now;
  if (closed_) return;
  local_credentials_ = local;
  drop_generation();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.kind == TxKind::kGather) it = pending_.erase(it);
    else ++it;
  }
  restarting_ = selected_.has_value();
  consent_lost_ = false;
  // A new gathering phase: a policy changed since applies now (JSEP §4.1.18). Relayed candidates
  // stay (same allocations) unless their TURN server was removed, host ones too unless the policy
  // is now kRelay; reflexive ones are learned again. All are signalled again with the new ufrag
  // (RFC 8838 §4.5).
  gathering_policy_ = policy_;
  const bool hosts = gathering_policy_ == IceTransportPolicy::kAll;
  std::vector<LocalCandidate> kept;
  for (auto& lc : local_) {
    if (lc.candidate.type == CandidateType::kRelayed) {
      const TurnRelay* relay = turn_by_relayed(lc.base);
      if (relay && relay->retired) continue;  // its server was removed
    }
    if ((hosts && lc.candidate.type == CandidateType::kHost) || lc.candidate.type == CandidateType::kRelayed) {
      lc.candidate.ufrag = local.ufrag;
      kept.push_back(lc);
    }
  }
  local_ = kept;
  if (gathering_started_) {
    gathering_state_ = IceGatheringState::kGathering;
    events_.push_back(event::GatheringStateChanged{gathering_state_});
    for (const auto& lc : local_) events_.push_back(event::CandidateGathered{lc.candidate});
    if (hosts) {
      for (const auto& address : std::vector<SocketAddress>(host_addresses_)) {
        const bool gathered = std::any_of(local_.begin(), local_.end(), [&](const LocalCandidate& lc) {
          return lc.candidate.type == CandidateType::kHost && lc.base == address;
        });
        if (!gathered) {
          gather_host(now, address);  // the policy was kRelay until now: host (and reflexive) anew
          continue;
        }
        for (const auto& server : stun_servers_)
          if (server.family() == address.family()) send_gather_request(now, address, server);
      }
    }
    maybe_gathering_complete();
  }
  for (const auto& r : std::vector<Candidate>(remote_)) form_pairs_for_remote(now, r);
  update_state(now);
}

bool IceAgent::send(Timestamp now, ByteView data) {
  now_ = now;
  if (closed_ || consent_lost_) return false;
  const CandidatePair* pair = selected_ ? &selected_->pair : check_list_.best_valid(role_);
  if (!pair) return false;
  if (selected_) selected_->last_sent = now;
  transmit(pair->base, pair->remote.address, Bytes(data.begin(), data.end()));
  return true;
}

void IceAgent::close(Timestamp now) {
  now_ = now;
  if (closed_) return;
  for (auto& relay : turn_) {
    relay.client->close(now);
    pump_turn(relay);
  }
  closed_ = true;
  pending_.clear();
  check_list_.clear();
  update_state(now);
}

std::optional<CandidatePair> IceAgent::selected_pair() const {
  if (!selected_ || consent_lost_) return std::nullopt;
  return selected_->pair;
}

std::optional<CandidatePair> IceAgent::active_pair() const {
  if (auto selected = selected_pair()) return selected;
  if (closed_ || consent_lost_) return std::nullopt;
  const CandidatePair* valid = const_cast<CheckList&>(check_list_).best_valid(role_);
  if (!valid) return std::nullopt;
  return *valid;
}

void IceAgent::transmit(const SocketAddress& local, const SocketAddress& remote, Bytes data) {
  if (TurnRelay* relay = turn_by_relayed(local)) {
    // RFC 8656 §9: the server relays nothing for a peer without a permission.
    if (relay->permissions.insert(remote.ip()).second) relay->client->create_permission(now_, remote.ip());
    relay->client->send(now_, remote, data);
    pump_turn(*relay, /*events=*/false);
    return;
  }
  transmits_.push_back(Transmit{local, remote, std::move(data)});
}

std::optional<Transmit> IceAgent::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  Transmit t = std::move(transmits_.front());
  transmits_.pop_front();
  return t;
}

std::optional<IceEvent> IceAgent::poll_event() {
  if (events_.empty()) return std::nullopt;
  IceEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

}  // namespace wasmrtc::ice
