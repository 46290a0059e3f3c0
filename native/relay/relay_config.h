// wasmrtc-relay's configuration: command-line flags (`--key=value` or `--key value`) and an
// optional config file (`--config FILE`: one `key = value` per line, the same keys without the
// dashes, `#` comments; flags given after it override it). relay_usage() lists every key.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "relay/address_policy.h"
#include "relay/relay_log.h"
#include "relay/relay_server.h"
#include "relay/turn_server.h"

namespace wasmrtc::relay {

struct RelayConfig {
  RelayServerOptions server;
  TurnServerOptions turn;
  std::vector<std::pair<std::string, std::string>> users;  // name, password
  std::vector<std::string> secrets;                         // TURN REST API shared secrets
  std::vector<IpPrefix> allow_peers;
  std::vector<IpPrefix> deny_peers;
  LogLevel log_level = LogLevel::kInfo;
  bool relay_ip_set = false;
  IpAddress listen_ip = *IpAddress::parse("127.0.0.1");
  std::optional<uint16_t> tls_port;  // TLS listener on listen_ip (needs tls-cert and tls-key)
  std::string tls_cert_file, tls_key_file;
  bool help = false;

  // No user and no secret: development mode (a generated secret, 127.0.0.1 peers allowed).
  bool development() const { return users.empty() && secrets.empty(); }
};

// Applies one setting; `key` without leading dashes.
Result<bool> apply_setting(RelayConfig& config, std::string_view key, std::string_view value);
Result<bool> apply_config_file(RelayConfig& config, const std::string& path);
// Flags in order (a --config is read where it appears). Checks the result is usable.
Result<RelayConfig> parse_relay_config(const std::vector<std::string>& args);
std::string relay_usage();

}  // namespace wasmrtc::relay
