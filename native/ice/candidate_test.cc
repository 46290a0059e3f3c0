#include "ice/candidate.h"

#include <gtest/gtest.h>

namespace wasmrtc::ice {
namespace {

Candidate parse_ok(std::string_view line) {
  auto r = parse_candidate(line);
  EXPECT_TRUE(r.ok()) << line << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Candidate{};
}

TEST(CandidateTest, ChromeHostUdp) {
  auto c = parse_ok(
      "candidate:3884027307 1 udp 2122260223 192.168.1.23 54400 typ host generation 0 ufrag "
      "EsAw network-id 1 network-cost 10");
  EXPECT_EQ(c.foundation, "3884027307");
  EXPECT_EQ(c.component, 1);
  EXPECT_EQ(c.protocol, TransportProtocol::kUdp);
  EXPECT_EQ(c.priority, 2122260223u);
  EXPECT_EQ(c.address.to_string(), "192.168.1.23:54400");
  EXPECT_EQ(c.type, CandidateType::kHost);
  EXPECT_EQ(c.generation, 0u);
  EXPECT_EQ(c.ufrag, "EsAw");
  EXPECT_EQ(c.network_id, 1u);
  EXPECT_EQ(c.network_cost, 10u);
  EXPECT_FALSE(c.related_address);
  EXPECT_TRUE(c.extensions.empty());
}

TEST(CandidateTest, ChromeSrflxRoundTripsExactly) {
  std::string line =
      "candidate:842163049 1 udp 1677729535 203.0.113.7 61813 typ srflx raddr 192.168.1.23 rport "
      "54400 generation 0 ufrag EsAw network-id 1 network-cost 10";
  auto c = parse_ok(line);
  EXPECT_EQ(c.type, CandidateType::kServerReflexive);
  ASSERT_TRUE(c.related_address);
  EXPECT_EQ(c.related_address->to_string(), "192.168.1.23:54400");
  EXPECT_EQ(c.to_string(), line);
}

TEST(CandidateTest, ChromeTcpActive) {
  std::string line =
      "candidate:2999745851 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0 "
      "ufrag EsAw network-id 1 network-cost 10";
  auto c = parse_ok(line);
  EXPECT_EQ(c.protocol, TransportProtocol::kTcp);
  EXPECT_EQ(c.tcp_type, TcpType::kActive);
  EXPECT_EQ(c.address.port(), 9);
  EXPECT_EQ(c.to_string(), line);
}

TEST(CandidateTest, ChromeMdnsHostIsKeptAsHostname) {
  std::string line =
      "candidate:1467250027 1 udp 2122260223 6f4a8c2e-1d3b-4c5a-9e7f-0a1b2c3d4e5f.local 54400 typ "
      "host generation 0 ufrag EsAw network-cost 999";
  auto c = parse_ok(line);
  EXPECT_TRUE(c.has_hostname());
  EXPECT_TRUE(c.is_mdns());
  EXPECT_EQ(c.hostname, "6f4a8c2e-1d3b-4c5a-9e7f-0a1b2c3d4e5f.local");
  EXPECT_TRUE(c.address.ip().is_unspecified());
  EXPECT_EQ(c.address.port(), 54400);
  EXPECT_EQ(c.to_string(), line);
}

TEST(CandidateTest, ChromeSrflxWithHiddenRelatedAddress) {
  auto c = parse_ok(
      "candidate:842163049 1 udp 1677729535 203.0.113.7 61813 typ srflx raddr 0.0.0.0 rport 0 "
      "generation 0 ufrag EsAw network-cost 999");
  ASSERT_TRUE(c.related_address);
  EXPECT_TRUE(c.related_address->ip().is_unspecified());
  EXPECT_EQ(c.related_address->port(), 0);
}

TEST(CandidateTest, FirefoxLinesUpperCaseTransport) {
  auto host = parse_ok("candidate:0 1 UDP 2122252543 192.168.1.23 50720 typ host");
  EXPECT_EQ(host.protocol, TransportProtocol::kUdp);
  EXPECT_EQ(host.to_string(), "candidate:0 1 udp 2122252543 192.168.1.23 50720 typ host");

  auto tcp = parse_ok("candidate:1 1 TCP 2105524479 192.168.1.23 9 typ host tcptype active");
  EXPECT_EQ(tcp.tcp_type, TcpType::kActive);

  auto srflx = parse_ok(
      "candidate:2 1 UDP 1686052863 203.0.113.7 50720 typ srflx raddr 192.168.1.23 rport 50720");
  EXPECT_EQ(srflx.related_address->to_string(), "192.168.1.23:50720");

  auto relay = parse_ok(
      "candidate:5 1 UDP 92217087 198.51.100.1 61234 typ relay raddr 198.51.100.1 rport 61234");
  EXPECT_EQ(relay.type, CandidateType::kRelayed);
  EXPECT_EQ(relay.priority, 92217087u);
}

TEST(CandidateTest, FirefoxIpv6AndMdns) {
  auto v6 = parse_ok("candidate:3 1 UDP 2122187007 2001:db8::a:1 50721 typ host");
  EXPECT_FALSE(v6.address.ip().is_v4());
  EXPECT_EQ(v6.address.ip().to_string(), "2001:db8::a:1");
  EXPECT_EQ(v6.to_string(), "candidate:3 1 udp 2122187007 2001:db8::a:1 50721 typ host");

  auto mdns = parse_ok(
      "candidate:0 1 UDP 2122252543 d3f1e1a8-5bd0-4c41-9f3a-64f8bd4f2a3b.local 51234 typ host");
  EXPECT_TRUE(mdns.is_mdns());
}

TEST(CandidateTest, AcceptsAllPrefixesAndTrailingCrlf) {
  const char* body = "1 1 udp 2130706431 10.0.0.1 5000 typ host";
  Candidate a = parse_ok(std::string("a=candidate:") + body + "\r\n");
  Candidate b = parse_ok(std::string("candidate:") + body);
  Candidate c = parse_ok(body);
  EXPECT_EQ(a, b);
  EXPECT_EQ(b, c);
}

TEST(CandidateTest, UnknownExtensionsArePreservedInOrder) {
  std::string line =
      "candidate:1 2 udp 2130706430 10.0.0.1 5001 typ host generation 1 x-foo bar x-baz 7";
  auto c = parse_ok(line);
  EXPECT_EQ(c.component, 2);
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extensions[0].first, "x-foo");
  EXPECT_EQ(c.extensions[0].second, "bar");
  EXPECT_EQ(c.extensions[1].first, "x-baz");
  EXPECT_EQ(c.to_string(), line);
}

TEST(CandidateTest, RejectsMalformedLinesWithAReason) {
  struct Case {
    const char* line;
    const char* reason;
  } cases[] = {
      {"", "fewer than 8"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ", "fewer than 8"},
      {"candidate:1 0 udp 1 10.0.0.1 5000 typ host", "component"},
      {"candidate:1 257 udp 1 10.0.0.1 5000 typ host", "component"},
      {"candidate:1 1 sctp 1 10.0.0.1 5000 typ host", "transport"},
      {"candidate:1 1 udp 4294967296 10.0.0.1 5000 typ host", "priority"},
      {"candidate:1 1 udp -5 10.0.0.1 5000 typ host", "priority"},
      {"candidate:1 1 udp 1 10.0.0.256 5000 typ host", "connection address"},
      {"candidate:1 1 udp 1 [::1] 5000 typ host", "connection address"},
      {"candidate:1 1 udp 1 bad_name 5000 typ host", "connection address"},
      {"candidate:1 1 udp 1 10.0.0.1 65536 typ host", "port"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 type host", "typ"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ bogus", "candidate type"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ srflx raddr 10.0.0.2", "raddr without rport"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ srflx rport 5", "rport without raddr"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ host generation", "no value"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ host generation x", "generation"},
      {"candidate:1 1 udp 1 10.0.0.1 5000 typ host tcptype active", "tcptype on a udp"},
      {"candidate:1 1 tcp 1 10.0.0.1 5000 typ host tcptype weird", "tcptype"},
      {"candidate:f\xc3\xa9 1 udp 1 10.0.0.1 5000 typ host", "foundation"},
      {"candidate:123456789012345678901234567890123 1 udp 1 10.0.0.1 5000 typ host", "foundation"},
      {"candidate:1 1 udp 1 10.0.0.1\t5000 typ host", "control"},
  };
  for (const auto& tc : cases) {
    auto r = parse_candidate(tc.line);
    ASSERT_FALSE(r.ok()) << tc.line;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(tc.reason), std::string::npos)
        << tc.line << " -> " << r.error().message;
  }
}

// RFC 8445 §5.1.2.1 with the §5.1.2.2 recommended type preferences.
TEST(CandidateTest, PriorityFormula) {
  EXPECT_EQ(compute_priority(CandidateType::kHost, 65535, 1), (126u << 24) + (65535u << 8) + 255);
  EXPECT_EQ(compute_priority(CandidateType::kHost, 65535, 1), 2130706431u);
  EXPECT_EQ(compute_priority(CandidateType::kServerReflexive, 65535, 1), 1694498815u);
  EXPECT_EQ(compute_priority(CandidateType::kPeerReflexive, 65535, 1), 1862270975u);
  EXPECT_EQ(compute_priority(CandidateType::kRelayed, 65535, 2), 16777214u);
  EXPECT_GT(compute_priority(CandidateType::kHost, 1, 1),
            compute_priority(CandidateType::kPeerReflexive, 65535, 1));
}

TEST(CandidateTest, FoundationDependsOnTypeBaseServerAndTransport) {
  auto ip = *IpAddress::parse("10.0.0.1");
  auto ip2 = *IpAddress::parse("10.0.0.2");
  auto server = IpAddress::parse("198.51.100.1");
  auto host = compute_foundation(CandidateType::kHost, ip, std::nullopt, TransportProtocol::kUdp);
  EXPECT_EQ(host, compute_foundation(CandidateType::kHost, ip, std::nullopt, TransportProtocol::kUdp));
  EXPECT_NE(host, compute_foundation(CandidateType::kHost, ip2, std::nullopt, TransportProtocol::kUdp));
  EXPECT_NE(host, compute_foundation(CandidateType::kHost, ip, std::nullopt, TransportProtocol::kTcp));
  EXPECT_NE(host, compute_foundation(CandidateType::kServerReflexive, ip, server, TransportProtocol::kUdp));
  EXPECT_LE(host.size(), 32u);
  auto reparsed = parse_candidate("candidate:" + host + " 1 udp 1 10.0.0.1 1 typ host");
  EXPECT_TRUE(reparsed.ok());
}

}  // namespace
}  // namespace wasmrtc::ice
