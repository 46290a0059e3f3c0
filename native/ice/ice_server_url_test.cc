#include "ice/ice_server_url.h"

#include <gtest/gtest.h>

namespace wasmrtc::ice {
namespace {

IceServerUrl ok(std::string_view url) {
  auto r = parse_ice_server_url(url);
  EXPECT_TRUE(r.ok()) << url << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : IceServerUrl{};
}

TEST(IceServerUrlTest, StunWithDnsNameAndPort) {
  auto u = ok("stun:stun.l.google.com:19302");
  EXPECT_EQ(u.scheme, IceServerScheme::kStun);
  EXPECT_EQ(u.host, "stun.l.google.com");
  EXPECT_FALSE(u.ip);
  EXPECT_EQ(u.port, 19302);
  EXPECT_EQ(u.transport, TransportProtocol::kUdp);
  EXPECT_EQ(u.to_string(), "stun:stun.l.google.com:19302");
}

TEST(IceServerUrlTest, DefaultPortsAndTransports) {
  EXPECT_EQ(ok("stun:example.org").port, 3478);
  EXPECT_EQ(ok("turn:example.org").port, 3478);
  EXPECT_EQ(ok("stuns:example.org").port, 5349);
  EXPECT_EQ(ok("turns:example.org").port, 5349);
  EXPECT_EQ(ok("turns:example.org").transport, TransportProtocol::kTcp);
  EXPECT_EQ(ok("turn:example.org").transport, TransportProtocol::kUdp);
}

TEST(IceServerUrlTest, Rfc7065Examples) {
  // RFC 7065 §3 examples, with the host of the example.
  auto a = ok("turn:example.org");
  EXPECT_FALSE(a.transport_given);
  auto b = ok("turns:example.org");
  EXPECT_TRUE(b.is_secure());
  auto c = ok("turn:example.org:8000");
  EXPECT_EQ(c.port, 8000);
  auto d = ok("turn:example.org?transport=udp");
  EXPECT_TRUE(d.transport_given);
  EXPECT_EQ(d.transport, TransportProtocol::kUdp);
  auto e = ok("turn:example.org?transport=tcp");
  EXPECT_EQ(e.transport, TransportProtocol::kTcp);
  auto f = ok("turns:example.org?transport=tcp");
  EXPECT_EQ(f.to_string(), "turns:example.org?transport=tcp");
}

TEST(IceServerUrlTest, IpLiterals) {
  auto v4 = ok("turn:192.0.2.1:3479?transport=tcp");
  ASSERT_TRUE(v4.ip);
  EXPECT_EQ(v4.ip->to_string(), "192.0.2.1");
  EXPECT_EQ(v4.to_string(), "turn:192.0.2.1:3479?transport=tcp");
  auto v6 = ok("stun:[2001:db8::1]:3478");
  ASSERT_TRUE(v6.ip);
  EXPECT_FALSE(v6.ip->is_v4());
  EXPECT_EQ(v6.host, "2001:db8::1");
  EXPECT_EQ(v6.to_string(), "stun:[2001:db8::1]");
  auto v6p = ok("TURN:[2001:DB8::1]:5000");
  EXPECT_EQ(v6p.scheme, IceServerScheme::kTurn);
  EXPECT_EQ(v6p.to_string(), "turn:[2001:db8::1]:5000");
}

TEST(IceServerUrlTest, SyntaxErrors) {
  const char* bad[] = {
      "",
      "example.org",
      "http://example.org",
      "stun:",
      "stun://example.org",
      "stun:example.org?transport=udp",  // stun takes no query (W3C)
      "turn:example.org?transport=sctp",
      "turn:example.org?foo=bar",
      "turn:example.org#frag",
      "turn:user@example.org",
      "stun:example.org:",
      "stun:example.org:0",
      "stun:example.org:65536",
      "stun:example.org:12a",
      "stun:[2001:db8::1",
      "stun:[192.0.2.1]",
      "stun:[2001:db8::1]x",
      "stun:2001:db8::1",
      "stun:exa mple.org",
      "stun:999.1.1.1",
  };
  for (const char* url : bad) {
    auto r = parse_ice_server_url(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(IceServerUrlTest, ValidateRequiresTurnCredentials) {
  auto missing = validate_ice_server_url("turn:example.org", std::nullopt, std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidAccess);
  auto no_credential = validate_ice_server_url("turns:example.org", std::string("u"), std::nullopt);
  ASSERT_FALSE(no_credential.ok());
  EXPECT_EQ(no_credential.error().code, ErrorCode::kInvalidAccess);
  EXPECT_TRUE(validate_ice_server_url("turn:example.org", std::string("u"), std::string("p")).ok());
  EXPECT_TRUE(validate_ice_server_url("turn:example.org", std::string(""), std::string("")).ok());
  EXPECT_TRUE(validate_ice_server_url("stun:example.org", std::nullopt, std::nullopt).ok());
  // A syntax error wins over missing credentials.
  auto both = validate_ice_server_url("turn:example.org?x", std::nullopt, std::nullopt);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wasmrtc::ice
