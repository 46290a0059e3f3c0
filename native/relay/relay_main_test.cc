// The wasmrtc-relay program itself: started as a child process with ephemeral ports, it prints
// where it listens and a working development credential, serves TURN and /metrics, and shuts down
// cleanly on SIGTERM (exit 0, allocations released, "shutdown" logged).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "host/event_loop.h"
#include "host/turn_udp_session.h"
#include "relay/relay_test_clients.h"
#include "relay/relay_test_process.h"

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;

std::string relay_binary() {
  // Built beside the test binary (the same CMake binary dir).
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path() / "wasmrtc-relay").string();
}

TEST(RelayMainTest, ServesWithTheDevelopmentCredentialAndStopsOnSigterm) {
  std::string binary = relay_binary();
  ASSERT_EQ(access(binary.c_str(), X_OK), 0) << binary << " not built (cmake --build ... --target wasmrtc-relay)";
  testing::ChildProcess relay({binary, "--udp-port=0", "--tcp-port=0"});
  ASSERT_TRUE(relay.started());
  host::EventLoop loop;
  std::smatch m;
  std::string out;
  auto printed = [&] {
    out = relay.out();
    return std::regex_search(out, m, std::regex(R"(sample credential \(24 h\) username=(\S+) password=(\S+)\n)")) ||
           !relay.running();
  };
  ASSERT_TRUE(loop.run_until(printed, 10s)) << out << relay.err();
  ASSERT_TRUE(relay.running()) << out << relay.err();
  std::string username = m[1], password = m[2];
  std::smatch ports;
  ASSERT_TRUE(std::regex_search(out, ports, std::regex(R"(listening udp=(\S+) tcp=(\S+) )"))) << out;
  SocketAddress udp = *SocketAddress::parse(ports[1].str());
  SocketAddress tcp = *SocketAddress::parse(ports[2].str());
  EXPECT_NE(out.find("development secret="), std::string::npos);

  // The printed credential allocates, and 127.0.0.1 peers are allowed in development mode.
  CryptoRandom random;
  turn::TurnClientOptions options;
  options.username = username;
  options.password = password;
  std::vector<turn::TurnEvent> events;
  auto session = host::TurnUdpSession::open(loop, *SocketAddress::parse("127.0.0.1:0"), udp, options, random,
                                            [&](const turn::TurnEvent& e) { events.push_back(e); });
  ASSERT_TRUE(session);
  auto& client = session.value()->client();
  client.allocate(loop.now());
  session.value()->pump();
  ASSERT_TRUE(loop.run_until([&] { return client.state() != turn::TurnState::kAllocating; }, 10s));
  ASSERT_EQ(client.state(), turn::TurnState::kAllocated) << (events.empty() ? "" : events.back().reason) << relay.err();
  client.create_permission(loop.now(), *IpAddress::parse("127.0.0.1"));
  session.value()->pump();
  ASSERT_TRUE(loop.run_until([&] { return client.has_permission(*IpAddress::parse("127.0.0.1")); }, 10s));

  testing::RawTcp metrics(loop, tcp);
  metrics.write("GET /metrics HTTP/1.1\r\nHost: relay\r\n\r\n");
  ASSERT_TRUE(loop.run_until([&] { return metrics.eof(); }, 10s));
  EXPECT_NE(metrics.received().find("\nwasmrtc_relay_allocations 1\n"), std::string::npos) << metrics.received();

  relay.signal(SIGTERM);
  ASSERT_TRUE(loop.run_until([&] { return !relay.running(); }, 10s));
  EXPECT_EQ(relay.exit_code(), std::optional<int>(0));
  std::string log = relay.err();
  EXPECT_NE(log.find("event=signal signal=SIGTERM"), std::string::npos) << log;
  EXPECT_NE(log.find("event=allocation_deleted"), std::string::npos) << log;
  EXPECT_NE(log.find("event=stopped"), std::string::npos) << log;
}

TEST(RelayMainTest, RefusesABadConfigurationWithExitCode2) {
  testing::ChildProcess relay({relay_binary(), "--listen=192.0.2.10"});
  host::EventLoop loop;
  ASSERT_TRUE(loop.run_until([&] { return !relay.running(); }, 10s));
  EXPECT_EQ(relay.exit_code(), std::optional<int>(2));
  EXPECT_NE(relay.err().find("development mode"), std::string::npos);
}

}  // namespace
}  // namespace wasmrtc::relay
