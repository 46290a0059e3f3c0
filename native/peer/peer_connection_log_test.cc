// The core's logs (common/log.h) tell a user what the stack did and, above all, why a connection
// failed: connecting two PCs logs every layer's milestones; a wrong fingerprint is named by DTLS.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "common/log.h"
#include "peer/pc_test_harness.h"

namespace wasmrtc::peer {
namespace {

using test::PcPair;

class PeerConnectionLog : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_sink([this](log::Layer layer, std::string_view m) {
      lines.push_back(std::string(log::layer_name(layer)) + ": " + std::string(m));
    }, log::parse_layers("all").mask);
  }
  void TearDown() override { log::set_sink(nullptr, 0); }
  bool has(const std::string& pattern) const {
    std::regex re(pattern);
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return std::regex_search(l, re); });
  }
  std::string dump() const {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
  std::vector<std::string> lines;
};

datachannel::DataChannelParameters chat() {
  datachannel::DataChannelParameters p;
  p.label = "chat";
  return p;
}

// A offers a channel and Z answers, but A is given Z's answer with the character after `prefix`
// changed: one side's view of the other is wrong, the way a stale or tampered description is.
void negotiate_with_one_character_changed(PcPair& net, const std::string& prefix) {
  ASSERT_TRUE(net.a.pc->create_data_channel(net.now, chat()).ok());
  net.drain();
  auto offer = net.a.pc->create_offer(net.now);
  ASSERT_TRUE(offer.ok());
  ASSERT_TRUE(net.a.pc->set_local_description(net.now, {SdpType::kOffer, offer.value()}).ok());
  ASSERT_TRUE(net.z.pc->set_remote_description(net.now, {SdpType::kOffer, offer.value()}).ok());
  auto answer = net.z.pc->create_answer(net.now);
  ASSERT_TRUE(answer.ok());
  ASSERT_TRUE(net.z.pc->set_local_description(net.now, {SdpType::kAnswer, answer.value()}).ok());
  std::string sdp = answer.value();
  auto at = sdp.find(prefix);
  ASSERT_NE(at, std::string::npos);
  char& c = sdp[at + prefix.size()];
  c = c == 'A' ? 'B' : 'A';  // 'A' and 'B' are both a hex digit and an ice-char
  ASSERT_TRUE(net.a.pc->set_remote_description(net.now, {SdpType::kAnswer, sdp}).ok());
}

TEST_F(PeerConnectionLog, AConnectionLogsEachLayersMilestones) {
  PcPair net;
  ASSERT_TRUE(net.a.pc->create_data_channel(net.now, chat()).ok());
  net.drain();
  net.negotiate(net.a);
  ASSERT_TRUE(net.run_until([&] { return net.connected() && net.z.announced("chat") != 0; }));
  EXPECT_TRUE(has("^peer: set local offer: signalingState have-local-offer$")) << dump();
  EXPECT_TRUE(has("^peer: set remote answer: signalingState stable$")) << dump();
  EXPECT_TRUE(has("^ice: local candidate candidate:")) << dump();
  EXPECT_TRUE(has("^ice: check succeeded 10\\.0\\.0\\.1:5000 -> 10\\.0\\.0\\.2:6000$")) << dump();
  EXPECT_TRUE(has("^ice: state checking -> connected")) << dump();
  EXPECT_TRUE(has("^dtls: handshake starts as client")) << dump();
  EXPECT_TRUE(has("^dtls: connected, cipher ")) << dump();
  EXPECT_TRUE(has("^sctp: association starts: ports 5000 -> 5000")) << dump();
  EXPECT_TRUE(has("^sctp: association established$")) << dump();
  EXPECT_TRUE(has("^datachannel: channel [0-9]+ open$")) << dump();
  EXPECT_TRUE(has("^peer: connectionState connecting -> connected$")) << dump();
}

TEST_F(PeerConnectionLog, AFingerprintThatDoesNotMatchIsNamedAsTheReason) {
  PcPair net;
  // A's view of Z's certificate is wrong: one hex digit of the fingerprint changed.
  ASSERT_NO_FATAL_FAILURE(negotiate_with_one_character_changed(net, "a=fingerprint:sha-256 "));
  ASSERT_TRUE(net.run_until([&] { return net.a.pc->connection_state() == PeerConnectionState::kFailed; }));
  EXPECT_TRUE(has("^dtls: failed: .*fingerprint")) << dump();
  EXPECT_TRUE(has("^peer: connectionState connecting -> failed$")) << dump();
}

TEST_F(PeerConnectionLog, ARejectedDescriptionLogsWhy) {
  PcPair net;
  auto status = net.a.pc->set_remote_description(net.now, {SdpType::kAnswer, "v=0\r\n"});
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(has("^peer: set remote answer failed: ")) << dump();
}

TEST_F(PeerConnectionLog, TheSdpLayerShowsEveryDescriptionLineByLine) {
  PcPair net;
  ASSERT_TRUE(net.a.pc->create_data_channel(net.now, chat()).ok());
  net.drain();
  net.negotiate(net.a);
  EXPECT_TRUE(has("^sdp: local offer:$")) << dump();
  EXPECT_TRUE(has("^sdp: remote offer:$")) << dump();
  EXPECT_TRUE(has("^sdp: local answer:$")) << dump();
  EXPECT_TRUE(has("^sdp: remote answer:$")) << dump();
  EXPECT_TRUE(has("^sdp:   m=application [0-9]+ UDP/DTLS/SCTP webrtc-datachannel$")) << dump();
  EXPECT_TRUE(has("^sdp:   a=fingerprint:sha-256 [0-9A-F:]+$")) << dump();
  // A rejected description is logged too: the text is what a user needs to see why.
  lines.clear();
  ASSERT_FALSE(net.z.pc->set_remote_description(net.now, {SdpType::kOffer, "v=0\r\nbogus\r\n"}).ok());
  EXPECT_TRUE(has("^sdp: remote offer:$")) << dump();
  EXPECT_TRUE(has("^sdp:   bogus$")) << dump();
}

TEST_F(PeerConnectionLog, ChecksWithAWrongIcePasswordAreNamedByTheStunLayer) {
  PcPair net;
  // A is told a wrong ICE password for Z: its checks fail Z's integrity check, and Z's responses
  // (401, unsigned) fail A's.
  ASSERT_NO_FATAL_FAILURE(negotiate_with_one_character_changed(net, "a=ice-pwd:"));
  ASSERT_TRUE(net.run_until([&] { return has("answered 401") && has("no response yet"); }));
  EXPECT_TRUE(has("^stun: answered 401 Unauthorized to 10\\.0\\.0\\.1:5000: MESSAGE-INTEGRITY does not "
                  "match our ICE password$")) << dump();
  EXPECT_TRUE(has("^stun: dropped a response without MESSAGE-INTEGRITY from 10\\.0\\.0\\.2:6000 \\(an error "
                  "response")) << dump();
  EXPECT_TRUE(has("^stun: no response yet: request sent again 10\\.0\\.0\\.1:5000 -> 10\\.0\\.0\\.2:6000$")) << dump();
}

}  // namespace
}  // namespace wasmrtc::peer
