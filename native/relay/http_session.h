// The HTTP side of the TCP/WebSocket port: reads one request header (size- and time-limited),
// then either hands the connection to a WsSession (a WebSocket upgrade offering subprotocol `turn`,
// from an allowed Origin) or answers GET /metrics (Prometheus text) and closes. Anything else is a
// 400 or 404.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "relay/connection_host.h"

namespace wasmrtc::relay {

class HttpSession final : public std::enable_shared_from_this<HttpSession> {
 public:
  // `buffer` holds the bytes already read while telling HTTP from TURN.
  HttpSession(HostHandle host, boost::beast::tcp_stream stream, boost::beast::flat_buffer buffer,
              const SocketAddress& client, Duration time_left);
  ~HttpSession();
  void start();

 private:
  ConnectionHost* host() const { return host_->host; }
  void on_request();
  void respond(unsigned status, std::string body, std::string_view content_type = "text/plain; charset=utf-8");

  HostHandle host_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  SocketAddress client_;
  Duration time_left_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  bool handed_over_ = false;
};

// Reads the first bytes of a new connection on the TCP/WebSocket port and decides: STUN (top bits
// 00) -> TcpSession; an ASCII capital letter (an HTTP method) -> HttpSession;
// anything else is closed. Nothing within the handshake timeout -> closed (slowloris).
class ConnectionSniffer final : public std::enable_shared_from_this<ConnectionSniffer> {
 public:
  ConnectionSniffer(HostHandle host, boost::asio::ip::tcp::socket socket, const SocketAddress& client);
  ~ConnectionSniffer();
  void start();

 private:
  ConnectionHost* host() const { return host_->host; }
  HostHandle host_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  SocketAddress client_;
  bool handed_over_ = false;
};

}  // namespace wasmrtc::relay
