// The HTTP side of the TCP (or TLS) port: reads one request header (size- and time-limited), then
// either hands the connection to a WsSession (a WebSocket upgrade offering subprotocol `turn`, from
// an allowed Origin) or answers GET /metrics (Prometheus text) and GET /healthz and closes.
// Anything else is a 400, 403, 404 or 431.
//
// ConnectionSniffer reads the first bytes of a new connection and decides: STUN (top bits 00) ->
// TcpSession; an ASCII capital letter (an HTTP method) -> HttpSession; anything else is closed.
// Nothing within the handshake timeout -> closed (slowloris). A TLS record (0x16) on the plain port,
// when a certificate is configured, goes to TlsHandshake, which runs the TLS server handshake (same
// timeout) and then sniffs again inside TLS (as it does for every connection on the TLS port).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "relay/connection_host.h"
#include "relay/stream_types.h"

namespace wasmrtc::relay {

template <class Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `buffer` holds the bytes already read while telling HTTP from TURN.
  HttpSession(HostHandle host, Stream stream, boost::beast::flat_buffer buffer, const SocketAddress& client,
              Duration time_left);
  ~HttpSession();
  void start();

 private:
  ConnectionHost* host() const { return host_->host; }
  void on_request();
  void respond(unsigned status, std::string body, std::string_view content_type = "text/plain; charset=utf-8");
  void close();

  HostHandle host_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  SocketAddress client_;
  Duration time_left_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  bool handed_over_ = false;
};

template <class Stream>
class ConnectionSniffer final : public std::enable_shared_from_this<ConnectionSniffer<Stream>> {
 public:
  ConnectionSniffer(HostHandle host, Stream stream, const SocketAddress& client);
  ~ConnectionSniffer();
  void start();

 private:
  ConnectionHost* host() const { return host_->host; }
  HostHandle host_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  SocketAddress client_;
  bool handed_over_ = false;
};

class TlsHandshake final : public std::enable_shared_from_this<TlsHandshake> {
 public:
  // `initial`: bytes of the ClientHello already read by a sniffer on the plain port.
  TlsHandshake(HostHandle host, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context,
               const SocketAddress& client, Bytes initial = {});
  ~TlsHandshake();
  void start();

 private:
  ConnectionHost* host() const { return host_->host; }
  HostHandle host_;
  TlsStream stream_;
  SocketAddress client_;
  Bytes initial_;
  bool handed_over_ = false;
};

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;
extern template class ConnectionSniffer<PlainStream>;
extern template class ConnectionSniffer<TlsStream>;

}  // namespace wasmrtc::relay
