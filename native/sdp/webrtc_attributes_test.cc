#include "sdp/webrtc_attributes.h"

#include <gtest/gtest.h>

namespace wasmrtc::sdp {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(GroupTest, ParsesAndFormats) {
  auto g = parse_group("BUNDLE 0 1 2");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->semantics, "BUNDLE");
  EXPECT_EQ(g->mids, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(format_group(*g), "BUNDLE 0 1 2");
  auto alone = parse_group("BUNDLE");  // every m-line rejected
  ASSERT_TRUE(alone);
  EXPECT_TRUE(alone->mids.empty());
  EXPECT_EQ(format_group(*alone), "BUNDLE");
  EXPECT_EQ(parse_group("LS  audio   video")->mids, (std::vector<std::string>{"audio", "video"}));
  EXPECT_FALSE(parse_group(""));
  EXPECT_FALSE(parse_group("   "));
}

TEST(RtpMapTest, ParsesAndFormats) {
  auto opus = parse_rtpmap("111 opus/48000/2");
  ASSERT_TRUE(opus);
  EXPECT_EQ(opus->payload_type, 111);
  EXPECT_EQ(opus->encoding, "opus");
  EXPECT_EQ(opus->clock_rate, 48000u);
  EXPECT_EQ(opus->channels, 2);
  EXPECT_EQ(format_rtpmap(*opus), "111 opus/48000/2");
  auto vp8 = parse_rtpmap("96 VP8/90000");
  ASSERT_TRUE(vp8);
  EXPECT_EQ(vp8->channels, std::nullopt);
  EXPECT_EQ(format_rtpmap(*vp8), "96 VP8/90000");
  EXPECT_EQ(parse_rtpmap("0 PCMU/8000")->payload_type, 0);
  EXPECT_EQ(parse_rtpmap("127 rtx/90000")->payload_type, 127);
  EXPECT_EQ(parse_rtpmap("109 OPUS/48000/2")->encoding, "OPUS");  // case kept
}

TEST(RtpMapTest, RejectsOutOfRangeAndMalformed) {
  for (std::string_view bad :
       {"", "111", "128 opus/48000/2", "-1 opus/48000/2", "111 opus", "111 /48000", "111 opus/", "111 opus/0",
        "111 opus/48000/", "111 opus/48000/0", "111 opus/48000/65536", "111 opus/4294967296",
        "111 opus/48000/2 extra", "x opus/48000", "111 opus/48k", "1111111111111111111111 a/1"}) {
    EXPECT_FALSE(parse_rtpmap(bad)) << bad;
  }
}

TEST(FmtpTest, ParsesPairs) {
  auto f = parse_fmtp("111 minptime=10;useinbandfec=1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload_type, 111);
  EXPECT_EQ(f->parameters, "minptime=10;useinbandfec=1");
  EXPECT_EQ(f->pairs(), (Pairs{{"minptime", "10"}, {"useinbandfec", "1"}}));
  EXPECT_EQ(format_fmtp(*f), "111 minptime=10;useinbandfec=1");

  EXPECT_EQ(parse_fmtp("101 0-15")->pairs(), (Pairs{{"0-15", ""}}));
  EXPECT_EQ(parse_fmtp("63 111/111")->pairs(), (Pairs{{"111/111", ""}}));
  EXPECT_EQ(parse_fmtp("96 a = 1 ; ;b=x=y; ")->pairs(), (Pairs{{"a", "1"}, {"b", "x=y"}}));
  auto empty = parse_fmtp("96");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->pairs().empty());
  EXPECT_EQ(format_fmtp(*empty), "96");
  EXPECT_FALSE(parse_fmtp(""));
  EXPECT_FALSE(parse_fmtp("128 apt=96"));
  EXPECT_FALSE(parse_fmtp("x apt=96"));
}

TEST(RtcpFeedbackTest, ParsesAndFormats) {
  auto nack = parse_rtcp_fb("96 nack");
  ASSERT_TRUE(nack);
  EXPECT_EQ(nack->payload_type, "96");
  EXPECT_EQ(nack->type, "nack");
  EXPECT_EQ(nack->subtype, "");
  EXPECT_EQ(format_rtcp_fb(*nack), "96 nack");
  auto pli = parse_rtcp_fb("96 nack pli");
  ASSERT_TRUE(pli);
  EXPECT_EQ(pli->subtype, "pli");
  EXPECT_EQ(format_rtcp_fb(*pli), "96 nack pli");
  auto any = parse_rtcp_fb("* ccm tmmbr smaxpr=120");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->payload_type, "*");
  EXPECT_EQ(any->subtype, "tmmbr smaxpr=120");
  EXPECT_FALSE(parse_rtcp_fb(""));
  EXPECT_FALSE(parse_rtcp_fb("96"));
  EXPECT_FALSE(parse_rtcp_fb("200 nack"));
  EXPECT_FALSE(parse_rtcp_fb("** nack"));
}

TEST(ExtMapTest, ParsesAndFormats) {
  auto e = parse_extmap("3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, 3);
  EXPECT_EQ(e->direction, "");
  EXPECT_EQ(e->uri, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  EXPECT_EQ(e->attributes, "");
  auto ff = parse_extmap("2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level");
  ASSERT_TRUE(ff);
  EXPECT_EQ(ff->id, 2);
  EXPECT_EQ(ff->direction, "recvonly");
  EXPECT_EQ(format_extmap(*ff), "2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level");
  auto attrs = parse_extmap("255 urn:x vad=on extra");
  ASSERT_TRUE(attrs);
  EXPECT_EQ(attrs->id, 255);
  EXPECT_EQ(attrs->attributes, "vad=on extra");
  EXPECT_EQ(format_extmap(*attrs), "255 urn:x vad=on extra");
  EXPECT_EQ(parse_extmap("1 urn:x")->id, 1);
  for (std::string_view bad : {"", "0 urn:x", "256 urn:x", "4096 urn:x", "1", "1/sideways urn:x", "1/ urn:x",
                               "/sendonly urn:x", "a urn:x"})
    EXPECT_FALSE(parse_extmap(bad)) << bad;
}

TEST(SsrcTest, ParsesAndFormats) {
  auto cname = parse_ssrc("1925105323 cname:Ohm5bLpS5XbjK7B3");
  ASSERT_TRUE(cname);
  EXPECT_EQ(cname->ssrc, 1925105323u);
  EXPECT_EQ(cname->attribute, "cname");
  EXPECT_EQ(cname->value, "Ohm5bLpS5XbjK7B3");
  EXPECT_EQ(format_ssrc(*cname), "1925105323 cname:Ohm5bLpS5XbjK7B3");
  auto msid = parse_ssrc("4294967295 msid:- 30dc7dd5-c14f");
  ASSERT_TRUE(msid);
  EXPECT_EQ(msid->ssrc, 4294967295u);
  EXPECT_EQ(msid->value, "- 30dc7dd5-c14f");
  auto ff = parse_ssrc("1 cname:{a:b}");  // only the first colon splits
  ASSERT_TRUE(ff);
  EXPECT_EQ(ff->value, "{a:b}");
  auto bare = parse_ssrc("7 mslabel");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->attribute, "mslabel");
  EXPECT_EQ(format_ssrc(*bare), "7 mslabel");
  for (std::string_view bad : {"", "1", "4294967296 cname:x", "-1 cname:x", "x cname:x", "1 :x", "1 a b:c"})
    EXPECT_FALSE(parse_ssrc(bad)) << bad;
}

TEST(SsrcGroupTest, ParsesAndFormats) {
  auto g = parse_ssrc_group("FID 2829602014 873108204");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->semantics, "FID");
  EXPECT_EQ(g->ssrcs, (std::vector<uint32_t>{2829602014u, 873108204u}));
  EXPECT_EQ(format_ssrc_group(*g), "FID 2829602014 873108204");
  EXPECT_FALSE(parse_ssrc_group("FID"));
  EXPECT_FALSE(parse_ssrc_group("FID 1 x"));
  EXPECT_FALSE(parse_ssrc_group("SIM 1 4294967296"));
}

TEST(MsidTest, ParsesAndFormats) {
  auto chrome = parse_msid("- 30dc7dd5-c14f-45b4-884a-1f1017e4846e");
  ASSERT_TRUE(chrome);
  EXPECT_EQ(chrome->stream_id, "-");
  EXPECT_EQ(chrome->track_id, "30dc7dd5-c14f-45b4-884a-1f1017e4846e");
  EXPECT_EQ(format_msid(*chrome), "- 30dc7dd5-c14f-45b4-884a-1f1017e4846e");
  auto stream_only = parse_msid("stream");
  ASSERT_TRUE(stream_only);
  EXPECT_EQ(stream_only->track_id, "");
  EXPECT_EQ(format_msid(*stream_only), "stream");
  EXPECT_FALSE(parse_msid(""));
  EXPECT_FALSE(parse_msid("a b c"));
}

TEST(DirectionTest, NamesAndReverse) {
  for (Direction d : {Direction::kSendRecv, Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive})
    EXPECT_EQ(parse_direction(direction_name(d)), d);
  EXPECT_FALSE(parse_direction("SENDRECV"));
  EXPECT_FALSE(parse_direction("sendrecv "));
  EXPECT_FALSE(parse_direction(""));
  EXPECT_EQ(reverse(Direction::kSendOnly), Direction::kRecvOnly);
  EXPECT_EQ(reverse(Direction::kRecvOnly), Direction::kSendOnly);
  EXPECT_EQ(reverse(Direction::kSendRecv), Direction::kSendRecv);
  EXPECT_EQ(reverse(Direction::kInactive), Direction::kInactive);
}

TEST(DataChannelAttributesTest, SctpPortAndMaxMessageSize) {
  EXPECT_EQ(parse_sctp_port("5000"), 5000);
  EXPECT_EQ(parse_sctp_port("1"), 1);
  EXPECT_EQ(parse_sctp_port("65535"), 65535);
  EXPECT_FALSE(parse_sctp_port("0"));
  EXPECT_FALSE(parse_sctp_port("65536"));
  EXPECT_FALSE(parse_sctp_port(""));
  EXPECT_FALSE(parse_sctp_port("50 00"));
  EXPECT_FALSE(parse_sctp_port("+5000"));

  EXPECT_EQ(parse_max_message_size("262144"), 262144u);
  EXPECT_EQ(parse_max_message_size("0"), 0u);
  EXPECT_EQ(parse_max_message_size("1073741823"), 1073741823u);
  EXPECT_EQ(parse_max_message_size("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_max_message_size("18446744073709551616"));
  EXPECT_FALSE(parse_max_message_size("99999999999999999999"));
  EXPECT_FALSE(parse_max_message_size("-1"));
  EXPECT_FALSE(parse_max_message_size(""));
}

TEST(DataChannelAttributesTest, LegacySctpmap) {
  EXPECT_EQ(parse_sctpmap_port("5000 webrtc-datachannel 1024"), 5000);
  EXPECT_EQ(parse_sctpmap_port("5000 webrtc-datachannel"), 5000);
  EXPECT_FALSE(parse_sctpmap_port("5000"));
  EXPECT_FALSE(parse_sctpmap_port("0 webrtc-datachannel 1024"));
  EXPECT_FALSE(parse_sctpmap_port("5000 webrtc-datachannel many"));
  EXPECT_FALSE(parse_sctpmap_port("5000 webrtc-datachannel 1024 extra"));
}

TEST(IceOptionsTest, SplitsTokens) {
  EXPECT_EQ(parse_ice_options("trickle"), std::vector<std::string>{"trickle"});
  EXPECT_EQ(parse_ice_options("trickle  ice2"), (std::vector<std::string>{"trickle", "ice2"}));
  // libdatachannel writes a comma-separated list.
  EXPECT_EQ(parse_ice_options("ice2,trickle"), (std::vector<std::string>{"ice2", "trickle"}));
  EXPECT_EQ(parse_ice_options(",trickle,, ice2"), (std::vector<std::string>{"trickle", "ice2"}));
  EXPECT_TRUE(parse_ice_options("").empty());
}

}  // namespace
}  // namespace wasmrtc::sdp
