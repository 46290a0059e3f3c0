// An independent TURN client against the relay: coturn's turnutils_uclient (Debian package coturn),
// client-to-client mode (-y: two allocations that talk to each other through the relay), over UDP
// and TCP, with channels and with Send/Data indications. Nothing is skipped: without the
// tool the test fails. The relay runs in this process so its counters can be checked too.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "relay/relay_server.h"
#include "relay/relay_test_process.h"

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUclient = "/usr/bin/turnutils_uclient";

class UclientInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(access(kUclient, X_OK), 0) << kUclient << " is missing: apt-get install coturn";
    RelayServerOptions options;
    options.udp_listen = SocketAddress::parse("127.0.0.1:0");
    options.tcp_listen = SocketAddress::parse("127.0.0.1:0");
    TurnServerOptions turn;
    turn.realm = "wasmrtc.test";
    turn.rfc5766_channels = true;  // uclient picks channels from RFC 5766's 0x4000-0x7FFF
    turn.error_replies_per_second = 0;  // many clients from one IP in a burst
    Authenticator auth;
    auth.add_user("alice", "secret");
    AddressPolicy policy;
    policy.allow(*IpPrefix::parse("127.0.0.1/32"));
    auto s = RelayServer::start(loop_, options, turn, std::move(auth), std::move(policy), random_, logger_);
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(s.value());
  }

  // Runs uclient to completion while the relay serves on this thread; returns its stdout+stderr.
  std::string run_uclient(std::vector<std::string> flags, uint16_t port) {
    std::vector<std::string> args = {kUclient, "-u", "alice", "-w", "secret", "-p", std::to_string(port)};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("127.0.0.1");
    testing::ChildProcess uclient(args);
    EXPECT_TRUE(uclient.started());
    bool done = loop_.run_until([&] { return !uclient.running(); }, 60s);
    EXPECT_TRUE(done) << "uclient did not finish in 60 s";
    std::string output = uclient.out() + uclient.err();
    EXPECT_EQ(uclient.exit_code(), std::optional<int>(0)) << output;
    return output;
  }

  static int number_after(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return -1;
    return std::stoi(m[1]);
  }

  void expect_clean_run(const std::string& output, int messages, int clients) {
    // uclient's summary lines: "start_mclient: tot_send_msgs=80, tot_recv_msgs=80" and
    // "Total lost packets 0 (0.000000%), total send dropped 0 (0.000000%)".
    EXPECT_EQ(number_after(output, R"(start_mclient: tot_send_msgs=(\d+))"), messages * clients) << output;
    EXPECT_EQ(number_after(output, R"(start_mclient: tot_send_msgs=\d+, tot_recv_msgs=(\d+))"), messages * clients) << output;
    EXPECT_EQ(number_after(output, R"(Total lost packets (\d+))"), 0) << output;
    EXPECT_EQ(number_after(output, R"(total send dropped (\d+))"), 0) << output;
    EXPECT_EQ(output.find("error"), std::string::npos) << output;
  }

  void TearDown() override {
    if (HasFailure()) std::cerr << "relay log:\n" << log_.str();
  }

  host::EventLoop loop_;
  CryptoRandom random_;
  std::ostringstream log_;
  Logger logger_{log_, LogLevel::kInfo};
  std::unique_ptr<RelayServer> server_;
};

TEST_F(UclientInteropTest, UdpClientToClientThroughChannels) {
  std::string output = run_uclient({"-y", "-c", "-n", "20", "-l", "120", "-m", "4", "-z", "5"}, server_->udp_address()->port());
  expect_clean_run(output, 20, 4);
  EXPECT_GE(server_->core().counters().channels_bound, 4u);
  EXPECT_GE(server_->core().counters().packets_to_peer, 80u);
  EXPECT_EQ(server_->core().counters().auth_failures, 0u);
}

TEST_F(UclientInteropTest, UdpClientToClientThroughSendAndDataIndications) {
  std::string output = run_uclient({"-y", "-c", "-s", "-n", "20", "-l", "120", "-m", "4", "-z", "5"}, server_->udp_address()->port());
  expect_clean_run(output, 20, 4);
  EXPECT_GE(server_->core().counters().permissions_created, 4u);
  EXPECT_EQ(server_->core().counters().channels_bound, 0u);
  EXPECT_GE(server_->core().counters().packets_to_client, 80u);
}

TEST_F(UclientInteropTest, TcpClientToClientThroughChannels) {
  // 121-byte payloads: ChannelData over TCP carries padding both ways (RFC 8656 §12.5).
  std::string output = run_uclient({"-t", "-y", "-c", "-n", "20", "-l", "121", "-m", "4", "-z", "5"}, server_->tcp_address()->port());
  expect_clean_run(output, 20, 4);
  EXPECT_GE(server_->core().counters().channels_bound, 4u);
  EXPECT_EQ(server_->transport().stream_desyncs, 0u);
  EXPECT_TRUE(loop_.run_until([&] { return server_->core().allocation_count() == 0; }, 5s));
}

TEST_F(UclientInteropTest, TcpClientToClientThroughSendAndDataIndications) {
  std::string output = run_uclient({"-t", "-y", "-c", "-s", "-n", "20", "-l", "120", "-m", "4", "-z", "5"}, server_->tcp_address()->port());
  expect_clean_run(output, 20, 4);
  EXPECT_GE(server_->transport().tcp_turn_sessions, 4u);
  EXPECT_EQ(server_->transport().stream_desyncs, 0u);
  // Its connections are closed, and with them (RFC 8656 §3.1) its allocations.
  EXPECT_TRUE(loop_.run_until([&] { return server_->core().allocation_count() == 0; }, 5s));
}

}  // namespace
}  // namespace wasmrtc::relay
