// getStats' candidate-pair measurements: round trips from the ICE checks and the estimate of
// availableOutgoingBitrate from SCTP's congestion window, alone and on a connection over the
// simulated network (10 ms each way, so every round trip is 20 ms of virtual time).
#include "peer/candidate_pair_stats.h"

#include <gtest/gtest.h>

#include "peer/pc_test_harness.h"

namespace wasmrtc::peer {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::PcPair;

double number(const StatsEntry& e, const char* name) {
  const StatValue* v = e.get(name);
  EXPECT_TRUE(v) << name;
  return v ? std::get<double>(*v) : -1;
}

TEST(CandidatePairStats, RoundTripsInSecondsAndNoCurrentOneBeforeAMeasurement) {
  StatsEntry e{"CP", "candidate-pair", {}};
  ice::PairCheckStats checks;
  checks.requests_sent = 3;
  checks.consent_requests_sent = 1;
  checks.requests_received = 4;
  checks.responses_sent = 4;
  add_check_stats(e, checks);
  EXPECT_EQ(number(e, "requestsSent"), 3);
  EXPECT_EQ(number(e, "requestsReceived"), 4);
  EXPECT_EQ(number(e, "responsesSent"), 4);
  EXPECT_EQ(number(e, "consentRequestsSent"), 1);
  EXPECT_EQ(number(e, "responsesReceived"), 0);
  EXPECT_EQ(number(e, "totalRoundTripTime"), 0);
  EXPECT_FALSE(e.get("currentRoundTripTime"));

  checks.record_response(milliseconds(20));
  checks.record_response(milliseconds(30));
  StatsEntry f{"CP", "candidate-pair", {}};
  add_check_stats(f, checks);
  EXPECT_EQ(number(f, "responsesReceived"), 2);
  EXPECT_DOUBLE_EQ(number(f, "totalRoundTripTime"), 0.05);
  EXPECT_DOUBLE_EQ(number(f, "currentRoundTripTime"), 0.03);
}

TEST(CandidatePairStats, AvailableOutgoingBitrateIsOneWindowPerRoundTrip) {
  // 12000 bytes per 20 ms = 4.8 Mbit/s.
  EXPECT_DOUBLE_EQ(*available_outgoing_bitrate(12000, 20'000), 4'800'000);
  EXPECT_FALSE(available_outgoing_bitrate(12000, 0));  // no RTT sample yet
  EXPECT_FALSE(available_outgoing_bitrate(0, 20'000));
}

TEST(CandidatePairStats, AConnectionReportsTheRoundTripAndTheBitrateOnItsSelectedPair) {
  PcPair net;
  datachannel::DataChannelParameters p;
  p.label = "chat";
  auto a_chat = net.a.pc->create_data_channel(net.now, p);
  ASSERT_TRUE(a_chat.ok());
  net.drain();
  net.negotiate(net.a);
  ASSERT_TRUE(net.run_until([&] { return net.connected() && net.a.channel_open(a_chat.value()); }));
  // A message acknowledged gives SCTP its RTT sample; a consent check adds a round trip.
  ASSERT_TRUE(net.a.pc->send(net.now, a_chat.value(), as_bytes(std::string(10000, 'x')), true).ok());
  net.run_for(seconds(8));

  for (test::Side* side : {&net.a, &net.z}) {
    SCOPED_TRACE(side->name);
    auto report = side->pc->stats(net.now);
    const StatsEntry* transport = report.find("T01");
    ASSERT_TRUE(transport && transport->get("selectedCandidatePairId"));
    const StatsEntry* pair = report.find(std::get<std::string>(*transport->get("selectedCandidatePairId")));
    ASSERT_TRUE(pair);
    // Every check crossed the 10 ms link twice and nothing was lost, so each round trip is 20 ms.
    EXPECT_DOUBLE_EQ(number(*pair, "currentRoundTripTime"), 0.02);
    const double responses = number(*pair, "responsesReceived");
    EXPECT_GE(responses, 2);  // the checks and at least one consent check
    EXPECT_GE(number(*pair, "requestsSent"), responses);
    EXPECT_GE(number(*pair, "consentRequestsSent"), 1);
    // The peer's checks and consent checks on the same pair, each answered.
    EXPECT_GE(number(*pair, "requestsReceived"), 2);
    EXPECT_EQ(number(*pair, "responsesSent"), number(*pair, "requestsReceived"));
    EXPECT_NEAR(number(*pair, "totalRoundTripTime"), 0.02 * responses, 1e-9);
    // SCTP's own SRTT is about 20 ms too (more where a SACK was delayed).
    const double bitrate = number(*pair, "availableOutgoingBitrate");
    // A window of a few kilobytes per ~20 ms: megabits per second, not bits, not terabits.
    EXPECT_GT(bitrate, 100'000);
    EXPECT_LT(bitrate, 1e9);
  }
}

}  // namespace
}  // namespace wasmrtc::peer
