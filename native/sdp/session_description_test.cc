#include "sdp/session_description.h"

#include <gtest/gtest.h>

namespace wasmrtc::sdp {
namespace {

SessionDescription parse_ok(std::string_view text) {
  auto r = parse(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : SessionDescription{};
}

std::string parse_error(std::string_view text) {
  auto r = parse(text);
  EXPECT_FALSE(r.ok()) << "parsed, but should not have:\n" << text;
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  return r.error().message;
}

constexpr std::string_view kDataOffer =
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:EsAw\r\n"
    "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 AB:CD\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=sctp-port:5000\r\n"
    "a=max-message-size:262144\r\n";

TEST(SessionDescriptionTest, ParsesTheModel) {
  auto d = parse_ok(kDataOffer);
  EXPECT_EQ(d.version, 0);
  EXPECT_EQ(d.origin.username, "-");
  EXPECT_EQ(d.origin.session_id, "4611731400430051336");
  EXPECT_EQ(d.origin.session_version, "2");
  EXPECT_EQ(d.origin.network_type, "IN");
  EXPECT_EQ(d.origin.address_type, "IP4");
  EXPECT_EQ(d.origin.address, "127.0.0.1");
  EXPECT_EQ(d.session_name, "-");
  ASSERT_EQ(d.lines.size(), 1u);
  EXPECT_EQ(d.lines[0], (Line{'t', "0 0"}));
  EXPECT_EQ(d.attributes.first("group"), "BUNDLE 0");
  EXPECT_EQ(d.attributes.first("extmap-allow-mixed"), "");
  EXPECT_EQ(d.attributes.all()[1].value, std::nullopt);  // a property attribute has no value
  EXPECT_EQ(d.attributes.first("msid-semantic"), " WMS");  // kept as written, leading space included
  ASSERT_EQ(d.media.size(), 1u);
  const MediaSection& m = d.media[0];
  EXPECT_EQ(m.media, "application");
  EXPECT_EQ(m.port, 9);
  EXPECT_EQ(m.port_count, std::nullopt);
  EXPECT_EQ(m.protocol, "UDP/DTLS/SCTP");
  EXPECT_EQ(m.formats, std::vector<std::string>{"webrtc-datachannel"});
  ASSERT_EQ(m.lines.size(), 1u);
  EXPECT_EQ(m.lines[0], (Line{'c', "IN IP4 0.0.0.0"}));
  EXPECT_EQ(m.attributes.first("mid"), "0");
  EXPECT_EQ(m.attributes.first("sctp-port"), "5000");
  EXPECT_FALSE(m.attributes.has("group"));  // session attributes stay at the session level
}

TEST(SessionDescriptionTest, SerializeRoundTripsExactly) {
  EXPECT_EQ(serialize(parse_ok(kDataOffer)), kDataOffer);
}

TEST(SessionDescriptionTest, AcceptsBareLfAndNoFinalNewline) {
  std::string lf(kDataOffer);
  for (size_t i; (i = lf.find("\r\n")) != std::string::npos;) lf.erase(i, 1);
  lf.pop_back();  // no final newline
  EXPECT_EQ(parse_ok(lf), parse_ok(kDataOffer));
  EXPECT_EQ(serialize(parse_ok(lf)), kDataOffer);
}

TEST(SessionDescriptionTest, ToleratesTrailingBlanksAndBlankLines) {
  auto d = parse_ok("\r\nv=0 \r\no=- 1 1 IN IP4 0.0.0.0\t\r\r\n\r\n  \ns=x  \nt=0 0\na=foo:bar \n\n");
  EXPECT_EQ(d.session_name, "x");
  EXPECT_EQ(d.origin.address, "0.0.0.0");
  EXPECT_EQ(d.attributes.first("foo"), "bar");
}

TEST(SessionDescriptionTest, OriginAndNameInEitherOrder) {
  auto a = parse_ok("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n");
  auto b = parse_ok("v=0\ns=-\no=- 1 1 IN IP4 0.0.0.0\nt=0 0\n");
  EXPECT_EQ(a, b);
}

TEST(SessionDescriptionTest, KeepsUnknownLinesAndAttributesInOrder) {
  auto d = parse_ok(
      "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\ni=info\nt=0 0\nx=unknown line\na=zzz:1\na=yyy\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\nb=AS:30\nq=weird\na=rtpmap:111 opus/48000/2\na=zzz\n");
  ASSERT_EQ(d.lines.size(), 3u);
  EXPECT_EQ(d.lines[0], (Line{'i', "info"}));
  EXPECT_EQ(d.lines[2], (Line{'x', "unknown line"}));
  EXPECT_EQ(d.attributes.all()[0], (Attribute{"zzz", "1"}));
  EXPECT_EQ(d.attributes.all()[1], (Attribute{"yyy", std::nullopt}));
  ASSERT_EQ(d.media[0].lines.size(), 2u);
  EXPECT_EQ(d.media[0].lines[1], (Line{'q', "weird"}));
  EXPECT_EQ(d.media[0].attributes.values("zzz"), std::vector<std::string_view>{""});
}

TEST(SessionDescriptionTest, AttributeValueKeepsColonsAndEmptyValue) {
  auto d = parse_ok("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\na=fingerprint:sha-256 AB:CD\na=empty:\n");
  EXPECT_EQ(d.attributes.first("fingerprint"), "sha-256 AB:CD");
  EXPECT_EQ(d.attributes.all()[1], (Attribute{"empty", std::string()}));
  EXPECT_EQ(serialize(d), "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AB:CD\r\na=empty:\r\n");
}

TEST(SessionDescriptionTest, MissingTimingGetsTheDefaultInBothDirections) {
  auto d = parse_ok("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nc=IN IP4 0.0.0.0\n");
  ASSERT_EQ(d.lines.size(), 2u);
  EXPECT_EQ(d.lines[1], (Line{'t', "0 0"}));
  EXPECT_EQ(parse_ok(serialize(d)), d);

  SessionDescription built;
  built.origin.session_id = "1";
  built.origin.session_version = "2";
  EXPECT_EQ(serialize(built), "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
}

TEST(SessionDescriptionTest, MediaLineForms) {
  auto d = parse_ok(
      "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n"
      "m=video 0 UDP/TLS/RTP/SAVPF 96 97  98\n"
      "m=audio 49170/2 RTP/AVP 0\n"
      "m=application 9 DTLS/SCTP 5000\n"
      "m=message 65535 TCP/MSRP *\n");
  ASSERT_EQ(d.media.size(), 4u);
  EXPECT_EQ(d.media[0].port, 0);
  EXPECT_EQ(d.media[0].formats, (std::vector<std::string>{"96", "97", "98"}));
  EXPECT_EQ(d.media[1].port, 49170);
  EXPECT_EQ(d.media[1].port_count, 2);
  EXPECT_EQ(d.media[2].formats, std::vector<std::string>{"5000"});
  EXPECT_EQ(d.media[3].port, 65535);
  EXPECT_EQ(d.media[3].media, "message");
  EXPECT_EQ(parse_ok(serialize(d)), d);
  EXPECT_NE(serialize(d).find("m=audio 49170/2 RTP/AVP 0\r\n"), std::string::npos);
}

TEST(SessionDescriptionTest, ErrorsNameTheLine) {
  EXPECT_EQ(parse_error(""), "SDP is empty");
  EXPECT_EQ(parse_error("\r\n \n"), "SDP is empty");
  EXPECT_EQ(parse_error("o=- 1 1 IN IP4 0.0.0.0\n"), "SDP line 1: expected v=0 first");
  EXPECT_EQ(parse_error("\nv=1\n"), "SDP line 2: v= must be 0");
  EXPECT_EQ(parse_error("v=0\nt=0 0\n"), "SDP line 2: expected o= and s= after v=");
  EXPECT_EQ(parse_error("v=0\no=- 1 1 IN IP4 0.0.0.0\nt=0 0\n"), "SDP line 3: expected s= after v=");
  EXPECT_EQ(parse_error("v=0\no=- 1 1 IN IP4\ns=-\n"),
            "SDP line 2: o= line needs 6 fields (username sess-id sess-version nettype addrtype address), got 5");
  EXPECT_EQ(parse_error("v=0\no=- 1 1 IN IP4 0.0.0.0\n"), "SDP ends before its o= and s= lines");

  const std::string head = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n";
  EXPECT_EQ(parse_error(head + "v=0\n"), "SDP line 5: v= may appear only once, at the start");
  EXPECT_EQ(parse_error(head + "m=audio 9 RTP/AVP 0\ns=again\n"), "SDP line 6: s= may appear only once, at the start");
  EXPECT_EQ(parse_error(head + "m=\n"), "SDP line 5: m= line needs a media type");
  EXPECT_EQ(parse_error(head + "m=audio\n"), "SDP line 5: m= line needs a port");
  EXPECT_EQ(parse_error(head + "m=audio nine RTP/AVP 0\n"), "SDP line 5: m= line port must be a number from 0 to 65535");
  EXPECT_EQ(parse_error(head + "m=audio 65536 RTP/AVP 0\n"), "SDP line 5: m= line port must be a number from 0 to 65535");
  EXPECT_EQ(parse_error(head + "m=audio -1 RTP/AVP 0\n"), "SDP line 5: m= line port must be a number from 0 to 65535");
  EXPECT_EQ(parse_error(head + "m=audio 9/ RTP/AVP 0\n"), "SDP line 5: m= line port count must be a number from 0 to 65535");
  EXPECT_EQ(parse_error(head + "m=audio 9\n"), "SDP line 5: m= line needs a protocol");
  EXPECT_EQ(parse_error(head + "m=audio 9 RTP/AVP\n"), "SDP line 5: m= line needs at least one format");
  EXPECT_EQ(parse_error(head + "a=\n"), "SDP line 5: a= line needs an attribute name");
  EXPECT_EQ(parse_error(head + "a=:value\n"), "SDP line 5: a= line needs an attribute name");
  EXPECT_EQ(parse_error(head + "garbage\n"), "SDP line 5: expected <type>=<value>");
  EXPECT_EQ(parse_error(head + "1=x\n"), "SDP line 5: the line type must be a letter");
  EXPECT_EQ(parse_error(head + std::string("a=x\0y\n", 6)), "SDP line 5: contains a NUL byte");
  EXPECT_EQ(parse_error(head + "a=x\ry\n"), "SDP line 5: contains a CR that does not end the line");
  // Classic Mac line endings are one long line with CRs inside it.
  EXPECT_EQ(parse_error("v=0\ro=- 1 1 IN IP4 0.0.0.0\rs=-\r"), "SDP line 1: contains a CR that does not end the line");
}

TEST(SessionDescriptionTest, LineNumbersCountBlankLines) {
  EXPECT_EQ(parse_error("v=0\n\n\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9\n"), "SDP line 6: m= line needs a protocol");
}

TEST(AttributeListTest, LookupsAndEdits) {
  AttributeList list;
  list.add("mid", "0");
  list.add("rtcp-mux");
  list.add("candidate", "a");
  list.add("candidate", "b");
  EXPECT_TRUE(list.has("rtcp-mux"));
  EXPECT_FALSE(list.has("mid0"));
  EXPECT_EQ(list.first("mid"), "0");
  EXPECT_EQ(list.first("rtcp-mux"), "");
  EXPECT_EQ(list.first("absent"), std::nullopt);
  EXPECT_EQ(list.values("candidate"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_TRUE(list.values("absent").empty());

  list.set("mid", "1");  // replaces in place
  EXPECT_EQ(list.all()[0], (Attribute{"mid", "1"}));
  list.set("setup", "actpass");  // appends
  EXPECT_EQ(list.all().back(), (Attribute{"setup", "actpass"}));

  EXPECT_EQ(list.remove("candidate"), 2u);
  EXPECT_EQ(list.remove("candidate"), 0u);
  EXPECT_EQ(list.all().size(), 3u);
}

TEST(SessionDescriptionTest, LargeInputIsLinear) {
  // 50k attribute lines parse and round-trip; no quadratic step hides in the parser.
  std::string text = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\n";
  for (int i = 0; i < 50000; ++i) text += "a=candidate:1 1 udp 1 10.0.0.1 9 typ host\n";
  auto d = parse_ok(text);
  EXPECT_EQ(d.media[0].attributes.all().size(), 50000u);
  EXPECT_EQ(parse_ok(serialize(d)), d);
}

}  // namespace
}  // namespace wasmrtc::sdp
