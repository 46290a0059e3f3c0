#include "relay/relay_config.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace wasmrtc::relay {
namespace {

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Error bad(std::string_view key, std::string_view value, std::string_view why) {
  return make_error(ErrorCode::kInvalidArgument,
                    "--" + std::string(key) + "=" + std::string(value) + ": " + std::string(why));
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

bool is_flag(std::string_view key) {
  return key == "no-udp" || key == "no-tcp" || key == "help" || key == "rfc5766-channels";
}

}  // namespace

std::string relay_usage() {
  return R"(wasmrtc-relay: a TURN server (RFC 8656) over UDP, TCP and WebSocket (subprotocol "turn").

With no arguments it serves 127.0.0.1:3478 (UDP, and TCP/WebSocket/metrics on the same port
number), generates a development REST secret and prints it with a sample credential, and lets
allocations reach 127.0.0.1 peers. Configure a user or a secret to leave development mode.

  --config FILE              read `key = value` lines (keys below without dashes)
  --listen IP                address of both listeners (default 127.0.0.1)
  --udp-port N               UDP listener port (default 3478; 0 = any)
  --tcp-port N               TCP + WebSocket + /metrics port (default 3478; 0 = any)
  --no-udp, --no-tcp         disable a listener
  --tls-port N               TURN over TLS + WSS + HTTPS /metrics on this port (off by default)
  --tls-cert FILE --tls-key FILE   PEM certificate chain and key: TLS/WSS on the TCP port (and tls-port)
  --relay-ip IP              address relayed ports bind and advertise (default: the listen address)
  --relay-ip6 IP             IPv6 relay address (enables REQUESTED-ADDRESS-FAMILY IPv6)
  --min-port N --max-port N  relayed port range (default: the OS picks)
  --realm NAME               long-term credential realm (default wasmrtc)
  --user NAME:PASSWORD       a static user (repeatable)
  --secret S                 TURN REST API shared secret (repeatable: the first mints, all verify)
  --allow-peer CIDR          peers allowed even if loopback/private/... (repeatable)
  --deny-peer CIDR           peers denied in addition to the special ranges (repeatable)
  --default-lifetime S       allocation lifetime without LIFETIME (default 600)
  --max-lifetime S           longest allocation lifetime (default 3600)
  --permission-lifetime S    (default 300, RFC 8656)   --channel-lifetime S (default 600)
  --nonce-lifetime S         (default 600)
  --user-quota N             allocations per user (default 10; 0 = unlimited)
  --total-quota N            allocations in all (default 10000; 0 = unlimited)
  --bandwidth BYTES_PER_S    per-allocation cap, both directions (default 0 = none)
  --error-rate N --error-burst N   error replies per second per client IP (default 20, 40)
  --handshake-timeout-ms N   first bytes / HTTP header / WebSocket handshake (default 10000)
  --idle-timeout S           TCP/WebSocket without traffic and without allocation (default 60)
  --max-connections N        TCP/WebSocket connections in all (default 10000)
  --max-connections-per-ip N (default 64)
  --allowed-origin ORIGIN    WebSocket Origin allow list (repeatable; default: any)
  --rfc5766-channels         also accept channels 0x5000-0x7FFF (RFC 5766 clients) over UDP/WebSocket
  --software TEXT            SOFTWARE attribute ("" to leave it off)
  --log-level L              debug, info, warn, error, off (default info)
  --help
)";
}

Result<bool> apply_setting(RelayConfig& c, std::string_view key, std::string_view value) {
  auto address = [&](std::optional<SocketAddress>& where, std::string_view v) -> Result<bool> {
    auto ip = IpAddress::parse(v);
    if (!ip) return bad(key, v, "not an IP address");
    if (where) where = SocketAddress(*ip, where->port());
    return true;
  };
  auto port = [&](std::optional<SocketAddress>& where) -> Result<bool> {
    uint16_t p = 0;
    if (!parse_number(value, p)) return bad(key, value, "not a port");
    if (where) where = SocketAddress(where->ip(), p);
    return true;
  };
  auto seconds = [&](Duration& out) -> Result<bool> {
    uint32_t s = 0;
    if (!parse_number(value, s) || s == 0) return bad(key, value, "not a positive number of seconds");
    out = std::chrono::seconds(s);
    return true;
  };
  auto count = [&](size_t& out) -> Result<bool> {
    if (!parse_number(value, out)) return bad(key, value, "not a number");
    return true;
  };
  auto real = [&](double& out) -> Result<bool> {
    try {
      size_t used = 0;
      out = std::stod(std::string(value), &used);
      if (used != value.size() || out < 0) return bad(key, value, "not a number");
    } catch (...) {
      return bad(key, value, "not a number");
    }
    return true;
  };

  if (key == "listen") {
    auto r = address(c.server.udp_listen, value);
    if (!r) return r;
    auto r2 = address(c.server.tcp_listen, value);
    if (!r2) return r2;
    c.listen_ip = *IpAddress::parse(value);
    if (!c.relay_ip_set) c.server.relay_ip = c.listen_ip;
    return true;
  }
  if (key == "udp-port") return port(c.server.udp_listen);
  if (key == "tcp-port") return port(c.server.tcp_listen);
  if (key == "no-udp") {
    c.server.udp_listen.reset();
    return true;
  }
  if (key == "no-tcp") {
    c.server.tcp_listen.reset();
    return true;
  }
  if (key == "relay-ip" || key == "relay-ip6") {
    auto ip = IpAddress::parse(value);
    if (!ip || ip->is_unspecified()) return bad(key, value, "not a usable IP address");
    if (key == "relay-ip") {
      if (!ip->is_v4()) return bad(key, value, "relay-ip is IPv4; use relay-ip6");
      c.server.relay_ip = *ip;
      c.relay_ip_set = true;
    } else {
      if (ip->is_v4()) return bad(key, value, "not IPv6");
      c.server.relay_ip6 = *ip;
      c.turn.ipv6_relay = true;
    }
    return true;
  }
  if (key == "min-port" || key == "max-port") {
    uint16_t p = 0;
    if (!parse_number(value, p)) return bad(key, value, "not a port");
    (key == "min-port" ? c.server.min_port : c.server.max_port) = p;
    return true;
  }
  if (key == "realm") {
    if (value.empty() || value.size() > 127) return bad(key, value, "empty or too long");
    c.turn.realm = std::string(value);
    return true;
  }
  if (key == "user") {
    size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == value.size())
      return bad(key, "***", "expected NAME:PASSWORD");
    c.users.emplace_back(std::string(value.substr(0, colon)), std::string(value.substr(colon + 1)));
    return true;
  }
  if (key == "secret") {
    if (value.size() < 8) return bad(key, "***", "a secret needs at least 8 characters");
    c.secrets.emplace_back(value);
    return true;
  }
  if (key == "allow-peer" || key == "deny-peer") {
    auto prefix = IpPrefix::parse(value);
    if (!prefix) return bad(key, value, "not an address or CIDR prefix");
    (key == "allow-peer" ? c.allow_peers : c.deny_peers).push_back(*prefix);
    return true;
  }
  if (key == "default-lifetime") return seconds(c.turn.default_lifetime);
  if (key == "max-lifetime") return seconds(c.turn.max_lifetime);
  if (key == "permission-lifetime") return seconds(c.turn.permission_lifetime);
  if (key == "channel-lifetime") return seconds(c.turn.channel_lifetime);
  if (key == "nonce-lifetime") return seconds(c.turn.nonce_lifetime);
  if (key == "user-quota") return count(c.turn.max_allocations_per_user);
  if (key == "total-quota") return count(c.turn.max_allocations);
  if (key == "bandwidth") {
    if (!parse_number(value, c.turn.bandwidth_bytes_per_second)) return bad(key, value, "not a number");
    return true;
  }
  if (key == "error-rate") return real(c.turn.error_replies_per_second);
  if (key == "error-burst") return real(c.turn.error_reply_burst);
  if (key == "handshake-timeout-ms") {
    uint32_t ms = 0;
    if (!parse_number(value, ms) || ms == 0) return bad(key, value, "not a positive number");
    c.server.limits.handshake_timeout = std::chrono::milliseconds(ms);
    return true;
  }
  if (key == "idle-timeout") return seconds(c.server.limits.idle_timeout);
  if (key == "max-connections") return count(c.server.max_connections);
  if (key == "max-connections-per-ip") return count(c.server.max_connections_per_ip);
  if (key == "allowed-origin") {
    c.server.allowed_origins.emplace_back(value);
    return true;
  }
  if (key == "software") {
    c.turn.software = std::string(value);
    return true;
  }
  if (key == "log-level") {
    if (!parse_log_level(value, c.log_level)) return bad(key, value, "expected debug, info, warn, error or off");
    return true;
  }
  if (key == "tls-port") {
    uint16_t p = 0;
    if (!parse_number(value, p)) return bad(key, value, "not a port");
    c.tls_port = p;
    return true;
  }
  if (key == "tls-cert" || key == "tls-key") {
    (key == "tls-cert" ? c.tls_cert_file : c.tls_key_file) = std::string(value);
    return true;
  }
  if (key == "rfc5766-channels") {
    c.turn.rfc5766_channels = true;
    return true;
  }
  if (key == "help") {
    c.help = true;
    return true;
  }
  if (key == "config") return apply_config_file(c, std::string(value));
  return make_error(ErrorCode::kInvalidArgument, "unknown setting --" + std::string(key));
}

Result<bool> apply_config_file(RelayConfig& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kInvalidArgument, "cannot read config file " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string text = trim(line.substr(0, line.find('#')));
    if (text.empty()) continue;
    size_t eq = text.find('=');
    std::string key = trim(text.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : trim(text.substr(eq + 1));
    if (eq == std::string::npos && !is_flag(key))
      return make_error(ErrorCode::kInvalidArgument, path + ":" + std::to_string(number) + ": expected key = value");
    if (key == "config") return make_error(ErrorCode::kInvalidArgument, path + ": config files do not nest");
    auto r = apply_setting(c, key, value);
    if (!r) return make_error(ErrorCode::kInvalidArgument, path + ":" + std::to_string(number) + ": " + r.error().message);
  }
  return true;
}

Result<RelayConfig> parse_relay_config(const std::vector<std::string>& args) {
  RelayConfig c;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.substr(0, 2) != "--") return make_error(ErrorCode::kInvalidArgument, "unexpected argument " + std::string(arg));
    arg.remove_prefix(2);
    std::string key, value;
    size_t eq = arg.find('=');
    if (eq != std::string_view::npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (is_flag(arg)) {
      key = arg;
    } else {
      if (i + 1 >= args.size()) return make_error(ErrorCode::kInvalidArgument, "--" + std::string(arg) + " needs a value");
      key = arg;
      value = args[++i];
    }
    auto r = apply_setting(c, key, value);
    if (!r) return r.error();
  }
  if (c.help) return c;
  if (!c.server.udp_listen && !c.server.tcp_listen) return make_error(ErrorCode::kInvalidArgument, "both listeners disabled");
  if (c.server.relay_ip.is_unspecified())
    return make_error(ErrorCode::kInvalidArgument, "listening on a wildcard address needs --relay-ip (the address peers reach)");
  if ((c.server.min_port != 0 || c.server.max_port != 0) && (c.server.min_port == 0 || c.server.max_port < c.server.min_port))
    return make_error(ErrorCode::kInvalidArgument, "--min-port and --max-port must both be set, min <= max");
  if (c.tls_port || !c.tls_cert_file.empty() || !c.tls_key_file.empty()) {
    if (c.tls_cert_file.empty() || c.tls_key_file.empty())
      return make_error(ErrorCode::kInvalidArgument, "TLS needs both --tls-cert and --tls-key (PEM files)");
    auto read = [](const std::string& path, std::string& out) {
      std::ifstream in(path);
      if (!in) return false;
      std::stringstream ss;
      ss << in.rdbuf();
      out = ss.str();
      return true;
    };
    if (!read(c.tls_cert_file, c.server.tls_certificate_pem))
      return make_error(ErrorCode::kInvalidArgument, "cannot read " + c.tls_cert_file);
    if (!read(c.tls_key_file, c.server.tls_private_key_pem))
      return make_error(ErrorCode::kInvalidArgument, "cannot read " + c.tls_key_file);
    if (c.tls_port) c.server.tls_listen = SocketAddress(c.listen_ip, *c.tls_port);
  }
  if (c.development()) {
    // Development mode never faces the network.
    for (const auto& l : {c.server.udp_listen, c.server.tcp_listen, c.server.tls_listen}) {
      if (l && !l->ip().is_loopback())
        return make_error(ErrorCode::kInvalidArgument,
                          "no --user or --secret configured: development mode only listens on loopback");
    }
  }
  return c;
}

}  // namespace wasmrtc::relay
