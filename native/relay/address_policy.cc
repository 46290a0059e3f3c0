#include "relay/address_policy.h"

#include <charconv>

namespace wasmrtc::relay {

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  size_t slash = text.find('/');
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int max = ip->is_v4() ? 32 : 128;
  int length = max;
  if (slash != std::string_view::npos) {
    std::string_view bits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), length);
    if (ec != std::errc() || end != bits.data() + bits.size() || length < 0 || length > max) return std::nullopt;
  }
  return IpPrefix{*ip, length};
}

bool IpPrefix::contains(const IpAddress& ip) const {
  if (ip.family() != address.family()) return false;
  const auto& a = address.bytes();
  const auto& b = ip.bytes();
  int full = length / 8;
  for (int i = 0; i < full; ++i)
    if (a[i] != b[i]) return false;
  int rest = length % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

std::string IpPrefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

bool AddressPolicy::is_special(const IpAddress& ip) {
  if (ip.is_loopback() || ip.is_unspecified() || ip.is_link_local() || ip.is_private()) return true;
  const auto& b = ip.bytes();
  if (ip.is_v4()) {
    if (b[0] == 0) return true;                            // 0.0.0.0/8 "this network"
    if (b[0] >= 224) return true;                          // multicast 224/4, reserved 240/4, broadcast
    if (b[0] == 100 && (b[1] & 0xC0) == 64) return true;   // 100.64.0.0/10 shared address space (CGNAT)
    if (b[0] == 169 && b[1] == 254) return true;           // link-local (again, explicitly)
    if (b[0] == 127) return true;
    return false;
  }
  if (b[0] == 0xFF) return true;                           // multicast ff00::/8
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;  // fe80::/10
  if ((b[0] & 0xFE) == 0xFC) return true;                  // fc00::/7 unique local
  // IPv4-mapped ::ffff:a.b.c.d: judge the embedded IPv4 address.
  bool mapped = true;
  for (int i = 0; i < 10; ++i) mapped = mapped && b[i] == 0;
  if (mapped && b[10] == 0xFF && b[11] == 0xFF) {
    return is_special(IpAddress::v4({b[12], b[13], b[14], b[15]}));
  }
  return false;
}

bool AddressPolicy::permits(const IpAddress& peer) const {
  for (const auto& p : allow_)
    if (p.contains(peer)) return true;
  for (const auto& p : deny_)
    if (p.contains(peer)) return false;
  return !is_special(peer);
}

}  // namespace wasmrtc::relay
