#include "ice/ice_server_url.h"

namespace wasmrtc::ice {
namespace {

Error syntax(std::string message) {
  return make_error(ErrorCode::kInvalidArgument, "ICE server URL: " + message);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// RFC 3986 reg-name restricted to what DNS can hold: letters, digits, '-', '.', and '_' (seen in
// service names). Percent-escapes are not worth supporting for STUN hosts.
bool is_reg_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.' || c == '_'))
      return false;
  return true;
}

uint16_t default_port(IceServerScheme scheme) {
  return scheme == IceServerScheme::kStuns || scheme == IceServerScheme::kTurns ? 5349 : 3478;
}

}  // namespace

Result<IceServerUrl> parse_ice_server_url(std::string_view url) {
  IceServerUrl out;
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return syntax("no scheme");
  std::string scheme = lower(url.substr(0, colon));
  if (scheme == "stun") out.scheme = IceServerScheme::kStun;
  else if (scheme == "stuns") out.scheme = IceServerScheme::kStuns;
  else if (scheme == "turn") out.scheme = IceServerScheme::kTurn;
  else if (scheme == "turns") out.scheme = IceServerScheme::kTurns;
  else return syntax("scheme '" + scheme + "' is not stun, stuns, turn or turns");
  out.port = default_port(out.scheme);
  out.transport = out.is_secure() ? TransportProtocol::kTcp : TransportProtocol::kUdp;

  std::string_view rest = url.substr(colon + 1);
  // RFC 7064/7065 have no authority ("//"), userinfo or fragment.
  if (rest.substr(0, 2) == "//") return syntax("'//' is not allowed (RFC 7064: scheme:host[:port])");
  if (rest.find('#') != std::string_view::npos) return syntax("fragments are not allowed");
  if (rest.find('@') != std::string_view::npos) return syntax("userinfo is not allowed");

  std::string_view query;
  bool has_query = false;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    has_query = true;
  }

  std::string_view host = rest, port_text;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return syntax("unterminated '['");
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return syntax("junk after ']'");
      port_text = after.substr(1);
      has_port = true;
    }
    auto ip = IpAddress::parse(host);
    if (!ip || ip->is_v4()) return syntax("bad IPv6 literal");
    out.ip = ip;
  } else {
    if (size_t c = rest.find(':'); c != std::string_view::npos) {
      host = rest.substr(0, c);
      port_text = rest.substr(c + 1);
      has_port = true;
    }
    if (host.empty()) return syntax("no host");
    if (auto ip = IpAddress::parse(host); ip && ip->is_v4()) {
      out.ip = ip;
    } else if (!is_reg_name(host)) {
      return syntax("bad host '" + std::string(host) + "'");
    } else {
      bool numeric = true;
      for (char c : host)
        if (!(c >= '0' && c <= '9') && c != '.') numeric = false;
      if (numeric) return syntax("bad IPv4 address '" + std::string(host) + "'");
    }
  }
  out.host = out.ip ? out.ip->to_string() : lower(host);

  if (has_port) {
    if (port_text.empty() || port_text.size() > 5) return syntax("bad port");
    unsigned port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return syntax("bad port");
      port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port == 0 || port > 65535) return syntax("port out of range");
    out.port = static_cast<uint16_t>(port);
  }

  if (has_query) {
    // W3C: a stun(s) URL with a query, or a turn(s) query other than transport=udp|tcp, is a
    // SyntaxError.
    if (!out.is_turn()) return syntax("stun URLs take no query");
    std::string q = lower(query);
    if (q == "transport=udp") out.transport = TransportProtocol::kUdp;
    else if (q == "transport=tcp") out.transport = TransportProtocol::kTcp;
    else return syntax("query must be transport=udp or transport=tcp");
    out.transport_given = true;
  }
  return out;
}

Result<IceServerUrl> validate_ice_server_url(std::string_view url,
                                             const std::optional<std::string>& username,
                                             const std::optional<std::string>& credential) {
  auto parsed = parse_ice_server_url(url);
  if (!parsed.ok()) return parsed;
  if (parsed->is_turn() && (!username || !credential))
    return make_error(ErrorCode::kInvalidAccess,
                      "ICE server URL: a turn/turns URL needs both username and credential");
  return parsed;
}

std::string IceServerUrl::to_string() const {
  std::string out;
  switch (scheme) {
    case IceServerScheme::kStun: out = "stun:"; break;
    case IceServerScheme::kStuns: out = "stuns:"; break;
    case IceServerScheme::kTurn: out = "turn:"; break;
    case IceServerScheme::kTurns: out = "turns:"; break;
  }
  out += ip && !ip->is_v4() ? "[" + host + "]" : host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  if (transport_given) out += transport == TransportProtocol::kTcp ? "?transport=tcp" : "?transport=udp";
  return out;
}

}  // namespace wasmrtc::ice
