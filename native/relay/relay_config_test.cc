#include "relay/relay_config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;

TEST(RelayConfigTest, NoArgumentsIsDevelopmentModeOnLoopback3478) {
  auto c = parse_relay_config({});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->development());
  EXPECT_EQ(c->server.udp_listen, SocketAddress::parse("127.0.0.1:3478"));
  EXPECT_EQ(c->server.tcp_listen, SocketAddress::parse("127.0.0.1:3478"));
  EXPECT_EQ(c->turn.default_lifetime, 600s);
  EXPECT_EQ(c->turn.max_lifetime, 3600s);
}

TEST(RelayConfigTest, FlagsInBothSpellings) {
  auto c = parse_relay_config({"--listen=192.0.2.10", "--udp-port", "0", "--tcp-port=443", "--user", "alice:pw:with:colons",
                               "--secret=0123456789", "--allow-peer", "10.0.0.0/8", "--user-quota=3", "--no-udp",
                               "--max-lifetime", "1200", "--log-level=debug", "--rfc5766-channels"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->development());
  EXPECT_FALSE(c->server.udp_listen);
  EXPECT_EQ(c->server.tcp_listen, SocketAddress::parse("192.0.2.10:443"));
  EXPECT_EQ(c->server.relay_ip, IpAddress::parse("192.0.2.10"));
  ASSERT_EQ(c->users.size(), 1u);
  EXPECT_EQ(c->users[0].second, "pw:with:colons");
  EXPECT_EQ(c->secrets, std::vector<std::string>{"0123456789"});
  EXPECT_EQ(c->allow_peers.size(), 1u);
  EXPECT_EQ(c->turn.max_allocations_per_user, 3u);
  EXPECT_EQ(c->turn.max_lifetime, 1200s);
  EXPECT_EQ(c->log_level, LogLevel::kDebug);
  EXPECT_TRUE(c->turn.rfc5766_channels);
}

TEST(RelayConfigTest, ConfigFileThenFlagsOverride) {
  std::string path = ::testing::TempDir() + "/relay_config_test.conf";
  {
    std::ofstream f(path);
    f << "# production relay\nrealm = example.org\nsecret = a-long-shared-secret\nlisten = 127.0.0.1\n"
         "udp-port = 3479   # comment\nbandwidth = 125000\nno-tcp\n";
  }
  auto c = parse_relay_config({"--config", path, "--udp-port=4000"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->turn.realm, "example.org");
  EXPECT_EQ(c->secrets.size(), 1u);
  EXPECT_EQ(c->server.udp_listen->port(), 4000);
  EXPECT_FALSE(c->server.tcp_listen);
  EXPECT_EQ(c->turn.bandwidth_bytes_per_second, 125000u);
  std::remove(path.c_str());
}

TEST(RelayConfigTest, BadInputIsRefusedWithAReason) {
  EXPECT_FALSE(parse_relay_config({"--nope=1"}));
  EXPECT_FALSE(parse_relay_config({"--udp-port=70000"}));
  EXPECT_FALSE(parse_relay_config({"--user=alice"}));
  EXPECT_FALSE(parse_relay_config({"--secret=short"}));
  EXPECT_FALSE(parse_relay_config({"--allow-peer=10.0.0.0/40"}));
  EXPECT_FALSE(parse_relay_config({"--config=/nonexistent/relay.conf"}));
  EXPECT_FALSE(parse_relay_config({"--realm"}));  // needs a value
  EXPECT_FALSE(parse_relay_config({"--tls-port=5349"}));  // needs --tls-cert and --tls-key
  EXPECT_FALSE(parse_relay_config({"--tls-cert=/etc/hostname"}));  // and both
  EXPECT_FALSE(parse_relay_config({"--tls-port=5349", "--tls-cert=/nonexistent.pem", "--tls-key=/nonexistent.pem"}));
  // Development mode (no credentials) never listens beyond loopback.
  auto open = parse_relay_config({"--listen=192.0.2.10"});
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("development mode"), std::string::npos);
  // A wildcard listener needs the address peers reach.
  EXPECT_FALSE(parse_relay_config({"--listen=0.0.0.0", "--user=a:b"}));
  EXPECT_TRUE(parse_relay_config({"--listen=0.0.0.0", "--relay-ip=192.0.2.10", "--user=a:b"}));
}

}  // namespace
}  // namespace wasmrtc::relay
