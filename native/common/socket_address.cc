#include "common/socket_address.h"

#include <cstdio>

namespace wasmrtc {
namespace {

std::optional<std::array<uint8_t, 4>> parse_v4(std::string_view s) {
  std::array<uint8_t, 4> out{};
  size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    size_t start = pos;
    unsigned value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 3)
      value = value * 10 + static_cast<unsigned>(s[pos++] - '0');
    if (pos == start || value > 255) return std::nullopt;
    if (pos - start > 1 && s[start] == '0') return std::nullopt;  // no octal-looking leading zeros
    out[part] = static_cast<uint8_t>(value);
  }
  if (pos != s.size()) return std::nullopt;
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::array<uint8_t, 16>> parse_v6(std::string_view s) {
  // Groups before and after a single "::"; an embedded IPv4 tail is allowed ("::ffff:1.2.3.4").
  std::array<uint16_t, 8> head{}, tail{};
  size_t n_head = 0, n_tail = 0;
  bool seen_gap = false;
  size_t pos = 0;
  if (s.substr(0, 2) == "::") {
    seen_gap = true;
    pos = 2;
  } else if (!s.empty() && s[0] == ':') {
    return std::nullopt;
  }
  while (pos < s.size()) {
    size_t end = s.find(':', pos);
    std::string_view group = s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    auto& groups = seen_gap ? tail : head;
    auto& n = seen_gap ? n_tail : n_head;
    if (group.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos) return std::nullopt;
      auto v4 = parse_v4(group);
      if (!v4 || n + 2 > 8) return std::nullopt;
      groups[n++] = static_cast<uint16_t>((*v4)[0] << 8 | (*v4)[1]);
      groups[n++] = static_cast<uint16_t>((*v4)[2] << 8 | (*v4)[3]);
      pos = s.size();
      break;
    }
    if (group.empty() || group.size() > 4 || n >= 8) return std::nullopt;
    unsigned value = 0;
    for (char c : group) {
      int d = hex_digit(c);
      if (d < 0) return std::nullopt;
      value = value << 4 | static_cast<unsigned>(d);
    }
    groups[n++] = static_cast<uint16_t>(value);
    if (end == std::string_view::npos) {
      pos = s.size();
      break;
    }
    pos = end + 1;
    if (pos < s.size() && s[pos] == ':') {
      if (seen_gap) return std::nullopt;
      seen_gap = true;
      ++pos;
    } else if (pos == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  if (seen_gap ? n_head + n_tail > 7 : n_head != 8) return std::nullopt;
  std::array<uint16_t, 8> words{};
  for (size_t i = 0; i < n_head; ++i) words[i] = head[i];
  for (size_t i = 0; i < n_tail; ++i) words[8 - n_tail + i] = tail[i];
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(words[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(words[i]);
  }
  return out;
}

}  // namespace

IpAddress IpAddress::v4(std::array<uint8_t, 4> bytes) {
  IpAddress a;
  a.family_ = AddressFamily::kIPv4;
  for (size_t i = 0; i < 4; ++i) a.bytes_[i] = bytes[i];
  return a;
}

IpAddress IpAddress::v6(std::array<uint8_t, 16> bytes) {
  IpAddress a;
  a.family_ = AddressFamily::kIPv6;
  a.bytes_ = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (auto v4bytes = parse_v4(text)) return v4(*v4bytes);
  if (auto v6bytes = parse_v6(text)) return v6(*v6bytes);
  return std::nullopt;
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[0] == 127;
  for (size_t i = 0; i < 15; ++i)
    if (bytes_[i]) return false;
  return bytes_[15] == 1;
}

bool IpAddress::is_unspecified() const {
  for (size_t i = 0; i < size(); ++i)
    if (bytes_[i]) return false;
  return true;
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_private() const {
  if (is_v4())
    return bytes_[0] == 10 || (bytes_[0] == 172 && (bytes_[1] & 0xf0) == 16) ||
           (bytes_[0] == 192 && bytes_[1] == 168);
  return (bytes_[0] & 0xfe) == 0xfc;
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  // RFC 5952 §4.2: compress the longest run (>= 2) of zero groups, the first one on a tie.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", w[i]);
    out += buf;
  }
  return out;
}

std::optional<SocketAddress> SocketAddress::parse(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (!bracketed && host.find(':') != std::string_view::npos) return std::nullopt;  // v6 needs []
  unsigned port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9' || port > 6553) return std::nullopt;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535) return std::nullopt;
  auto ip = IpAddress::parse(host);
  if (!ip || (bracketed && ip->is_v4())) return std::nullopt;
  return SocketAddress(*ip, static_cast<uint16_t>(port));
}

std::string SocketAddress::to_string() const {
  std::string port = std::to_string(port_);
  return ip_.is_v4() ? ip_.to_string() + ":" + port : "[" + ip_.to_string() + "]:" + port;
}

}  // namespace wasmrtc

size_t std::hash<wasmrtc::IpAddress>::operator()(const wasmrtc::IpAddress& a) const noexcept {
  size_t h = static_cast<size_t>(a.family());
  for (uint8_t b : a.bytes()) h = h * 131 + b;
  return h;
}

size_t std::hash<wasmrtc::SocketAddress>::operator()(const wasmrtc::SocketAddress& a) const noexcept {
  return std::hash<wasmrtc::IpAddress>()(a.ip()) * 65599 + a.port();
}
