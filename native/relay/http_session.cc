#include "relay/http_session.h"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <type_traits>

#include "relay/tcp_session.h"
#include "relay/ws_session.h"

namespace wasmrtc::relay {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

// True when the comma-separated header value lists `token` (case-sensitive, as subprotocols are).
bool lists_token(std::string_view header, std::string_view token) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == token) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

// --- ConnectionSniffer ----------------------------------------------------------------------------

template <class Stream>
ConnectionSniffer<Stream>::ConnectionSniffer(HostHandle host, Stream stream, const SocketAddress& client)
    : host_(std::move(host)), stream_(std::move(stream)), client_(client) {}

template <class Stream>
ConnectionSniffer<Stream>::~ConnectionSniffer() {
  if (!handed_over_ && host()) host()->connection_closed(client_.ip());
}

template <class Stream>
void ConnectionSniffer<Stream>::start() {
  beast::get_lowest_layer(stream_).expires_after(host()->limits().handshake_timeout);
  stream_.async_read_some(buffer_.prepare(2048), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
    ConnectionHost* host = self->host();
    if (!host) return;
    if (ec) {
      if (ec == beast::error::timeout) {
        ++host->transport_counters().handshake_timeouts;
        host->logger().info("connection_closed", {{"client", self->client_.to_string()}, {"reason", "handshake_timeout"}});
      }
      beast::get_lowest_layer(self->stream_).close();
      return;
    }
    self->buffer_.commit(n);
    auto data = self->buffer_.cdata();
    uint8_t first = static_cast<const uint8_t*>(data.data())[0];
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      // A TLS handshake record (0x16, version 3.x): TLS on the plain port. STUN methods in use never
      // start with 0x16, so this is tested first.
      const auto* bytes = static_cast<const uint8_t*>(data.data());
      if (first == 0x16 && (data.size() < 2 || bytes[1] == 0x03) && host->tls_context()) {
        Bytes initial(static_cast<const uint8_t*>(data.data()), static_cast<const uint8_t*>(data.data()) + data.size());
        self->handed_over_ = true;
        beast::get_lowest_layer(self->stream_).expires_never();
        std::make_shared<TlsHandshake>(self->host_, self->stream_.release_socket(), *host->tls_context(), self->client_,
                                       std::move(initial))
            ->start();
        return;
      }
    }
    if (first < 0x40) {
      // STUN (top bits 00): TURN over TCP. A new connection cannot start with ChannelData (no
      // channel is bound yet), and its first bytes 0x40-0x4F are ASCII '@'-'O', e.g. "GET".
      Bytes initial(static_cast<const uint8_t*>(data.data()), static_cast<const uint8_t*>(data.data()) + data.size());
      self->handed_over_ = true;
      std::make_shared<TcpSession<Stream>>(self->host_, std::move(self->stream_), self->client_, std::move(initial))
          ->start();
      return;
    }
    if (first >= 'A' && first <= 'Z') {
      self->handed_over_ = true;
      // The header gets a fresh budget equal to the handshake timeout.
      std::make_shared<HttpSession<Stream>>(self->host_, std::move(self->stream_), std::move(self->buffer_),
                                            self->client_, host->limits().handshake_timeout)
          ->start();
      return;
    }
    ++host->transport_counters().bad_handshakes;
    host->logger().info("connection_closed", {{"client", self->client_.to_string()}, {"reason", "unrecognised_first_byte"}});
    beast::get_lowest_layer(self->stream_).close();
  });
}

// --- TlsHandshake ---------------------------------------------------------------------------------

TlsHandshake::TlsHandshake(HostHandle host, asio::ip::tcp::socket socket, asio::ssl::context& context,
                           const SocketAddress& client, Bytes initial)
    : host_(std::move(host)), stream_(beast::tcp_stream(std::move(socket)), context), client_(client),
      initial_(std::move(initial)) {}

TlsHandshake::~TlsHandshake() {
  if (!handed_over_ && host()) host()->connection_closed(client_.ip());
}

void TlsHandshake::start() {
  beast::get_lowest_layer(stream_).expires_after(host()->limits().handshake_timeout);
  stream_.async_handshake(asio::ssl::stream_base::server, asio::buffer(initial_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
    ConnectionHost* host = self->host();
    if (!host) return;
    if (ec) {
      if (ec == beast::error::timeout) ++host->transport_counters().handshake_timeouts;
      else ++host->transport_counters().bad_handshakes;
      host->logger().info("connection_closed", {{"client", self->client_.to_string()},
                                                {"reason", ec == beast::error::timeout ? "handshake_timeout" : "tls_handshake"}});
      beast::get_lowest_layer(self->stream_).close();
      return;
    }
    ++host->transport_counters().tls_sessions;
    self->handed_over_ = true;
    std::make_shared<ConnectionSniffer<TlsStream>>(self->host_, std::move(self->stream_), self->client_)->start();
  });
}

// --- HttpSession ----------------------------------------------------------------------------------

template <class Stream>
HttpSession<Stream>::HttpSession(HostHandle host, Stream stream, beast::flat_buffer buffer, const SocketAddress& client,
                                 Duration time_left)
    : host_(std::move(host)), stream_(std::move(stream)), buffer_(std::move(buffer)), client_(client),
      time_left_(time_left) {}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  if (!handed_over_ && host()) host()->connection_closed(client_.ip());
}

template <class Stream>
void HttpSession<Stream>::close() {
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  beast::get_lowest_layer(stream_).close();
}

template <class Stream>
void HttpSession<Stream>::start() {
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(host()->limits().max_http_header));
  parser_->body_limit(0);
  beast::get_lowest_layer(stream_).expires_after(time_left_);
  http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
    ConnectionHost* host = self->host();
    if (!host) return;
    if (ec) {
      if (ec == beast::error::timeout) {
        ++host->transport_counters().handshake_timeouts;
        host->logger().info("connection_closed", {{"client", self->client_.to_string()}, {"reason", "handshake_timeout"}});
        self->close();
        return;
      }
      ++host->transport_counters().bad_handshakes;
      if (ec == http::error::header_limit) {
        self->respond(431, "request header too large\n");
      } else {
        self->close();
      }
      return;
    }
    self->on_request();
  });
}

template <class Stream>
void HttpSession<Stream>::on_request() {
  ConnectionHost& host = *this->host();
  auto& request = parser_->get();
  if (websocket::is_upgrade(request)) {
    auto protocols = request[http::field::sec_websocket_protocol];
    if (!lists_token(std::string_view(protocols.data(), protocols.size()), "turn")) {
      ++host.transport_counters().bad_handshakes;
      respond(400, "WebSocket subprotocol \"turn\" required\n");
      return;
    }
    auto origin = request[http::field::origin];
    if (!host.origin_allowed(std::string_view(origin.data(), origin.size()))) {
      ++host.transport_counters().bad_handshakes;
      respond(403, "origin not allowed\n");
      return;
    }
    handed_over_ = true;
    std::make_shared<WsSession<Stream>>(host_, std::move(stream_), client_)->accept(parser_->release());
    return;
  }
  ++host.transport_counters().http_requests;
  if (request.method() == http::verb::get && request.target() == "/metrics") {
    respond(200, host.metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
    return;
  }
  if (request.method() == http::verb::get && request.target() == "/healthz") {
    respond(200, "ok\n");
    return;
  }
  respond(404, "not found\n");
}

template <class Stream>
void HttpSession<Stream>::respond(unsigned status, std::string body, std::string_view content_type) {
  response_ = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
  response_->set(http::field::server, "wasmrtc-relay");
  response_->set(http::field::content_type, std::string(content_type));
  response_->set(http::field::connection, "close");
  response_->body() = std::move(body);
  response_->prepare_payload();
  response_->keep_alive(false);
  beast::get_lowest_layer(stream_).expires_after(host()->limits().handshake_timeout);
  http::async_write(stream_, *response_, [self = this->shared_from_this()](beast::error_code, size_t) { self->close(); });
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;
template class ConnectionSniffer<PlainStream>;
template class ConnectionSniffer<TlsStream>;

}  // namespace wasmrtc::relay
