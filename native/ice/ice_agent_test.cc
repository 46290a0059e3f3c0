// The agent against hand-made STUN messages: what it answers, what it drops and counts.
#include "ice/ice_agent.h"

#include <gtest/gtest.h>

#include "stun/stun_integrity.h"

namespace wasmrtc::ice {
namespace {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const SocketAddress kLocal = addr("192.0.2.1:5000");
const SocketAddress kRemote = addr("192.0.2.2:6000");
const IceCredentials kLocalCreds{"LOCL", "localpasswordlocalpassword"};
const IceCredentials kRemoteCreds{"REMT", "remotepasswordremotepassword"};

class IceAgentTest : public ::testing::Test {
 protected:
  void make(IceRole role, bool with_remote = true) {
    agent_ = std::make_unique<IceAgent>(role, random_);
    agent_->set_local_credentials(kLocalCreds);
    agent_->add_host_address(now_, kLocal);
    agent_->start_gathering(now_);
    if (with_remote) agent_->set_remote_credentials(now_, kRemoteCreds);
    drain();
  }

  void drain() {
    while (auto t = agent_->poll_transmit()) sent_.push_back(*t);
    while (auto e = agent_->poll_event()) events_.push_back(*e);
  }

  // A Binding request as the peer would send it.
  StunMessage request(uint64_t tie_breaker, bool peer_controlling, bool use_candidate = false) {
    StunMessage m(StunClass::kRequest, StunMethod::kBinding, stun::random_transaction_id(random_));
    m.add_string(attr::kUsername, kLocalCreds.ufrag + ":" + kRemoteCreds.ufrag);
    m.add_u32(attr::kPriority, 1862270975);
    m.add_u64(peer_controlling ? attr::kIceControlling : attr::kIceControlled, tie_breaker);
    if (use_candidate) m.add_flag(attr::kUseCandidate);
    return m;
  }
  Bytes sign(const StunMessage& m) { return m.encode_with_integrity(stun::short_term_key(kLocalCreds.pwd)); }

  std::optional<StunMessage> receive_and_answer(ByteView bytes) {
    sent_.clear();
    agent_->handle_receive(now_, kLocal, kRemote, bytes);
    drain();
    for (const auto& t : sent_)
      if (auto m = StunMessage::decode(t.data); m && m->message_class() != StunClass::kRequest) {
        EXPECT_EQ(t.local, kLocal);
        EXPECT_EQ(t.remote, kRemote);
        return m;
      }
    return std::nullopt;
  }

  void advance(Duration d) {
    Timestamp end = now_ + d;
    while (agent_->next_timeout() <= end) {
      now_ = std::max(now_, agent_->next_timeout());
      agent_->handle_timeout(now_);
      drain();
    }
    now_ = end;
  }

  SeededRandom random_{42};
  Timestamp now_ = Timestamp::from_millis(1000);
  std::unique_ptr<IceAgent> agent_;
  std::vector<Transmit> sent_;
  std::vector<IceEvent> events_;
};

TEST_F(IceAgentTest, AnswersAValidCheckWithXorMappedAddress) {
  make(IceRole::kControlled);
  auto response = receive_and_answer(sign(request(1, true)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), StunClass::kSuccess);
  EXPECT_EQ(response->get_xor_address(attr::kXorMappedAddress), kRemote);
  EXPECT_TRUE(response->verify_integrity(stun::short_term_key(kLocalCreds.pwd)));
  EXPECT_TRUE(response->has_fingerprint());
  EXPECT_TRUE(response->verify_fingerprint());
  // The unknown source became a peer-reflexive remote candidate, with the PRIORITY it sent.
  auto remotes = agent_->remote_candidates();
  ASSERT_EQ(remotes.size(), 1u);
  EXPECT_EQ(remotes[0].type, CandidateType::kPeerReflexive);
  EXPECT_EQ(remotes[0].priority, 1862270975u);
  EXPECT_EQ(agent_->stats().peer_reflexive_remote, 1u);
}

TEST_F(IceAgentTest, TriggeredCheckFollowsWithTheRightAttributes) {
  make(IceRole::kControlled);
  receive_and_answer(sign(request(1, true)));
  advance(Duration(60'000));
  std::optional<StunMessage> check;
  for (const auto& t : sent_)
    if (auto m = StunMessage::decode(t.data); m && m->message_class() == StunClass::kRequest) check = m;
  ASSERT_TRUE(check);
  EXPECT_EQ(check->get_string(attr::kUsername), "REMT:LOCL");
  EXPECT_TRUE(check->verify_integrity(stun::short_term_key(kRemoteCreds.pwd)));
  EXPECT_TRUE(check->verify_fingerprint());
  EXPECT_EQ(check->get_u64(attr::kIceControlled), agent_->tie_breaker());
  EXPECT_FALSE(check->has(attr::kIceControlling));
  EXPECT_FALSE(check->has(attr::kUseCandidate));
  // PRIORITY: a peer-reflexive candidate with the host candidate's local preference.
  EXPECT_EQ(check->get_u32(attr::kPriority), compute_priority(CandidateType::kPeerReflexive, 65535, 1));
}

TEST_F(IceAgentTest, MissingUsernameOrIntegrityIs400) {
  make(IceRole::kControlled);
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, stun::random_transaction_id(random_));
  m.add_u32(attr::kPriority, 1);
  auto r = receive_and_answer(m.encode_with_fingerprint());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_class(), StunClass::kError);
  EXPECT_EQ(r->error_code()->code, 400);
  auto unsigned_request = receive_and_answer(request(1, true).encode_with_fingerprint());
  ASSERT_TRUE(unsigned_request);
  EXPECT_EQ(unsigned_request->error_code()->code, 400);
  EXPECT_EQ(agent_->stats().bad_requests, 2u);
}

TEST_F(IceAgentTest, WrongUfragOrPasswordIs401) {
  make(IceRole::kControlled);
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, stun::random_transaction_id(random_));
  m.add_string(attr::kUsername, "NOPE:REMT");
  m.add_u32(attr::kPriority, 1);
  m.add_u64(attr::kIceControlling, 1);
  auto r1 = receive_and_answer(sign(m));
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->error_code()->code, 401);
  auto r2 = receive_and_answer(request(1, true).encode_with_integrity(stun::short_term_key("wrongpassword")));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->error_code()->code, 401);
  EXPECT_EQ(agent_->stats().bad_integrity, 2u);
  EXPECT_TRUE(agent_->remote_candidates().empty());  // nothing learned from bad requests
}

TEST_F(IceAgentTest, UnknownComprehensionRequiredAttributeIs420) {
  make(IceRole::kControlled);
  StunMessage m = request(1, true);
  m.add(0x7ABC, Bytes{1, 2, 3, 4});
  auto r = receive_and_answer(sign(m));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error_code()->code, 420);
  auto unknown = r->unknown_attributes();
  ASSERT_TRUE(unknown);
  EXPECT_EQ(*unknown, std::vector<uint16_t>{0x7ABC});
  EXPECT_EQ(agent_->stats().unknown_attributes, 1u);
  // Unknown comprehension-optional attributes are fine.
  StunMessage ok = request(1, true);
  ok.add(0xC001, Bytes{1, 2, 3, 4});
  auto r2 = receive_and_answer(sign(ok));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->message_class(), StunClass::kSuccess);
}

TEST_F(IceAgentTest, BadFingerprintAndTruncatedPacketsAreDroppedAndCounted) {
  make(IceRole::kControlled);
  Bytes good = sign(request(1, true));
  Bytes bad_crc = good;
  bad_crc.back() ^= 1;
  EXPECT_FALSE(receive_and_answer(bad_crc));
  EXPECT_EQ(agent_->stats().bad_fingerprint, 1u);
  for (size_t n : {1u, 19u, 20u, 27u, 40u}) {
    Bytes cut(good.begin(), good.begin() + static_cast<long>(std::min<size_t>(n, good.size())));
    EXPECT_FALSE(receive_and_answer(cut)) << n;
  }
  EXPECT_GE(agent_->stats().malformed, 4u);
  agent_->handle_receive(now_, kLocal, kRemote, ByteView());
  EXPECT_GE(agent_->stats().malformed, 5u);
}

TEST_F(IceAgentTest, RoleConflictAnswered487WhenOurTieBreakerIsLarger) {
  make(IceRole::kControlling);
  ASSERT_GT(agent_->tie_breaker(), 0u);
  auto r = receive_and_answer(sign(request(0, true)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error_code()->code, 487);
  EXPECT_TRUE(r->verify_integrity(stun::short_term_key(kLocalCreds.pwd)));
  EXPECT_EQ(agent_->role(), IceRole::kControlling);
  EXPECT_EQ(agent_->stats().role_conflicts, 1u);
}

TEST_F(IceAgentTest, RoleConflictSwitchesRoleWhenOurTieBreakerIsSmaller) {
  make(IceRole::kControlling);
  auto r = receive_and_answer(sign(request(UINT64_MAX, true)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_class(), StunClass::kSuccess);
  EXPECT_EQ(agent_->role(), IceRole::kControlled);
  bool role_event = false;
  for (const auto& e : events_)
    if (auto* rc = std::get_if<event::RoleChanged>(&e)) role_event = rc->role == IceRole::kControlled;
  EXPECT_TRUE(role_event);
}

TEST_F(IceAgentTest, ControlledRoleConflictBothWays) {
  make(IceRole::kControlled);
  auto r = receive_and_answer(sign(request(UINT64_MAX, false)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error_code()->code, 487);
  EXPECT_EQ(agent_->role(), IceRole::kControlled);
  auto r2 = receive_and_answer(sign(request(0, false)));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->message_class(), StunClass::kSuccess);
  EXPECT_EQ(agent_->role(), IceRole::kControlling);
}

// Our check answered with 487 (§7.2.5.1): switch role and check again.
TEST_F(IceAgentTest, Role487ResponseSwitchesRoleAndRetries) {
  make(IceRole::kControlling);
  Candidate remote = parse_candidate("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host").value();
  agent_->add_remote_candidate(now_, remote);
  sent_.clear();
  advance(Duration(10'000));
  ASSERT_EQ(sent_.size(), 1u);
  auto check = StunMessage::decode(sent_[0].data);
  ASSERT_TRUE(check && check->has(attr::kIceControlling));
  StunMessage conflict(StunClass::kError, StunMethod::kBinding, check->transaction_id());
  conflict.set_error_code(487, "Role Conflict");
  sent_.clear();
  agent_->handle_receive(now_, kLocal, kRemote, conflict.encode_with_integrity(stun::short_term_key(kRemoteCreds.pwd)));
  drain();
  EXPECT_EQ(agent_->role(), IceRole::kControlled);
  advance(Duration(60'000));
  ASSERT_FALSE(sent_.empty());
  auto retry = StunMessage::decode(sent_.back().data);
  ASSERT_TRUE(retry);
  EXPECT_TRUE(retry->has(attr::kIceControlled));
  EXPECT_NE(retry->transaction_id(), check->transaction_id());
}

TEST_F(IceAgentTest, ResponsesWithBadIntegrityOrUnknownTransactionAreIgnored) {
  make(IceRole::kControlling);
  agent_->add_remote_candidate(now_, parse_candidate("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host").value());
  sent_.clear();
  advance(Duration(10'000));
  auto check = StunMessage::decode(sent_.at(0).data);
  StunMessage forged(StunClass::kSuccess, StunMethod::kBinding, check->transaction_id());
  forged.add_xor_address(attr::kXorMappedAddress, kLocal);
  agent_->handle_receive(now_, kLocal, kRemote, forged.encode_with_integrity(stun::short_term_key("guess")));
  EXPECT_EQ(agent_->stats().bad_integrity, 1u);
  EXPECT_EQ(agent_->check_list().pairs().at(0).state, PairState::kInProgress);
  StunMessage stray(StunClass::kSuccess, StunMethod::kBinding, stun::random_transaction_id(random_));
  agent_->handle_receive(now_, kLocal, kRemote, stray.encode_with_fingerprint());
  EXPECT_EQ(agent_->stats().unknown_transactions, 1u);
  // The genuine answer then succeeds the pair.
  StunMessage real(StunClass::kSuccess, StunMethod::kBinding, check->transaction_id());
  real.add_xor_address(attr::kXorMappedAddress, kLocal);
  agent_->handle_receive(now_, kLocal, kRemote, real.encode_with_integrity(stun::short_term_key(kRemoteCreds.pwd)));
  EXPECT_EQ(agent_->check_list().pairs().at(0).state, PairState::kSucceeded);
}

TEST_F(IceAgentTest, ChecksArePacedByTa) {
  make(IceRole::kControlling);
  for (int i = 0; i < 4; ++i) {
    std::string line = "candidate:" + std::to_string(i) + " 1 udp " + std::to_string(2130706431 - i) +
                       " 192.0.2." + std::to_string(10 + i) + " 6000 typ host";
    agent_->add_remote_candidate(now_, parse_candidate(line).value());
  }
  sent_.clear();
  std::vector<Timestamp> times;
  for (int i = 0; i < 4; ++i) {
    Timestamp t = agent_->next_timeout();
    now_ = std::max(now_, t);
    agent_->handle_timeout(now_);
    drain();
    times.push_back(now_);
  }
  ASSERT_EQ(sent_.size(), 4u);
  for (size_t i = 1; i < times.size(); ++i) EXPECT_EQ((times[i] - times[i - 1]).count(), 50'000);
  // Highest priority first.
  EXPECT_EQ(sent_[0].remote, addr("192.0.2.10:6000"));
  EXPECT_EQ(sent_[3].remote, addr("192.0.2.13:6000"));
}

TEST_F(IceAgentTest, CheckRetransmitsThenFailsThePair) {
  make(IceRole::kControlling);
  agent_->add_remote_candidate(now_, parse_candidate("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host").value());
  agent_->end_of_remote_candidates(now_);
  advance(Duration(60'000'000));
  EXPECT_EQ(agent_->stats().checks_sent, 1u);
  EXPECT_EQ(agent_->stats().check_retransmits, 6u);
  EXPECT_EQ(agent_->check_list().pairs().at(0).state, PairState::kFailed);
  EXPECT_EQ(agent_->state(), IceTransportState::kFailed);
}

// Aggressive nomination by the peer: USE-CANDIDATE on its first check.
TEST_F(IceAgentTest, AcceptsAggressiveNomination) {
  make(IceRole::kControlled);
  receive_and_answer(sign(request(1, true, /*use_candidate=*/true)));
  EXPECT_FALSE(agent_->selected_pair());
  sent_.clear();
  advance(Duration(60'000));
  auto check = StunMessage::decode(sent_.at(0).data);
  ASSERT_TRUE(check);
  StunMessage ok(StunClass::kSuccess, StunMethod::kBinding, check->transaction_id());
  ok.add_xor_address(attr::kXorMappedAddress, kLocal);
  agent_->handle_receive(now_, kLocal, kRemote, ok.encode_with_integrity(stun::short_term_key(kRemoteCreds.pwd)));
  drain();
  auto selected = agent_->selected_pair();
  ASSERT_TRUE(selected);
  EXPECT_EQ(selected->remote.address, kRemote);
  EXPECT_EQ(agent_->state(), IceTransportState::kConnected);
  // Data now flows both ways through the agent.
  sent_.clear();
  EXPECT_TRUE(agent_->send(now_, Bytes{0x17, 0xfe, 0xfd}));
  drain();
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].remote, kRemote);
  agent_->handle_receive(now_, kLocal, kRemote, Bytes{0x16, 0xfe, 0xfd});
  drain();
  ASSERT_TRUE(std::holds_alternative<event::DataReceived>(events_.back()));
  EXPECT_EQ(std::get<event::DataReceived>(events_.back()).data, (Bytes{0x16, 0xfe, 0xfd}));
}

TEST_F(IceAgentTest, ChecksBeforeTheAnswerAreAnsweredAndRemembered) {
  make(IceRole::kControlled, /*with_remote=*/false);
  auto r = receive_and_answer(sign(request(1, true, true)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_class(), StunClass::kSuccess);
  EXPECT_TRUE(agent_->check_list().empty());
  agent_->set_remote_credentials(now_, kRemoteCreds);
  ASSERT_EQ(agent_->check_list().pairs().size(), 1u);
  EXPECT_TRUE(agent_->check_list().pairs()[0].nominate_on_success);
}

TEST_F(IceAgentTest, DataFromUnknownPeersIsDropped) {
  make(IceRole::kControlled);
  agent_->handle_receive(now_, kLocal, addr("203.0.113.9:1"), Bytes{0x17, 1, 2});
  drain();
  EXPECT_EQ(agent_->stats().data_from_unknown_peer, 1u);
  for (const auto& e : events_) EXPECT_FALSE(std::holds_alternative<event::DataReceived>(e));
  EXPECT_FALSE(agent_->send(now_, Bytes{1}));  // nothing valid to send on
}

TEST_F(IceAgentTest, PacketsOnUnknownSocketsAreDropped) {
  make(IceRole::kControlled);
  sent_.clear();
  agent_->handle_receive(now_, addr("192.0.2.99:1"), kRemote, sign(request(1, true)));
  drain();
  EXPECT_TRUE(sent_.empty());
  EXPECT_EQ(agent_->stats().dropped_unknown_local, 1u);
}

TEST_F(IceAgentTest, RemoteCandidateFiltering) {
  make(IceRole::kControlling);
  auto add = [&](const char* line) { return agent_->add_remote_candidate(now_, parse_candidate(line).value()); };
  EXPECT_EQ(add("candidate:1 1 udp 1 6f4a8c2e-1d3b-4c5a-9e7f-0a1b2c3d4e5f.local 5000 typ host"),
            RemoteCandidateStatus::kSkippedHostname);
  EXPECT_EQ(add("candidate:1 1 tcp 1 192.0.2.5 9 typ host tcptype active"), RemoteCandidateStatus::kSkippedTcp);
  EXPECT_EQ(add("candidate:1 2 udp 1 192.0.2.5 5001 typ host"), RemoteCandidateStatus::kSkippedComponent);
  EXPECT_EQ(add("candidate:1 1 udp 1 192.0.2.5 5000 typ host ufrag OLD1"), RemoteCandidateStatus::kSkippedStale);
  EXPECT_EQ(add("candidate:1 1 udp 1 192.0.2.5 5000 typ host ufrag REMT"), RemoteCandidateStatus::kAdded);
  EXPECT_EQ(add("candidate:1 1 udp 1 192.0.2.5 5000 typ host"), RemoteCandidateStatus::kUpdated);
  EXPECT_EQ(add("candidate:1 1 udp 1 2001:db8::5 5000 typ host"), RemoteCandidateStatus::kAdded);
  EXPECT_EQ(agent_->stats().remote_candidates_skipped, 4u);
  // The IPv6 candidate is not paired with the IPv4 host address.
  EXPECT_EQ(agent_->check_list().pairs().size(), 1u);
}

TEST_F(IceAgentTest, GatheringWithAnUnreachableStunServerStillCompletes) {
  agent_ = std::make_unique<IceAgent>(IceRole::kControlling, random_);
  agent_->set_local_credentials(kLocalCreds);
  agent_->add_host_address(now_, kLocal);
  agent_->add_stun_server(addr("198.51.100.1:3478"));
  agent_->start_gathering(now_);
  drain();
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kGathering);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].remote, addr("198.51.100.1:3478"));
  advance(Duration(60'000'000));
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kComplete);
  EXPECT_EQ(sent_.size(), 4u);  // gather_retransmit.rc transmissions
  EXPECT_EQ(agent_->local_candidates().size(), 1u);
}

TEST_F(IceAgentTest, PendingRelaysHoldGatheringOpen) {
  agent_ = std::make_unique<IceAgent>(IceRole::kControlling, random_);
  agent_->set_local_credentials(kLocalCreds);
  agent_->add_host_address(now_, kLocal);
  agent_->start_gathering(now_, 2);
  agent_->add_relayed_candidate(now_, addr("198.51.100.7:50000"), addr("198.51.100.7:3478"), kLocal);
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kGathering);
  agent_->relay_gathering_failed(now_);
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kComplete);
  auto locals = agent_->local_candidates();
  ASSERT_EQ(locals.size(), 2u);
  EXPECT_EQ(locals[1].type, CandidateType::kRelayed);
  EXPECT_EQ(locals[1].related_address, kLocal);
  EXPECT_LT(locals[1].priority, locals[0].priority);
  EXPECT_EQ(locals[1].ufrag, kLocalCreds.ufrag);
}

// iceTransportPolicy 'relay': relayed candidates only; the host socket is a base for TURN, asks no
// STUN server, and a check sent to it directly is dropped (its address was never offered).
TEST_F(IceAgentTest, RelayPolicyOffersOnlyRelayedCandidatesAndAsksNoStunServer) {
  const SocketAddress stun_server = addr("198.51.100.1:3478");
  agent_ = std::make_unique<IceAgent>(IceRole::kControlled, random_);
  agent_->set_local_credentials(kLocalCreds);
  agent_->set_transport_policy(IceTransportPolicy::kRelay);
  agent_->add_host_address(now_, kLocal);
  agent_->add_stun_server(stun_server);
  agent_->start_gathering(now_, 1);
  agent_->add_relayed_candidate(now_, addr("198.51.100.7:50000"), addr("198.51.100.7:3478"), kLocal);
  agent_->set_remote_credentials(now_, kRemoteCreds);
  drain();
  EXPECT_TRUE(sent_.empty());
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kComplete);
  auto locals = agent_->local_candidates();
  ASSERT_EQ(locals.size(), 1u);
  EXPECT_EQ(locals[0].type, CandidateType::kRelayed);
  size_t gathered = 0;
  for (const auto& e : events_) gathered += std::holds_alternative<event::CandidateGathered>(e) ? 1 : 0;
  EXPECT_EQ(gathered, 1u);

  EXPECT_FALSE(receive_and_answer(sign(request(1, true))).has_value());
  EXPECT_EQ(agent_->stats().dropped_unknown_local, 1u);
}

// JSEP §4.1.18: a changed policy takes no action until the next gathering phase, an ICE restart.
TEST_F(IceAgentTest, ChangedPolicyAppliesFromTheNextRestart) {
  const SocketAddress stun_server = addr("198.51.100.1:3478");
  const SocketAddress second = addr("192.0.2.9:5002");
  auto stun_requests = [&] {
    size_t n = 0;
    for (const auto& t : sent_) n += t.remote == stun_server ? 1 : 0;
    return n;
  };
  agent_ = std::make_unique<IceAgent>(IceRole::kControlling, random_);
  agent_->set_local_credentials(kLocalCreds);
  agent_->add_host_address(now_, kLocal);
  agent_->add_stun_server(stun_server);
  agent_->start_gathering(now_);
  drain();
  EXPECT_EQ(stun_requests(), 1u);

  // Not before a restart: this generation still gathers a new host address, with its STUN request.
  agent_->set_transport_policy(IceTransportPolicy::kRelay);
  agent_->add_host_address(now_, second);
  drain();
  EXPECT_EQ(agent_->local_candidates().size(), 2u);
  EXPECT_EQ(stun_requests(), 2u);

  // all -> relay at the restart: no host candidate is offered again, no STUN server asked.
  sent_.clear();
  agent_->restart(now_, IceCredentials{"NEW1", "newpasswordnewpasswordnew1"});
  drain();
  EXPECT_TRUE(agent_->local_candidates().empty());
  EXPECT_EQ(stun_requests(), 0u);
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kComplete);

  // relay -> all at the next restart: both host candidates come back with the new ufrag, and the
  // STUN server is asked from each.
  agent_->set_transport_policy(IceTransportPolicy::kAll);
  agent_->restart(now_, IceCredentials{"NEW2", "newpasswordnewpasswordnew2"});
  drain();
  auto locals = agent_->local_candidates();
  ASSERT_EQ(locals.size(), 2u);
  for (const auto& c : locals) {
    EXPECT_EQ(c.type, CandidateType::kHost);
    EXPECT_EQ(c.ufrag, "NEW2");
  }
  EXPECT_EQ(stun_requests(), 2u);
  EXPECT_EQ(agent_->gathering_state(), IceGatheringState::kGathering);  // until the STUN answers
}

TEST(IceCredentialsTest, GeneratedCredentialsAreValidAndDistinct) {
  SeededRandom random(1);
  auto a = IceCredentials::generate(random);
  auto b = IceCredentials::generate(random);
  EXPECT_TRUE(a.valid());
  EXPECT_TRUE(b.valid());
  EXPECT_NE(a, b);
  EXPECT_EQ(a.ufrag.size(), 8u);
  EXPECT_EQ(a.pwd.size(), 24u);
  EXPECT_FALSE((IceCredentials{"abc", "0123456789012345678901"}).valid());   // ufrag too short
  EXPECT_FALSE((IceCredentials{"abcd", "012345678901234567890"}).valid());   // pwd too short
  EXPECT_FALSE((IceCredentials{"ab:d", "0123456789012345678901"}).valid());  // ':' is no ice-char
  EXPECT_TRUE((IceCredentials{"abcd", "0123456789012345678901"}).valid());
}

TEST(IceStatesTest, W3cNames) {
  EXPECT_EQ(to_string(IceTransportState::kNew), "new");
  EXPECT_EQ(to_string(IceTransportState::kChecking), "checking");
  EXPECT_EQ(to_string(IceTransportState::kConnected), "connected");
  EXPECT_EQ(to_string(IceTransportState::kCompleted), "completed");
  EXPECT_EQ(to_string(IceTransportState::kDisconnected), "disconnected");
  EXPECT_EQ(to_string(IceTransportState::kFailed), "failed");
  EXPECT_EQ(to_string(IceTransportState::kClosed), "closed");
  EXPECT_EQ(to_string(IceGatheringState::kGathering), "gathering");
  EXPECT_EQ(to_string(IceGatheringState::kComplete), "complete");
  EXPECT_EQ(to_string(IceRole::kControlled), "controlled");
}

}  // namespace
}  // namespace wasmrtc::ice
