// JSEP answers to real offers (tests/fixtures/sdp, captured from Chromium, libwebrtc,
// libdatachannel and werift, plus reconstructed Firefox/Safari/legacy ones): every offer is
// accepted, the answer mirrors its m-sections and mids, keeps only the codecs wasmrtc decodes,
// answers media recvonly (it has nothing to send yet) and accepts the data section.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "peer/peer_connection.h"
#include "sdp/session_description.h"
#include "sdp/webrtc_attributes.h"

namespace wasmrtc::peer {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::filesystem::path> offer_fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(WASMRTC_SOURCE_DIR) + "/tests/fixtures/sdp")) {
    const auto name = e.path().filename().string();
    if (name.find("offer") != std::string::npos && e.path().extension() == ".sdp") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(JsepFixtures, EveryOfferIsAnsweredSectionBySection) {
  const auto fixtures = offer_fixtures();
  ASSERT_GE(fixtures.size(), 8u);
  for (const auto& path : fixtures) {
    SCOPED_TRACE(path.filename().string());
    const std::string offer_text = read_file(path);
    SeededRandom random(7);
    auto created = PeerConnection::create(Timestamp(), 1'700'000'000'000, {}, random);
    ASSERT_TRUE(created.ok());
    PeerConnection& pc = *created.value();
    pc.add_host_address(Timestamp(), *SocketAddress::parse("127.0.0.1:4000"));
    auto applied = pc.set_remote_description(Timestamp(), {SdpType::kOffer, offer_text});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    auto answer_text = pc.create_answer(Timestamp());
    ASSERT_TRUE(answer_text.ok()) << answer_text.error().message;
    ASSERT_TRUE(pc.set_local_description(Timestamp(), {SdpType::kAnswer, answer_text.value()}).ok());
    EXPECT_EQ(pc.signaling_state(), SignalingState::kStable);

    auto offer = sdp::parse(offer_text);
    auto answer = sdp::parse(answer_text.value());
    ASSERT_TRUE(offer.ok());
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    ASSERT_EQ(answer->media.size(), offer->media.size());
    bool data_accepted = false;
    std::vector<std::string> accepted;
    for (size_t i = 0; i < offer->media.size(); ++i) {
      const auto& o = offer->media[i];
      const auto& a = answer->media[i];
      EXPECT_EQ(a.media, o.media);
      EXPECT_EQ(a.protocol, o.protocol);
      EXPECT_EQ(a.attributes.first("mid"), o.attributes.first("mid"));
      if (a.port == 0) continue;
      accepted.emplace_back(*a.attributes.first("mid"));
      EXPECT_EQ(a.attributes.first("setup"), "active") << "answers actpass with active (RFC 8829 §5.3.1)";
      EXPECT_TRUE(a.attributes.first("fingerprint"));
      EXPECT_TRUE(a.attributes.first("ice-ufrag"));
      if (a.media == "application") {
        data_accepted = true;
        EXPECT_TRUE(a.attributes.has("sctp-port") || a.attributes.has("sctpmap"));
        EXPECT_EQ(a.attributes.first("max-message-size"), "262144");
        continue;
      }
      // Media: only Opus / VP8, only payload types the offer had, recvonly or inactive.
      EXPECT_TRUE(a.attributes.has("rtcp-mux"));
      EXPECT_TRUE(a.attributes.has("recvonly") || a.attributes.has("inactive"));
      for (auto value : a.attributes.values("rtpmap")) {
        auto map = sdp::parse_rtpmap(value);
        ASSERT_TRUE(map);
        std::string name = map->encoding;  // encoding names are case-insensitive (RFC 4855 §3)
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        EXPECT_TRUE(name == "opus" || name == "vp8") << map->encoding;
        EXPECT_NE(std::find(o.formats.begin(), o.formats.end(), std::to_string(map->payload_type)), o.formats.end());
      }
      EXPECT_EQ(a.formats.size(), a.attributes.values("rtpmap").size());
    }
    const bool data_offered = std::any_of(offer->media.begin(), offer->media.end(),
                                          [](const auto& m) { return m.media == "application"; });
    EXPECT_EQ(data_accepted, data_offered);
    auto group = answer->attributes.first("group");
    ASSERT_TRUE(group);
    auto bundle = sdp::parse_group(*group);
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->mids, accepted);
  }
}

TEST(JsepFixtures, ChromiumAudioVideoOfferGetsOpusAndVp8) {
  const std::string offer_text =
      read_file(std::string(WASMRTC_SOURCE_DIR) + "/tests/fixtures/sdp/chromium-offer-audio-video-data.sdp");
  SeededRandom random(9);
  auto pc = PeerConnection::create(Timestamp(), 1'700'000'000'000, {}, random);
  ASSERT_TRUE(pc.ok());
  ASSERT_TRUE(pc.value()->set_remote_description(Timestamp(), {SdpType::kOffer, offer_text}).ok());
  auto answer = sdp::parse(pc.value()->create_answer(Timestamp()).value());
  ASSERT_TRUE(answer.ok());
  int audio = 0, video = 0;
  for (const auto& m : answer->media) {
    if (m.port == 0) continue;
    if (m.media == "audio") {
      ++audio;
      ASSERT_EQ(m.formats.size(), 1u);
      EXPECT_NE(std::string(*m.attributes.first("rtpmap")).find("opus/48000/2"), std::string::npos);
      EXPECT_TRUE(m.attributes.first("fmtp")) << "Opus keeps its fmtp (minptime, useinbandfec)";
    }
    if (m.media == "video") {
      ++video;
      for (auto v : m.attributes.values("rtcp-fb")) {
        auto fb = sdp::parse_rtcp_fb(v);
        EXPECT_TRUE(fb->type == "nack" || fb->type == "ccm") << fb->type << " is not something we answer";
      }
    }
  }
  EXPECT_EQ(audio, 1);
  EXPECT_EQ(video, 1);
}

}  // namespace
}  // namespace wasmrtc::peer
