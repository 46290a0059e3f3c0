// tools::IceAgentDriver on real sockets: two agents, "A" (controlling) and "Z" (controlled), on the
// Asio loop over 127.0.0.1: directly, relay-only through Debian's coturn (started by the test with
// long-term credentials), with mDNS ".local" candidates and an injected resolver, and the ice-peer
// program run twice with the test wiring their JSON lines together. Waits are bounded run_until
// loops on the event loop, never sleeps.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/random.h"
#include "host/event_loop.h"
#include "ice/candidate.h"
#include "testing/coturn_server.h"
#include "tools/ice_agent_driver.h"
#include "tools/test_child_process.h"

namespace wasmrtc::tools {
namespace {

using namespace std::chrono_literals;
using ice::Candidate;
using ice::CandidateType;
using ice::IceGatheringState;
using ice::IceTransportState;

// One agent and what it reported; its candidates go to `peer` on the next loop turn (signalling).
struct Side : IceAgentDriver::Listener {
  explicit Side(const char* name) : name(name) {}
  std::string name;
  host::EventLoop* loop = nullptr;
  std::unique_ptr<IceAgentDriver> driver;
  Side* peer = nullptr;
  // How this side's candidates look to the peer (e.g. hidden behind an mDNS name).
  std::function<std::optional<Candidate>(const Candidate&)> rewrite;

  std::vector<Candidate> gathered;
  bool gathering_complete = false;
  IceTransportState state = IceTransportState::kNew;
  std::optional<std::pair<Candidate, Candidate>> selected;
  std::vector<std::string> data;

  void on_candidate(const Candidate& c) override {
    gathered.push_back(c);
    std::optional<Candidate> signalled = rewrite ? rewrite(c) : std::optional<Candidate>(c);
    if (!signalled) return;
    Side* to = peer;
    boost::asio::post(loop->context(), [to, c = *signalled] { to->driver->add_remote_candidate(c); });
  }
  void on_gathering_state(IceGatheringState s) override {
    if (s != IceGatheringState::kComplete) return;
    gathering_complete = true;
    Side* to = peer;
    boost::asio::post(loop->context(), [to] { to->driver->end_of_remote_candidates(); });
  }
  void on_state(IceTransportState s) override { state = s; }
  void on_selected_pair(const Candidate& local, const Candidate& remote, bool lost) override {
    if (lost) selected.reset();
    else selected = {local, remote};
  }
  void on_data(const SocketAddress&, const SocketAddress&, ByteView bytes) override {
    data.emplace_back(bytes.begin(), bytes.end());
  }
  bool connected() const {
    return selected && (state == IceTransportState::kConnected || state == IceTransportState::kCompleted);
  }
  bool got(const std::string& text) const { return std::find(data.begin(), data.end(), text) != data.end(); }
};

class IceAgentDriverTest : public ::testing::Test {
 protected:
  IceAgentDriver::Options options(ice::IceRole role) {
    IceAgentDriver::Options o;
    o.role = role;
    return o;
  }

  // Creates both drivers, exchanges credentials and starts gathering (the caller may add TURN
  // servers in `before_start`).
  void open(IceAgentDriver::Options oa, IceAgentDriver::Options oz,
            const std::function<void()>& before_start = nullptr) {
    a_.loop = z_.loop = &loop_;
    a_.peer = &z_;
    z_.peer = &a_;
    auto da = IceAgentDriver::create(loop_, random_, std::move(oa), &a_);
    auto dz = IceAgentDriver::create(loop_, random_, std::move(oz), &z_);
    ASSERT_TRUE(da) << da.error().message;
    ASSERT_TRUE(dz) << dz.error().message;
    a_.driver = std::move(da.value());
    z_.driver = std::move(dz.value());
    a_.driver->set_remote_credentials(z_.driver->local_credentials());
    z_.driver->set_remote_credentials(a_.driver->local_credentials());
    if (before_start) before_start();
    a_.driver->start();
    z_.driver->start();
  }

  bool connect(Duration timeout = 10s) {
    return loop_.run_until([&] { return a_.connected() && z_.connected(); }, timeout);
  }

  // Data both ways over the selected pair; resent each round in case a datagram was lost.
  void expect_data_both_ways(const std::string& tag) {
    std::string to_z = tag + " A->Z", to_a = tag + " Z->A";
    bool ok = false;
    for (int round = 0; round < 5 && !ok; ++round) {
      EXPECT_TRUE(a_.driver->send(as_bytes(to_z)));
      EXPECT_TRUE(z_.driver->send(as_bytes(to_a)));
      ok = loop_.run_until([&] { return z_.got(to_z) && a_.got(to_a); }, 1s);
    }
    EXPECT_TRUE(ok) << tag;
  }

  host::EventLoop loop_;
  CryptoRandom random_;
  Side a_{"A"}, z_{"Z"};
};

TEST_F(IceAgentDriverTest, TwoAgentsConnectOverLoopbackUdpAndExchangeDataBothWays) {
  open(options(ice::IceRole::kControlling), options(ice::IceRole::kControlled));
  ASSERT_TRUE(connect()) << "A " << ice::to_string(a_.state) << ", Z " << ice::to_string(z_.state);
  ASSERT_EQ(a_.gathered.size(), 1u);
  EXPECT_EQ(a_.gathered[0].type, CandidateType::kHost);
  EXPECT_EQ(a_.gathered[0].address, a_.driver->local_addresses()[0]);
  EXPECT_TRUE(a_.gathering_complete && z_.gathering_complete);
  // Both select the same path: A's socket to Z's socket, host to host.
  EXPECT_EQ(a_.selected->first.address, a_.driver->local_addresses()[0]);
  EXPECT_EQ(a_.selected->second.address, z_.driver->local_addresses()[0]);
  EXPECT_EQ(z_.selected->first.address, z_.driver->local_addresses()[0]);
  EXPECT_EQ(z_.selected->second.address, a_.driver->local_addresses()[0]);
  EXPECT_EQ(a_.selected->first.type, CandidateType::kHost);
  expect_data_both_ways("host");
  EXPECT_EQ(a_.driver->stats().unroutable_transmits, 0u);
  EXPECT_EQ(a_.driver->stats().send_errors, 0u);
  EXPECT_GT(z_.driver->stats().datagrams_received, 0u);
  EXPECT_EQ(a_.driver->agent().stats().malformed, 0u);

  // Both sides' candidates are complete: the controlled side reaches completed; closing is clean.
  ASSERT_TRUE(loop_.run_until([&] { return z_.state == IceTransportState::kCompleted; }, 5s))
      << ice::to_string(z_.state);
  a_.driver->close();
  EXPECT_EQ(a_.state, IceTransportState::kClosed);
  EXPECT_FALSE(a_.driver->send(as_bytes("after close")));
}

TEST_F(IceAgentDriverTest, ListenerMayCallBackIntoTheDriver) {
  // A listener that answers every datagram from inside on_data (a re-entrant send).
  struct Echo : Side {
    using Side::Side;
    void on_data(const SocketAddress& l, const SocketAddress& r, ByteView bytes) override {
      Side::on_data(l, r, bytes);
      std::string text(bytes.begin(), bytes.end());
      if (text.rfind("echo:", 0) != 0) driver->send(as_bytes("echo:" + text));
    }
  };
  Echo echo("Z");
  a_.loop = echo.loop = &loop_;
  a_.peer = &echo;
  echo.peer = &a_;
  auto da = IceAgentDriver::create(loop_, random_, options(ice::IceRole::kControlling), &a_);
  auto dz = IceAgentDriver::create(loop_, random_, options(ice::IceRole::kControlled), &echo);
  ASSERT_TRUE(da && dz);
  a_.driver = std::move(da.value());
  echo.driver = std::move(dz.value());
  a_.driver->set_remote_credentials(echo.driver->local_credentials());
  echo.driver->set_remote_credentials(a_.driver->local_credentials());
  a_.driver->start();
  echo.driver->start();
  ASSERT_TRUE(loop_.run_until([&] { return a_.connected() && echo.connected(); }, 10s));
  bool ok = false;
  for (int round = 0; round < 5 && !ok; ++round) {
    a_.driver->send(as_bytes("ping"));
    ok = loop_.run_until([&] { return a_.got("echo:ping"); }, 1s);
  }
  EXPECT_TRUE(ok);
}

TEST_F(IceAgentDriverTest, RejectsAnUnspecifiedBindAddress) {
  auto o = options(ice::IceRole::kControlling);
  o.bind = {*SocketAddress::parse("0.0.0.0:0")};
  auto d = IceAgentDriver::create(loop_, random_, o, nullptr);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
}

// --- mDNS ".local" host candidates -------------------------------------------------------------------

// The candidate as a browser hiding its address would signal it: the IP replaced by a name.
std::optional<Candidate> as_mdns(const Candidate& c, const std::string& name) {
  std::string text = c.to_string();
  std::string ip = c.address.ip().to_string();
  text.replace(text.find(" " + ip + " "), ip.size() + 2, " " + name + " ");
  auto parsed = ice::parse_candidate(text);
  EXPECT_TRUE(parsed) << text;
  EXPECT_TRUE(parsed && parsed->is_mdns()) << text;
  return parsed ? std::optional<Candidate>(parsed.value()) : std::nullopt;
}

TEST_F(IceAgentDriverTest, MdnsCandidatesConnectWhenTheResolverAnswers) {
  // Both sides hide their host address behind a .local name, so without resolution there would be
  // no pair at all (not even a peer-reflexive one). The fake resolver answers on a later loop turn,
  // after end-of-candidates has arrived: the driver holds that back until the lookup is done.
  std::map<std::string, IpAddress> names;
  std::vector<std::string> asked;
  auto resolver = [&](const std::string& name, IceAgentDriver::ResolveDone done) {
    asked.push_back(name);
    auto it = names.find(name);
    std::optional<IpAddress> ip = it == names.end() ? std::nullopt : std::optional<IpAddress>(it->second);
    boost::asio::post(loop_.context(), [done, ip] { done(ip); });
  };
  names["0b6e4a7c-a.local"] = *IpAddress::parse("127.0.0.1");
  names["0b6e4a7c-z.local"] = *IpAddress::parse("127.0.0.1");
  a_.rewrite = [](const Candidate& c) { return as_mdns(c, "0b6e4a7c-a.local"); };
  z_.rewrite = [](const Candidate& c) { return as_mdns(c, "0b6e4a7c-z.local"); };
  auto oa = options(ice::IceRole::kControlling);
  auto oz = options(ice::IceRole::kControlled);
  oa.resolver = resolver;
  oz.resolver = resolver;
  open(oa, oz);
  ASSERT_TRUE(connect()) << "A " << ice::to_string(a_.state) << ", Z " << ice::to_string(z_.state);
  EXPECT_EQ(asked.size(), 2u);
  for (Side* s : {&a_, &z_}) {
    EXPECT_EQ(s->driver->stats().mdns_lookups, 1u) << s->name;
    EXPECT_EQ(s->driver->stats().mdns_resolved, 1u) << s->name;
    EXPECT_EQ(s->driver->stats().mdns_unresolved, 0u) << s->name;
    ASSERT_EQ(s->driver->agent().remote_candidates().size(), 1u);
    EXPECT_EQ(s->driver->agent().remote_candidates()[0].type, CandidateType::kHost) << "not peer-reflexive";
    EXPECT_EQ(s->driver->agent().remote_candidates()[0].address, s->peer->driver->local_addresses()[0]);
  }
  EXPECT_EQ(a_.selected->second.type, CandidateType::kHost);
  expect_data_both_ways("mdns");
  ASSERT_TRUE(loop_.run_until([&] { return z_.state == IceTransportState::kCompleted; }, 5s));
}

TEST_F(IceAgentDriverTest, UnresolvedMdnsCandidatesStaySkippedAndCounted) {
  // A has a resolver that finds nothing; Z has none. Neither candidate becomes a pair; nothing
  // fails because of them, they are counted.
  int lookups_answered = 0;
  a_.rewrite = [](const Candidate& c) { return as_mdns(c, "unknown-a.local"); };
  z_.rewrite = [](const Candidate& c) { return as_mdns(c, "unknown-z.local"); };
  auto oa = options(ice::IceRole::kControlling);
  oa.resolver = [&](const std::string&, IceAgentDriver::ResolveDone done) {
    ++lookups_answered;
    done(std::nullopt);  // synchronously, from inside add_remote_candidate
  };
  open(oa, options(ice::IceRole::kControlled));
  ASSERT_TRUE(loop_.run_until(
      [&] { return a_.driver->stats().mdns_unresolved == 1 && z_.driver->stats().mdns_unresolved == 1; }, 5s));
  EXPECT_EQ(lookups_answered, 1);
  EXPECT_EQ(a_.driver->stats().mdns_lookups, 1u);
  EXPECT_EQ(z_.driver->stats().mdns_lookups, 0u);  // no resolver: skipped at once
  for (Side* s : {&a_, &z_}) {
    EXPECT_TRUE(s->driver->agent().remote_candidates().empty()) << s->name;
    EXPECT_EQ(s->driver->agent().stats().remote_candidates_skipped, 1u) << s->name;
    EXPECT_FALSE(s->selected) << s->name;
  }
}

TEST_F(IceAgentDriverTest, SystemResolverAnswersOnTheLoop) {
  // The platform resolver (getaddrinfo through Asio) finds "localhost" in /etc/hosts; no network.
  auto resolver = IceAgentDriver::system_resolver(loop_);
  std::optional<std::optional<IpAddress>> answer;
  resolver("localhost", [&](std::optional<IpAddress> ip) { answer = ip; });
  ASSERT_TRUE(loop_.run_until([&] { return answer.has_value(); }, 5s));
  ASSERT_TRUE(answer->has_value());
  EXPECT_TRUE((*answer)->is_loopback()) << (*answer)->to_string();
}

// --- through Debian's coturn -------------------------------------------------------------------------

class IceAgentDriverCoturnTest : public IceAgentDriverTest {
 protected:
  static void SetUpTestSuite() {
    if (!testing::CoturnServer::available()) return;
    std::string error;
    server_ = testing::CoturnServer::start({}, &error).release();
    if (!server_) start_error_ = new std::string(error);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!testing::CoturnServer::available()) GTEST_SKIP() << "coturn (/usr/bin/turnserver) is not installed";
    ASSERT_TRUE(server_) << (start_error_ ? *start_error_ : "");
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "coturn log:\n" << server_->log();
  }

  static turn::TurnClientOptions credentials(std::string password = "secret") {
    turn::TurnClientOptions o;
    o.username = "alice";
    o.password = std::move(password);
    return o;
  }
  IceAgentDriver::Options relay_only(ice::IceRole role) {
    auto o = options(role);
    o.gather_host = false;
    return o;
  }

  static testing::CoturnServer* server_;
  static std::string* start_error_;
};

testing::CoturnServer* IceAgentDriverCoturnTest::server_ = nullptr;
std::string* IceAgentDriverCoturnTest::start_error_ = nullptr;

TEST_F(IceAgentDriverCoturnTest, RelayOnlyAgentsConnectThroughCoturnAndExchangeData) {
  // Each agent's own TURN client allocates (401 -> realm/nonce -> authenticated Allocate), creates
  // permissions for the peer's relayed address, binds a channel for the selected pair and carries
  // checks, consent and data; the driver only moves datagrams between its socket and coturn.
  open(relay_only(ice::IceRole::kControlling), relay_only(ice::IceRole::kControlled), [&] {
    ASSERT_TRUE(a_.driver->add_turn_server(server_->address(), credentials()));
    ASSERT_TRUE(z_.driver->add_turn_server(server_->address(), credentials()));
  });
  ASSERT_TRUE(connect()) << "A " << ice::to_string(a_.state) << ", Z " << ice::to_string(z_.state);
  for (Side* s : {&a_, &z_}) {
    ASSERT_EQ(s->gathered.size(), 1u) << s->name;
    EXPECT_EQ(s->gathered[0].type, CandidateType::kRelayed) << s->name;
    EXPECT_EQ(s->gathered[0].address.ip(), server_->address().ip());
    EXPECT_NE(s->gathered[0].address, server_->address());
    // raddr: the mapped address is the TURN client's own socket (no NAT on loopback).
    EXPECT_EQ(s->gathered[0].related_address, s->driver->local_addresses().back());
    EXPECT_EQ(s->selected->first.type, CandidateType::kRelayed) << s->name;
    EXPECT_EQ(s->selected->second.type, CandidateType::kRelayed) << s->name;
    EXPECT_EQ(s->selected->second.address, s->peer->gathered[0].address) << s->name;
    EXPECT_EQ(s->driver->agent().stats().turn_failures, 0u);
  }
  expect_data_both_ways("relay");
  // More rounds once the channel for the selected pair is bound: still both ways, ChannelData now.
  loop_.run_for(300ms);
  expect_data_both_ways("relay, later");
  // Every datagram went to or came from coturn: the peer's socket was never reached directly.
  EXPECT_EQ(a_.driver->stats().unroutable_transmits, 0u);
  EXPECT_EQ(a_.driver->agent().stats().dropped_unknown_local, 0u);
  EXPECT_EQ(z_.driver->agent().stats().dropped_unknown_local, 0u);
  a_.driver->close();
  z_.driver->close();
  loop_.run_for(100ms);  // the deallocations reach coturn
}

TEST_F(IceAgentDriverCoturnTest, OneServerAsStunAndTurnServerCompletesGatheringPromptly) {
  // coturn answers Binding requests too. The TURN client has a socket of its own, so the Binding
  // response to the host socket is not taken for TURN traffic: gathering completes at once (the
  // server-reflexive address equals the host address on loopback, so it is not signalled).
  auto oa = options(ice::IceRole::kControlling);
  auto oz = options(ice::IceRole::kControlled);
  Timestamp started = loop_.now();
  open(oa, oz, [&] {
    for (Side* s : {&a_, &z_}) {
      s->driver->add_stun_server(server_->address());
      auto base = s->driver->add_turn_server(server_->address(), credentials());
      ASSERT_TRUE(base);
      EXPECT_NE(base.value(), s->driver->local_addresses()[0]);
    }
  });
  ASSERT_TRUE(loop_.run_until([&] { return a_.gathering_complete && z_.gathering_complete; }, 10s));
  EXPECT_LT(loop_.now() - started, Duration(2'000'000));
  for (Side* s : {&a_, &z_}) {
    ASSERT_EQ(s->gathered.size(), 2u) << s->name;
    EXPECT_EQ(s->gathered[0].type, CandidateType::kHost);
    EXPECT_EQ(s->gathered[1].type, CandidateType::kRelayed);
  }
  ASSERT_TRUE(connect());
  EXPECT_EQ(a_.selected->first.type, CandidateType::kHost);  // host beats relay
  expect_data_both_ways("stun+turn");
}

TEST_F(IceAgentDriverCoturnTest, RelayOnlyWithAWrongPasswordGathersNothingAndCountsTheFailure) {
  open(relay_only(ice::IceRole::kControlling), relay_only(ice::IceRole::kControlled), [&] {
    ASSERT_TRUE(a_.driver->add_turn_server(server_->address(), credentials("wrong")));
    ASSERT_TRUE(z_.driver->add_turn_server(server_->address(), credentials()));
  });
  ASSERT_TRUE(loop_.run_until([&] { return a_.gathering_complete && z_.gathering_complete; }, 10s));
  EXPECT_TRUE(a_.gathered.empty());
  EXPECT_EQ(a_.driver->agent().stats().turn_failures, 1u);
  EXPECT_EQ(z_.gathered.size(), 1u);
}

// --- the ice-peer program ----------------------------------------------------------------------------

#ifdef ICE_PEER_PATH

using test::Child;  // tools/test_child_process.h

// Runs two ice-peer processes whose stdout lines the test hands to the other's stdin; both must
// exit 0 within the deadline.
void run_two_peers(host::EventLoop& loop, const std::vector<std::string>& extra, const char* expected_type) {
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args_a = {"--role", "controlling", "--send", "20", "--timeout", "15"};
  std::vector<std::string> args_z = {"--role", "controlled", "--send", "20", "--timeout", "15"};
  args_a.insert(args_a.end(), extra.begin(), extra.end());
  args_z.insert(args_z.end(), extra.begin(), extra.end());
  Child a(loop, ICE_PEER_PATH, args_a), z(loop, ICE_PEER_PATH, args_z);
  a.on_line = [&z](const std::string& l) { z.write_line(l); };
  z.on_line = [&a](const std::string& l) { a.write_line(l); };
  a.on_eof = [&z] { z.close_stdin(); };
  z.on_eof = [&a] { a.close_stdin(); };
  ASSERT_TRUE(loop.run_until([&] { return a.eof() && z.eof(); }, 20s)) << "A:\n" << a.output() << "Z:\n" << z.output();
  EXPECT_EQ(a.wait(), 0) << a.output();
  EXPECT_EQ(z.wait(), 0) << z.output();
  for (Child* c : {&a, &z}) {
    ASSERT_FALSE(c->lines().empty());
    EXPECT_NE(c->lines()[0].find("\"ufrag\""), std::string::npos) << c->output();
    EXPECT_TRUE(c->printed("candidate")) << c->output();
    EXPECT_TRUE(c->printed("end")) << c->output();
    EXPECT_TRUE(c->printed("connected")) << c->output();
    EXPECT_TRUE(c->printed("done")) << c->output();
    bool typed = false, received = false;
    for (const auto& l : c->lines()) {
      if (l.find("\"connected\"") != std::string::npos &&
          l.find(std::string("\"type\":\"") + expected_type + "\"") != std::string::npos)
        typed = true;
      if (l.find("{\"received\":20}") != std::string::npos) received = true;
    }
    EXPECT_TRUE(typed) << c->output();
    EXPECT_TRUE(received) << c->output();
  }
}

TEST_F(IceAgentDriverTest, IcePeerProgramsConnectThroughTheirJsonLines) {
  run_two_peers(loop_, {}, "host");
}

TEST_F(IceAgentDriverCoturnTest, IcePeerProgramsConnectRelayOnlyThroughCoturn) {
  std::string url = "turn:" + server_->address().to_string() + "?transport=udp";
  run_two_peers(loop_, {"--turn", url, "--user", "alice", "--pass", "secret", "--relay-only"}, "relay");
}

TEST_F(IceAgentDriverTest, IcePeerLoopbackModeConnectsTwoAgentsInOneProcess) {
  signal(SIGPIPE, SIG_IGN);
  Child c(loop_, ICE_PEER_PATH, {"--loopback", "--send", "5", "--timeout", "10"});
  c.close_stdin();
  ASSERT_TRUE(loop_.run_until([&] { return c.eof(); }, 15s)) << c.output();
  EXPECT_EQ(c.wait(), 0) << c.output();
  int connected = 0;
  for (const auto& l : c.lines())
    if (l.find("\"connected\"") != std::string::npos && l.find("\"type\":\"host\"") != std::string::npos) ++connected;
  EXPECT_EQ(connected, 2) << c.output();  // A's and Z's selected pair
  ASSERT_FALSE(c.lines().empty());
  EXPECT_NE(c.lines().back().find("\"done\""), std::string::npos) << c.output();
}

TEST_F(IceAgentDriverTest, IcePeerRejectsBadArguments) {
  signal(SIGPIPE, SIG_IGN);
  Child c(loop_, ICE_PEER_PATH, {"--role", "sideways"});
  ASSERT_TRUE(loop_.run_until([&] { return c.eof(); }, 5s));
  EXPECT_EQ(c.wait(), 64);
  Child d(loop_, ICE_PEER_PATH, {"--role", "controlling", "--relay-only"});
  ASSERT_TRUE(loop_.run_until([&] { return d.eof(); }, 5s));
  EXPECT_EQ(d.wait(), 64);
}

#endif  // ICE_PEER_PATH

}  // namespace
}  // namespace wasmrtc::tools
