#include "ice/candidate.h"

#include "crypto/crc32.h"

namespace wasmrtc::ice {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1).
bool is_ice_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Decimal digits only, at most max_digits, value <= max.
std::optional<uint64_t> parse_number(std::string_view s, size_t max_digits, uint64_t max) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

// A DNS name as RFC 8839 allows for connection-address (FQDN): letters, digits, '-', '.', and
// at most 253 characters. mDNS names are UUIDs with ".local".
bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.'))
      return false;
  return true;
}

Error bad(std::string message) { return make_error(ErrorCode::kInvalidArgument, "candidate: " + message); }

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Address text -> (ip, hostname). IPv6 in SDP is bare (no brackets).
bool parse_connection_address(std::string_view text, IpAddress& ip, std::string& hostname) {
  if (text.find('[') != std::string_view::npos) return false;
  if (auto parsed = IpAddress::parse(text)) {
    ip = *parsed;
    hostname.clear();
    return true;
  }
  // Anything with a ':' must have been IPv6; a name cannot contain one.
  if (text.find(':') != std::string_view::npos || !is_hostname(text)) return false;
  // An all-numeric dotted name is a malformed IPv4 address, not a host name.
  bool numeric = true;
  for (char c : text)
    if (!(c >= '0' && c <= '9') && c != '.') numeric = false;
  if (numeric) return false;
  ip = IpAddress();
  hostname = std::string(text);
  return true;
}

}  // namespace

std::string_view candidate_type_name(CandidateType type) {
  switch (type) {
    case CandidateType::kHost: return "host";
    case CandidateType::kServerReflexive: return "srflx";
    case CandidateType::kPeerReflexive: return "prflx";
    case CandidateType::kRelayed: return "relay";
  }
  return "host";
}

std::string_view transport_name(TransportProtocol protocol) {
  return protocol == TransportProtocol::kTcp ? "tcp" : "udp";
}

bool Candidate::is_mdns() const {
  constexpr std::string_view kLocal = ".local";
  return hostname.size() > kLocal.size() &&
         iequals(std::string_view(hostname).substr(hostname.size() - kLocal.size()), kLocal);
}

std::string Candidate::to_string() const {
  std::string out = "candidate:";
  out += foundation;
  out += ' ' + std::to_string(component) + ' ';
  out += transport_name(protocol);
  out += ' ' + std::to_string(priority) + ' ';
  out += has_hostname() ? hostname : address.ip().to_string();
  out += ' ' + std::to_string(address.port()) + " typ ";
  out += candidate_type_name(type);
  if (related_address) {
    out += " raddr ";
    out += related_hostname.empty() ? related_address->ip().to_string() : related_hostname;
    out += " rport " + std::to_string(related_address->port());
  }
  switch (tcp_type) {
    case TcpType::kNone: break;
    case TcpType::kActive: out += " tcptype active"; break;
    case TcpType::kPassive: out += " tcptype passive"; break;
    case TcpType::kSimultaneousOpen: out += " tcptype so"; break;
  }
  if (generation) out += " generation " + std::to_string(*generation);
  if (!ufrag.empty()) out += " ufrag " + ufrag;
  if (network_id) out += " network-id " + std::to_string(*network_id);
  if (network_cost) out += " network-cost " + std::to_string(*network_cost);
  for (const auto& [name, value] : extensions) out += ' ' + name + ' ' + value;
  return out;
}

Result<Candidate> parse_candidate(std::string_view text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  if (starts_with_ci(text, "a=")) text.remove_prefix(2);
  if (starts_with_ci(text, "candidate:")) text.remove_prefix(10);
  if (text.find_first_of("\t\r\n") != std::string_view::npos)
    return bad("control characters in the line");

  auto f = split_spaces(text);
  if (f.size() < 8) return bad("fewer than 8 fields");
  Candidate c;

  if (f[0].size() > 32) return bad("foundation longer than 32 characters");
  for (char ch : f[0])
    if (!is_ice_char(ch)) return bad("foundation has a character outside ALPHA/DIGIT/+/");
  c.foundation = std::string(f[0]);

  auto component = parse_number(f[1], 3, 256);
  if (!component || *component == 0) return bad("component id is not in 1..256");
  c.component = static_cast<uint16_t>(*component);

  if (iequals(f[2], "udp")) {
    c.protocol = TransportProtocol::kUdp;
  } else if (iequals(f[2], "tcp")) {
    c.protocol = TransportProtocol::kTcp;
  } else {
    return bad("unsupported transport '" + std::string(f[2]) + "'");
  }

  auto priority = parse_number(f[3], 10, UINT32_MAX);
  if (!priority) return bad("priority is not a 32-bit number");
  c.priority = static_cast<uint32_t>(*priority);

  IpAddress ip;
  if (!parse_connection_address(f[4], ip, c.hostname)) return bad("bad connection address");
  auto port = parse_number(f[5], 5, 65535);
  if (!port) return bad("port is not in 0..65535");
  c.address = SocketAddress(ip, static_cast<uint16_t>(*port));

  if (f[6] != "typ") return bad("expected 'typ'");
  if (f[7] == "host") c.type = CandidateType::kHost;
  else if (f[7] == "srflx") c.type = CandidateType::kServerReflexive;
  else if (f[7] == "prflx") c.type = CandidateType::kPeerReflexive;
  else if (f[7] == "relay") c.type = CandidateType::kRelayed;
  else return bad("unknown candidate type '" + std::string(f[7]) + "'");

  size_t i = 8;
  // rel-addr and rel-port come first, in that order (RFC 8839 §5.1 grammar).
  std::optional<IpAddress> raddr;
  if (i + 1 < f.size() && f[i] == "raddr") {
    IpAddress rip;
    if (!parse_connection_address(f[i + 1], rip, c.related_hostname)) return bad("bad raddr");
    raddr = rip;
    i += 2;
  }
  if (i + 1 < f.size() && f[i] == "rport") {
    if (!raddr) return bad("rport without raddr");
    auto rport = parse_number(f[i + 1], 5, 65535);
    if (!rport) return bad("rport is not in 0..65535");
    c.related_address = SocketAddress(*raddr, static_cast<uint16_t>(*rport));
    i += 2;
  } else if (raddr) {
    return bad("raddr without rport");
  }

  for (; i < f.size(); i += 2) {
    if (i + 1 >= f.size()) return bad("extension '" + std::string(f[i]) + "' has no value");
    std::string_view name = f[i], value = f[i + 1];
    if (name == "raddr" || name == "rport") return bad("raddr/rport after extensions");
    if (name == "tcptype") {
      if (c.tcp_type != TcpType::kNone) return bad("tcptype given twice");
      if (value == "active") c.tcp_type = TcpType::kActive;
      else if (value == "passive") c.tcp_type = TcpType::kPassive;
      else if (value == "so") c.tcp_type = TcpType::kSimultaneousOpen;
      else return bad("unknown tcptype '" + std::string(value) + "'");
    } else if (name == "generation") {
      auto v = parse_number(value, 10, UINT32_MAX);
      if (!v) return bad("generation is not a number");
      c.generation = static_cast<uint32_t>(*v);
    } else if (name == "ufrag") {
      c.ufrag = std::string(value);
    } else if (name == "network-id") {
      auto v = parse_number(value, 10, UINT32_MAX);
      if (!v) return bad("network-id is not a number");
      c.network_id = static_cast<uint32_t>(*v);
    } else if (name == "network-cost") {
      auto v = parse_number(value, 10, UINT32_MAX);
      if (!v) return bad("network-cost is not a number");
      c.network_cost = static_cast<uint32_t>(*v);
    } else {
      c.extensions.emplace_back(std::string(name), std::string(value));
    }
  }
  if (c.protocol == TransportProtocol::kUdp && c.tcp_type != TcpType::kNone)
    return bad("tcptype on a udp candidate");
  return c;
}

uint32_t type_preference(CandidateType type) {
  switch (type) {
    case CandidateType::kHost: return 126;
    case CandidateType::kPeerReflexive: return 110;
    case CandidateType::kServerReflexive: return 100;
    case CandidateType::kRelayed: return 0;
  }
  return 0;
}

uint32_t compute_priority(CandidateType type, uint16_t local_preference, uint16_t component) {
  uint32_t component_part = component >= 256 ? 0 : 256u - component;
  return (type_preference(type) << 24) + (uint32_t{local_preference} << 8) + component_part;
}

std::string compute_foundation(CandidateType type, const IpAddress& base,
                               const std::optional<IpAddress>& server, TransportProtocol protocol) {
  std::string key(candidate_type_name(type));
  key += '|' + base.to_string() + '|' + (server ? server->to_string() : std::string()) + '|';
  key += transport_name(protocol);
  return std::to_string(crypto::crc32(as_bytes(key)));
}

}  // namespace wasmrtc::ice
