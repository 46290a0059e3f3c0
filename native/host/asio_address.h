// Conversions between the core's SocketAddress and Boost.Asio's UDP endpoints.
#pragma once

#include <boost/asio/ip/udp.hpp>

#include "common/socket_address.h"

namespace wasmrtc::host {

boost::asio::ip::udp::endpoint to_endpoint(const SocketAddress& address);
// IPv4-mapped IPv6 endpoints (::ffff:a.b.c.d) come back as IPv4.
SocketAddress from_endpoint(const boost::asio::ip::udp::endpoint& endpoint);

}  // namespace wasmrtc::host
