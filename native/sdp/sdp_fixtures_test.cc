// Round-trips every offer and answer in tests/fixtures/sdp/ (real captures from libwebrtc,
// libdatachannel, werift and Chromium, plus reconstructed Firefox and Safari offers; see the
// README there) and checks the WebRTC facts JSEP will rely on, typed through webrtc_attributes.h and
// the lower layers' own parsers (fingerprint, setup, candidate).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "crypto/fingerprint.h"
#include "dtls/dtls_role.h"
#include "ice/candidate.h"
#include "sdp/session_description.h"
#include "sdp/webrtc_attributes.h"

namespace wasmrtc::sdp {
namespace {

namespace fs = std::filesystem;

fs::path fixture_dir() { return fs::path(WASMRTC_SOURCE_DIR) / "tests" / "fixtures" / "sdp"; }

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fixture_dir(), ec))
    if (entry.path().extension() == ".sdp") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// What serialize() must give back: the same lines, CRLF-terminated.
std::string with_crlf(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += line;
    out += "\r\n";
    pos = end + 1;
  }
  return out;
}

// An attribute at the media level, or else at the session level (fingerprint, ice-ufrag,
// ice-options and setup may sit at either; Firefox puts fingerprint and ice-options at the session).
std::optional<std::string_view> media_or_session(const SessionDescription& d, const MediaSection& m,
                                                 std::string_view name) {
  if (auto v = m.attributes.first(name)) return v;
  return d.attributes.first(name);
}

class SdpFixtureTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    text_ = read_file(fixture_dir() / GetParam());
    ASSERT_FALSE(text_.empty()) << GetParam();
    auto parsed = parse(text_);
    ASSERT_TRUE(parsed.ok()) << GetParam() << ": " << parsed.error().message;
    description_ = std::move(parsed.value());
  }
  bool is_offer() const { return GetParam().find("-offer-") != std::string::npos; }

  std::string text_;
  SessionDescription description_;
};

TEST_P(SdpFixtureTest, SerializeGivesBackTheTextWithCrlf) {
  EXPECT_EQ(serialize(description_), with_crlf(text_));
}

TEST_P(SdpFixtureTest, ReparseGivesTheSameModel) {
  auto again = parse(serialize(description_));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again.value(), description_);
}

TEST_P(SdpFixtureTest, SessionLevel) {
  EXPECT_EQ(description_.version, 0);
  EXPECT_FALSE(description_.origin.session_id.empty());
  EXPECT_EQ(description_.origin.network_type, "IN");
  ASSERT_FALSE(description_.media.empty());
}

TEST_P(SdpFixtureTest, BundleGroupListsEveryMid) {
  auto value = description_.attributes.first("group");
  ASSERT_TRUE(value) << "no a=group";
  auto group = parse_group(*value);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->semantics, "BUNDLE");
  std::vector<std::string> mids;
  for (const MediaSection& m : description_.media) {
    auto mid = m.attributes.first("mid");
    ASSERT_TRUE(mid) << "m=" << m.media << " without a=mid";
    mids.emplace_back(*mid);
  }
  EXPECT_EQ(group->mids, mids);
  EXPECT_EQ(std::set<std::string>(mids.begin(), mids.end()).size(), mids.size()) << "mids are not unique";
}

TEST_P(SdpFixtureTest, TransportAttributes) {
  for (const MediaSection& m : description_.media) {
    SCOPED_TRACE("m=" + m.media);
    auto ufrag = media_or_session(description_, m, "ice-ufrag");
    auto pwd = media_or_session(description_, m, "ice-pwd");
    ASSERT_TRUE(ufrag && pwd);
    // RFC 8839 §5.4: ufrag at least 4 characters, pwd at least 22.
    EXPECT_GE(ufrag->size(), 4u);
    EXPECT_GE(pwd->size(), 22u);

    auto fingerprint = media_or_session(description_, m, "fingerprint");
    ASSERT_TRUE(fingerprint);
    auto parsed = crypto::parse_fingerprint(*fingerprint);
    ASSERT_TRUE(parsed) << *fingerprint;
    EXPECT_EQ(parsed->algorithm, crypto::HashAlgorithm::kSha256);

    auto setup_value = media_or_session(description_, m, "setup");
    ASSERT_TRUE(setup_value);
    auto setup = dtls::parse_setup(*setup_value);
    ASSERT_TRUE(setup) << *setup_value;
    if (is_offer()) {
      EXPECT_EQ(*setup, dtls::SetupAttribute::kActpass);
    } else {
      EXPECT_TRUE(*setup == dtls::SetupAttribute::kActive || *setup == dtls::SetupAttribute::kPassive);
    }

    if (auto options = media_or_session(description_, m, "ice-options")) {
      auto tokens = parse_ice_options(*options);
      EXPECT_NE(std::find(tokens.begin(), tokens.end(), "trickle"), tokens.end()) << *options;
    }
    for (std::string_view value : m.attributes.values("candidate")) {
      auto candidate = ice::parse_candidate(value);
      EXPECT_TRUE(candidate.ok()) << value << ": " << (candidate.ok() ? "" : candidate.error().message);
    }
  }
}

TEST_P(SdpFixtureTest, DataChannelSection) {
  size_t application_sections = 0;
  for (const MediaSection& m : description_.media) {
    if (m.media != "application") continue;
    ++application_sections;
    if (m.protocol == "UDP/DTLS/SCTP" || m.protocol == "TCP/DTLS/SCTP") {
      EXPECT_EQ(m.formats, std::vector<std::string>{"webrtc-datachannel"});
      auto port = m.attributes.first("sctp-port");
      ASSERT_TRUE(port);
      EXPECT_EQ(parse_sctp_port(*port), 5000);
      auto max_size = m.attributes.first("max-message-size");
      ASSERT_TRUE(max_size);
      auto bytes = parse_max_message_size(*max_size);
      ASSERT_TRUE(bytes);
      EXPECT_GE(*bytes, 65536u);
    } else {
      // Pre-RFC 8841 form.
      EXPECT_EQ(m.protocol, "DTLS/SCTP");
      auto sctpmap = m.attributes.first("sctpmap");
      ASSERT_TRUE(sctpmap);
      EXPECT_EQ(parse_sctpmap_port(*sctpmap), 5000);
      EXPECT_EQ(m.formats, std::vector<std::string>{"5000"});
    }
  }
  bool has_data = GetParam().find("data") != std::string::npos || GetParam().find("sctpmap") != std::string::npos;
  EXPECT_EQ(application_sections, has_data ? 1u : 0u);
}

TEST_P(SdpFixtureTest, RtpSections) {
  for (const MediaSection& m : description_.media) {
    if (m.media != "audio" && m.media != "video") continue;
    SCOPED_TRACE("m=" + m.media);
    EXPECT_EQ(m.protocol, "UDP/TLS/RTP/SAVPF");
    EXPECT_TRUE(m.attributes.has("rtcp-mux"));
    int directions = 0;
    for (const Attribute& a : m.attributes.all())
      if (parse_direction(a.name)) ++directions;
    EXPECT_EQ(directions, 1);

    std::set<std::string> formats(m.formats.begin(), m.formats.end());
    std::set<std::string> mapped;
    for (std::string_view value : m.attributes.values("rtpmap")) {
      auto map = parse_rtpmap(value);
      ASSERT_TRUE(map) << value;
      EXPECT_EQ(format_rtpmap(*map), value);
      mapped.insert(std::to_string(map->payload_type));
      EXPECT_TRUE(formats.count(std::to_string(map->payload_type))) << value << " is not in the m= line";
      if (m.media == "video") {
        EXPECT_EQ(map->clock_rate, 90000u) << value;
      }
    }
    // Every dynamic payload type needs an rtpmap; static ones (0, 8, 9, ...) may go without.
    for (const std::string& f : m.formats)
      if (std::stoi(f) >= 96) EXPECT_TRUE(mapped.count(f)) << "payload type " << f << " has no rtpmap";
    for (std::string_view value : m.attributes.values("fmtp")) {
      auto fmtp = parse_fmtp(value);
      ASSERT_TRUE(fmtp) << value;
      EXPECT_EQ(format_fmtp(*fmtp), value);
      EXPECT_FALSE(fmtp->pairs().empty()) << value;
    }
    for (std::string_view value : m.attributes.values("rtcp-fb")) {
      auto feedback = parse_rtcp_fb(value);
      ASSERT_TRUE(feedback) << value;
      EXPECT_EQ(format_rtcp_fb(*feedback), value);
    }
    for (std::string_view value : m.attributes.values("extmap")) {
      auto map = parse_extmap(value);
      ASSERT_TRUE(map) << value;
      EXPECT_EQ(format_extmap(*map), value);
    }
    for (std::string_view value : m.attributes.values("ssrc")) {
      auto ssrc = parse_ssrc(value);
      ASSERT_TRUE(ssrc) << value;
      EXPECT_EQ(format_ssrc(*ssrc), value);
    }
    for (std::string_view value : m.attributes.values("ssrc-group")) {
      auto group = parse_ssrc_group(value);
      ASSERT_TRUE(group) << value;
      EXPECT_EQ(format_ssrc_group(*group), value);
    }
    for (std::string_view value : m.attributes.values("msid")) {
      auto msid = parse_msid(value);
      ASSERT_TRUE(msid) << value;
      EXPECT_EQ(format_msid(*msid), value);
    }
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 4);  // without ".sdp"
  for (char& c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SdpFixtureTest, ::testing::ValuesIn(fixture_names()), test_name);

// A missing folder or a lost capture would otherwise just run fewer parameterised tests.
TEST(SdpFixtureCorpusTest, HasTheCapturedFixtures) {
  auto names = fixture_names();
  for (std::string_view expected :
       {"libwebrtc-offer-data.sdp", "libwebrtc-offer-audio-video-data.sdp", "libwebrtc-answer-data.sdp",
        "libdatachannel-offer-data.sdp", "libdatachannel-answer-data.sdp", "werift-offer-data.sdp",
        "werift-offer-av.sdp", "chromium-offer-audio-video-data.sdp", "chromium-answer-data.sdp",
        "firefox-offer-audio-video-data.sdp", "safari-offer-audio-video-data.sdp"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

// The fixtures are CRLF; the parser must read the same descriptions with bare LF endings, without a
// final line ending, and with trailing blanks.
TEST(SdpFixtureCorpusTest, LineEndingVariantsParseTheSame) {
  for (const std::string& name : fixture_names()) {
    SCOPED_TRACE(name);
    std::string text = read_file(fixture_dir() / name);
    auto reference = parse(text);
    ASSERT_TRUE(reference.ok());
    std::string lf, blanks;
    for (char c : text) {
      if (c == '\r') continue;
      if (c == '\n') blanks += " \t";
      lf += c;
      blanks += c;
    }
    lf.pop_back();
    for (const std::string& variant : {lf, blanks}) {
      auto parsed = parse(variant);
      ASSERT_TRUE(parsed.ok()) << parsed.error().message;
      EXPECT_EQ(parsed.value(), reference.value());
    }
  }
}

}  // namespace
}  // namespace wasmrtc::sdp
