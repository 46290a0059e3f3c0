// An IP address and port, IPv4 or IPv6: what the core puts in Transmit {local, remote} and what
// STUN XOR-MAPPED-ADDRESS, ICE candidates and TURN allocations carry. A plain value type.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace wasmrtc {

enum class AddressFamily : uint8_t { kIPv4 = 4, kIPv6 = 6 };

class IpAddress {
 public:
  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(std::array<uint8_t, 4> bytes);
  static IpAddress v6(std::array<uint8_t, 16> bytes);
  // Dotted quad or RFC 5952 text (with or without [brackets]); nullopt otherwise (no DNS names).
  static std::optional<IpAddress> parse(std::string_view text);

  AddressFamily family() const { return family_; }
  bool is_v4() const { return family_ == AddressFamily::kIPv4; }
  // 4 or 16 significant bytes at the front of bytes().
  size_t size() const { return is_v4() ? 4 : 16; }
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  bool is_loopback() const;
  bool is_unspecified() const;
  bool is_link_local() const;
  bool is_private() const;  // RFC 1918 / RFC 4193

  std::string to_string() const;  // "192.0.2.1", "2001:db8::1" (RFC 5952 canonical)
  // == and < written out: libc++ 14 (Emscripten 3.1.6) has no operator<=> for std::array, so a
  // defaulted <=> would be deleted there.
  bool operator==(const IpAddress&) const = default;
  friend bool operator<(const IpAddress& a, const IpAddress& b) {
    return std::tie(a.family_, a.bytes_) < std::tie(b.family_, b.bytes_);
  }

 private:
  AddressFamily family_ = AddressFamily::kIPv4;
  std::array<uint8_t, 16> bytes_{};
};

class SocketAddress {
 public:
  SocketAddress() = default;
  SocketAddress(IpAddress ip, uint16_t port) : ip_(ip), port_(port) {}
  // "192.0.2.1:3478" or "[2001:db8::1]:3478".
  static std::optional<SocketAddress> parse(std::string_view text);

  const IpAddress& ip() const { return ip_; }
  uint16_t port() const { return port_; }
  AddressFamily family() const { return ip_.family(); }

  std::string to_string() const;
  bool operator==(const SocketAddress&) const = default;
  friend bool operator<(const SocketAddress& a, const SocketAddress& b) {
    return std::tie(a.ip_, a.port_) < std::tie(b.ip_, b.port_);
  }

 private:
  IpAddress ip_;
  uint16_t port_ = 0;
};

}  // namespace wasmrtc

template <>
struct std::hash<wasmrtc::IpAddress> {
  size_t operator()(const wasmrtc::IpAddress& a) const noexcept;
};
template <>
struct std::hash<wasmrtc::SocketAddress> {
  size_t operator()(const wasmrtc::SocketAddress& a) const noexcept;
};
