// Two PeerConnections end to end on the simulated network: offer/answer with trickle, data channels
// both ways, renegotiation, rollback and glare, ICE restart on a live connection, close, stats.
#include <gtest/gtest.h>

#include "peer/pc_test_harness.h"

namespace wasmrtc::peer {
namespace {

using datachannel::DataChannelId;
using datachannel::DataChannelParameters;
using std::chrono::seconds;
using test::PcPair;
using test::Side;
using test::text;

DataChannelParameters channel(const std::string& label, bool ordered = true) {
  DataChannelParameters p;
  p.label = label;
  p.ordered = ordered;
  return p;
}

// A opens "chat", negotiates, and both sides see it open.
struct Connected {
  PcPair net;
  DataChannelId a_chat = 0;
  DataChannelId z_chat = 0;

  explicit Connected(PeerConnectionConfig config = {}) : net(config) {
    auto id = net.a.pc->create_data_channel(net.now, channel("chat"));
    EXPECT_TRUE(id.ok());
    a_chat = id.value();
    net.drain();
    net.negotiate(net.a);
    EXPECT_TRUE(net.run_until([&] { return net.connected() && net.z.announced("chat") && net.a.channel_open(a_chat); }));
    z_chat = net.z.announced("chat");
    // Let regular nomination finish (data already flows on the first valid pair before it).
    EXPECT_TRUE(net.run_until([&] { return net.a.pc->ice_agent().selected_pair() && net.z.pc->ice_agent().selected_pair(); }));
  }
  void send(Side& s, DataChannelId id, std::string_view message) {
    auto status = s.pc->send(net.now, id, as_bytes(message), false);
    EXPECT_TRUE(status.ok()) << status.error().message;
    net.drain();
  }
};

TEST(PeerConnection, OfferAnswerWithTrickleConnectsAndOpensTheChannel) {
  Connected c;
  ASSERT_NE(c.z_chat, 0u);
  EXPECT_TRUE(c.net.z.channel_open(c.z_chat));
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(c.net.z.pc->signaling_state(), SignalingState::kStable);
  // JSEP: the offerer controls ICE; the answerer answers actpass with active (DTLS client).
  EXPECT_EQ(c.net.a.pc->ice_agent().role(), ice::IceRole::kControlling);
  EXPECT_EQ(c.net.z.pc->dtls_role(), dtls::Role::kClient);
  EXPECT_EQ(c.net.a.pc->dtls_role(), dtls::Role::kServer);
  // The state events came in the W3C order and ended connected.
  auto states = c.net.a.all<pc_event::ConnectionStateChange>();
  ASSERT_GE(states.size(), 2u);
  EXPECT_EQ(states.front().state, PeerConnectionState::kConnecting);
  EXPECT_EQ(states.back().state, PeerConnectionState::kConnected);
  EXPECT_EQ(c.net.a.count_negotiation_needed(), 1u);
  // Gathering ended with the null candidate.
  auto candidates = c.net.a.all<pc_event::IceCandidate>();
  ASSERT_FALSE(candidates.empty());
  EXPECT_TRUE(candidates.back().candidate.empty());
  EXPECT_EQ(candidates.front().mid, "0");
}

TEST(PeerConnection, MessagesBothWaysStringsBinaryEmptyAndLarge) {
  Connected c;
  c.send(c.net.a, c.a_chat, "hello from A");
  c.send(c.net.z, c.z_chat, "hello from Z");
  Bytes big(256 * 1024);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7);
  ASSERT_TRUE(c.net.a.pc->send(c.net.now, c.a_chat, big, true).ok());
  ASSERT_TRUE(c.net.z.pc->send(c.net.now, c.z_chat, ByteView(), true).ok());
  ASSERT_TRUE(c.net.z.pc->send(c.net.now, c.z_chat, ByteView(), false).ok());
  ASSERT_TRUE(c.net.run_until([&] {
    return c.net.z.messages(c.z_chat).size() == 2 && c.net.a.messages(c.a_chat).size() == 3;
  }));
  auto at_z = c.net.z.messages(c.z_chat);
  EXPECT_EQ(text(at_z[0]), "hello from A");
  EXPECT_FALSE(at_z[0].binary);
  EXPECT_TRUE(at_z[1].binary);
  EXPECT_EQ(at_z[1].data, big);
  auto at_a = c.net.a.messages(c.a_chat);
  EXPECT_EQ(text(at_a[0]), "hello from Z");
  EXPECT_TRUE(at_a[1].binary);
  EXPECT_TRUE(at_a[1].data.empty());
  EXPECT_FALSE(at_a[2].binary);
  EXPECT_TRUE(at_a[2].data.empty());
  // Over the negotiated maximum: TypeError (kInvalidArgument), the channel stays open.
  Bytes too_big(256 * 1024 + 1);
  auto status = c.net.a.pc->send(c.net.now, c.a_chat, too_big, true);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(c.net.a.channel_open(c.a_chat));
}

TEST(PeerConnection, SctpOverDtlsNegotiatesZeroChecksumsUnlessConfiguredOff) {
  Connected c;
  EXPECT_TRUE(c.net.a.pc->sctp_zero_checksum());
  EXPECT_TRUE(c.net.z.pc->sctp_zero_checksum());
  c.send(c.net.a, c.a_chat, "zero checksum");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  EXPECT_EQ(text(c.net.z.messages(c.z_chat)[0]), "zero checksum");

  PeerConnectionConfig off;
  off.sctp_template.zero_checksum = false;
  Connected d(off);
  EXPECT_FALSE(d.net.a.pc->sctp_zero_checksum());
  EXPECT_FALSE(d.net.z.pc->sctp_zero_checksum());
  d.send(d.net.a, d.a_chat, "with CRC32c");
  ASSERT_TRUE(d.net.run_until([&] { return d.net.z.messages(d.z_chat).size() == 1; }));
}

TEST(PeerConnection, UnorderedChannelCreatedByTheAnswererAfterConnect) {
  Connected c;
  auto lossy = channel("lossy", false);
  lossy.max_retransmits = 0;
  auto id = c.net.z.pc->create_data_channel(c.net.now, lossy);
  ASSERT_TRUE(id.ok());
  c.net.drain();
  // The data section is negotiated already: no renegotiation is needed (webrtc-pc §4.7.3).
  EXPECT_EQ(c.net.z.count_negotiation_needed(), 0u);
  ASSERT_TRUE(c.net.run_until([&] { return c.net.a.announced("lossy") != 0 && c.net.z.channel_open(id.value()); }));
  const auto a_lossy = c.net.a.announced("lossy");
  auto announced = c.net.a.channel_events<datachannel::ChannelAnnounced>();
  EXPECT_FALSE(announced.back().parameters.ordered);
  EXPECT_EQ(announced.back().parameters.max_retransmits, 0);
  EXPECT_EQ(*c.net.z.pc->data_channels().stream_id(id.value()) % 2, 0) << "Z is the DTLS client: even ids";
  c.send(c.net.z, id.value(), "u1");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.a.messages(a_lossy).size() == 1; }));
}

TEST(PeerConnection, RenegotiationOnALiveConnectionKeepsTheChannel) {
  Connected c;
  // Z offers this time (a re-offer with the same transport).
  c.net.negotiate(c.net.z);
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(c.net.z.pc->dtls_role(), dtls::Role::kClient) << "roles survive renegotiation (RFC 8842 §5.5)";
  auto answer = c.net.a.pc->current_local_description();
  ASSERT_TRUE(answer);
  EXPECT_NE(answer->sdp.find("a=setup:passive"), std::string::npos);
  c.send(c.net.a, c.a_chat, "after renegotiation");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  EXPECT_TRUE(c.net.connected());
}

TEST(PeerConnection, RollbackOfALocalOfferReturnsToStable) {
  Connected c;
  auto offer = c.net.a.pc->create_offer(c.net.now);
  ASSERT_TRUE(offer.ok());
  ASSERT_TRUE(c.net.a.pc->set_local_description(c.net.now, {SdpType::kOffer, offer.value()}).ok());
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kHaveLocalOffer);
  EXPECT_TRUE(c.net.a.pc->pending_local_description());
  ASSERT_TRUE(c.net.a.pc->set_local_description(c.net.now, {SdpType::kRollback, ""}).ok());
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kStable);
  EXPECT_FALSE(c.net.a.pc->pending_local_description());
  c.send(c.net.a, c.a_chat, "still here");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
}

TEST(PeerConnection, GlareIsResolvedByTheImplicitRollbackOfARemoteOffer) {
  Connected c;
  auto a_offer = c.net.a.pc->create_offer(c.net.now);
  auto z_offer = c.net.z.pc->create_offer(c.net.now);
  ASSERT_TRUE(c.net.a.pc->set_local_description(c.net.now, {SdpType::kOffer, a_offer.value()}).ok());
  ASSERT_TRUE(c.net.z.pc->set_local_description(c.net.now, {SdpType::kOffer, z_offer.value()}).ok());
  // Z is "polite": it accepts A's offer, which rolls its own back (perfect negotiation).
  ASSERT_TRUE(c.net.z.pc->set_remote_description(c.net.now, {SdpType::kOffer, a_offer.value()}).ok());
  EXPECT_EQ(c.net.z.pc->signaling_state(), SignalingState::kHaveRemoteOffer);
  ASSERT_TRUE(c.net.z.pc->set_local_description(c.net.now, {SdpType::kAnswer, ""}).ok());
  auto answer = c.net.z.pc->local_description();
  ASSERT_TRUE(c.net.a.pc->set_remote_description(c.net.now, {SdpType::kAnswer, answer->sdp}).ok());
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(c.net.z.pc->signaling_state(), SignalingState::kStable);
  c.send(c.net.z, c.z_chat, "after glare");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.a.messages(c.a_chat).size() == 1; }));
}

TEST(PeerConnection, IceRestartOnALiveConnectionKeepsTheChannel) {
  Connected c;
  const std::string old_ufrag = c.net.z.pc->ice_agent().remote_credentials().ufrag;
  const std::string z_old_ufrag = c.net.z.pc->ice_agent().local_credentials().ufrag;
  c.net.a.pc->restart_ice(c.net.now);
  c.net.drain();
  EXPECT_EQ(c.net.a.count_negotiation_needed(), 2u);
  c.net.negotiate(c.net.a);
  const std::string new_ufrag = c.net.z.pc->ice_agent().remote_credentials().ufrag;
  EXPECT_NE(new_ufrag, old_ufrag);
  // The answerer restarted too: its answer carried new credentials (RFC 8839 §4.4.1.1.1).
  EXPECT_NE(c.net.z.pc->ice_agent().local_credentials().ufrag, z_old_ufrag);
  EXPECT_EQ(c.net.a.pc->ice_agent().remote_credentials().ufrag, c.net.z.pc->ice_agent().local_credentials().ufrag);
  ASSERT_TRUE(c.net.run_until([&] {
    return c.net.a.pc->ice_agent().state() == ice::IceTransportState::kCompleted ||
           c.net.a.pc->ice_agent().state() == ice::IceTransportState::kConnected;
  }));
  c.net.run_for(seconds(2));
  c.send(c.net.a, c.a_chat, "after restart");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  EXPECT_TRUE(c.net.connected());
  EXPECT_EQ(c.net.a.pc->ice_agent().local_credentials().ufrag,
            c.net.z.pc->ice_agent().remote_credentials().ufrag);
}

TEST(PeerConnection, CloseEndsThePeersChannelsPromptly) {
  Connected c;
  c.net.a.pc->close(c.net.now);
  EXPECT_EQ(c.net.a.pc->signaling_state(), SignalingState::kClosed);
  EXPECT_EQ(c.net.a.pc->connection_state(), PeerConnectionState::kClosed);
  ASSERT_TRUE(c.net.run_until([&] { return !c.net.z.channel_events<datachannel::ChannelClosed>().empty(); },
                              seconds(2)));
  // API calls on a closed connection are InvalidStateError.
  auto offer = c.net.a.pc->create_offer(c.net.now);
  ASSERT_FALSE(offer.ok());
  EXPECT_EQ(offer.error().code, ErrorCode::kInvalidState);
}

TEST(PeerConnection, PeerThatVanishesEndsFailed) {
  Connected c;
  c.net.net.block(c.net.z.local.ip());
  ASSERT_TRUE(c.net.run_until([&] { return c.net.a.pc->connection_state() == PeerConnectionState::kFailed; },
                              seconds(60)));
  auto states = c.net.a.all<pc_event::ConnectionStateChange>();
  ASSERT_GE(states.size(), 2u);
  EXPECT_EQ(states[states.size() - 2].state, PeerConnectionState::kDisconnected);
  // The channel ended with the transport.
  EXPECT_FALSE(c.net.a.channel_events<datachannel::ChannelClosed>().empty());
}

TEST(PeerConnection, StatsDescribeTheTransportPairAndChannels) {
  Connected c;
  c.send(c.net.a, c.a_chat, "12345");
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  auto report = c.net.a.pc->stats(c.net.now);
  const StatsEntry* transport = report.find("T01");
  ASSERT_TRUE(transport);
  EXPECT_EQ(std::get<std::string>(*transport->get("dtlsState")), "connected");
  EXPECT_EQ(std::get<std::string>(*transport->get("dtlsCipher")), "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(std::get<std::string>(*transport->get("dtlsRole")), "server");
  ASSERT_TRUE(transport->get("selectedCandidatePairId"));
  const StatsEntry* pair = report.find(std::get<std::string>(*transport->get("selectedCandidatePairId")));
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->type, "candidate-pair");
  EXPECT_TRUE(report.find(std::get<std::string>(*pair->get("localCandidateId"))));
  EXPECT_TRUE(report.find(std::get<std::string>(*pair->get("remoteCandidateId"))));
  EXPECT_GT(std::get<double>(*transport->get("bytesSent")), 0);
  auto channels = report.of_type("data-channel");
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(std::get<std::string>(*channels[0]->get("label")), "chat");
  EXPECT_EQ(std::get<double>(*channels[0]->get("messagesSent")), 1);
  EXPECT_EQ(std::get<double>(*channels[0]->get("bytesSent")), 5);
  EXPECT_EQ(report.of_type("certificate").size(), 2u);
  EXPECT_EQ(std::get<double>(*report.find("P")->get("dataChannelsOpened")), 1);
}

// SCTP probes the path (RFC 8899) up to what the pair's link class carries: the harness's hosts
// are 10.0.0.x, so an Ethernet path, 1 472-byte datagrams instead of 1 200-byte ones.
TEST(PeerConnection, SctpPacketsGrowToTheProbedPathMtu) {
  Connected c;
  const std::string big(256 * 1024, 'p');
  ASSERT_TRUE(c.net.a.pc->send(c.net.now, c.a_chat, as_bytes(big), false).ok());
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  EXPECT_EQ(c.net.z.messages(c.z_chat)[0].data.size(), big.size());
  auto report = c.net.a.pc->stats(c.net.now);
  const StatsEntry* transport = report.find("T01");
  ASSERT_TRUE(transport);
  const double per_datagram = std::get<double>(*transport->get("bytesSent")) / std::get<double>(*transport->get("packetsSent"));
  EXPECT_GT(per_datagram, 1300);  // more than the 1 200-byte base could carry on average
  EXPECT_LE(per_datagram, 1472);
}

// A peer that does not say how large a DTLS record it takes (RFC 8449; Chromium, libwebrtc,
// libdatachannel, werift) is never probed: its packets stay at the 1 200-byte base.
TEST(PeerConnection, SctpPacketsStayAtTheBaseWithoutTheRecordSizeLimitExtension) {
  PeerConnectionConfig config;
  config.dtls_template.record_size_limit = false;
  Connected c(config);
  const std::string big(256 * 1024, 'q');
  ASSERT_TRUE(c.net.a.pc->send(c.net.now, c.a_chat, as_bytes(big), false).ok());
  ASSERT_TRUE(c.net.run_until([&] { return c.net.z.messages(c.z_chat).size() == 1; }));
  auto report = c.net.a.pc->stats(c.net.now);
  const StatsEntry* transport = report.find("T01");
  ASSERT_TRUE(transport);
  EXPECT_LE(std::get<double>(*transport->get("bytesSent")) / std::get<double>(*transport->get("packetsSent")), 1200);
}

TEST(PeerConnection, SignalingErrorsAreTheOnesTheSpecNames) {
  PcPair net;
  auto& a = *net.a.pc;
  // An answer with no remote offer.
  auto status = a.set_local_description(net.now, {SdpType::kAnswer, "v=0"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidState);
  // Rollback in stable.
  status = a.set_remote_description(net.now, {SdpType::kRollback, ""});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidState);
  // An edited offer.
  ASSERT_TRUE(a.create_data_channel(net.now, channel("x")).ok());
  auto offer = a.create_offer(net.now);
  ASSERT_TRUE(offer.ok());
  std::string edited = offer.value();
  edited.replace(edited.find("a=ice-pwd:") + 10, 1, "#");
  status = a.set_local_description(net.now, {SdpType::kOffer, edited});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidModification);
  // Not SDP.
  status = net.z.pc->set_remote_description(net.now, {SdpType::kOffer, "hello"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOperationFailed);
  EXPECT_EQ(net.z.pc->signaling_state(), SignalingState::kStable) << "a rejected description changes nothing";
  // A candidate before any remote description.
  status = net.z.pc->add_ice_candidate(net.now, "candidate:1 1 udp 1 10.0.0.1 1 typ host", std::string("0"), {});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidState);
  // An answer to our offer must have the offer's sections.
  ASSERT_TRUE(a.set_local_description(net.now, {SdpType::kOffer, offer.value()}).ok());
  status = a.set_remote_description(
      net.now, {SdpType::kAnswer, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOperationFailed);
  EXPECT_EQ(a.signaling_state(), SignalingState::kHaveLocalOffer);
}

TEST(PeerConnection, ImplicitSetLocalDescriptionCreatesOfferAndAnswer) {
  PcPair net;
  ASSERT_TRUE(net.a.pc->create_data_channel(net.now, channel("implicit")).ok());
  ASSERT_TRUE(net.a.pc->set_local_description(net.now, {SdpType::kOffer, ""}).ok());
  auto offer = net.a.pc->local_description();
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->type, SdpType::kOffer);
  ASSERT_TRUE(net.z.pc->set_remote_description(net.now, *offer).ok());
  ASSERT_TRUE(net.z.pc->set_local_description(net.now, {SdpType::kOffer, ""}).ok()) << "becomes an answer";
  auto answer = net.z.pc->local_description();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->type, SdpType::kAnswer);
  ASSERT_TRUE(net.a.pc->set_remote_description(net.now, *answer).ok());
  net.drain();
  ASSERT_TRUE(net.run_until([&] { return net.z.announced("implicit") != 0; }));
}

TEST(PeerConnection, NonTrickleDescriptionsCarryTheCandidates) {
  PcPair net;
  net.a.trickle = false;
  net.z.trickle = false;
  ASSERT_TRUE(net.a.pc->create_data_channel(net.now, channel("vanilla")).ok());
  ASSERT_TRUE(net.a.pc->set_local_description(net.now, {SdpType::kOffer, ""}).ok());
  ASSERT_TRUE(net.run_until([&] { return net.a.pc->ice_gathering_state() == ice::IceGatheringState::kComplete; }));
  auto offer = net.a.pc->local_description();
  EXPECT_NE(offer->sdp.find("a=candidate:"), std::string::npos);
  EXPECT_NE(offer->sdp.find("a=end-of-candidates"), std::string::npos);
  ASSERT_TRUE(net.z.pc->set_remote_description(net.now, *offer).ok());
  ASSERT_TRUE(net.z.pc->set_local_description(net.now, {SdpType::kAnswer, ""}).ok());
  ASSERT_TRUE(net.run_until([&] { return net.z.pc->ice_gathering_state() == ice::IceGatheringState::kComplete; }));
  ASSERT_TRUE(net.a.pc->set_remote_description(net.now, *net.z.pc->local_description()).ok());
  ASSERT_TRUE(net.run_until([&] { return net.z.announced("vanilla") != 0 && net.connected(); }));
}

}  // namespace
}  // namespace wasmrtc::peer

namespace wasmrtc::peer {
namespace {

// A restart asked for while the first nomination is still running (data already flowing on the
// first valid pair) must still end in a working connection.
TEST(PeerConnection, IceRestartBeforeTheFirstNominationCompletes) {
  test::PcPair net;
  auto id = net.a.pc->create_data_channel(net.now, channel("early"));
  ASSERT_TRUE(id.ok());
  net.drain();
  net.negotiate(net.a);
  ASSERT_TRUE(net.run_until([&] { return net.a.channel_open(id.value()) && net.z.announced("early"); }));
  net.a.pc->restart_ice(net.now);
  net.drain();
  net.negotiate(net.a);
  ASSERT_TRUE(net.run_until([&] {
    return net.a.pc->ice_agent().selected_pair() && net.z.pc->ice_agent().selected_pair();
  })) << "A state " << ice::to_string(net.a.pc->ice_agent().state()) << ", Z state "
      << ice::to_string(net.z.pc->ice_agent().state());
  auto status = net.a.pc->send(net.now, id.value(), as_bytes(std::string_view("after")), false);
  ASSERT_TRUE(status.ok());
  const auto z_early = net.z.announced("early");
  ASSERT_TRUE(net.run_until([&] { return net.z.messages(z_early).size() == 1; }));
}

}  // namespace
}  // namespace wasmrtc::peer

namespace wasmrtc::peer {
namespace {

TEST(PeerConnection, CandidateOfAnUnsignalledGenerationIsAnOperationError) {
  Connected c;
  auto status = c.net.a.pc->add_ice_candidate(
      c.net.now, "candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host ufrag zzzz", std::string("0"), std::nullopt);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOperationFailed);
  status = c.net.a.pc->add_ice_candidate(c.net.now, "candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host",
                                          std::string("0"), std::nullopt, std::string("zzzz"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOperationFailed);
}

}  // namespace
}  // namespace wasmrtc::peer
