// wasmrtc-relay: the TURN server (UDP, TCP, WebSocket) as a program. See docs/RELAY.md.
//   wasmrtc-relay                 development mode on 127.0.0.1:3478, prints a secret and a credential
//   wasmrtc-relay --config FILE   production: users and/or REST secret, ports, policy, quotas
// SIGTERM and SIGINT shut it down gracefully: listeners close, connections close, allocations go.
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <ctime>
#include <iostream>

#include "common/bytes.h"
#include "common/random.h"
#include "host/event_loop.h"
#include "relay/relay_config.h"
#include "relay/relay_server.h"

using namespace wasmrtc;
using namespace wasmrtc::relay;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parse_relay_config(args);
  if (!parsed) {
    std::cerr << "wasmrtc-relay: " << parsed.error().message << "\n(--help lists the settings)\n";
    return 2;
  }
  RelayConfig config = std::move(parsed.value());
  if (config.help) {
    std::cout << relay_usage();
    return 0;
  }
  Logger logger(std::cerr, config.log_level);
  CryptoRandom random;

  Authenticator auth;
  for (const auto& [name, password] : config.users) auth.add_user(name, password);
  for (const auto& secret : config.secrets) auth.add_secret(secret);
  AddressPolicy policy;
  for (const auto& p : config.allow_peers) policy.allow(p);
  for (const auto& p : config.deny_peers) policy.deny(p);

  std::string dev_secret;
  if (config.development()) {
    Bytes raw(24);
    random.fill(raw);
    dev_secret = to_hex(raw);
    auth.add_secret(dev_secret);
    // Peers on this machine: the two ends of a local test reach each other through the relay.
    policy.allow(*IpPrefix::parse("127.0.0.1/32"));
    policy.allow(*IpPrefix::parse("::1/128"));
  }

  host::EventLoop loop;
  auto server = RelayServer::start(loop, config.server, config.turn, std::move(auth), std::move(policy), random, logger);
  if (!server) {
    std::cerr << "wasmrtc-relay: " << server.error().message << "\n";
    return 1;
  }
  RelayServer& relay = *server.value();
  std::string udp = relay.udp_address() ? relay.udp_address()->to_string() : "off";
  std::string tcp = relay.tcp_address() ? relay.tcp_address()->to_string() : "off";
  std::string tls = relay.tls_address() ? relay.tls_address()->to_string() : "off";
  // One machine-readable line on stdout first (tests and scripts read the ports from it).
  std::cout << "listening udp=" << udp << " tcp=" << tcp << " tls=" << tls << " realm=" << config.turn.realm
            << " mode=" << (config.development() ? "development" : "production") << std::endl;
  if (config.development()) {
    auto sample = mint_rest_credential(dev_secret, "dev", static_cast<int64_t>(std::time(nullptr)) + 24 * 3600);
    std::cout << "development secret=" << dev_secret << "\n"
              << "sample credential (24 h) username=" << sample.username << " password=" << sample.password << "\n";
    if (relay.udp_address()) std::cout << "  turn:" << udp << "?transport=udp\n";
    if (relay.tcp_address()) {
      std::cout << "  turn:" << tcp << "?transport=tcp\n"
                << "  ws://" << tcp << "/ (WebSocket subprotocol \"turn\")\n"
                << "  http://" << tcp << "/metrics\n";
    }
    std::cout << "mint more: username=<unix expiry>:<name> password=base64(HMAC-SHA1(secret, username))" << std::endl;
  }
  logger.info("started", {{"udp", udp},
                          {"tcp", tcp},
                          {"tls", tls},
                          {"relay_ip", config.server.relay_ip.to_string()},
                          {"realm", config.turn.realm},
                          {"users", std::to_string(config.users.size())},
                          {"secrets", std::to_string(config.secrets.size() + (dev_secret.empty() ? 0 : 1))},
                          {"mode", config.development() ? "development" : "production"}});

  bool stopping = false;
  boost::asio::signal_set signals(loop.context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    logger.info("signal", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    relay.shutdown();
    stopping = true;
  });
  while (!stopping) loop.context().run_one();
  // Let close frames and FINs go out, bounded.
  loop.run_for(std::chrono::milliseconds(200));
  logger.info("stopped");
  return 0;
}
