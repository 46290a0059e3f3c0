// A full ICE agent (RFC 8445) with trickle (RFC 8838) and consent freshness (RFC 7675), sans-IO:
// one data stream, one component (WebRTC: BUNDLE + rtcp-mux), UDP.
//
// Drain contract (docs/ARCHITECTURE.md): after any input or API call, the driver drains
// poll_transmit() and poll_event() until both are empty, then calls handle_timeout(now) when
// next_timeout() comes. Nothing here reads a clock, opens a socket or draws randomness except
// through the RandomSource given to the constructor.
//
// Addresses: a Transmit's `local` is the local socket to send from. Host candidates use the
// address the driver added. A relayed candidate's base is the relayed address itself (RFC 8445
// §5.1.1.2): a Transmit whose local is a relayed address must go through the driver's TURN client
// (Send indication or ChannelData to that allocation's server, creating the permission first);
// data the TURN client unwraps from that allocation comes back in handle_receive with local = the
// relayed address and remote = the peer. That is the seam between ICE and TURN for a driver that
// runs its own TURN client (add_relayed_candidate). Alternatively add_turn_server() lets the agent
// run a turn::TurnClient itself over a host socket: then every Transmit is an ordinary datagram
// (to the TURN server) and the driver needs no TURN logic at all.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/socket_address.h"
#include "common/time.h"
#include "ice/candidate.h"
#include "ice/candidate_pair.h"
#include "ice/check_list.h"
#include "ice/ice_credentials.h"
#include "ice/ice_states.h"
#include "stun/stun_message.h"
#include "stun/stun_transaction.h"
#include "turn/turn_client.h"

namespace wasmrtc::ice {

struct Transmit {
  SocketAddress local;   // the socket to send from (a host address or a relayed address)
  SocketAddress remote;
  Bytes data;
};

struct IceAgentConfig {
  Duration ta = Duration(50'000);  // pacing of new checks (RFC 8445 §14.2)
  // Connectivity check retransmissions (RFC 8445 §14.3: RTO at least 500 ms; RFC 8489 §6.2.1).
  stun::StunRetransmitOptions check_retransmit{Duration(500'000), 7, 8, false, Duration(39'500'000)};
  // Server-reflexive gathering through STUN servers.
  stun::StunRetransmitOptions gather_retransmit{Duration(500'000), 4, 8, false, Duration(39'500'000)};
  // Consent checks (RFC 7675 §5.1): each retransmitted a few times within its interval.
  stun::StunRetransmitOptions consent_retransmit{Duration(500'000), 4, 4, false, Duration(39'500'000)};
  // Controlling side: after the first valid pair, wait this long for better pairs before
  // nominating (regular nomination, RFC 8445 §8.1.1); nominate at once when no check is pending.
  Duration nomination_delay = Duration(500'000);
  Duration consent_interval = Duration(5'000'000);  // randomised 0.8..1.2 (RFC 7675 §5.1)
  Duration disconnected_timeout = Duration(7'500'000);  // no consent for this long: disconnected
  Duration consent_timeout = Duration(30'000'000);  // no consent for this long: failed (§5.1)
  Duration keepalive_interval = Duration(15'000'000);  // Tr (RFC 8445 §11)
  // All pairs failed but the peer has not signalled end-of-candidates: wait this long after the
  // last new pair before reporting failed (RFC 8838 §8 lets the peer keep trickling).
  Duration failed_grace = Duration(5'000'000);
  size_t max_pairs = 100;  // RFC 8445 §6.1.2.5
};

namespace event {
struct CandidateGathered {
  Candidate candidate;  // a local candidate to signal (RTCPeerConnection onicecandidate)
};
struct GatheringStateChanged {
  IceGatheringState state;  // kComplete: signal end-of-candidates (the null candidate)
};
struct StateChanged {
  IceTransportState state;
};
struct SelectedPairChanged {
  Candidate local;
  Candidate remote;
  bool lost = false;  // consent expired: there is no selected pair any more (candidates empty)
};
struct RoleChanged {
  IceRole role;  // after a role conflict (RFC 8445 §7.3.1.1 / §7.2.5.1)
};
struct DataReceived {
  SocketAddress local;
  SocketAddress remote;
  Bytes data;  // a non-STUN datagram (DTLS, RTP, ...) on a known pair: for the layers above
};
}  // namespace event

using IceEvent = std::variant<event::CandidateGathered, event::GatheringStateChanged,
                              event::StateChanged, event::SelectedPairChanged, event::RoleChanged,
                              event::DataReceived>;

// What add_remote_candidate did with a candidate.
enum class RemoteCandidateStatus {
  kAdded,
  kUpdated,           // same address as a known one (e.g. a peer-reflexive one learned earlier)
  kSkippedHostname,   // an unresolved name (mDNS .local): the driver resolves it and adds again
  kSkippedTcp,        // ICE-TCP is not implemented
  kSkippedComponent,  // not component 1
  kSkippedStale,      // its ufrag is not the current remote ufrag (an old generation)
  kSkippedClosed,     // the agent is closed
};

// Counters for stats and for the tests that feed bad input: every drop is counted.
struct IceAgentStats {
  uint64_t packets_received = 0;
  uint64_t stun_received = 0;
  uint64_t data_received = 0;
  uint64_t malformed = 0;             // not decodable as STUN though it looks like STUN
  uint64_t bad_fingerprint = 0;
  uint64_t bad_integrity = 0;         // requests answered 401, responses dropped
  uint64_t bad_requests = 0;          // answered 400
  uint64_t unknown_attributes = 0;    // answered 420
  uint64_t role_conflicts = 0;        // answered 487
  uint64_t role_switches = 0;
  uint64_t unknown_transactions = 0;  // responses matching no request of ours
  uint64_t non_symmetric = 0;         // responses from another address than asked (§7.2.5.2.1)
  uint64_t dropped_unknown_local = 0; // arrived on a socket that is no candidate base
  uint64_t dropped_other = 0;         // indications, unexpected methods, requests before creds
  uint64_t data_from_unknown_peer = 0;
  uint64_t checks_sent = 0;
  uint64_t check_retransmits = 0;
  uint64_t checks_timed_out = 0;
  uint64_t consent_checks_sent = 0;
  uint64_t keepalives_sent = 0;
  uint64_t responses_sent = 0;
  uint64_t remote_candidates_added = 0;
  uint64_t remote_candidates_skipped = 0;
  uint64_t peer_reflexive_remote = 0;
  uint64_t peer_reflexive_local = 0;
  uint64_t pairs_dropped_over_limit = 0;
  uint64_t turn_failures = 0;          // allocations that failed or were lost
};

class IceAgent {
 public:
  // The tie-breaker is drawn from `random` here (RFC 8445 §5.2); `random` must outlive the agent.
  IceAgent(IceRole role, RandomSource& random, IceAgentConfig config = {});

  // --- setup ---
  void set_local_credentials(const IceCredentials& credentials);
  // A different ufrag than before is an ICE restart by the peer: remote candidates and pairs of
  // the old generation are dropped; the selected pair keeps carrying data until a new one is
  // selected.
  void set_remote_credentials(Timestamp now, const IceCredentials& credentials);
  const IceCredentials& local_credentials() const { return local_credentials_; }
  const IceCredentials& remote_credentials() const { return remote_credentials_; }
  void set_role(IceRole role);  // before checks start (JSEP: the offerer controls)
  IceRole role() const { return role_; }
  uint64_t tie_breaker() const { return tie_breaker_; }

  // --- local candidates ---
  // A local UDP socket address (the driver enumerates interfaces and binds). Gathered as a host
  // candidate now if gathering has started, else at start_gathering (unless the policy is kRelay:
  // then it is only a base for TURN).
  void add_host_address(Timestamp now, const SocketAddress& local);
  // RTCIceTransportPolicy. Takes effect at the next gathering phase, start_gathering() or
  // restart(), as JSEP §4.1.18 says of a changed policy ("no action will be taken until the next
  // gathering phase"; an application that wants it at once restarts ICE). kRelay: no host and no
  // server-reflexive candidates (no STUN server is asked), relayed ones only.
  void set_transport_policy(IceTransportPolicy policy) { policy_ = policy; }
  // A STUN server (resolved by the driver) for server-reflexive candidates.
  void add_stun_server(const SocketAddress& server);
  // Gathers host candidates, sends Binding requests to the STUN servers from every host address of
  // the same family, and waits for `pending_relays` add_relayed_candidate / relay_gathering_failed
  // calls before reporting gathering complete.
  void start_gathering(Timestamp now, int pending_relays = 0);
  // A TURN allocation the driver made: `relayed` is XOR-RELAYED-ADDRESS, `mapped` the
  // XOR-MAPPED-ADDRESS (raddr), `server` the TURN server (for the foundation).
  void add_relayed_candidate(Timestamp now, const SocketAddress& relayed, const SocketAddress& server,
                             const std::optional<SocketAddress>& mapped);
  void relay_gathering_failed(Timestamp now);
  // A TURN server (resolved by the driver, UDP) reached from the host socket `local_base`: the
  // agent allocates with `options` (long-term credentials) when gathering starts, signals the
  // relayed candidate, creates permissions for the peers it checks, binds a channel for the
  // selected pair and releases the allocation on close(). Its packets travel as Transmits from
  // local_base to server; what arrives from server on local_base is handed to its client. Over a
  // WebSocket relay transport set options.reliable (one TURN message per WebSocket message) and
  // route Transmits to `server` through the socket; `local_base` then only names that transport.
  // Over TCP/TLS also set options.stream and frame with stun::StunStreamFramer in the driver.
  void add_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base,
                       turn::TurnClientOptions options);
  // Servers the application removed (RTCPeerConnection.setConfiguration, applied at the next ICE
  // restart, webrtc-pc §4.4.1.5). A removed STUN server is not asked again. A removed TURN server's
  // relayed candidate is not offered from the next gathering phase on, and its allocation is
  // released now (Refresh with LIFETIME 0), unless the selected pair relays through it: that one
  // keeps carrying the connection until close(), so removing a server does not cut it.
  void remove_stun_server(const SocketAddress& server);
  void retire_turn_server(Timestamp now, const SocketAddress& server, const SocketAddress& local_base);
  std::vector<Candidate> local_candidates() const;

  // --- remote candidates (trickle, RFC 8838) ---
  RemoteCandidateStatus add_remote_candidate(Timestamp now, const Candidate& candidate);
  void end_of_remote_candidates(Timestamp now);
  std::vector<Candidate> remote_candidates() const { return remote_; }

  // ICE restart by this side (RFC 8445 §9): new local credentials, candidates gathered again
  // (events repeat), new checks; the selected pair keeps carrying data until a new one is
  // selected. Also the way out of kFailed.
  void restart(Timestamp now, const IceCredentials& local);

  // --- I/O ---
  void handle_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                      ByteView data);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<Transmit> poll_transmit();
  std::optional<IceEvent> poll_event();

  // Sends application data (DTLS records, ...) on the selected pair, or before selection on the
  // best valid pair. False (nothing sent) when there is none, after consent was lost, or closed.
  bool send(Timestamp now, ByteView data);
  // Stops everything (state kClosed); later inputs are ignored.
  void close(Timestamp now);

  // --- inspection ---
  IceTransportState state() const { return state_; }
  IceGatheringState gathering_state() const { return gathering_state_; }
  std::optional<CandidatePair> selected_pair() const;
  // The pair data travels on now: the selected pair, or before nomination the best valid pair
  // (what send() uses). What getStats reports as the selected candidate pair.
  std::optional<CandidatePair> active_pair() const;
  const CheckList& check_list() const { return check_list_; }
  const IceAgentStats& stats() const { return stats_; }

 private:
  struct LocalCandidate {
    Candidate candidate;
    SocketAddress base;
  };
  enum class TxKind { kGather, kCheck, kConsent };
  struct Pending {
    TxKind kind;
    stun::StunTransaction transaction;
    Bytes packet;
    SocketAddress local, remote;
    uint64_t pair_id = 0;
    bool use_candidate = false;
    IceRole role_sent = IceRole::kControlling;
    uint32_t epoch = 0;
    uint32_t prflx_priority = 0;
    Bytes key;  // remote pwd the response must be signed with
    Timestamp sent_at{};  // the first transmission, for the round trip (PairCheckStats)
    // RFC 8445 §7.3.1.4: replaced by a triggered check of its pair. No more retransmissions; a
    // late response still counts, and its timeout fails nothing.
    bool cancelled = false;
  };
  struct TurnRelay {
    SocketAddress server;
    SocketAddress base;
    std::unique_ptr<turn::TurnClient> client;
    std::optional<SocketAddress> relayed;
    bool counted = false;  // holds gathering open until allocated or failed
    bool retired = false;  // removed by the application: not offered from the next gathering on
    std::set<IpAddress> permissions;
  };
  struct Selected {
    CandidatePair pair;
    Timestamp last_consent;
    Timestamp next_consent;
    Timestamp last_sent;
  };

  // Handling of received STUN messages.
  void handle_stun(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                   const stun::StunMessage& message);
  void handle_request(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                      const stun::StunMessage& request);
  void handle_response(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                       const stun::StunMessage& response);
  void handle_gather_response(Timestamp now, Pending& pending, const stun::StunMessage& response);
  void handle_check_response(Timestamp now, Pending& pending, const SocketAddress& local,
                             const SocketAddress& remote, const stun::StunMessage& response);
  void send_error(const SocketAddress& local, const SocketAddress& remote,
                  const stun::StunMessage& request, int code, const char* reason, bool sign,
                  const std::vector<uint16_t>& unknown = {});

  // Gathering.
  void gather_host(Timestamp now, const SocketAddress& local);
  void send_gather_request(Timestamp now, const SocketAddress& local, const SocketAddress& server);
  void add_local(Timestamp now, const Candidate& candidate, const SocketAddress& base, bool signal);
  void maybe_gathering_complete();
  uint16_t next_local_preference();

  // Checks.
  void form_pairs_for_remote(Timestamp now, const Candidate& remote);
  void form_pairs_for_local(Timestamp now, const LocalCandidate& local);
  CandidatePair* add_pair(Timestamp now, const Candidate& local, const SocketAddress& base,
                          const Candidate& remote);
  void send_check(Timestamp now, CandidatePair& pair);
  void send_consent(Timestamp now);
  // Applies `update` to the pair's check stats in the check list and in the selected pair's copy.
  template <typename F>
  void update_check_stats(uint64_t pair_id, F update);
  void maybe_nominate(Timestamp now);
  void update_selected(Timestamp now);
  void update_state(Timestamp now);
  void set_role_internal(IceRole role);
  bool can_check() const;
  bool ordinary_check_possible() const;
  Timestamp consent_jitter(Timestamp now);

  void transmit(const SocketAddress& local, const SocketAddress& remote, Bytes data);
  void receive_packet(Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView data);
  void start_allocation(Timestamp now, TurnRelay& relay);
  void pump_turn(TurnRelay& relay, bool events = true);
  TurnRelay* turn_by_relayed(const SocketAddress& relayed);
  const LocalCandidate* local_by_base(const SocketAddress& base) const;
  Candidate* remote_by_address(const SocketAddress& address);
  void drop_generation();

  IceAgentConfig config_;
  RandomSource& random_;
  IceRole role_;
  uint64_t tie_breaker_;
  IceCredentials local_credentials_;
  IceCredentials remote_credentials_;
  uint32_t epoch_ = 0;  // bumps on every restart; stale transactions are ignored

  std::vector<SocketAddress> host_addresses_;
  std::vector<SocketAddress> stun_servers_;
  std::vector<LocalCandidate> local_;
  std::vector<Candidate> remote_;
  bool remote_end_of_candidates_ = false;
  Timestamp last_pair_added_;
  // Early USE-CANDIDATE seen before the remote credentials: (base, remote).
  std::set<std::pair<SocketAddress, SocketAddress>> early_nominations_;

  CheckList check_list_;
  std::map<stun::TransactionId, Pending> pending_;
  Timestamp last_check_sent_ = Timestamp::from_micros(INT64_MIN / 2);
  std::optional<Timestamp> first_valid_at_;
  // When the peer was last heard: an authenticated check, a check's success response, or data.
  // Before nomination no consent check runs (RFC 7675 works on the selected pair), so a peer that
  // vanishes then is noticed by this silence instead.
  Timestamp last_heard_{};
  std::optional<uint64_t> nominating_pair_;

  std::optional<Selected> selected_;
  bool restarting_ = false;  // selected_ is from the previous generation (report the next selection)
  bool consent_lost_ = false;

  bool gathering_started_ = false;
  IceTransportPolicy policy_ = IceTransportPolicy::kAll;             // as configured
  IceTransportPolicy gathering_policy_ = IceTransportPolicy::kAll;   // the current generation's
  int pending_relays_ = 0;
  uint16_t local_preference_ = 65535;
  IceGatheringState gathering_state_ = IceGatheringState::kNew;
  IceTransportState state_ = IceTransportState::kNew;
  bool closed_ = false;

  std::vector<TurnRelay> turn_;
  Timestamp now_;  // of the current API call, for the TURN clients driven from inside transmit()

  std::deque<Transmit> transmits_;
  std::deque<IceEvent> events_;
  IceAgentStats stats_;
};

}  // namespace wasmrtc::ice
