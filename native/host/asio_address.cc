#include "host/asio_address.h"

namespace wasmrtc::host {

namespace ip = boost::asio::ip;

ip::udp::endpoint to_endpoint(const SocketAddress& address) {
  const auto& b = address.ip().bytes();
  if (address.ip().is_v4()) {
    return {ip::address_v4(ip::address_v4::bytes_type{b[0], b[1], b[2], b[3]}), address.port()};
  }
  ip::address_v6::bytes_type v6;
  std::copy(b.begin(), b.end(), v6.begin());
  return {ip::address_v6(v6), address.port()};
}

SocketAddress from_endpoint(const ip::udp::endpoint& endpoint) {
  ip::address a = endpoint.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return SocketAddress(IpAddress::v4({b[0], b[1], b[2], b[3]}), endpoint.port());
  }
  auto b = a.to_v6().to_bytes();
  std::array<uint8_t, 16> raw;
  std::copy(b.begin(), b.end(), raw.begin());
  return SocketAddress(IpAddress::v6(raw), endpoint.port());
}

}  // namespace wasmrtc::host
