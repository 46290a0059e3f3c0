// Round trips and request/response counts per candidate pair (what getStats reports as
// currentRoundTripTime, totalRoundTripTime, responsesReceived): the agent against hand-made
// responses on a virtual clock, so every round trip is exact.
#include <gtest/gtest.h>

#include "ice/ice_agent.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::ice {
namespace {

using stun::StunClass;
using stun::StunMessage;
using stun::StunMethod;
namespace attr = stun::attr;
using std::chrono::milliseconds;

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const SocketAddress kLocal = addr("192.0.2.1:5000");
const SocketAddress kRemote = addr("192.0.2.2:6000");
const IceCredentials kLocalCreds{"LOCL", "localpasswordlocalpassword"};
const IceCredentials kRemoteCreds{"REMT", "remotepasswordremotepassword"};

class PairCheckStatsTest : public ::testing::Test {
 protected:
  void make(IceRole role) {
    agent_ = std::make_unique<IceAgent>(role, random_);
    agent_->set_local_credentials(kLocalCreds);
    agent_->add_host_address(now_, kLocal);
    agent_->start_gathering(now_);
    agent_->set_remote_credentials(now_, kRemoteCreds);
    drain();
  }
  void drain() {
    while (auto t = agent_->poll_transmit()) sent_.push_back(*t);
    while (auto e = agent_->poll_event()) {}
  }
  // Runs the agent's timers until it sends a Binding request; returns it.
  StunMessage next_request(Duration max = std::chrono::seconds(10)) {
    const Timestamp end = now_ + max;
    for (;;) {
      for (const auto& t : sent_)
        if (auto m = StunMessage::decode(t.data); m && m->message_class() == StunClass::kRequest) {
          sent_.clear();
          return *m;
        }
      sent_.clear();
      EXPECT_LE(agent_->next_timeout(), end);
      if (agent_->next_timeout() > end) return StunMessage(StunClass::kRequest, StunMethod::kBinding, {});
      now_ = std::max(now_, agent_->next_timeout());
      agent_->handle_timeout(now_);
      drain();
    }
  }
  // The peer's answer to `request`, `after` the request went out.
  void answer(const StunMessage& request, Duration after, const SocketAddress& from = kRemote,
              const std::string& pwd = kRemoteCreds.pwd) {
    now_ = now_ + after;
    StunMessage ok(StunClass::kSuccess, StunMethod::kBinding, request.transaction_id());
    ok.add_xor_address(attr::kXorMappedAddress, kLocal);
    agent_->handle_receive(now_, kLocal, from, ok.encode_with_integrity(stun::short_term_key(pwd)));
    drain();
  }
  // The peer's check with USE-CANDIDATE (aggressive nomination), so a success selects the pair.
  void peer_nominates() {
    StunMessage m(StunClass::kRequest, StunMethod::kBinding, stun::random_transaction_id(random_));
    m.add_string(attr::kUsername, kLocalCreds.ufrag + ":" + kRemoteCreds.ufrag);
    m.add_u32(attr::kPriority, 1862270975);
    m.add_u64(attr::kIceControlling, 1);
    m.add_flag(attr::kUseCandidate);
    agent_->handle_receive(now_, kLocal, kRemote, m.encode_with_integrity(stun::short_term_key(kLocalCreds.pwd)));
    drain();
    sent_.clear();  // our response to it
  }
  const PairCheckStats& checks() { return agent_->check_list().pairs().at(0).checks; }

  SeededRandom random_{7};
  Timestamp now_ = Timestamp::from_millis(1000);
  std::unique_ptr<IceAgent> agent_;
  std::vector<Transmit> sent_;
};

TEST_F(PairCheckStatsTest, CheckAndConsentRoundTripsAreMeasuredOnThePair) {
  make(IceRole::kControlled);
  peer_nominates();
  StunMessage check = next_request();
  answer(check, milliseconds(30));
  ASSERT_TRUE(agent_->selected_pair());
  PairCheckStats s = agent_->selected_pair()->checks;
  EXPECT_EQ(s.requests_received, 1u);  // the peer's nominating check, answered
  EXPECT_EQ(s.responses_sent, 1u);
  EXPECT_EQ(s.requests_sent, 1u);
  EXPECT_EQ(s.responses_received, 1u);
  EXPECT_EQ(s.consent_requests_sent, 0u);
  ASSERT_TRUE(s.current_rtt);
  EXPECT_EQ(*s.current_rtt, milliseconds(30));
  EXPECT_EQ(s.total_rtt, milliseconds(30));

  // RFC 7675 consent checks on the selected pair are round trips too.
  StunMessage consent = next_request();
  answer(consent, milliseconds(12));
  s = agent_->selected_pair()->checks;
  EXPECT_EQ(s.requests_sent, 2u);
  EXPECT_EQ(s.consent_requests_sent, 1u);
  EXPECT_EQ(s.responses_received, 2u);
  EXPECT_EQ(*s.current_rtt, milliseconds(12));
  EXPECT_EQ(s.total_rtt, milliseconds(42));
  // The check list's pair and the selected pair's copy agree.
  EXPECT_EQ(checks().responses_received, 2u);
  EXPECT_EQ(checks().total_rtt, milliseconds(42));
}

TEST_F(PairCheckStatsTest, AResponseToARetransmittedCheckCountsButGivesNoRoundTrip) {
  make(IceRole::kControlling);
  agent_->add_remote_candidate(now_, parse_candidate("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host").value());
  drain();
  StunMessage first = next_request();
  StunMessage again = next_request();  // the same transaction, retransmitted after the RTO
  ASSERT_EQ(first.transaction_id(), again.transaction_id());
  answer(again, milliseconds(5));
  EXPECT_EQ(checks().requests_sent, 1u);  // retransmissions are not requests
  EXPECT_EQ(checks().responses_received, 1u);
  EXPECT_EQ(checks().rtt_samples, 0u);   // which transmission it answers is unknown (Karn)
  EXPECT_FALSE(checks().current_rtt);
  EXPECT_EQ(checks().total_rtt, Duration(0));
}

TEST_F(PairCheckStatsTest, ResponsesThatAreNotTrustedAreNotCounted) {
  make(IceRole::kControlling);
  agent_->add_remote_candidate(now_, parse_candidate("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host").value());
  drain();
  StunMessage check = next_request();
  answer(check, milliseconds(5), kRemote, "wrongpasswordwrongpassword");  // fails integrity: ignored
  EXPECT_EQ(checks().responses_received, 0u);
  answer(check, milliseconds(5), addr("192.0.2.3:6000"));  // from elsewhere: the pair fails
  EXPECT_EQ(checks().responses_received, 0u);
  EXPECT_FALSE(checks().current_rtt);
}

}  // namespace
}  // namespace wasmrtc::ice
