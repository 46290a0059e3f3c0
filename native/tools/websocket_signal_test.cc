// Signaling over a WebSocket: the URL parser, WebSocketSignalClient against an in-process relay
// (tools/test_signal_relay.h), and wasmrtc-peer --signal, once with an in-process
// PeerConnectionDriver as its peer and once with a second wasmrtc-peer process. Waits are bounded
// run_until loops on the event loop, never sleeps.
#include "tools/websocket_signal_client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/event_loop.h"
#include "tools/peer_connection_driver.h"
#include "tools/test_child_process.h"
#include "tools/test_signal_relay.h"

namespace wasmrtc::tools {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

TEST(WebSocketUrl, ParsesHostPortAndPath) {
  auto u = parse_websocket_url("ws://127.0.0.1:8080/rooms/1?x=y");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/rooms/1?x=y");
  u = parse_websocket_url("ws://example.org");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->target, "/");
  u = parse_websocket_url("ws://[::1]:9000/a");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "9000");
  EXPECT_FALSE(parse_websocket_url("wss://example.org/"));  // TLS is not supported
  EXPECT_FALSE(parse_websocket_url("http://example.org/"));
  EXPECT_FALSE(parse_websocket_url("ws://:80/"));
  EXPECT_FALSE(parse_websocket_url("ws://host:port/"));
}

TEST(WebSocketSignalClient, TwoClientsInARoomExchangeMessagesInOrder) {
  host::EventLoop loop;
  test::TestSignalRelay relay(loop);
  std::vector<std::string> got_a, got_z;
  std::string closed_a;
  auto a = WebSocketSignalClient::connect(
      loop, relay.url("/room"), [&](const std::string& t) { got_a.push_back(t); },
      [&](const std::string& reason) { closed_a = reason; });
  ASSERT_TRUE(a.ok());
  // Sent before the handshake, and before anyone else is in the room: queued, then kept by the relay.
  a.value()->send("first");
  a.value()->send("second");
  ASSERT_TRUE(loop.run_until([&] { return relay.connections() == 1; }, 5s));
  auto z = WebSocketSignalClient::connect(
      loop, relay.url("/room"), [&](const std::string& t) { got_z.push_back(t); }, nullptr);
  ASSERT_TRUE(z.ok());
  ASSERT_TRUE(loop.run_until([&] { return got_z.size() == 2; }, 5s));
  EXPECT_EQ(got_z, (std::vector<std::string>{"first", "second"}));
  z.value()->send(std::string(100'000, 'x'));  // larger than one frame buffer
  ASSERT_TRUE(loop.run_until([&] { return got_a.size() == 1; }, 5s));
  EXPECT_EQ(got_a[0].size(), 100'000u);
  a.value()->close();
  ASSERT_TRUE(loop.run_until([&] { return !closed_a.empty(); }, 5s));
  EXPECT_FALSE(a.value()->is_open());
}

TEST(WebSocketSignalClient, AnUnreachableServerIsReportedClosed) {
  host::EventLoop loop;
  uint16_t port;
  {
    test::TestSignalRelay relay(loop);  // a port that was just free again
    port = relay.port();
  }
  std::string reason;
  auto c = WebSocketSignalClient::connect(loop, "ws://127.0.0.1:" + std::to_string(port) + "/", nullptr,
                                          [&](const std::string& r) { reason = r; });
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(loop.run_until([&] { return !reason.empty(); }, 5s));
  EXPECT_NE(reason.find("connect"), std::string::npos) << reason;
  EXPECT_FALSE(WebSocketSignalClient::connect(loop, "not a url", nullptr, nullptr).ok());
}

#ifdef WASMRTC_PEER_PATH

bool printed(const test::Child& c, const std::string& type, const std::string& extra = "") {
  for (const auto& l : c.lines()) {
    json j = json::parse(l, nullptr, false);
    if (!j.is_object() || j.value("type", "") != type) continue;
    if (extra.empty() || l.find(extra) != std::string::npos) return true;
  }
  return false;
}

// wasmrtc-peer offers over the relay; an in-process PeerConnectionDriver answers through its own
// WebSocketSignalClient, sends "ping" on the channel and gets the program's echo back.
TEST(WasmrtcPeerSignal, OffersOverAWebSocketToAnInProcessPeerAndEchoes) {
  signal(SIGPIPE, SIG_IGN);
  host::EventLoop loop;
  test::TestSignalRelay relay(loop);
  const std::string url = relay.url("/pc");
  std::unique_ptr<PeerConnectionDriver> driver;
  std::shared_ptr<WebSocketSignalClient> ws;
  datachannel::DataChannelId chat = 0;
  std::vector<std::string> echoes;
  bool closed = false;
  auto on_event = [&](const peer::PeerConnectionEvent& e) {
    if (const auto* c = std::get_if<peer::pc_event::IceCandidate>(&e)) {
      ws->send(json{{"type", "candidate"}, {"candidate", c->candidate}, {"sdpMid", c->mid},
                    {"sdpMLineIndex", c->mline_index}}.dump());
    } else if (const auto* dc = std::get_if<peer::pc_event::DataChannel>(&e)) {
      if (const auto* a = std::get_if<datachannel::ChannelAnnounced>(&dc->event)) chat = a->channel;
      if (std::holds_alternative<datachannel::ChannelOpen>(dc->event)) {
        EXPECT_TRUE(driver->pc().send(driver->now(), chat, as_bytes(std::string_view("ping")), false).ok());
        driver->flush();
      }
      if (const auto* m = std::get_if<datachannel::ChannelMessage>(&dc->event))
        echoes.emplace_back(m->data.begin(), m->data.end());
      if (std::holds_alternative<datachannel::ChannelClosed>(dc->event)) closed = true;
    }
  };
  auto created = PeerConnectionDriver::create(loop, {}, {*SocketAddress::parse("127.0.0.1:0")}, on_event);
  ASSERT_TRUE(created.ok());
  driver = std::move(created.value());
  auto on_signal = [&](const std::string& text) {
    json j = json::parse(text);
    auto& pc = driver->pc();
    if (j["type"] == "offer") {
      ASSERT_TRUE(pc.set_remote_description(driver->now(), {peer::SdpType::kOffer, j["sdp"]}).ok());
      ASSERT_TRUE(pc.set_local_description(driver->now(), {peer::SdpType::kAnswer, ""}).ok());
      ws->send(json{{"type", "answer"}, {"sdp", pc.local_description()->sdp}}.dump());
    } else if (j["type"] == "candidate") {
      auto status = pc.add_ice_candidate(driver->now(), j["candidate"].get<std::string>(),
                                         j["sdpMid"].get<std::string>(), std::nullopt);
      EXPECT_TRUE(status.ok()) << status.error().message;
    }
    driver->flush();
  };
  auto client = WebSocketSignalClient::connect(loop, url, on_signal, nullptr);
  ASSERT_TRUE(client.ok());
  ws = client.value();

  test::Child program(loop, WASMRTC_PEER_PATH, {"--offer", "--signal", url, "--timeout", "20"});
  ASSERT_TRUE(loop.run_until([&] { return !echoes.empty(); }, 15s)) << program.output();
  EXPECT_EQ(echoes[0], "ping");
  EXPECT_TRUE(printed(program, "message", "\"size\":4")) << program.output();
  EXPECT_TRUE(printed(program, "connectionState", "connected")) << program.output();
  // The offer and candidates went over the WebSocket and are on stdout too.
  EXPECT_TRUE(printed(program, "offer")) << program.output();
  EXPECT_TRUE(printed(program, "candidate")) << program.output();
  EXPECT_GE(relay.forwarded(), 3u);

  program.write_line(R"({"type":"close"})");
  ASSERT_TRUE(loop.run_until([&] { return closed && program.eof(); }, 5s)) << program.output();
  EXPECT_EQ(program.wait(), 0) << program.output();
  EXPECT_FALSE(printed(program, "error")) << program.output();
}

// Two wasmrtc-peer processes that only share a WebSocket URL: the offerer (not echoing) sends a
// message, the answerer echoes it, and both exit 0 when their stdin ends.
TEST(WasmrtcPeerSignal, TwoProgramsConnectThroughAWebSocketRelayAndEcho) {
  signal(SIGPIPE, SIG_IGN);
  host::EventLoop loop;
  test::TestSignalRelay relay(loop);
  const std::string url = relay.url("/two");
  test::Child a(loop, WASMRTC_PEER_PATH, {"--offer", "--no-echo", "--signal", url, "--timeout", "20"});
  test::Child z(loop, WASMRTC_PEER_PATH, {"--answer", "--signal", url, "--timeout", "20"});
  ASSERT_TRUE(loop.run_until([&] { return printed(a, "open") && printed(z, "open"); }, 15s))
      << "A:\n" << a.output() << "Z:\n" << z.output();
  a.write_line(R"({"type":"send","label":"chat","text":"hello"})");
  ASSERT_TRUE(loop.run_until([&] { return printed(a, "message", "\"size\":5"); }, 5s))
      << "A:\n" << a.output() << "Z:\n" << z.output();
  EXPECT_TRUE(printed(z, "message", "\"size\":5"));
  a.close_stdin();
  z.close_stdin();
  ASSERT_TRUE(loop.run_until([&] { return a.eof() && z.eof(); }, 5s)) << "A:\n" << a.output() << "Z:\n" << z.output();
  EXPECT_EQ(a.wait(), 0) << a.output();
  EXPECT_EQ(z.wait(), 0) << z.output();
  EXPECT_FALSE(printed(a, "error")) << a.output();
  EXPECT_FALSE(printed(z, "error")) << z.output();
}

TEST(WasmrtcPeerSignal, AnUnreachableSignalServerIsAnErrorAndExit1) {
  signal(SIGPIPE, SIG_IGN);
  host::EventLoop loop;
  uint16_t port;
  {
    test::TestSignalRelay relay(loop);  // a port that was just free again
    port = relay.port();
  }
  test::Child program(loop, WASMRTC_PEER_PATH,
                      {"--offer", "--signal", "ws://127.0.0.1:" + std::to_string(port) + "/x", "--timeout", "10"});
  ASSERT_TRUE(loop.run_until([&] { return program.eof(); }, 5s)) << program.output();
  EXPECT_EQ(program.wait(), 1) << program.output();
  EXPECT_TRUE(printed(program, "error", "signal: connect")) << program.output();
}

#endif  // WASMRTC_PEER_PATH

}  // namespace
}  // namespace wasmrtc::tools
