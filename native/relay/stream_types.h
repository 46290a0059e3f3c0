// The two byte streams a client connection on the TCP port can be: plain TCP, or TLS over TCP
// (TURN over TLS, WSS). The sessions are templates over these and instantiated for both.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace wasmrtc::relay {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

}  // namespace wasmrtc::relay
