// Which peers an allocation may reach (RFC 8656 §21.2.3 "the server as a springboard"): by default
// no loopback, private (RFC 1918 / RFC 4193), link-local, multicast, unspecified, broadcast,
// CGNAT (100.64/10) or "this network" (0/8) peers, so a relay on the internet cannot be used to
// reach the operator's own network. An explicit allow list (CIDR prefixes, e.g. 127.0.0.1/32 in
// tests and the development mode) overrides that; an explicit deny list adds to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/socket_address.h"

namespace wasmrtc::relay {

struct IpPrefix {
  IpAddress address;
  int length = 0;  // bits

  // "10.0.0.0/8", "::1/128", or a bare address (a /32 or /128).
  static std::optional<IpPrefix> parse(std::string_view text);
  bool contains(const IpAddress& ip) const;
  std::string to_string() const;
};

class AddressPolicy {
 public:
  void allow(const IpPrefix& prefix) { allow_.push_back(prefix); }
  void deny(const IpPrefix& prefix) { deny_.push_back(prefix); }

  // True when `peer` may be given a permission: in the allow list, or neither special-purpose nor in
  // the deny list.
  bool permits(const IpAddress& peer) const;
  // The special-purpose ranges denied by default.
  static bool is_special(const IpAddress& ip);

  const std::vector<IpPrefix>& allowed() const { return allow_; }

 private:
  std::vector<IpPrefix> allow_;
  std::vector<IpPrefix> deny_;
};

}  // namespace wasmrtc::relay
